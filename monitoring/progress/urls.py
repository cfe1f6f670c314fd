"""The progress part of the yearly follow-up: public addresses (``public``) and staff ones (``staff``)."""

from django.urls import path

from . import staff_views, views

PLAN = "plans/<slug:region>/<slug:plan>/"

# Under the language prefix, before plans.urls: a plan's progress as a spreadsheet.
public = [
    path(PLAN + "progress.<str:fmt>", views.progress_export, name="progress-export"),
]
# Under manage/ (namespace "monitoring-staff").
staff = [
    path(PLAN + "progress/", staff_views.progress_start, name="progress-start"),
    path(PLAN + "progress/<int:year>/", staff_views.progress_overview, name="progress"),
    path(PLAN + "activities/<int:activity>/progress/<int:year>/", staff_views.progress_edit, name="progress-edit"),
]
