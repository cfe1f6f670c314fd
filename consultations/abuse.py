"""Abuse controls for the public comment form: fill-time token, rate limits and the heuristics that hold a comment.

None of these decide alone that a comment is spam: the heuristics only send a comment to the moderation queue
(state PENDING), where a person decides. Every limit is a setting read from the environment (README: configuration
reference), read where settings.py defines it.
"""

import hashlib
import html
import logging
import re
import secrets
import time

import nh3
from django.conf import settings
from django.core import signing
from django.core.cache import caches

from core.proxy import client_ip
from core.redis_breaker import UNAVAILABLE

logger = logging.getLogger(__name__)


# --- Minimum fill time ----------------------------------------------------------------------------------

_STARTED_SALT = "consultations.comment-started"
_STARTED_MAX_AGE = 24 * 3600


def started_token(now: float | None = None) -> str:
    """A signed moment the form was shown, with a random nonce that makes the token good for one comment; the form
    sends it back and the server checks how long it took."""
    return signing.dumps([now if now is not None else time.time(), secrets.token_urlsafe(12)], salt=_STARTED_SALT)


def filled_too_fast(token: str, now: float | None = None) -> bool:
    """True when the token is missing, forged, older than a day, younger than the minimum fill time, or was used
    before. A token that passes is used up here: a script cannot post many comments with the token of one form.

    The nonce is remembered in the cache until the token would expire anyway; ``add`` is atomic, so of two posts
    with one token only one passes. While the shared cache is away, tokens are remembered by this process only."""
    now = now if now is not None else time.time()
    try:
        started, nonce = signing.loads(token or "", salt=_STARTED_SALT, max_age=_STARTED_MAX_AGE)
        started = float(started)
    except (signing.BadSignature, TypeError, ValueError):
        return True
    if now - started < settings.CONSULTATION_MIN_FILL_SECONDS:
        return True
    return not _shared_or_local(lambda cache: cache.add(f"fill-token:{nonce}", 1, timeout=_STARTED_MAX_AGE + 60))


# --- Heuristics -----------------------------------------------------------------------------------------

LINK_RE = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


def link_count(text: str) -> int:
    return len(LINK_RE.findall(text or ""))


def has_markup(text: str) -> bool:
    """Whether the text holds an HTML tag or comment (<script>, <a href=…>, <img/src=…>); "<5 years" does not.

    A browser's HTML parser decides what is a tag, not a pattern of ours: nh3 (html5ever) removes every tag, and
    the text is markup if anything but the escaping of "<", ">" and "&" changed. "&" is escaped first so that a
    typed "&amp;" stays as typed."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")  # as the parser reads line ends
    return html.unescape(nh3.clean(text.replace("&", "&amp;"), tags=set())) != text


def suspicion_reasons(*, body: str, author_name: str = "") -> list[str]:
    """Why a comment should wait for a moderator even in a post-moderated window (empty: nothing suspicious)."""
    reasons = []
    text = f"{author_name}\n{body}".lower()
    if any(word in text for word in settings.CONSULTATION_BLOCKED_WORDS):
        reasons.append("blocked-word")
    if link_count(body) > settings.CONSULTATION_MAX_LINKS:
        reasons.append("links")
    return reasons


# --- Rate limits ----------------------------------------------------------------------------------------
#
# Fixed-window counters in the shared cache, one per limit, key and period. A counter lives a second longer
# than its window, so it cannot expire between add and incr while its window is current. While the shared cache
# is away the counters are kept in this process's memory: each web process then allows the limit on its own,
# a looser limit but never none.

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/h" -> (10, 3600); "5/10m" -> (5, 600) (django-ratelimit's syntax, which the settings were written in)."""
    match = _RATE_RE.match(rate or "")
    if not match:
        raise ValueError(f"Not a rate such as 10/h: {rate!r}")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _UNITS[unit]


def _shared_or_local(operation):
    """operation(cache) on the shared cache or, while Redis is away, on this process's own memory."""
    try:
        return operation(caches["default"])
    except UNAVAILABLE as error:
        logger.warning("Shared cache unavailable (%s): counting in this process", error)
        return operation(caches["local"])


def _count(cache, key: str, period: int) -> int:
    """Add one to the counter; its new value."""
    if cache.add(key, 1, timeout=period + 1):
        return 1
    return cache.incr(key)


def _counted(counters: list[tuple[str, int]]) -> list[int]:
    """Add one to each (key, period) counter of the current period; their new values."""
    now = int(time.time())
    keys = [(f"ratelimit:{key}:{period}:{now // period}", period) for key, period in counters]
    return _shared_or_local(lambda cache: [_count(cache, key, period) for key, period in keys])


def over_limit(limits: list[tuple[str, str, str]]) -> bool:
    """Count this request against each (name, key, rate) limit; True if any is exceeded. An empty key is skipped."""
    counters, allowed = [], []
    for name, key, rate in limits:
        if key:
            limit, period = parse_rate(rate)
            digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # e-mail addresses never stored as keys
            counters.append((f"{name}:{digest}", period))
            allowed.append(limit)
    if not counters:
        return False
    counts = _counted(counters)
    return any(count > limit for count, limit in zip(counts, allowed, strict=True))


def comment_rate_limited(request, email: str) -> bool:
    """Count this comment per client address and per e-mail (when one is given); True if over a limit."""
    return over_limit(
        [
            ("comment-ip", client_ip(request), settings.CONSULTATION_COMMENT_RATE_IP),
            ("comment-email", (email or "").strip().lower(), settings.CONSULTATION_COMMENT_RATE_EMAIL),
        ]
    )


def subscribe_rate_limited(request, email: str) -> bool:
    """Count this subscription request per client address and per e-mail; True if over a limit."""
    return over_limit(
        [
            ("subscribe-ip", client_ip(request), settings.CONSULTATION_SUBSCRIBE_RATE_IP),
            ("subscribe-email", (email or "").strip().lower(), settings.CONSULTATION_SUBSCRIBE_RATE_EMAIL),
        ]
    )
