"""The clock part of the yearly follow-up: public addresses (``public``) and staff ones (``staff``)."""

from django.urls import path

from . import staff_views, views

CLOCK = "regions/<slug:region>/annual-clock/"

public = [
    path("annual-clock/<slug:region>/", views.annual_clock, name="annual-clock"),
    path("annual-clock/<slug:region>.ics", views.annual_clock_ics, name="annual-clock-ics"),
]
staff = [
    path(CLOCK, staff_views.clock, name="clock"),
    path(CLOCK + "new/", staff_views.task_create, name="clock-task-create"),
    path(CLOCK + "<int:pk>/", staff_views.task_edit, name="clock-task-edit"),
    path(CLOCK + "<int:pk>/delete/", staff_views.task_delete, name="clock-task-delete"),
]
