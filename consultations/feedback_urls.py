"""Public feedback tables and exports of consultation windows (included by consultations/urls.py)."""

from django.urls import path

from . import views_feedback

urlpatterns = [
    path(
        "plans/<slug:region>/<slug:plan>/consultations/<int:window>/feedback/",
        views_feedback.feedback_table,
        name="feedback",
    ),
    path(
        "plans/<slug:region>/<slug:plan>/consultations/<int:window>/feedback.csv",
        views_feedback.feedback_download,
        {"file_format": "csv"},
        name="feedback-csv",
    ),
    path(
        "plans/<slug:region>/<slug:plan>/consultations/<int:window>/feedback.xlsx",
        views_feedback.feedback_download,
        {"file_format": "xlsx"},
        name="feedback-xlsx",
    ),
]
