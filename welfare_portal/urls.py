from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

# "/" and other paths without a language prefix are redirected by LocaleMiddleware to the visitor's language.
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.health, name="health"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("themes/", include("themes.urls")),
    path("projects/", include("projects.urls")),
    path("", views.home, name="home"),
    path("", include("plans.urls")),
    prefix_default_language=True,
)
