from tests.staff.matrix import EDITOR, StaffPage


def _indicator(w):
    return {"region": w.region.slug, "plan": w.plan.slug, "indicator": w.indicator.pk}


# The binding of an indicator is an edit of the plan: editors of the plan's region only, GET included. The buttons'
# addresses (POST) send a GET back to the page.
PAGES = [
    StaffPage("monitoring-staff:indicator-source", _indicator, allowed=EDITOR),
    StaffPage("monitoring-staff:indicator-source-fetch", _indicator, allowed=EDITOR, ok_status=302),
    StaffPage("monitoring-staff:indicator-source-remove", _indicator, allowed=EDITOR, ok_status=302),
]
