from tests.staff.matrix import PROJECT_EDITOR, StaffPage

PAGES = [
    StaffPage("projects-staff:list", lambda w: {"region": w.region.slug}, allowed=PROJECT_EDITOR),
    StaffPage("projects-staff:create", lambda w: {"region": w.region.slug}, allowed=PROJECT_EDITOR),
    StaffPage("projects-staff:import", lambda w: {"region": w.region.slug}, allowed=PROJECT_EDITOR),
    StaffPage(
        "projects-staff:edit",
        lambda w: {"region": w.region.slug, "project": w.project.slug},
        allowed=PROJECT_EDITOR,
    ),
    StaffPage(
        "projects-staff:archive",
        lambda w: {"region": w.region.slug, "project": w.project.slug},
        allowed=PROJECT_EDITOR,
    ),
]
