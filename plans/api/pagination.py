"""Every list answers one page as ``{"count", "next", "previous", "results"}``, asked for with page and page_size."""

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

from .schemas import Link, WholeNumber, parameter

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class PageParameters(Schema):
    page: WholeNumber = parameter(_("Page number, from 1. Past the last page: 400."), 2)
    page_size: WholeNumber = parameter(
        format_lazy(
            _("Rows per page, 1–{maximum} (clamped); default {default}."),
            maximum=MAX_PAGE_SIZE,
            default=DEFAULT_PAGE_SIZE,
        ),
        20,
    )


class PageLinks(PaginationBase):
    """Page numbers with links to the neighbouring pages (ninja's PageNumberPagination gives no links); a page
    past the last one is an error rather than an empty list. Two queries: count and rows."""

    Input = PageParameters

    class Output(Schema):
        count: int
        next: Link | None
        previous: Link | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset: QuerySet, pagination: PageParameters, request, **params) -> dict:
        page = 1 if pagination.page is None else pagination.page
        if page < 1:
            raise HttpError(400, "'page' must be 1 or more.")
        page_size = pagination.page_size
        page_size = DEFAULT_PAGE_SIZE if page_size is None else min(max(page_size, 1), MAX_PAGE_SIZE)
        count = queryset.count()
        last_page = max(1, -(-count // page_size))
        if page > last_page:
            raise HttpError(400, f"'page' {page} is past the last page, {last_page}.")
        offset = (page - 1) * page_size

        def page_url(number):
            query = request.GET.copy()
            query["page"] = number
            query["page_size"] = page_size
            return request.build_absolute_uri(request.path + "?" + urlencode(sorted(query.items())))

        return {
            "count": count,
            "next": page_url(page + 1) if page < last_page else None,
            "previous": page_url(page - 1) if page > 1 else None,
            "results": queryset[offset : offset + page_size],
        }
