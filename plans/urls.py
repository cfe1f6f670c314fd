from django.urls import path

from documents.models import Document
from documents.views import document_download, documents_zip

from . import changelog_views, views

app_name = "plans"
urlpatterns = [
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("plans/<slug:region>/", views.region_detail, name="region"),
    path("plans/<slug:region>/<slug:plan>/", views.plan_detail, name="detail"),
    path("plans/<slug:region>/<slug:plan>/changes/", views.plan_changes, name="changes"),
    # Before <theme>/, which would match it too.
    path("plans/<slug:region>/<slug:plan>/projects/", views.plan_projects_list, name="projects"),
    # The changelog: published change sets ("changes/" is taken by the changes since the consultation).
    path("plans/<slug:region>/<slug:plan>/changelog/", changelog_views.change_set_list, name="change-sets"),
    path("plans/<slug:region>/<slug:plan>/changelog/<int:pk>/", changelog_views.change_set_detail, name="change-set"),
    # Stable download addresses, printed in PDFs and QR codes; the fixed names come before <theme>.pdf, which would
    # match them too. The documents app serves every kind; the consultation report's kind is the consultations app's.
    path(
        "plans/<slug:region>/<slug:plan>/summary.pdf",
        document_download,
        {"kind": Document.Kind.PLAN_SUMMARY},
        name="summary-pdf",
    ),
    path(
        "plans/<slug:region>/<slug:plan>/theme-sheets.zip",
        documents_zip,
        {"kind": Document.Kind.THEME_SHEET},
        name="theme-sheets-zip",
    ),
    path(
        "plans/<slug:region>/<slug:plan>/consultation-<int:window>.pdf",
        document_download,
        {"kind": Document.Kind.CONSULTATION_REPORT},
        name="consultation-report-pdf",
    ),
    path(
        "plans/<slug:region>/<slug:plan>/<slug:theme>.pdf",
        document_download,
        {"kind": Document.Kind.THEME_SHEET},
        name="theme-sheet-pdf",
    ),
    path("plans/<slug:region>/<slug:plan>/<slug:theme>/", views.section_detail, name="section"),
    path(
        "plans/<slug:region>/<slug:plan>/<slug:theme>/activities/<int:pk>/",
        views.activity_detail,
        name="activity",
    ),
    path("municipalities/<slug:region>/<slug:slug>/", views.municipality_detail, name="municipality"),
]
