"""The open data API, version 1, outside the language prefixes: /api/v1/…"""

from django.urls import path

from plans import api

app_name = "api"
urlpatterns = [
    path("", api.root, name="root"),
    path("regions/", api.regions, name="regions"),
    path("municipalities/", api.municipalities, name="municipalities"),
    path("themes/", api.themes, name="themes"),
    path("plans/", api.plans, name="plans"),
    path("plans/<int:pk>/", api.plan, name="plan"),
    path("sections/", api.sections, name="sections"),
    path("activities/", api.activities, name="activities"),
    path("indicators/", api.indicators, name="indicators"),
    path("openapi.json", api.openapi, name="openapi"),
]
