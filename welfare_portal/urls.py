import os

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.shortcuts import render
from django.urls import include, path

from consultations.feeds import ConsultationFeed
from core.page_cache import public_page_cache
from plans import api
from plans.feeds import PlanFeed

from . import manage_urls, pages, staff_views, views
from .sitemaps import SITEMAPS, robots_txt

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
    path("healthz", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
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
    path("admin/login/", staff_views.admin_login),
    path("admin/", admin.site.urls),
    path("themes/", include("themes.urls")),
    path("projects/", include("projects.urls")),
    path("api/", api.docs, name="api-docs"),
    path("feeds/", include(feed_patterns)),
    path("manage/", include("welfare_portal.manage_urls")),
    path("manage/", include(manage_urls.app_urlpatterns)),
    path("", include("consultations.urls")),
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("accessibility/", pages.accessibility_statement, name="accessibility"),
    path("contact/", pages.contact, name="contact"),
    path("", include("plans.urls")),
    prefix_default_language=True,
)
