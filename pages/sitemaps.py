"""sitemap.xml for search engines, with every page in Estonian, English and Finnish, and robots.txt.

/sitemap.xml is an index (Django's ``index`` view) of one sitemap per kind of page (/sitemap-projects.xml…), each
split into pages of ``PortalSitemap.limit`` addresses (/sitemap-projects.xml?p=2…). The protocol allows 50 000
addresses and 50 MB a file; each address here carries its four hreflang alternates (about 0.7 KB of XML), so a page
of 2 000 would be 1.4 MB rendered at once. Pages of 150 addresses (50 items in three languages) stay near 100 KB
(under 0.3 MB even with the longest slugs the models allow) and render in about 30 ms of CPU (600 reverses: each
address and its alternates); each is read with two queries whatever the number of rows and kept by the public
page cache. At national scale (30 000 projects) that is 600 pages, listed by the index.

They are not streamed: the page cache (core/page_cache.py) stores only whole responses, so a streamed page would
be read from the database and rendered again for every crawler's request; a small page rendered once and then
served from the cache costs less.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from consultations.models import ConsultationWindow
from core.models import Organisation, Region
from plans.models import CooperationPlan
from projects.models import Funder, Measure, Project
from themes.models import Theme


class _InEveryLanguage:
    """(item, language) pairs of a queryset, read one slice at a time: a sitemap page loads only its own rows.

    Django's i18n sitemaps list every item of the queryset in Python to paginate them, on every page and again
    in the index; this sequence counts with COUNT and fetches with LIMIT/OFFSET instead.
    """

    def __init__(self, queryset: QuerySet, languages: list[str]):
        self.queryset = queryset
        self.languages = languages
        self._length = None

    def __len__(self):
        if self._length is None:
            self._length = self.queryset.count() * len(self.languages)
        return self._length

    def __getitem__(self, index):
        start, stop, _step = index.indices(len(self)) if isinstance(index, slice) else (index, index + 1, 1)
        per_item = len(self.languages)
        first, last = start // per_item, -(-stop // per_item)
        pairs = [(item, language) for item in self.queryset[first:last] for language in self.languages]
        offset = start - first * per_item
        window = pairs[offset : offset + stop - start]
        return window if isinstance(index, slice) else window[0]


class PortalSitemap(Sitemap):
    """Each item once per interface language, each entry naming its other languages (hreflang)."""

    i18n = True
    alternates = True
    x_default = True
    # 50 items in each of the three languages: an item's entries are never split over two pages.
    limit = 150
    lastmod_field = None

    @property
    def paginator(self):
        items = self.items()
        if isinstance(items, QuerySet):
            languages = self.languages or [code for code, _name in settings.LANGUAGES]  # as Django's own paging
            return Paginator(_InEveryLanguage(items, languages), self.limit)
        return super().paginator

    def get_latest_lastmod(self):
        # One aggregate instead of reading every row (Django's default calls lastmod() on each item).
        if self.lastmod_field is None:
            return None
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]


class StaticPagesSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home", "themes:index", "projects:list", "api-docs", "contact"]

    def location(self, item):
        return reverse(item)


class RegionSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Region.objects.only("slug").order_by("pk")


class AnnualClockSitemap(PortalSitemap):
    """The annual clock page of each region that has entered tasks in it (monitoring/clock)."""

    changefreq = "monthly"

    def items(self):
        return Region.objects.filter(clock_tasks__isnull=False).distinct().only("slug").order_by("pk")

    def location(self, item):
        return reverse("monitoring:annual-clock", kwargs={"region": item.slug})


class PlanSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            CooperationPlan.objects.public()
            .select_related("region")
            .only("slug", "updated_at", "region__slug")
            .order_by("pk")
        )

    lastmod_field = "updated_at"

    def lastmod(self, item):
        return item.updated_at


class ThemeSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Theme.objects.only("slug").order_by("pk")


class ProjectSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Project.objects.public().select_related("region").only("slug", "updated_at", "region__slug").order_by("pk")
        )

    lastmod_field = "updated_at"

    def lastmod(self, item):
        return item.updated_at


class OrganisationSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Organisation.objects.only("slug").order_by("pk")


class ConsultationSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return (
            ConsultationWindow.objects.filter(plan__in=CooperationPlan.objects.public())
            .select_related("plan__region")
            .only("plan__slug", "plan__region__slug")
            .order_by("pk")
        )


class FunderSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Funder.objects.only("slug").order_by("pk")


class MeasureSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Measure.objects.select_related("funder").only("slug", "funder__slug").order_by("pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "regions": RegionSitemap,
    "annual-clocks": AnnualClockSitemap,
    "plans": PlanSitemap,
    "themes": ThemeSitemap,
    "projects": ProjectSitemap,
    "organisations": OrganisationSitemap,
    "consultations": ConsultationSitemap,
    "funders": FunderSitemap,
    "measures": MeasureSitemap,
}


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/", "Disallow: /manage/"]
    # The admin and the staff workspace also live under each language prefix.
    lines += [f"Disallow: /{code}/{area}/" for code, _name in settings.LANGUAGES for area in ("admin", "manage")]
    lines += ["", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
