"""A cache of whole public pages for visitors who are not logged in, emptied whenever content changes.

Public pages change rarely, and a cached page is served at nearly the rate of a bare response. Which pages are
cached is a list of URL names in settings (PUBLIC_PAGE_CACHE_VIEWS), so apps need not know about this module.
Every cached page is stored with the *generation* number current when it was rendered, and is read together with
the current one in one round trip; any save or delete of a content model bumps the number once the transaction
commits, so the next request renders afresh, and so does plans' ``plan_files_changed`` signal (a
PDF became ready: recorded with a conditional update, which sends no post_save; see welfare_portal/apps.py).
Time passing changes pages too (a consultation window opens or closes at its moment): entries expire after
PUBLIC_PAGE_CACHE_SECONDS to bound that, or sooner when the view names the moment (``expires_at``). A cache that
is down or slow is never an error: the page is then rendered as usual.

A page with a form carries values made for each visitor: the CSRF token and, on the comment form, the signed
moment the form was shown. A view asks for them with ``page_token(request, name)``; the cached copy holds a
placeholder in their place and each visitor served from it gets values of their own (makers named in
settings.PUBLIC_PAGE_TOKENS). The CSRF cookie such a page sets is the visitor's own and never stored.

``remember`` keeps any other value the public pages compute under the same generation, e.g. the lookups a
comment POST repeats.
"""

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime
from functools import cache as memoize

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-page-generation"
# Headers a cached page is served with again; Set-Cookie and the like never are.
KEPT_HEADERS = {"Content-Type", "Content-Language", "Vary", "Access-Control-Allow-Origin", "X-Robots-Tag"}


def _generation() -> int:
    return _read(None)[0]


def _read(key: str | None) -> tuple[int, object]:
    """(the current generation, what is stored under key for it or None), in one round trip to the cache."""
    found = cache.get_many([GENERATION_KEY, key] if key else [GENERATION_KEY])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        return cache.get(GENERATION_KEY, 1), None
    stored = found.get(key)
    if stored is None or stored[0] != generation:
        return generation, None
    return generation, stored[1]


def public_pages_changed() -> None:
    """Forget every cached page (by moving to a new generation, which any number of web processes share)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing is cached under one
        cache.add(GENERATION_KEY, 1, timeout=None)
    except Exception:
        logger.exception("Could not move public pages to a new cache generation")


def content_saved(**kwargs) -> None:
    """Signal receiver for the content models: pages change once the transaction that changed them commits."""
    if kwargs.get("raw"):  # loading fixtures
        return
    sender = kwargs.get("sender")
    if kwargs.get("created") and sender is not None and sender._meta.label in settings.PUBLIC_PAGE_UNSHOWN_WHEN_NEW:
        return
    transaction.on_commit(public_pages_changed)


# --- Values for each visitor ------------------------------------------------------------------------------------


@memoize
def _token_maker(name: str) -> Callable:
    return import_string(settings.PUBLIC_PAGE_TOKENS[name])


def _placeholder(name: str) -> bytes:
    # NUL never occurs in a rendered page (PostgreSQL text cannot hold it), so no content can imitate it.
    return f"\x00page-token:{name}\x00".encode()


def page_token(request, name: str) -> str:
    """A value made for this visitor (a maker in settings.PUBLIC_PAGE_TOKENS), fresh on every cached copy too."""
    value = _token_maker(name)(request)
    request.__dict__.setdefault("_public_page_tokens", {})[name] = value
    return value


def expires_at(request, moment: datetime | None) -> None:
    """The page changes by itself at this moment (a window opens or closes): it is not served from the cache after."""
    if moment is not None:
        current = getattr(request, "_public_page_expires_at", None)
        request._public_page_expires_at = moment if current is None else min(current, moment)


def _visitor(request) -> bool:
    """Not logged in. Without a session cookie that is certain without loading the session and the user."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES or not request.user.is_authenticated


def _without_messages(request) -> bool:
    # Messages live in their cookie or, when too large for it, in the session: with neither cookie there are none.
    if CookieStorage.cookie_name not in request.COOKIES and settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not len(get_messages(request))


def remember(request, key: str, compute: Callable):
    """compute(), kept with the public pages (emptied with them) for visitors; staff always get it computed."""
    if not settings.PUBLIC_PAGE_CACHE_SECONDS or not _visitor(request):
        return compute()
    full_key = f"public-value:{key}"
    try:
        generation, value = _read(full_key)
    except Exception:
        logger.exception("The page cache does not answer; computing instead")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(full_key, (generation, value), settings.PUBLIC_PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("Could not store a public value in the cache")
    return value


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.view_names = frozenset(settings.PUBLIC_PAGE_CACHE_VIEWS)
        self.timeout = settings.PUBLIC_PAGE_CACHE_SECONDS

    def __call__(self, request):
        response = self.get_response(request)
        key, generation = getattr(request, "_public_page_cache_key", (None, None))
        tokens = getattr(request, "_public_page_tokens", {})
        timeout = self._timeout(request)
        if key and timeout and self._storable(response, tokens):
            content = response.content
            for name, value in tokens.items():
                content = content.replace(value.encode(), _placeholder(name))
            entry = {
                "content": content,
                "status": response.status_code,
                "headers": {name: value for name, value in response.items() if name in KEPT_HEADERS},
                "tokens": list(tokens),
            }
            try:
                cache.set(key, (generation, entry), timeout)
            except Exception:
                logger.exception("Could not store a public page in the cache")
        return response

    def _timeout(self, request) -> int:
        moment = getattr(request, "_public_page_expires_at", None)
        if moment is None:
            return self.timeout
        return max(0, min(self.timeout, int((moment - timezone.now()).total_seconds())))

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self.timeout or not self._cacheable(request):
            return None
        try:
            # Scheme and host too: pages hold absolute links (feeds, API documentation, calendar ids), and a page
            # cached for one allowed host must not send the visitors of another there.
            key = "public-page:" + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
            generation, entry = _read(key)
        except Exception:
            logger.exception("The page cache does not answer; rendering instead")
            return None
        if entry is None:
            request._public_page_cache_key = (key, generation)
            return None
        content = entry["content"]
        for name in entry.get("tokens", ()):
            content = content.replace(_placeholder(name), page_token(request, name).encode())
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response

    def _cacheable(self, request) -> bool:
        match = request.resolver_match
        return (
            request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in self.view_names
            and _visitor(request)
            # A page carrying a one-time message must not be shown to anyone else.
            and _without_messages(request)
        )

    @staticmethod
    def _storable(response, tokens: dict) -> bool:
        # The CSRF cookie is the visitor's own and is not stored: a page that asked for the token makes a fresh one
        # (and its cookie) for each visitor served from the cache. Any other cookie keeps the page out of the cache.
        cookies = set(response.cookies) - ({settings.CSRF_COOKIE_NAME} if "csrf" in tokens else set())
        if response.status_code != 200 or response.streaming or cookies:
            return False
        # Every visitor's value must have been found, or someone's token would be served to everybody.
        return all(value and value.encode() in response.content for value in tokens.values())
