from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from core.page_cache import public_page_cache

from .models import Theme


@public_page_cache
def theme_list(request):
    """The shared theme catalogue, with how many published plans cover each theme."""
    themes = Theme.objects.annotate(
        plan_count=Count(
            "sections__plan",
            filter=Q(sections__archived_at__isnull=True) & ~Q(sections__plan__status="draft"),
            distinct=True,
        )
    )
    return render(request, "themes/theme_list.html", {"themes": themes})


@public_page_cache
def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    # Sections come through the reverse relation, so this app does not import plans; drafts and archived
    # sections and activities stay hidden.
    sections = (
        theme.sections.exclude(plan__status="draft")
        .filter(archived_at__isnull=True)
        .select_related("plan__region", "plan__lead_organisation")
        .annotate(
            activity_count=Count("activities", filter=Q(activities__archived_at__isnull=True), distinct=True),
            indicator_count=Count(
                "activities__indicators", filter=Q(activities__archived_at__isnull=True), distinct=True
            ),
        )
        .order_by("plan__region__name", "-plan__start_year")
    )
    return render(request, "themes/theme_detail.html", {"theme": theme, "sections": sections})


@cache_control(public=True, max_age=300)
def theme_colours(request):
    """Each theme's colour as a class, ``theme-colour-<id>``: pages set no style attribute, which the
    Content-Security-Policy forbids. The colours are #rrggbb (a database constraint), safe in CSS as they are."""
    rules = (
        f".theme-colour-{pk} {{ --theme-colour: {colour}; }}\n"
        for pk, colour in Theme.objects.order_by("pk").values_list("pk", "colour")
    )
    return HttpResponse("".join(rules), content_type="text/css; charset=utf-8")
