import os

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.shortcuts import render
from django.urls import include, path

from accounts import views as account_views
from consultations.feeds import ConsultationFeed
from core.page_cache import public_page_cache
from pages import views as page_views
from pages.sitemaps import SITEMAPS, robots_txt
from plans import api
from plans.feeds import PlanFeed
from search import views as search_views

feed_patterns = (
    [
        path("plans.atom", PlanFeed(), name="plans"),
        path("consultations.atom", ConsultationFeed(), name="consultations"),
    ],
    "feeds",
)

# "/" and other paths without a language prefix are redirected by LocaleMiddleware to the visitor's language.
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", page_views.health, name="health"),
    path("favicon.ico", page_views.favicon, name="favicon"),
    path("api/v1/", include("welfare_portal.api_urls")),
    path(
        "sitemap.xml",
        public_page_cache(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page_cache(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
]

if os.environ.get("BENCH_BARE_VIEW") == "1":

    def bench_bare(request):
        """bench/pages.py's yardstick: ``?bytes=`` of static HTML through the same stack, without a query."""
        size = request.GET.get("bytes", "")
        size = min(int(size), 5_000_000) if size.isascii() and size.isdecimal() else 1000
        return render(request, "bench/bare.html", {"filler": "x" * size})

    urlpatterns.append(path("bench/bare", bench_bare, name="bench-bare"))

urlpatterns += i18n_patterns(
    # Before the admin's own log-in, which would let a password alone in (no second step).
    path("admin/login/", account_views.admin_login),
    path("admin/", admin.site.urls),
    path("themes/", include("themes.urls")),
    path("projects/", include("projects.urls")),
    path("api/", api.docs, name="api-docs"),
    path("feeds/", include(feed_patterns)),
    # The staff workspace: its own pages (namespace "staff"), then each app's (plans-staff:..., and so on).
    path("manage/", include("accounts.urls")),
    path("manage/", include("plans.staff_urls")),
    path("manage/", include("consultations.staff_urls")),
    path("manage/", include("projects.staff_urls")),
    path("manage/", include("monitoring.staff_urls")),
    path("", include("consultations.urls")),
    path("", page_views.home, name="home"),
    path("search/", search_views.search, name="search"),
    path("accessibility/", page_views.accessibility_statement, name="accessibility"),
    path("contact/", page_views.contact, name="contact"),
    # Before plans: its <plan>/<theme>/ addresses would take the annual report's too.
    path("", include("monitoring.urls")),
    path("", include("plans.urls")),
    prefix_default_language=True,
)
