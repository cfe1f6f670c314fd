from core.models import RegionRole
from tests.staff.matrix import EDITOR, StaffPage

# The plan's progress pages are for its region's editors and progress reporters. The world's reporter has no
# organisation, so it reports on no activity: the form of one is the editors' (tests/monitoring/test_progress_*
# check a reporter of the responsible organisation).
REPORTERS = EDITOR | {str(RegionRole.Role.REPORTER)}


def _plan(w):
    return {"region": w.region.slug, "plan": w.plan.slug}


PAGES = [
    StaffPage("monitoring-staff:progress-start", _plan, allowed=REPORTERS, ok_status=302),
    StaffPage("monitoring-staff:progress", lambda w: {**_plan(w), "year": w.plan.start_year}, allowed=REPORTERS),
    StaffPage(
        "monitoring-staff:progress-edit",
        lambda w: {**_plan(w), "activity": w.activity.pk, "year": w.plan.start_year},
        allowed=EDITOR,
    ),
]
