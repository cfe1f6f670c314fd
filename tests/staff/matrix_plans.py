from tests.staff.matrix import ANY_ROLE, EDITOR, StaffPage


def _plan(w):
    return {"region": w.region.slug, "plan": w.plan.slug}


# Every edit page, GET included, is for editors of the plan's region; viewers and other roles get 403.
PAGES = [
    StaffPage(
        "plans-staff:documents",
        lambda w: {"region": w.region.slug, "plan": w.plan.slug},
        allowed=ANY_ROLE,
    ),
    StaffPage("plans-staff:region", lambda w: {"region": w.region.slug}, allowed=ANY_ROLE),
    StaffPage("plans-staff:plan-create", lambda w: {"region": w.region.slug}, allowed=EDITOR),
    StaffPage("plans-staff:organisations", lambda w: {"region": w.region.slug}, allowed=ANY_ROLE),
    StaffPage("plans-staff:organisation-create", lambda w: {"region": w.region.slug}, allowed=EDITOR),
    StaffPage(
        "plans-staff:organisation-edit",
        lambda w: {"region": w.region.slug, "slug": w.plan.lead_organisation.slug},
        allowed=EDITOR,
    ),
    StaffPage(
        "plans-staff:strategy-document-create",
        lambda w: {"region": w.region.slug},
        allowed=EDITOR,
        query={"next": "/et/manage/"},
    ),
    StaffPage("plans-staff:plan-edit", _plan, allowed=EDITOR),
    StaffPage("plans-staff:plan-status", _plan, allowed=EDITOR),
    StaffPage("plans-staff:section-create", _plan, allowed=EDITOR),
    StaffPage("plans-staff:section-reorder", _plan, allowed=EDITOR, ok_status=302),
    StaffPage("plans-staff:section-edit", lambda w: {**_plan(w), "section": w.section.pk}, allowed=EDITOR),
    StaffPage("plans-staff:section-preview", lambda w: {**_plan(w), "section": w.section.pk}, allowed=EDITOR),
    StaffPage("plans-staff:section-archive", lambda w: {**_plan(w), "section": w.section.pk}, allowed=EDITOR),
    StaffPage("plans-staff:activity-create", lambda w: {**_plan(w), "section": w.section.pk}, allowed=EDITOR),
    StaffPage(
        "plans-staff:activity-reorder", lambda w: {**_plan(w), "section": w.section.pk}, allowed=EDITOR, ok_status=302
    ),
    StaffPage("plans-staff:activity-edit", lambda w: {**_plan(w), "activity": w.activity.pk}, allowed=EDITOR),
    StaffPage("plans-staff:activity-archive", lambda w: {**_plan(w), "activity": w.activity.pk}, allowed=EDITOR),
    StaffPage("plans-staff:indicator-create", lambda w: {**_plan(w), "activity": w.activity.pk}, allowed=EDITOR),
    StaffPage("plans-staff:indicator-edit", lambda w: {**_plan(w), "indicator": w.indicator.pk}, allowed=EDITOR),
]
