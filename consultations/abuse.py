"""Abuse controls for the public comment form: fill-time token, rate limits and the heuristics that hold a comment.

None of these decide alone that a comment is spam: the heuristics only send a comment to the moderation queue
(state PENDING), where a person decides. Every limit is a setting read from the environment (README: configuration
reference), so it changes without touching code.
"""

import logging
import re
import time

from django.conf import settings
from django.core import signing
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)


def _setting(name: str, default):
    """The setting (welfare_portal/settings.py reads each from the environment), else the default."""
    return getattr(settings, name, default)


def min_fill_seconds() -> float:
    # A person needs longer than this to read the theme and write a comment; a script posts at once.
    return _setting("CONSULTATION_MIN_FILL_SECONDS", 3.0)


def max_body_bytes() -> int:
    # The whole request, far above what a 5 000-character comment in any script needs.
    return _setting("CONSULTATION_MAX_BODY_BYTES", 64 * 1024)


def rate_per_ip() -> str:
    return _setting("CONSULTATION_COMMENT_RATE_IP", "10/h")


def rate_per_email() -> str:
    return _setting("CONSULTATION_COMMENT_RATE_EMAIL", "5/h")


def max_links() -> int:
    return _setting("CONSULTATION_MAX_LINKS", 2)


DEFAULT_BLOCKED_WORDS = (
    "viagra",
    "cialis",
    "casino",
    "kasiino",
    "kasino",
    "porn",
    "loan offer",
    "bitcoin",
    "crypto wallet",
    "seo services",
)


def blocked_words() -> tuple[str, ...]:
    words = getattr(settings, "CONSULTATION_BLOCKED_WORDS", None)
    return tuple(word.lower() for word in (words if words is not None else DEFAULT_BLOCKED_WORDS))


# --- Minimum fill time ----------------------------------------------------------------------------------

_STARTED_SALT = "consultations.comment-started"


def started_token(now: float | None = None) -> str:
    """A signed moment the form was shown; the form sends it back and the server checks how long it took."""
    return signing.dumps(now if now is not None else time.time(), salt=_STARTED_SALT)


def filled_too_fast(token: str, now: float | None = None) -> bool:
    """True when the token is missing, forged, older than a day, or younger than the minimum fill time."""
    now = now if now is not None else time.time()
    try:
        started = float(signing.loads(token or "", salt=_STARTED_SALT, max_age=24 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    return now - started < min_fill_seconds()


# --- Heuristics -----------------------------------------------------------------------------------------

LINK_RE = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?\s*>")


def link_count(text: str) -> int:
    return len(LINK_RE.findall(text or ""))


def has_markup(text: str) -> bool:
    """Whether the text holds something that looks like an HTML tag (<script>, <a href=…>); "<5 years" does not."""
    return bool(TAG_RE.search(text or ""))


def suspicion_reasons(*, body: str, author_name: str = "") -> list[str]:
    """Why a comment should wait for a moderator even in a post-moderated window (empty: nothing suspicious)."""
    reasons = []
    text = f"{author_name}\n{body}".lower()
    if any(word in text for word in blocked_words()):
        reasons.append("blocked-word")
    if link_count(body) > max_links():
        reasons.append("links")
    return reasons


# --- Rate limits ----------------------------------------------------------------------------------------


def _email_key(group, request):
    return (request.POST.get("email") or "").strip().lower()


def rate_limited(request, *, with_email: bool) -> bool:
    """Count this submission per client address (and per e-mail when one is given); True if over a limit.

    The counters live in the shared cache. If the cache is away, nobody is limited: a resident's comment
    matters more than a counter, and the other controls still stand.
    """
    try:
        limited = is_ratelimited(
            request, group="consultations.comment.ip", key="ip", rate=rate_per_ip(), method="POST", increment=True
        )
        if with_email and _email_key(None, request):
            limited = (
                is_ratelimited(
                    request,
                    group="consultations.comment.email",
                    key=_email_key,
                    rate=rate_per_email(),
                    method="POST",
                    increment=True,
                )
                or limited
            )
    except Exception:
        logger.exception("Rate-limit counters unavailable; letting the comment through")
        return False
    return bool(limited)
