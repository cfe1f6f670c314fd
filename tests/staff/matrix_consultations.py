"""Consultation staff pages. Any role of the region reads the queue, comments and windows; editors and moderators
work on windows; moderators moderate, answer, export with e-mail addresses and handle personal data."""

from tests.staff.matrix import ANY_ROLE, EDITOR, MODERATOR, StaffPage

WINDOW_WORK = EDITOR | MODERATOR


def _region(w):
    return {"region": w.region.slug}


def _window(w):
    return {"region": w.region.slug, "window": w.window.pk}


def _comment(w):
    return {"region": w.region.slug, "pk": w.comment.pk}


PAGES = [
    StaffPage("consultations-staff:queue", _region, allowed=ANY_ROLE),
    StaffPage("consultations-staff:bulk", _region, allowed=MODERATOR, ok_status=302),
    StaffPage("consultations-staff:comment", _comment, allowed=ANY_ROLE),
    StaffPage("consultations-staff:comment-moderate", _comment, allowed=MODERATOR, ok_status=302),
    StaffPage("consultations-staff:comment-answer", _comment, allowed=MODERATOR),
    StaffPage("consultations-staff:windows", _region, allowed=ANY_ROLE),
    StaffPage(
        "consultations-staff:window-create",
        lambda w: {"region": w.region.slug, "plan": w.plan.slug},
        allowed=WINDOW_WORK,
    ),
    StaffPage("consultations-staff:window-edit", _window, allowed=WINDOW_WORK),
    StaffPage("consultations-staff:window-extend", _window, allowed=WINDOW_WORK),
    StaffPage("consultations-staff:window-close", _window, allowed=WINDOW_WORK),
    StaffPage("consultations-staff:workshop-create", _window, allowed=WINDOW_WORK),
    StaffPage(
        "consultations-staff:workshop-edit",
        lambda w: {"region": w.region.slug, "window": w.window.pk, "pk": w.workshop.pk},
        allowed=WINDOW_WORK,
    ),
    StaffPage("consultations-staff:workshop-comment", _window, allowed=MODERATOR),
    StaffPage("consultations-staff:responses-publish", _window, allowed=MODERATOR, ok_status=302),
    StaffPage("consultations-staff:feedback-export", lambda w: {**_window(w), "file_format": "csv"}, allowed=MODERATOR),
    StaffPage("consultations-staff:personal-data", _region, allowed=MODERATOR),
]
