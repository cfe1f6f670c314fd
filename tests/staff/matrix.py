"""The permission matrix's vocabulary: each app lists its staff pages in tests/staff/matrix_<app>.py as
``PAGES = [StaffPage(...), ...]``; tests/staff/test_permission_matrix.py checks every page for every role."""

from collections.abc import Callable
from dataclasses import dataclass, field

from core.models import RegionRole

Role = RegionRole.Role
ANY_ROLE = frozenset(str(role) for role in Role)
EDITOR = frozenset({str(Role.EDITOR)})
MODERATOR = frozenset({str(Role.MODERATOR)})
PROJECT_EDITOR = frozenset({str(Role.PROJECT_EDITOR)})
REVIEWER = frozenset({str(Role.REVIEWER)})


@dataclass(frozen=True)
class StaffPage:
    name: str
    """The URL name, e.g. ``"plans-staff:plan-edit"``."""
    kwargs: Callable = field(default=lambda world: {})
    """The URL's arguments from a tests/staff/conftest.StaffWorld; objects of the world's region."""
    allowed: frozenset = ANY_ROLE
    """Roles in the world's region that may open it; a superuser always may."""
    region_scoped: bool = True
    """False for pages of the whole workspace (dashboard, account): any staff member may open them."""
    ok_status: int = 200
    """What an allowed GET answers (302 for a page that only redirects)."""
    query: dict = field(default_factory=dict)
