from django.shortcuts import render

from core.page_cache import public_page_cache

from .selectors import SearchError, site_search


@public_page_cache
def search(request):
    """Site search; an empty or too long query gets a message, not an error page."""
    context = {"query": request.GET.get("q", "")[:1000], "results": None, "error": None}
    if "q" in request.GET:
        try:
            context.update(site_search(raw_query=request.GET.get("q")))
        except SearchError as error:
            context["error"] = str(error)
    return render(request, "portal/search.html", context)
