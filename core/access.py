"""Who may do what in the staff workspace: roles are granted per region (core.models.RegionRole).

Every staff view fetches its object and checks the object's region in one call, healthchecks-style:

    region = get_region_for_staff(request.user, region_slug=region, roles=EDIT_PLANS)

A superuser may do everything everywhere; everyone else needs the role in the object's region. An
unknown object is a 404 and a known one outside the user's regions a 403.
"""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.views.decorators.cache import never_cache

from core.models import Region, RegionRole

Role = RegionRole.Role

# Which roles may do each kind of work. A viewer may look at everything in the workspace of its region.
EDIT_PLANS = frozenset({Role.EDITOR})
MODERATE = frozenset({Role.MODERATOR})
EDIT_PROJECTS = frozenset({Role.PROJECT_EDITOR})
# Progress of activities: an editor for the whole region, a reporter only for its organisation's activities
# (may_report_progress). Either may open the plan's progress pages.
REPORT_PROGRESS = frozenset({Role.EDITOR, Role.REPORTER})
# Change sets of public plans (plans/changesets.py): editors prepare them, reviewers publish them or send them back.
REVIEW_CHANGES = frozenset({Role.REVIEWER})
# Who may open a change set's pages and comment on it.
CHANGE_SETS = EDIT_PLANS | REVIEW_CHANGES
ANY_ROLE = frozenset(Role)


def is_staff_member(user) -> bool:
    """Anyone with a role in some region, or a superuser."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or RegionRole.objects.filter(user=user).exists()


def regions_for(user, roles: Iterable[str] = ANY_ROLE) -> QuerySet[Region]:
    """The regions in which the user holds one of the roles (every region for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    return Region.objects.filter(staff_roles__user=user, staff_roles__role__in=list(roles)).distinct()


def has_role(user, region: Region | int, roles: Iterable[str] = ANY_ROLE) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    region_id = region.pk if isinstance(region, Region) else region
    return RegionRole.objects.filter(user=user, region_id=region_id, role__in=list(roles)).exists()


def roles_in(user, region: Region | int) -> set[str]:
    """The user's roles in a region; a superuser holds them all."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Role)
    region_id = region.pk if isinstance(region, Region) else region
    return set(RegionRole.objects.filter(user=user, region_id=region_id).values_list("role", flat=True))


def require_role(user, region: Region | int, roles: Iterable[str] = ANY_ROLE) -> None:
    if not has_role(user, region, roles):
        raise PermissionDenied


def get_region_for_staff(user, *, region_slug: str, roles: Iterable[str] = ANY_ROLE) -> Region:
    try:
        region = Region.objects.get(slug=region_slug)
    except Region.DoesNotExist:
        raise Http404("No such region") from None
    require_role(user, region, roles)
    return region


def may_report_progress(user, activity) -> bool:
    """Whether the user may record the progress of ``activity`` (a plans.Activity fetched with its section's plan):
    a superuser, an editor of its region, or a progress reporter of its region whose organisation is responsible."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    region_id = activity.section.plan.region_id
    return (
        RegionRole.objects.filter(user=user, region_id=region_id)
        .filter(Q(role=Role.EDITOR) | Q(role=Role.REPORTER, organisation_id=activity.responsible_organisation_id))
        .exists()
    )


def reportable_activities(user, activities: QuerySet) -> QuerySet:
    """Of ``activities`` (a QuerySet of plans.Activity), those the user may record progress of, in one query."""
    if not user.is_authenticated or not user.is_active:
        return activities.none()
    if user.is_superuser:
        return activities
    roles = RegionRole.objects.filter(user=user, region=OuterRef("section__plan__region"))
    return activities.filter(
        Exists(roles.filter(role=Role.EDITOR))
        | Exists(roles.filter(role=Role.REPORTER, organisation=OuterRef("responsible_organisation")))
    )


def staff_member_required(view):
    """Logged in, active, and a staff member somewhere; the view itself checks the object's region. Staff pages
    are never cached, by the browser or anything between (they show drafts and personal data)."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
