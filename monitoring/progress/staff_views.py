"""Recording progress in the staff workspace: a plan's year at a glance, and the report of one activity in one year.

Access: editors of the plan's region and progress reporters of it open the plan's progress pages; each activity
is reported on by an editor of its region or a reporter of its responsible organisation (core.access
may_report_progress), anyone else gets 403. A year outside the plan's period is a 404.
"""

from copy import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import REPORT_PROGRESS, may_report_progress, staff_member_required
from core.versioning import EditConflict, conflict_summary
from plans.selectors import get_plan_for_staff

from ..models import ActivityProgress
from . import services
from .forms import EvidenceLinkFormSet, ProgressForm
from .selectors import activities_to_report, check_year, default_year, get_activity_of_plan, plan_years


def _plan(request, region, plan):
    return get_plan_for_staff(request.user, region_slug=region, plan_slug=plan, roles=REPORT_PROGRESS)


def _url(name, plan, **kwargs):
    return reverse(f"monitoring-staff:{name}", kwargs={"region": plan.region.slug, "plan": plan.slug, **kwargs})


@staff_member_required
def progress_start(request, region, plan):
    """The plan's progress in the year reported on now."""
    plan = _plan(request, region, plan)
    return redirect(_url("progress", plan, year=default_year(plan)))


@staff_member_required
def progress_overview(request, region, plan, year):
    plan = _plan(request, region, plan)
    year = check_year(plan, year)
    activities = activities_to_report(request.user, plan, year)
    for activity in activities:
        activity.report = activity.year_progress[0] if activity.year_progress else None
    reported = sum(activity.report is not None for activity in activities)
    context = {
        "plan": plan,
        "year": year,
        "years": plan_years(plan),
        "activities": activities,
        "reported": reported,
    }
    return render(request, "monitoring/progress/overview.html", context)


def _conflict(request, form, formset, current, activity, year):
    """After EditConflict: the user's input in forms that now carry the current version, and what differs."""
    summary = conflict_summary(form, current)
    data = request.POST.copy()
    data[form.add_prefix("version")] = str(current.version)
    fresh = ProgressForm(data, instance=current, activity=activity, year=year)
    fresh.is_valid()
    links = EvidenceLinkFormSet(data, instance=current, prefix="links")
    links.is_valid()
    messages.error(
        request,
        _(
            "Someone else saved this report after you opened it. Your input has not been saved: it is kept below. "
            "Compare it with their version, then save again to keep yours."
        ),
    )
    return fresh, links, summary


@staff_member_required
def progress_edit(request, region, plan, activity, year):
    plan = _plan(request, region, plan)
    year = check_year(plan, year)
    activity = get_activity_of_plan(plan, activity)
    if not may_report_progress(request.user, activity):
        raise PermissionDenied
    progress = ActivityProgress.objects.filter(activity=activity, year=year).first() or ActivityProgress()
    # A copy: validating the form writes the input onto its instance, and the page shows the saved report too.
    form = ProgressForm(request.POST or None, instance=copy(progress), activity=activity, year=year)
    links = EvidenceLinkFormSet(request.POST or None, instance=progress, prefix="links")
    conflict = None
    if request.method == "POST" and form.is_valid() and links.is_valid():
        try:
            services.progress_save(
                progress=form.instance,
                expected_version=form.expected_version,
                evidence_projects=form.cleaned_data["evidence_projects"],
                links_to_save=links.save(commit=False),
                links_to_delete=links.deleted_objects,
                actor=request.user,
            )
        except EditConflict as error:
            current = ActivityProgress.objects.prefetch_related("evidence_projects").get(pk=error.current.pk)
            form, links, conflict = _conflict(request, form, links, current, activity, year)
        else:
            messages.success(request, _("The progress of %(year)s was saved.") % {"year": year})
            return redirect(_url("progress", plan, year=year) + f"#activity-{activity.pk}")
    context = {
        "plan": plan,
        "section": activity.section,
        "activity": activity,
        "year": year,
        "years": plan_years(plan),
        "progress": progress if progress.pk else None,
        "form": form,
        "links": links,
        "conflict": conflict,
    }
    return render(request, "monitoring/progress/progress_edit.html", context, status=409 if conflict else 200)
