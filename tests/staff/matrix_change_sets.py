"""Change sets of a public plan: editors prepare, reviewers publish or send back, both open the pages and comment.
The world's change set was sent for review by its editor, so the reviewer (who did not prepare it) may publish."""

from tests.staff.matrix import EDITOR, REVIEWER, StaffPage


def _plan(w):
    return {"region": w.region.slug, "plan": w.public_plan.slug}


def _change_set(w):
    return {**_plan(w), "pk": w.change_set.pk}


PAGES = [
    StaffPage("plans-staff:change-sets", _plan, allowed=EDITOR | REVIEWER),
    StaffPage("plans-staff:change-set", _change_set, allowed=EDITOR | REVIEWER),
    StaffPage("plans-staff:change-set-edit", _change_set, allowed=EDITOR),
    StaffPage("plans-staff:change-set-submit", _change_set, allowed=EDITOR, ok_status=302),
    StaffPage("plans-staff:change-set-return", _change_set, allowed=REVIEWER, ok_status=302),
    StaffPage("plans-staff:change-set-rebase", _change_set, allowed=EDITOR | REVIEWER, ok_status=302),
    StaffPage("plans-staff:change-set-resolve", _change_set, allowed=EDITOR, ok_status=302),
    StaffPage("plans-staff:change-set-publish", _change_set, allowed=REVIEWER),
    StaffPage("plans-staff:change-set-discard", _change_set, allowed=EDITOR),
    StaffPage("plans-staff:change-set-undo", _change_set, allowed=EDITOR, ok_status=302),
]
