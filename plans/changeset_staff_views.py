"""The staff pages of change sets (plans/changesets.py): start one, edit in it, review it, publish it.

Access: editors and reviewers of the plan's region open the pages and comment; editors start, edit, send for review
and discard; a reviewer sends back or publishes — not one they prepared, unless the region allows that
(plans.changesets.may_publish). tests/staff/matrix_change_sets.py lists every URL for every role.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import CHANGE_SETS, EDIT_PLANS, REVIEW_CHANGES, has_role, staff_member_required

from . import changesets, services
from .changesets import ChangeSetRefused
from .forms import ChangeSetForm, ChangeSetNoteForm, ChangeSetPublishForm, ChangeSetReturnForm, ConflictForm
from .models import ChangeSet, ChangeSetNote, CooperationPlan
from .selectors import get_plan_for_staff

OPEN = (ChangeSet.State.OPEN, ChangeSet.State.IN_REVIEW)


def _plan(request, region, plan, roles):
    """The public plan (never a working copy) with the permission check."""
    plan = get_plan_for_staff(request.user, region_slug=region, plan_slug=plan, roles=roles)
    if plan.working_copy_of_id is not None:
        raise Http404("A working copy has no change sets of its own")
    return plan


def _change_set(request, region, plan, pk, roles=CHANGE_SETS):
    plan = _plan(request, region, plan, roles)
    queryset = ChangeSet.objects.select_related("working_copy__region", "created_by", "submitted_by", "published_by")
    change_set = get_object_or_404(queryset, plan=plan, pk=pk)
    change_set.plan = plan
    return change_set


def _page(change_set) -> str:
    return reverse(
        "plans-staff:change-set",
        kwargs={"region": change_set.plan.region.slug, "plan": change_set.plan.slug, "pk": change_set.pk},
    )


def editor_url(change_set) -> str:
    """Where an editor edits in the change set: the working copy's plan editor."""
    copy = change_set.working_copy
    return reverse("plans-staff:plan-edit", kwargs={"region": copy.region.slug, "plan": copy.slug})


@staff_member_required
def change_sets(request, region, plan):
    plan = _plan(request, region, plan, EDIT_PLANS if request.method == "POST" else CHANGE_SETS)
    form = ChangeSetForm(request.POST or None)
    if request.method == "POST":
        if not plan.edited_through_change_sets:
            messages.error(request, _("A draft is edited directly: change sets are for plans the public can see."))
            return redirect("plans-staff:plan-edit", region=plan.region.slug, plan=plan.slug)
        if form.is_valid():
            change_set = changesets.change_set_start(
                plan=plan,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
            messages.success(
                request,
                _(
                    "The change set was started. Edit the plan below: the public page stays as it is until the change "
                    "set is published."
                ),
            )
            return redirect(editor_url(change_set))
    sets = list(plan.change_sets.select_related("created_by", "published_by", "working_copy__region"))
    context = {
        "plan": plan,
        "form": form,
        "open_sets": [change_set for change_set in sets if change_set.state in OPEN],
        "published": [change_set for change_set in sets if change_set.state == ChangeSet.State.PUBLISHED],
        "discarded": [change_set for change_set in sets if change_set.state == ChangeSet.State.DISCARDED],
        "can_edit": has_role(request.user, plan.region_id, EDIT_PLANS),
        "transitions": [CooperationPlan.Status(status) for status in services.allowed_transitions(plan)],
    }
    return render(request, "staff/changes/list.html", context, status=400 if form.errors else 200)


def _review_context(request, change_set, **extra) -> dict:
    if change_set.state == ChangeSet.State.PUBLISHED:
        found, shown = [], changesets.shown_changes(change_set.published_changes)
    else:
        found = changesets.changes(change_set)
        shown = changesets.shown_changes([change.as_json() for change in found], found)
    region_id = change_set.plan.region_id
    return {
        "plan": change_set.plan,
        "change_set": change_set,
        "shown": shown,
        "conflicts": sum(change.has_conflict for change in found),
        "fingerprint": changesets.fingerprint(found),
        "rebase_due": change_set.state in OPEN and changesets.rebase_due(change_set),
        "notes": change_set.notes.select_related("author"),
        "note_form": ChangeSetNoteForm(),
        "return_form": ChangeSetReturnForm(),
        "can_edit": has_role(request.user, region_id, EDIT_PLANS),
        "can_review": has_role(request.user, region_id, REVIEW_CHANGES),
        "may_publish": changesets.may_publish(request.user, change_set),
        "editor_url": editor_url(change_set) if change_set.working_copy_id else "",
        **extra,
    }


@staff_member_required
def change_set(request, region, plan, pk):
    """The whole change set as a diff against the public plan, its conflicts, its review conversation."""
    change_set = _change_set(request, region, plan, pk)
    note_form = ChangeSetNoteForm(request.POST or None)
    if request.method == "POST" and note_form.is_valid():
        ChangeSetNote.objects.create(change_set=change_set, author=request.user, text=note_form.cleaned_data["text"])
        messages.success(request, _("Your comment was added."))
        return redirect(_page(change_set) + "#notes")
    context = _review_context(request, change_set)
    if note_form.is_bound:
        context["note_form"] = note_form
    return render(request, "staff/changes/detail.html", context, status=400 if note_form.errors else 200)


@staff_member_required
def change_set_edit(request, region, plan, pk):
    change_set = _change_set(request, region, plan, pk, EDIT_PLANS)
    if change_set.state not in OPEN:
        raise Http404("A published or discarded change set keeps its name")
    form = ChangeSetForm(request.POST or None, instance=change_set)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The change set was saved."))
        return redirect(_page(change_set))
    context = {"plan": change_set.plan, "change_set": change_set, "form": form}
    return render(request, "staff/changes/edit.html", context, status=400 if form.errors else 200)


def _act(request, change_set, action, success: str):
    """Run a step of the workflow (POST only); a refused step is said as it is and changes nothing."""
    if request.method != "POST":
        return redirect(_page(change_set))
    try:
        action()
    except ChangeSetRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(_page(change_set))


@staff_member_required
def change_set_submit(request, region, plan, pk):
    change_set = _change_set(request, region, plan, pk, EDIT_PLANS)
    return _act(
        request,
        change_set,
        lambda: changesets.change_set_submit(change_set=change_set, actor=request.user),
        _("The change set was sent for review."),
    )


@staff_member_required
def change_set_return(request, region, plan, pk):
    change_set = _change_set(request, region, plan, pk, REVIEW_CHANGES)
    if request.method != "POST":
        return redirect(_page(change_set))
    form = ChangeSetReturnForm(request.POST)
    if not form.is_valid():
        # Sending back says why: the page again with the reviewer's text (empty) and the reason asked for.
        context = _review_context(request, change_set, return_form=form)
        return render(request, "staff/changes/detail.html", context, status=400)
    return _act(
        request,
        change_set,
        lambda: changesets.change_set_return(change_set=change_set, actor=request.user, text=form.cleaned_data["text"]),
        _("The change set was sent back to its editors."),
    )


@staff_member_required
def change_set_rebase(request, region, plan, pk):
    change_set = _change_set(request, region, plan, pk)
    if request.method != "POST":
        return redirect(_page(change_set))
    if change_set.state not in OPEN:
        messages.error(request, _("Only a change set that is not yet published can take in the public changes."))
        return redirect(_page(change_set))
    brought = changesets.change_set_rebase(change_set)
    messages.success(
        request,
        _("The public plan's changes were brought into the change set (%(count)s fields).") % {"count": brought},
    )
    return redirect(_page(change_set))


@staff_member_required
def change_set_resolve(request, region, plan, pk):
    change_set = _change_set(request, region, plan, pk, EDIT_PLANS)
    form = ConflictForm(request.POST or None)
    if request.method != "POST":
        return redirect(_page(change_set))
    row = change_set.rows.filter(pk=form.data.get("row")).first() if form.is_valid() else None
    name = form.cleaned_data.get("field") or None if form.is_valid() else None
    if row is None or change_set.state not in OPEN or not _is_content_field(row, name):
        messages.error(request, _("That conflict could not be settled: reload the page and try again."))
        return redirect(_page(change_set))
    changesets.conflict_resolve(
        change_set=change_set, row=row, name=name, keep=form.cleaned_data["keep"], actor=request.user
    )
    messages.success(request, _("The conflict was settled."))
    return redirect(_page(change_set) + "#changes")


def _is_content_field(row, name) -> bool:
    if name is None:
        return True
    return name in {f.name for f in changesets.content_fields(row.content_type.model_class())}


@staff_member_required
def change_set_publish(request, region, plan, pk):
    """Asks first: what publishing does, then publishes the changes the reviewer saw (or refuses, saying why)."""
    change_set = _change_set(request, region, plan, pk, REVIEW_CHANGES)
    if not changesets.may_publish(request.user, change_set):
        raise PermissionDenied
    form = ChangeSetPublishForm(request.POST or None)
    if request.method == "POST" and request.POST.get("confirm") == "1" and form.is_valid():
        try:
            changesets.change_set_publish(change_set=change_set, actor=request.user, seen=form.cleaned_data["seen"])
        except ChangeSetRefused as error:
            messages.error(request, str(error))
            return redirect(_page(change_set))
        messages.success(request, _("The change set was published: the public plan shows it now."))
        return redirect(_page(change_set))
    if change_set.state != ChangeSet.State.IN_REVIEW:
        messages.error(request, _("Only a change set sent for review can be published."))
        return redirect(_page(change_set))
    seen = form.cleaned_data["seen"] if form.is_valid() else request.GET.get("seen", "")
    context = _review_context(request, change_set, seen=seen)
    return render(request, "staff/changes/publish_confirm.html", context)


@staff_member_required
def change_set_discard(request, region, plan, pk):
    change_set = _change_set(request, region, plan, pk, EDIT_PLANS)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        return _act(
            request,
            change_set,
            lambda: changesets.change_set_discard(change_set=change_set, actor=request.user),
            _("The change set was discarded: the public plan stays as it is."),
        )
    if change_set.state not in OPEN:
        return redirect(_page(change_set))
    return render(request, "staff/changes/discard_confirm.html", {"plan": change_set.plan, "change_set": change_set})


@staff_member_required
def change_set_undo(request, region, plan, pk):
    """A published change set is undone by a new one (reviewed and published like any other)."""
    change_set = _change_set(request, region, plan, pk, EDIT_PLANS)
    if request.method != "POST" or change_set.state != ChangeSet.State.PUBLISHED:
        return redirect(_page(change_set))
    undo, left = changesets.change_set_start_undo(published=change_set, actor=request.user)
    messages.success(request, _("A change set that undoes “%(title)s” was started.") % {"title": change_set.title})
    if left:
        messages.warning(
            request,
            _(
                "%(count)s of its fields were changed again since it was published and were left as they are now: "
                "check them."
            )
            % {"count": left},
        )
    return redirect(_page(undo))
