from tests.staff.matrix import StaffPage  # noqa: F401

PAGES = []
