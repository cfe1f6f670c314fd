"""The plans part of the staff workspace, under /<lang>/manage/ (namespace "plans-staff")."""

from django.urls import path

from . import changeset_staff_views as changes
from . import staff_views as views

app_name = "plans-staff"

PLAN = "plans/<slug:region>/<slug:plan>/"
urlpatterns = [
    path(PLAN + "documents/", views.staff_documents, name="documents"),
    path("regions/<slug:region>/", views.region, name="region"),
    path("regions/<slug:region>/plans/new/", views.plan_create, name="plan-create"),
    path("regions/<slug:region>/organisations/", views.organisations, name="organisations"),
    path("regions/<slug:region>/organisations/new/", views.organisation_create, name="organisation-create"),
    path("regions/<slug:region>/organisations/<slug:slug>/", views.organisation_edit, name="organisation-edit"),
    path(
        "regions/<slug:region>/strategy-documents/new/",
        views.strategy_document_create,
        name="strategy-document-create",
    ),
    path(PLAN + "edit/", views.plan_edit, name="plan-edit"),
    path(PLAN + "status/", views.plan_status, name="plan-status"),
    path(PLAN + "sections/new/", views.section_create, name="section-create"),
    path(PLAN + "sections/reorder/", views.section_reorder, name="section-reorder"),
    path(PLAN + "sections/<int:section>/", views.section_edit, name="section-edit"),
    path(PLAN + "sections/<int:section>/preview/", views.section_preview, name="section-preview"),
    path(PLAN + "sections/<int:section>/archive/", views.section_archive, name="section-archive"),
    path(PLAN + "sections/<int:section>/activities/new/", views.activity_create, name="activity-create"),
    path(PLAN + "sections/<int:section>/activities/reorder/", views.activity_reorder, name="activity-reorder"),
    path(PLAN + "activities/<int:activity>/", views.activity_edit, name="activity-edit"),
    path(PLAN + "activities/<int:activity>/archive/", views.activity_archive, name="activity-archive"),
    path(PLAN + "activities/<int:activity>/indicators/new/", views.indicator_create, name="indicator-create"),
    path(PLAN + "indicators/<int:indicator>/", views.indicator_edit, name="indicator-edit"),
    # Change sets of a public plan (plans/changesets.py); <plan> is the public plan, never a working copy.
    path(PLAN + "changes/", changes.change_sets, name="change-sets"),
    path(PLAN + "changes/<int:pk>/", changes.change_set, name="change-set"),
    path(PLAN + "changes/<int:pk>/edit/", changes.change_set_edit, name="change-set-edit"),
    path(PLAN + "changes/<int:pk>/submit/", changes.change_set_submit, name="change-set-submit"),
    path(PLAN + "changes/<int:pk>/return/", changes.change_set_return, name="change-set-return"),
    path(PLAN + "changes/<int:pk>/rebase/", changes.change_set_rebase, name="change-set-rebase"),
    path(PLAN + "changes/<int:pk>/resolve/", changes.change_set_resolve, name="change-set-resolve"),
    path(PLAN + "changes/<int:pk>/publish/", changes.change_set_publish, name="change-set-publish"),
    path(PLAN + "changes/<int:pk>/discard/", changes.change_set_discard, name="change-set-discard"),
    path(PLAN + "changes/<int:pk>/undo/", changes.change_set_undo, name="change-set-undo"),
]
