"""The statistics part of the yearly follow-up: public addresses (``public``) and staff ones (``staff``)."""

from django.urls import path

from . import staff_views

INDICATOR = "plans/<slug:region>/<slug:plan>/indicators/<int:indicator>/source/"

public = []
staff = [
    path(INDICATOR, staff_views.indicator_source, name="indicator-source"),
    path(INDICATOR + "fetch/", staff_views.indicator_source_fetch, name="indicator-source-fetch"),
    path(INDICATOR + "remove/", staff_views.indicator_source_remove, name="indicator-source-remove"),
]
