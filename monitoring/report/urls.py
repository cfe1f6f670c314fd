"""The report part of the yearly follow-up: public addresses (``public``) and staff ones (``staff``)."""

from django.urls import path

from documents.models import Document
from documents.views import document_download

from . import staff_views, views

PLAN = "plans/<slug:region>/<slug:plan>/"

public = [
    path(PLAN + "years/<int:year>/", views.annual_report_page, name="annual-report"),
    path(PLAN + "years/<int:year>/<slug:theme>/", views.annual_report_theme_page, name="annual-report-theme"),
    # A stable address, printed in the PDF's footer and QR code; plans' <theme>.pdf would match it too.
    path(
        PLAN + "annual-report-<int:year>.pdf",
        document_download,
        {"kind": Document.Kind.ANNUAL_REPORT},
        name="annual-report-pdf",
    ),
]
staff = [
    path(PLAN + "years/<int:year>/summaries/", staff_views.summaries_edit, name="summaries"),
]
