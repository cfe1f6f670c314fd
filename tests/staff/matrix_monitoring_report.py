from tests.staff.matrix import EDITOR, StaffPage

# The staff's summaries of a plan's year for the annual report: editors of the plan's region only, GET too.
PAGES = [
    StaffPage(
        "monitoring-staff:summaries",
        lambda w: {"region": w.region.slug, "plan": w.plan.slug, "year": w.plan.start_year},
        allowed=EDITOR,
    ),
]
