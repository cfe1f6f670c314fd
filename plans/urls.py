from django.urls import path

from . import views, views_changes, views_documents

app_name = "plans"
urlpatterns = [
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("plans/<slug:region>/", views.region_detail, name="region"),
    path("plans/<slug:region>/<slug:plan>/", views.plan_detail, name="detail"),
    path("plans/<slug:region>/<slug:plan>/changes/", views_changes.plan_changes, name="changes"),
    # Stable download addresses; the fixed names come before <theme>.pdf, which would match them too.
    path("plans/<slug:region>/<slug:plan>/summary.pdf", views_documents.summary_pdf, name="summary-pdf"),
    path("plans/<slug:region>/<slug:plan>/theme-sheets.zip", views_documents.theme_sheets_zip, name="theme-sheets-zip"),
    path(
        "plans/<slug:region>/<slug:plan>/consultation-<int:window>.pdf",
        views_documents.consultation_report_pdf,
        name="consultation-report-pdf",
    ),
    path("plans/<slug:region>/<slug:plan>/<slug:theme>.pdf", views_documents.theme_sheet_pdf, name="theme-sheet-pdf"),
    path("plans/<slug:region>/<slug:plan>/<slug:theme>/", views.section_detail, name="section"),
    path(
        "plans/<slug:region>/<slug:plan>/<slug:theme>/activities/<int:pk>/",
        views.activity_detail,
        name="activity",
    ),
    path("municipalities/<slug:region>/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("manage/plans/<slug:region>/<slug:plan>/documents/", views_documents.staff_documents, name="staff-documents"),
]
