"""The staff workspace for plans: a region's plans, editing plans, sections, activities and indicators.

Access: any role of the region may open the region's workspace; every edit page (GET too) needs EDIT_PLANS in the
plan's region: a viewer, moderator or project editor gets 403 (tests/staff/matrix_plans.py lists them all).
Views are thin: fetch with the permission check, validate a form, call one service in plans/services.py.
"""

from copy import copy
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.access import (
    ANY_ROLE,
    CHANGE_SETS,
    EDIT_PLANS,
    get_region_for_staff,
    has_role,
    roles_in,
    staff_member_required,
)
from core.models import Organisation
from core.versioning import EditConflict, report_merge, save_merging
from documents.models import Document
from documents.rendering import plan_documents_refresh
from documents.views import RETRY_SECONDS, reload_after

from . import services
from .forms import (
    PLAN_STEPS,
    SECTION_STEPS,
    ActivityForm,
    EditorStep,
    IndicatorForm,
    IndicatorValueFormSet,
    MilestoneFormSet,
    OrganisationForm,
    PlanForm,
    ReorderForm,
    SectionForm,
    StatusForm,
    StrategyDocumentForm,
)
from .models import Activity, ChangeSet, CooperationPlan, Indicator, ThemeSection
from .selectors import (
    INDICATOR_STATISTICS,
    PROGRESS,
    activities_with_parts,
    get_plan_for_staff,
    open_windows_of_plan,
)

# --- Fetch + permission in one place ------------------------------------------------------------------------------


class PlanNotEditable(Exception):
    """The edit cannot be made here: the plan is public (its edits go into a change set), or it is the working copy
    of a change set that is no longer open (sent for review, published or discarded)."""

    def __init__(self, plan, change_set=None):
        super().__init__(plan)
        self.plan, self.change_set = plan, change_set


def _plan(request, region, plan, *, editing=True):
    plan = get_plan_for_staff(request.user, region_slug=region, plan_slug=plan, roles=EDIT_PLANS)
    if editing:
        if plan.edited_through_change_sets:
            raise PlanNotEditable(plan)
        if plan.working_copy_of_id is not None:
            change_set = ChangeSet.objects.select_related("plan__region").get(working_copy=plan)
            if not change_set.editable:
                raise PlanNotEditable(plan, change_set)
    return plan


# POST keys that are the form's bookkeeping, not what the user typed.
NOT_TYPED = ("csrfmiddlewaretoken", "version", "confirm")


def _not_editable(request, refused: PlanNotEditable):
    """Where an edit that cannot be made here goes: a GET to the change sets, a POST to a page that keeps what the
    user typed (to copy into a change set) and says why it was not saved."""
    change_set = refused.change_set
    if change_set is not None:
        where = reverse(
            "plans-staff:change-set",
            kwargs={"region": change_set.plan.region.slug, "plan": change_set.plan.slug, "pk": change_set.pk},
        )
        reason = _("The change set “%(title)s” is “%(state)s”: it can no longer be edited.") % {
            "title": change_set.title,
            "state": change_set.get_state_display(),
        }
    else:
        where = _url("change-sets", refused.plan)
        reason = _(
            "This plan is public: its edits go into a change set, which a reviewer publishes. Start a change set or "
            "continue one."
        )
    if request.method != "POST":
        messages.info(request, reason)
        return redirect(where)
    typed = [
        (name, value)
        for name, values in request.POST.lists()
        for value in values
        if value.strip() and name not in NOT_TYPED and not name.startswith("initial-") and not name.endswith("_FORMS")
    ]
    context = {"plan": refused.plan, "reason": reason, "where": where, "typed": typed}
    return render(request, "staff/changes/not_editable.html", context, status=409)


def edits_content(view):
    """For the views that edit a plan's content: a public plan or a closed change set refuses the edit."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PlanNotEditable as refused:
            return _not_editable(request, refused)

    return wrapper


def _section(request, region, plan, section, *, editing=True):
    plan = _plan(request, region, plan, editing=editing)
    section = get_object_or_404(
        ThemeSection.objects.select_related("theme", "lead_organisation"), plan=plan, pk=section
    )
    section.plan = plan
    return section


def _activity(request, region, plan, activity):
    plan = _plan(request, region, plan)
    activity = get_object_or_404(Activity.objects.select_related("section__theme"), section__plan=plan, pk=activity)
    activity.section.plan = plan
    return activity


def _indicator(request, region, plan, indicator):
    plan = _plan(request, region, plan)
    indicator = get_object_or_404(
        Indicator.objects.select_related("activity__section__theme"), activity__section__plan=plan, pk=indicator
    )
    indicator.activity.section.plan = plan
    return indicator


# --- Region workspace ---------------------------------------------------------------------------------------------


@staff_member_required
def region(request, region):
    region = get_region_for_staff(request.user, region_slug=region, roles=ANY_ROLE)
    plans = (
        CooperationPlan.objects.originals()
        .filter(region=region)
        .select_related("region", "lead_organisation", "status_changed_by")
        .annotate(
            section_count=Count("sections", filter=Q(sections__archived_at__isnull=True), distinct=True),
            activity_count=Count(
                "sections__activities", filter=Q(sections__activities__archived_at__isnull=True), distinct=True
            ),
        )
    )
    roles = roles_in(request.user, region)
    context = {
        "region": region,
        "plans": plans,
        "can_edit": bool(roles & EDIT_PLANS),
        "can_change": bool(roles & CHANGE_SETS),
    }
    return render(request, "staff/plans/region.html", context)


# --- Plans --------------------------------------------------------------------------------------------------------


@staff_member_required
def plan_create(request, region):
    region = get_region_for_staff(request.user, region_slug=region, roles=EDIT_PLANS)
    form = PlanForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(
            plan=form.instance, basis_documents=form.cleaned_data["basis_documents"], actor=request.user
        )
        messages.success(request, _("The plan was created as a draft."))
        return redirect("plans-staff:plan-edit", region=region.slug, plan=plan.slug)
    return render(request, "staff/plans/plan_create.html", {"region": region, "form": form})


def _step(request, steps):
    """The editor step asked for (?step=); the first one when none or an unknown one is asked for."""
    wanted = request.GET.get("step")
    return next((step for step in steps if step.slug == wanted), steps[0])


def _step_url(url, step):
    return f"{url}?{urlencode({'step': step.slug})}" if step.slug else url


# A POST without ?step= saves the whole plan at once, as the editor did before it had steps (a tab opened before
# then, a script): every field and the milestones.
WHOLE_PLAN = EditorStep("", "", tuple(PlanForm.Meta.fields), formset=True)
WHOLE_SECTION = EditorStep("", "", tuple(SectionForm.Meta.fields))


def _posted_step(request, steps, whole):
    return whole if request.method == "POST" and "step" not in request.GET else _step(request, steps)


@staff_member_required
@edits_content
def plan_edit(request, region, plan):
    """The plan editor in steps (PLAN_STEPS): each a page with a form of only its fields and its own Save. The
    plan's version guards every step; a step's save merges per field with what others saved meanwhile, except
    the milestones step when the user changed them (formset rows are not merged)."""
    plan = _plan(request, region, plan)
    posted = request.method == "POST"
    step = _posted_step(request, PLAN_STEPS, WHOLE_PLAN)
    data = request.POST if posted and step.fields is not None else None
    form = milestones = conflict = None
    if step.fields is not None:
        form = PlanForm(data, instance=copy(plan), region=plan.region, only=step.fields)
    if step.formset:
        milestones = MilestoneFormSet(data, instance=plan, prefix="milestones")
    if data is not None and form.is_valid() and (milestones is None or milestones.is_valid()):
        result = save_merging(
            form,
            save=lambda form: services.plan_update(
                plan=form.instance,
                expected_version=form.expected_version,
                basis_documents=form.cleaned_data.get("basis_documents") if "basis_documents" in form.fields else None,
                milestones_to_save=milestones.save(commit=False) if milestones else (),
                milestones_to_delete=milestones.deleted_objects if milestones else (),
                actor=request.user,
            ),
            reload=lambda pk: CooperationPlan.objects.select_related("region").get(pk=pk),
            form_kwargs={"region": plan.region, "only": step.fields},
            mergeable=milestones is None or not milestones.has_changed(),
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The plan was saved."))
            return redirect(_step_url(_url("plan-edit", result.form.instance), step))
        form, conflict = result.form, result.conflict
        plan.version = form.instance.version  # the workflow buttons act on the current version
    sections = None
    if step.slug == "sections":
        sections = plan.sections.select_related("theme").annotate(
            activity_count=Count("activities", filter=Q(activities__archived_at__isnull=True))
        )
    context = {
        "plan": plan,
        "steps": PLAN_STEPS,
        "step": step,
        "form": form,
        "milestones": milestones,
        "sections": sections,
        "conflict": conflict,
        "transitions": []
        if plan.working_copy_of_id
        else [CooperationPlan.Status(status) for status in services.allowed_transitions(plan)],
    }
    return render(request, "staff/plans/plan_edit.html", context, status=409 if conflict else 200)


def _status_consequences():
    """What moving a plan to each status means, said before the editor confirms it."""
    Status = CooperationPlan.Status
    return {
        Status.CONSULTATION: _(
            "The plan becomes public: visitors see it and its PDFs are rendered again. Publishing by itself announces"
            " nothing and opens no consultation window."
        ),
        Status.ADOPTED: _("The plan is marked as decided: visitors see it as the adopted plan."),
        Status.DRAFT: _("The plan is hidden from the public again until it is published."),
        Status.ARCHIVED: _("The plan is kept as it is and can no longer be moved along the workflow."),
    }


@staff_member_required
def plan_status(request, region, plan):
    plan = _plan(request, region, plan, editing=False)
    if plan.working_copy_of_id is not None:
        raise Http404("A working copy never leaves draft: its change set is published instead")
    # A GET with ?status= shows the same confirmation as the workflow buttons' first POST (safe, changes nothing).
    data = None
    if request.method == "POST":
        data = request.POST
    elif "status" in request.GET:
        data = {"status": request.GET["status"], "version": plan.version}
    form = StatusForm(data, initial={"version": plan.version})
    if data is not None and form.is_valid():
        status = form.cleaned_data["status"]
        if status not in services.allowed_transitions(plan):
            # Refused before anything is asked; the service words the reason.
            try:
                services.plan_set_status(plan=plan, status=status, expected_version=plan.version, actor=request.user)
            except services.TransitionNotAllowed as error:
                messages.error(request, str(error))
            return redirect("plans-staff:plan-edit", region=plan.region.slug, plan=plan.slug)
        if request.method == "POST" and request.POST.get("confirm") == "1":
            try:
                services.plan_set_status(
                    plan=plan, status=status, expected_version=form.cleaned_data["version"], actor=request.user
                )
            except EditConflict:
                messages.error(
                    request, _("Someone else changed the plan meanwhile; nothing was changed. Check it and try again.")
                )
            else:
                messages.success(request, _("The plan is now “%(status)s”.") % {"status": plan.get_status_display()})
            return redirect("plans-staff:plan-edit", region=plan.region.slug, plan=plan.slug)
        context = {
            "plan": plan,
            "target": CooperationPlan.Status(status),
            "version": form.cleaned_data["version"],
            "consequence": _status_consequences()[status],
        }
        return render(request, "staff/plans/plan_status_confirm.html", context)
    context = {
        "plan": plan,
        "form": form,
        "transitions": [CooperationPlan.Status(status) for status in services.allowed_transitions(plan)],
    }
    return render(request, "staff/plans/plan_status.html", context, status=400 if form.is_bound else 200)


# --- Theme sections -----------------------------------------------------------------------------------------------


def _section_page(request, plan, section, form, conflict=None, step=None):
    """The section editor: a new section is one form; a saved one is edited in steps (SECTION_STEPS)."""
    activities = []
    if step is not None and step.slug == "activities":
        activities = section.activities.select_related("responsible_organisation")
    context = {
        "plan": plan,
        "section": section,
        "form": form,
        "conflict": conflict,
        "activities": activities,
        "steps": SECTION_STEPS if section.pk else (),
        "step": step,
    }
    return render(request, "staff/plans/section_edit.html", context, status=409 if conflict else 200)


@staff_member_required
@edits_content
def section_create(request, region, plan):
    plan = _plan(request, region, plan)
    form = SectionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        section = services.section_save(section=form.instance, expected_version=1, actor=request.user)
        messages.success(request, _("The theme section was added."))
        return redirect("plans-staff:section-edit", region=plan.region.slug, plan=plan.slug, section=section.pk)
    return _section_page(request, plan, ThemeSection(plan=plan), form)


@staff_member_required
@edits_content
def section_edit(request, region, plan, section):
    section = _section(request, region, plan, section)
    plan = section.plan
    step = _posted_step(request, SECTION_STEPS, WHOLE_SECTION)
    form = conflict = None
    if step.fields is not None:
        data = request.POST if request.method == "POST" else None
        form = SectionForm(data, instance=copy(section), plan=plan, only=step.fields)
    if form is not None and form.is_bound and form.is_valid():
        result = save_merging(
            form,
            save=lambda form: services.section_save(
                section=form.instance, expected_version=form.expected_version, actor=request.user
            ),
            form_kwargs={"plan": plan, "only": step.fields},
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The theme section was saved."))
            return redirect(_step_url(_url("section-edit", plan, section=section.pk), step))
        form, conflict = result.form, result.conflict
    return _section_page(request, plan, section, form, conflict, step)


@staff_member_required
def section_preview(request, region, plan, section):
    """The public section page as it will look: with the unsaved form data (POST) or the saved draft (GET)."""
    section = _section(request, region, plan, section, editing=False)
    plan = section.plan
    if request.method == "POST":
        # The fields of the editor step the preview button was in (?step=), or all of them.
        step = _posted_step(request, SECTION_STEPS, WHOLE_SECTION)
        form = SectionForm(request.POST, instance=copy(section), plan=plan, only=step.fields or ())
        if not form.is_valid():
            return _section_page(request, plan, section, form, step=step)
        section = form.instance
    activities = list(
        activities_with_parts()
        .prefetch_related(*PROGRESS, *INDICATOR_STATISTICS)
        .filter(section_id=section.pk, archived_at__isnull=True)
    )
    context = {
        "preview": True,
        "plan": plan,
        "section": section,
        "activities": activities,
        "indicators": [indicator for activity in activities for indicator in activity.indicators.all()],
        "projects": [],
        "siblings": plan.sections.filter(archived_at__isnull=True).select_related("theme"),
        "open_windows": open_windows_of_plan(plan),
    }
    return render(request, "staff/plans/section_preview.html", context)


def _archive(request, obj, plan, back_url):
    if request.method == "POST":
        restore = request.POST.get("restore") == "1"
        services.content_archive(obj=obj, actor=request.user, restore=restore)
        if restore:
            messages.success(request, _("“%(title)s” is shown on the public pages again.") % {"title": obj.title})
        else:
            messages.success(
                request, _("“%(title)s” was archived: it is kept but no longer public.") % {"title": obj.title}
            )
        return redirect(back_url)
    return render(request, "staff/plans/archive_confirm.html", {"plan": plan, "obj": obj, "back_url": back_url})


@staff_member_required
@edits_content
def section_archive(request, region, plan, section):
    section = _section(request, region, plan, section)
    back = section.plan
    return _archive(request, section, back, _url("plan-edit", back) + "?step=sections")


def _url(name, plan, **kwargs):
    return reverse(f"plans-staff:{name}", kwargs={"region": plan.region.slug, "plan": plan.slug, **kwargs})


def _reorder(request, items, back_url):
    if request.method != "POST":
        return redirect(back_url)
    form = ReorderForm(request.POST)
    if form.is_valid():
        items = list(items)
        ordered = services.move_in_order(items, pk=form.cleaned_data["item"], direction=form.cleaned_data["direction"])
        services.items_reorder(items=items, ordered_ids=ordered, actor=request.user)
        messages.success(request, _("The order was saved."))
    else:
        messages.error(request, _("The order could not be changed. Reload the page and try again."))
    return redirect(back_url)


@staff_member_required
@edits_content
def section_reorder(request, region, plan):
    plan = _plan(request, region, plan)
    for_plan = plan.sections.all()
    back = _url("plan-edit", plan) + "?step=sections#sections"
    return _reorder(request, [_with_plan(section, plan) for section in for_plan], back)


def _with_plan(section, plan):
    section.plan = plan
    return section


# --- Activities ---------------------------------------------------------------------------------------------------


def _activity_page(request, section, activity, form, conflict=None):
    indicators = activity.indicators.all() if activity.pk else []
    context = {
        "plan": section.plan,
        "section": section,
        "activity": activity,
        "form": form,
        "conflict": conflict,
        "indicators": indicators,
    }
    return render(request, "staff/plans/activity_edit.html", context, status=409 if conflict else 200)


def _activity_kwargs(form):
    return {
        "partner_organisations": form.cleaned_data["partner_organisations"],
        "municipalities": form.cleaned_data["municipalities"],
    }


@staff_member_required
@edits_content
def activity_create(request, region, plan, section):
    section = _section(request, region, plan, section)
    form = ActivityForm(request.POST or None, section=section)
    if request.method == "POST" and form.is_valid():
        activity = services.activity_save(
            activity=form.instance, expected_version=1, actor=request.user, **_activity_kwargs(form)
        )
        messages.success(request, _("The activity was added."))
        return redirect(_url("activity-edit", section.plan, activity=activity.pk))
    return _activity_page(request, section, Activity(section=section), form)


@staff_member_required
@edits_content
def activity_edit(request, region, plan, activity):
    activity = _activity(request, region, plan, activity)
    section = activity.section
    form = ActivityForm(request.POST or None, instance=copy(activity), section=section)
    conflict = None
    if request.method == "POST" and form.is_valid():
        result = save_merging(
            form,
            save=lambda form: services.activity_save(
                activity=form.instance,
                expected_version=form.expected_version,
                actor=request.user,
                **_activity_kwargs(form),
            ),
            form_kwargs={"section": section},
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The activity was saved."))
            return redirect(_url("activity-edit", section.plan, activity=activity.pk))
        form, conflict = result.form, result.conflict
    return _activity_page(request, section, activity, form, conflict)


@staff_member_required
@edits_content
def activity_archive(request, region, plan, activity):
    activity = _activity(request, region, plan, activity)
    section = activity.section
    back = _url("section-edit", section.plan, section=section.pk) + "?step=activities"
    return _archive(request, activity, section.plan, back)


@staff_member_required
@edits_content
def activity_reorder(request, region, plan, section):
    section = _section(request, region, plan, section)
    activities = list(section.activities.all())
    for activity in activities:
        activity.section = section
    back = _url("section-edit", section.plan, section=section.pk) + "?step=activities#activities"
    return _reorder(request, activities, back)


# --- Indicators ---------------------------------------------------------------------------------------------------


def _indicator_page(request, activity, indicator, form, values, conflict=None):
    context = {
        "plan": activity.section.plan,
        "section": activity.section,
        "activity": activity,
        "indicator": indicator,
        "form": form,
        "values": values,
        "conflict": conflict,
    }
    return render(request, "staff/plans/indicator_edit.html", context, status=409 if conflict else 200)


def _indicator_save(request, form, values, activity):
    return services.indicator_save(
        indicator=form.instance,
        expected_version=form.expected_version,
        values_to_save=values.save(commit=False),
        values_to_delete=values.deleted_objects,
        actor=request.user,
    )


@staff_member_required
@edits_content
def indicator_create(request, region, plan, activity):
    activity = _activity(request, region, plan, activity)
    form = IndicatorForm(request.POST or None, activity=activity)
    values = IndicatorValueFormSet(request.POST or None, instance=form.instance, prefix="values")
    if request.method == "POST" and form.is_valid() and values.is_valid():
        indicator = _indicator_save(request, form, values, activity)
        messages.success(request, _("The indicator was added."))
        return redirect(_url("indicator-edit", activity.section.plan, indicator=indicator.pk))
    return _indicator_page(request, activity, Indicator(activity=activity), form, values)


@staff_member_required
@edits_content
def indicator_edit(request, region, plan, indicator):
    indicator = _indicator(request, region, plan, indicator)
    activity = indicator.activity
    form = IndicatorForm(request.POST or None, instance=copy(indicator), activity=activity)
    values = IndicatorValueFormSet(request.POST or None, instance=indicator, prefix="values")
    conflict = None
    if request.method == "POST" and form.is_valid() and values.is_valid():
        # The yearly values are a formset: merged only when the user left them alone (then none are saved).
        result = save_merging(
            form,
            save=lambda form: _indicator_save(request, form, values, activity),
            form_kwargs={"activity": activity},
            mergeable=not values.has_changed(),
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The indicator was saved."))
            return redirect(_url("indicator-edit", activity.section.plan, indicator=indicator.pk))
        form, conflict = result.form, result.conflict
    return _indicator_page(request, activity, indicator, form, values, conflict)


# --- Organisations and strategy documents -------------------------------------------------------------------------
# A plan needs a lead organisation, activities responsible and partner organisations, a plan its basis documents:
# an editor adds them here without the admin. National and foreign organisations (no region) are the superusers'.


def _safe_next(request) -> str | None:
    """The local page the user came from (?next=, kept through the form), or None for anything else."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _organisation(request, region, slug):
    region = get_region_for_staff(request.user, region_slug=region, roles=EDIT_PLANS)
    organisation = get_object_or_404(Organisation.objects.select_related("region", "municipality"), slug=slug)
    # National and foreign ones (no region) are shared by every region: only a superuser changes them. Another
    # region's organisation is that region's business, whatever roles the user holds there.
    national = organisation.region_id is None
    if organisation.region_id != region.pk and not (national and request.user.is_superuser):
        raise PermissionDenied
    return region, organisation


@staff_member_required
def organisations(request, region):
    region = get_region_for_staff(request.user, region_slug=region, roles=ANY_ROLE)
    context = {
        "region": region,
        "organisations": Organisation.objects.filter(region=region).select_related("municipality"),
        "can_edit": has_role(request.user, region, EDIT_PLANS),
    }
    return render(request, "staff/plans/organisation_list.html", context)


@staff_member_required
def organisation_create(request, region):
    region = get_region_for_staff(request.user, region_slug=region, roles=EDIT_PLANS)
    form = OrganisationForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(organisation=form.instance, actor=request.user)
        messages.success(request, _("The organisation “%(name)s” was added.") % {"name": organisation.name})
        return redirect(_safe_next(request) or reverse("plans-staff:organisations", kwargs={"region": region.slug}))
    context = {"region": region, "form": form, "organisation": None, "next": _safe_next(request)}
    return render(request, "staff/plans/organisation_form.html", context)


@staff_member_required
def organisation_edit(request, region, slug):
    region, organisation = _organisation(request, region, slug)
    form = OrganisationForm(request.POST or None, instance=copy(organisation), region=region)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(organisation=form.instance, actor=request.user)
        messages.success(request, _("The organisation was saved."))
        return redirect(_safe_next(request) or reverse("plans-staff:organisations", kwargs={"region": region.slug}))
    context = {"region": region, "form": form, "organisation": organisation, "next": _safe_next(request)}
    return render(request, "staff/plans/organisation_form.html", context)


@staff_member_required
def strategy_document_create(request, region):
    region = get_region_for_staff(request.user, region_slug=region, roles=EDIT_PLANS)
    form = StrategyDocumentForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        document = services.strategy_document_create(document=form.instance, actor=request.user)
        messages.success(request, _("The strategy document “%(title)s” was added.") % {"title": document.title})
        return redirect(_safe_next(request) or reverse("plans-staff:region", kwargs={"region": region.slug}))
    context = {"region": region, "form": form, "next": _safe_next(request)}
    return render(request, "staff/plans/strategy_document_form.html", context)


@staff_member_required
def staff_documents(request, region, plan):
    """Every PDF of a plan with its state (any role of the region), and a button that renders what changed,
    failed or is stuck rendering (editors)."""
    roles = EDIT_PLANS if request.method == "POST" else ANY_ROLE
    plan = get_plan_for_staff(request.user, region_slug=region, plan_slug=plan, roles=roles)
    if request.method == "POST":
        # Forced: a render left "rendering" (its worker killed) is taken over at once, not after its lease.
        documents = plan_documents_refresh(plan=plan, force=True)
        queued = sum(document.state != Document.State.READY for document in documents)
        messages.success(
            request,
            ngettext(
                "%(count)s document is being rendered; the others are up to date.",
                "%(count)s documents are being rendered; the others are up to date.",
                queued,
            )
            % {"count": queued},
        )
        return redirect("plans-staff:documents", region=plan.region.slug, plan=plan.slug)
    documents = list(
        plan.documents.select_related("section__theme").order_by("kind", "section__position", "-created_at")
    )
    busy = [document for document in documents if document.state in {Document.State.QUEUED, Document.State.RENDERING}]
    context = {
        "plan": plan,
        "documents": documents,
        "busy": len(busy),
        "ready": sum(document.state == Document.State.READY for document in documents),
    }
    response = render(request, "staff/plan_documents.html", context)
    if busy:
        reload_after(response, RETRY_SECONDS)
    return response
