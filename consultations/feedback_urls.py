"""Public feedback tables and exports of consultation windows (included by consultations/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "plans/<slug:region>/<slug:plan>/consultations/<int:window>/feedback/",
        views.feedback_table,
        name="feedback",
    ),
    path(
        "plans/<slug:region>/<slug:plan>/consultations/<int:window>/feedback.csv",
        views.feedback_download,
        {"file_format": "csv"},
        name="feedback-csv",
    ),
    path(
        "plans/<slug:region>/<slug:plan>/consultations/<int:window>/feedback.xlsx",
        views.feedback_download,
        {"file_format": "xlsx"},
        name="feedback-xlsx",
    ),
]
