"""``{% may region "moderate" as can_moderate %}``: whether the request's user may do a kind of staff work in a
region, by the rules of plans/access.py, so that pages show only the buttons and links the user can use (a button
that leads to "403 Forbidden" helps nobody).

The kinds of work are the role sets of core.access; several kinds mean any of them (the consultation windows are
the work of editors and moderators: ``{% may region "edit_plans" "moderate" %}``). A user's roles in a region are
read once per request, however many times a page asks.
"""

from django import template

from core.access import ANY_ROLE, CHANGE_SETS, EDIT_PLANS, EDIT_PROJECTS, MODERATE, REPORT_PROGRESS, roles_in

register = template.Library()

WORK = {
    "edit_plans": EDIT_PLANS,
    "moderate": MODERATE,
    "edit_projects": EDIT_PROJECTS,
    "report_progress": REPORT_PROGRESS,
    "change_sets": CHANGE_SETS,
    "any": ANY_ROLE,
}


@register.simple_tag(takes_context=True)
def may(context, region, *work: str) -> bool:
    request = context.get("request")
    if request is None or not work:
        return False
    region_id = getattr(region, "pk", region)
    known = _roles_of_request(request)
    if region_id not in known:
        known[region_id] = roles_in(request.user, region_id)
    try:
        allowed = frozenset().union(*(WORK[name] for name in work))
    except KeyError as error:
        raise template.TemplateSyntaxError(f"may: unknown kind of work {error}; known: {', '.join(WORK)}") from None
    return bool(known[region_id] & allowed)


def _roles_of_request(request) -> dict:
    # Kept on the request (not the template's render context): included templates and the base share it.
    if not hasattr(request, "staff_roles_by_region"):
        request.staff_roles_by_region = {}
    return request.staff_roles_by_region
