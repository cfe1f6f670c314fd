from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("export/", views.project_export, name="export"),
    path("funders/<slug:funder>/", views.funder_detail, name="funder"),
    path("funders/<slug:funder>/measures/<slug:measure>/", views.measure_detail, name="measure"),
    path("<slug:region>/<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:region>/<slug:slug>/events.ics", views.project_events_ical, name="events-ical"),
]
