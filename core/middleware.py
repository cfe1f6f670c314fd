"""Requests no view can answer, turned away before any view sees them."""

from django.http import Http404


def reject_nul_in_path(get_response):
    """A NUL in the address is a 404 for every route: PostgreSQL refuses NUL in any text parameter, so a lookup
    with a ``<str:…>`` path parameter holding one would end in a server error (and only there, not on SQLite).

    It runs after the session, language and user are known, so the 404 page is the usual one."""

    def middleware(request):
        if "\x00" in request.path_info:
            raise Http404
        return get_response(request)

    return middleware
