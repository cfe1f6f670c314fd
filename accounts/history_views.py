"""The history page of any staff-edited object and "restore this version" (plans/history.py does the work).

The registry lives here, in a top-layer app, because it names models of apps on both sides of plans.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import ANY_ROLE, has_role, require_role, staff_member_required
from plans.history import REGISTRY, object_versions, version_restore


def _get_object_for_staff(user, label: str, pk: int, roles=ANY_ROLE):
    """The registered object (404 for an unknown kind or pk) if the user holds one of the roles in its region."""
    kind = REGISTRY.get(label)
    if kind is None:
        raise Http404("No history for this kind of object")
    objects = kind.model._default_manager.all()
    if kind.select_related:
        objects = objects.select_related(*kind.select_related)
    obj = objects.filter(pk=pk).first()
    if obj is None:
        raise Http404("No such object")
    region_id = kind.region_of(obj)
    require_role(user, region_id, roles)
    return kind, obj, region_id


@staff_member_required
def history(request, label, pk):
    kind, obj, region_id = _get_object_for_staff(request.user, label, pk)
    context = {
        "kind": kind,
        "obj": obj,
        "verbose_name": kind.model._meta.verbose_name,
        "versions": object_versions(obj=obj),
        "may_restore": has_role(request.user, region_id, kind.restore_roles),
    }
    return render(request, "staff/history/object_history.html", context)


@staff_member_required
def history_restore(request, label, pk, history_id):
    kind = REGISTRY.get(label)
    kind, obj, region_id = _get_object_for_staff(request.user, label, pk, kind.restore_roles if kind else ANY_ROLE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        version_restore(obj=obj, history_id=history_id, actor=request.user, region_id=region_id, kind=kind)
    except obj.history.model.DoesNotExist:
        raise Http404("No such version") from None
    messages.success(request, _("The version was restored. The restore is itself a new version below."))
    return redirect("staff:history", label=label, pk=pk)
