from tests.staff.matrix import StaffPage

PAGES = [
    StaffPage("staff:dashboard", region_scoped=False),
    StaffPage("staff:account", region_scoped=False),
    StaffPage("staff:audit", region_scoped=False),
]

# Pages under /manage/ open to everyone: logging in and out, resetting a forgotten password.
PUBLIC = {"staff:login", "staff:logout"}
