"""The read-only JSON API of the portal's open data, /api/v1/…, on django-ninja.

schemas.py describes what it answers and accepts, pagination.py how lists are paged, views.py its routes and
the OpenAPI document generated from them, docs.py the HTML documentation page read from that document.
"""

from . import docs as _docs
from .docs import docs
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from .views import api, openapi_document

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "ENDPOINTS",
    "MAX_PAGE_SIZE",
    "PAGINATION_PARAMETERS",
    "api",
    "docs",
    "openapi_document",
]


def __getattr__(name: str):
    # Read on first use (plans/api/docs.py): routers added by apps above plans are listed too.
    if name in ("ENDPOINTS", "PAGINATION_PARAMETERS"):
        return getattr(_docs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
