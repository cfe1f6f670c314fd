"""The staff workspace for plans: a region's plans, editing plans, sections, activities and indicators.

Access: any role of the region may open the region's workspace; every edit page (GET too) needs EDIT_PLANS in the
plan's region: a viewer, moderator or project editor gets 403 (tests/staff/matrix_plans.py lists them all).
Views are thin: fetch with the permission check, validate a form, call one service in plans/services.py.
"""

from copy import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.access import ANY_ROLE, EDIT_PLANS, get_region_for_staff, has_role, staff_member_required
from core.models import Organisation
from core.versioning import EditConflict, report_merge, save_merging
from documents.models import Document
from documents.rendering import plan_documents_refresh
from documents.views import RETRY_SECONDS, reload_after

from . import services
from .forms import (
    ActivityForm,
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
from .models import Activity, CooperationPlan, Indicator, ThemeSection
from .selectors import (
    INDICATOR_STATISTICS,
    PROGRESS,
    activities_with_parts,
    get_plan_for_staff,
    open_windows_of_plan,
)

# --- Fetch + permission in one place ------------------------------------------------------------------------------


def _plan(request, region, plan):
    return get_plan_for_staff(request.user, region_slug=region, plan_slug=plan, roles=EDIT_PLANS)


def _section(request, region, plan, section):
    plan = _plan(request, region, plan)
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
        CooperationPlan.objects.filter(region=region)
        .select_related("region", "lead_organisation", "status_changed_by")
        .annotate(
            section_count=Count("sections", filter=Q(sections__archived_at__isnull=True), distinct=True),
            activity_count=Count(
                "sections__activities", filter=Q(sections__activities__archived_at__isnull=True), distinct=True
            ),
        )
    )
    context = {"region": region, "plans": plans, "can_edit": has_role(request.user, region, EDIT_PLANS)}
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


@staff_member_required
def plan_edit(request, region, plan):
    plan = _plan(request, region, plan)
    form = PlanForm(request.POST or None, instance=copy(plan), region=plan.region)
    milestones = MilestoneFormSet(request.POST or None, instance=plan, prefix="milestones")
    conflict = None
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        # Milestones are a formset: the plan is merged only when the user left them alone (then none are saved).
        result = save_merging(
            form,
            save=lambda form: services.plan_update(
                plan=form.instance,
                expected_version=form.expected_version,
                basis_documents=form.cleaned_data["basis_documents"],
                milestones_to_save=milestones.save(commit=False),
                milestones_to_delete=milestones.deleted_objects,
                actor=request.user,
            ),
            reload=lambda pk: CooperationPlan.objects.select_related("region").get(pk=pk),
            form_kwargs={"region": plan.region},
            mergeable=not milestones.has_changed(),
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The plan was saved."))
            return redirect("plans-staff:plan-edit", region=plan.region.slug, plan=result.form.instance.slug)
        form, conflict = result.form, result.conflict
        plan.version = form.instance.version  # the workflow buttons act on the current version
    sections = plan.sections.select_related("theme").annotate(
        activity_count=Count("activities", filter=Q(activities__archived_at__isnull=True))
    )
    context = {
        "plan": plan,
        "form": form,
        "milestones": milestones,
        "sections": sections,
        "conflict": conflict,
        "transitions": [CooperationPlan.Status(status) for status in services.allowed_transitions(plan)],
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
    plan = _plan(request, region, plan)
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


def _section_page(request, plan, section, form, conflict=None):
    activities = section.activities.select_related("responsible_organisation") if section.pk else []
    context = {"plan": plan, "section": section, "form": form, "conflict": conflict, "activities": activities}
    return render(request, "staff/plans/section_edit.html", context, status=409 if conflict else 200)


@staff_member_required
def section_create(request, region, plan):
    plan = _plan(request, region, plan)
    form = SectionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        section = services.section_save(section=form.instance, expected_version=1, actor=request.user)
        messages.success(request, _("The theme section was added."))
        return redirect("plans-staff:section-edit", region=plan.region.slug, plan=plan.slug, section=section.pk)
    return _section_page(request, plan, ThemeSection(plan=plan), form)


@staff_member_required
def section_edit(request, region, plan, section):
    section = _section(request, region, plan, section)
    plan = section.plan
    form = SectionForm(request.POST or None, instance=copy(section), plan=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        result = save_merging(
            form,
            save=lambda form: services.section_save(
                section=form.instance, expected_version=form.expected_version, actor=request.user
            ),
            form_kwargs={"plan": plan},
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The theme section was saved."))
            return redirect("plans-staff:section-edit", region=plan.region.slug, plan=plan.slug, section=section.pk)
        form, conflict = result.form, result.conflict
    return _section_page(request, plan, section, form, conflict)


@staff_member_required
def section_preview(request, region, plan, section):
    """The public section page as it will look: with the unsaved form data (POST) or the saved draft (GET)."""
    section = _section(request, region, plan, section)
    plan = section.plan
    if request.method == "POST":
        form = SectionForm(request.POST, instance=copy(section), plan=plan)
        if not form.is_valid():
            return _section_page(request, plan, section, form)
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
def section_archive(request, region, plan, section):
    section = _section(request, region, plan, section)
    back = section.plan
    return _archive(request, section, back, _url("plan-edit", back))


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
def section_reorder(request, region, plan):
    plan = _plan(request, region, plan)
    for_plan = plan.sections.all()
    return _reorder(request, [_with_plan(section, plan) for section in for_plan], _url("plan-edit", plan) + "#sections")


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
def activity_archive(request, region, plan, activity):
    activity = _activity(request, region, plan, activity)
    section = activity.section
    return _archive(request, activity, section.plan, _url("section-edit", section.plan, section=section.pk))


@staff_member_required
def activity_reorder(request, region, plan, section):
    section = _section(request, region, plan, section)
    activities = list(section.activities.all())
    for activity in activities:
        activity.section = section
    back = _url("section-edit", section.plan, section=section.pk) + "#activities"
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
