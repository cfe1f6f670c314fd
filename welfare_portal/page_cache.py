"""A cache of whole public pages for visitors who are not logged in, emptied whenever content changes.

Public pages change rarely, and a cached page is served at nearly the rate of a bare response. Which pages are
cached is a list of URL names in settings (PUBLIC_PAGE_CACHE_VIEWS), so apps need not know about this module.
Every cached page's key carries a *generation* number; any save or delete of a content model bumps it once the
transaction commits, so the next request renders afresh, and so does plans' ``plan_files_changed`` signal (a
PDF became ready: recorded with a conditional update, which sends no post_save; see welfare_portal/apps.py).
Time passing changes pages too (a consultation window opens or closes at its moment): entries expire after
PUBLIC_PAGE_CACHE_SECONDS to bound that. A cache that is
down or slow is never an error: the page is then rendered as usual.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-page-generation"
# Headers a cached page is served with again; Set-Cookie and the like never are.
KEPT_HEADERS = {"Content-Type", "Content-Language", "Vary", "Access-Control-Allow-Origin", "X-Robots-Tag"}


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


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
    transaction.on_commit(public_pages_changed)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.view_names = frozenset(settings.PUBLIC_PAGE_CACHE_VIEWS)
        self.timeout = settings.PUBLIC_PAGE_CACHE_SECONDS

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_public_page_cache_key", None)
        if key and self._storable(response):
            entry = {
                "content": response.content,
                "status": response.status_code,
                "headers": {name: value for name, value in response.items() if name in KEPT_HEADERS},
            }
            try:
                cache.set(key, entry, self.timeout)
            except Exception:
                logger.exception("Could not store a public page in the cache")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self.timeout or not self._cacheable(request):
            return None
        try:
            path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            key = f"public-page:{_generation()}:{path_hash}"
            entry = cache.get(key)
        except Exception:
            logger.exception("The page cache does not answer; rendering instead")
            return None
        if entry is None:
            request._public_page_cache_key = key
            return None
        response = HttpResponse(entry["content"], status=entry["status"])
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
            and not request.user.is_authenticated
            # A page carrying a one-time message must not be shown to anyone else.
            and not len(get_messages(request))
        )

    @staticmethod
    def _storable(response) -> bool:
        return response.status_code == 200 and not response.streaming and not response.cookies
