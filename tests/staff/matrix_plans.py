from tests.staff.matrix import ANY_ROLE, StaffPage

PAGES = [
    StaffPage(
        "plans:staff-documents",
        lambda w: {"region": w.region.slug, "plan": w.plan.slug},
        allowed=ANY_ROLE,
    ),
]
