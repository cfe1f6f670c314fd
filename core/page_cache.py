"""A cache of whole public pages for visitors who are not logged in, emptied whenever content changes.

Public pages change rarely, and a cached page is served at nearly the rate of a bare response. A view that may be
cached says so itself with ``@public_page_cache``. A page that carries a form with values made for each visitor
(a CSRF token, the comment form's signed start moment) is not decorated and is rendered for every request; should
a decorated view ever use the CSRF token, the page carries the visitor's CSRF cookie and is not stored. A form
sent with GET (the site search) holds nothing of the visitor's own and the address it fills in is the cache key.

A page is kept under its scheme, host, path with query string and the active language. Every cached page is stored
with the *generation* number current when it was rendered, and is read together with the current one in one round
trip; any save or delete of a content model (each app names its own with ``watch_app_models`` in its ready())
bumps the number once the transaction commits, so the next request renders afresh (rows no public page shows, such
as a change set's working copy, excepted), and so does documents' ``plan_files_changed`` signal (a PDF became
ready: recorded with a conditional update, which sends no post_save).
Time passing changes pages too (a window opens or closes): entries expire after PUBLIC_PAGE_CACHE_SECONDS to bound
that. A cache that is down or slow is never an error: the page is then rendered as usual.

The view runs inside the whole middleware stack, so a page served from the cache gets every header the middleware
adds (the Content-Security-Policy among them) just as a rendered one. ``remember`` keeps any other value the public
pages compute under the same generation, e.g. the lookups a comment POST repeats.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import has_vary_header
from django.views.decorators.csrf import csrf_protect

from .redis_breaker import UNAVAILABLE

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-page-generation"


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


def _cache_failed(doing: str) -> None:
    # Redis being away (UNAVAILABLE) is expected now and then and logged as a warning; anything else is a bug.
    logger.exception("The page cache failed %s", doing)


def public_pages_changed() -> None:
    """Forget every cached page (by moving to a new generation, which any number of web processes share)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing is cached under one
        cache.add(GENERATION_KEY, 1, timeout=None)
    except UNAVAILABLE as error:
        logger.warning(
            "Could not move public pages to a new cache generation (%s): they may show old content for "
            "up to PUBLIC_PAGE_CACHE_SECONDS",
            error,
        )
    except Exception:
        _cache_failed("to move public pages to a new generation")


_one_change = ContextVar("page_cache_one_change", default=False)
_unseen = ContextVar("page_cache_unseen", default=False)


@contextmanager
def one_change():
    """Many saves as one change: inside the block, saves and deletes of content rows do not each empty the page
    cache; the cache is emptied once, when the transaction around the block commits (publishing a change set of
    hundreds of rows, deleting a working copy). Use it inside ``transaction.atomic()``."""
    transaction.on_commit(public_pages_changed)
    token = _one_change.set(True)
    try:
        yield
    finally:
        _one_change.reset(token)


@contextmanager
def unseen_changes():
    """Saves and deletes inside the block change nothing a public page shows, and keep the cache: deleting the
    working copy of a published change set, which no public page ever showed."""
    token = _unseen.set(True)
    try:
        yield
    finally:
        _unseen.reset(token)


def content_saved(**kwargs) -> None:
    """Signal receiver for the content models: pages change once the transaction that changed them commits."""
    # Loading fixtures; one of many saves emptying it once; or nothing public changing.
    if kwargs.get("raw") or _one_change.get() or _unseen.get():
        return
    transaction.on_commit(public_pages_changed)


def content_saved_unless_new(**kwargs) -> None:
    """post_save receiver for rows that no cached page shows while they are new."""
    if not kwargs.get("created"):
        content_saved(**kwargs)


def watch_app_models(
    app_config,
    *,
    not_public: Iterable[str] = (),
    unshown_when_new: Iterable[str] = (),
    unshown: Callable[[object], bool] | None = None,
) -> None:
    """Empty the page cache whenever a model of the app is saved or deleted; each content app calls this from its
    AppConfig.ready(). ``not_public``: models no public page shows (saving them keeps the cache); ``unshown_when_new``:
    models no cached page shows while they are new (a comment appears on cached pages only once it is answered);
    ``unshown``: a function of a saved, deleted or m2m-changed row, true for a row no public page shows (a row of a
    plan's hidden working copy), whose change keeps the cache. History rows are not content."""

    def unless_unshown(receiver):
        if unshown is None:
            return receiver

        @wraps(receiver)
        def checked(**kwargs):
            if not (_one_change.get() or _unseen.get()) and unshown(kwargs["instance"]):
                return
            receiver(**kwargs)

        return checked

    for model in app_config.get_models():
        name = model.__name__
        if name.startswith("Historical") or name in not_public:
            continue
        saved = unless_unshown(content_saved_unless_new if name in unshown_when_new else content_saved)
        label = model._meta.label
        # weak=False: the receivers made here live only in the signals' registry.
        post_save.connect(saved, sender=model, dispatch_uid=f"page-cache-save-{label}", weak=False)
        post_delete.connect(
            unless_unshown(content_saved), sender=model, dispatch_uid=f"page-cache-delete-{label}", weak=False
        )
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                unless_unshown(content_saved),
                sender=field.remote_field.through,
                dispatch_uid=f"page-cache-m2m-{field}",
                weak=False,
            )


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
    except UNAVAILABLE as error:
        logger.warning("The page cache does not answer (%s); computing instead", error)
        return compute()
    except Exception:
        _cache_failed("to read a public value; computing instead")
        return compute()
    if value is None:
        value = compute()
        _store(full_key, generation, value, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


def _store(key: str, generation: int, value, timeout: int) -> None:
    try:
        cache.set(key, (generation, value), timeout)
    except UNAVAILABLE as error:
        logger.warning("Could not store in the page cache (%s)", error)
    except Exception:
        _cache_failed("to store")


# --- Whole pages ------------------------------------------------------------------------------------------------


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and _visitor(request)
        # A page carrying a one-time message must not be shown to anyone else.
        and _without_messages(request)
    )


def _page_key(request) -> str:
    # Scheme and host: pages hold absolute links (feeds, API documentation, calendar ids), and a page cached for one
    # allowed host must not send the visitors of another there. The language: addresses without a language prefix
    # (sitemaps, the API) are answered in the visitor's, which the address alone does not name.
    address = f"{translation.get_language()} {request.build_absolute_uri()}"
    return "public-page:" + hashlib.sha256(address.encode()).hexdigest()


def _storable(response) -> bool:
    # Any cookie is the visitor's own (the CSRF cookie of a page that used the token among them), and so is a page
    # that varies with cookies: neither is kept for everybody.
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
    )


def _served(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def public_page_cache(view):
    """Serve the view's page from the cache to visitors who are not logged in and have no message waiting.

    For views whose page is the same for every visitor: one with a form of the visitor's own (a CSRF token) is
    rendered per request instead. What the view returns is stored only if it is a 200 that sets no cookie and does
    not vary with cookies.
    """
    # Django's documented way to cache a view (its CSRF documentation, "Caching"): csrf_protect inside the cache
    # sets the CSRF cookie and Vary: Cookie on the view's own response when the page used the token.
    rendering = csrf_protect(view)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not settings.PUBLIC_PAGE_CACHE_SECONDS or not _cacheable(request):
            return view(request, *args, **kwargs)
        try:
            key = _page_key(request)
            generation, entry = _read(key)
        except UNAVAILABLE as error:
            logger.warning("The page cache does not answer (%s); rendering instead", error)
            return view(request, *args, **kwargs)
        except Exception:
            _cache_failed("to read a public page; rendering instead")
            return view(request, *args, **kwargs)
        if entry is not None:
            return _served(entry)

        def keep(response):
            timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
            if _storable(response):
                # Only what the view itself set: the middleware adds its headers to the served copy again.
                entry = {"content": response.content, "status": response.status_code, "headers": dict(response.items())}
                _store(key, generation, entry, timeout)

        response = rendering(request, *args, **kwargs)
        if callable(getattr(response, "render", None)) and not response.is_rendered:
            response.add_post_render_callback(keep)  # a TemplateResponse (the sitemaps) is rendered after the view
        else:
            keep(response)
        return response

    cached_view.public_page_cache = True
    return cached_view
