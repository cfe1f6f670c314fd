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
from core.versioning import report_merge, save_merging
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
        # The evidence links are a formset: the report is merged only when the user left them alone.
        result = save_merging(
            form,
            save=lambda form: services.progress_save(
                progress=form.instance,
                expected_version=form.expected_version,
                evidence_projects=form.cleaned_data["evidence_projects"],
                links_to_save=links.save(commit=False),
                links_to_delete=links.deleted_objects,
                actor=request.user,
            ),
            form_kwargs={"activity": activity, "year": year},
            mergeable=not links.has_changed(),
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The progress of %(year)s was saved.") % {"year": year})
            return redirect(_url("progress", plan, year=year) + f"#activity-{activity.pk}")
        form, conflict = result.form, result.conflict
        # The links as the user typed them, now against the saved report.
        links = EvidenceLinkFormSet(request.POST, instance=form.instance, prefix="links")
        links.is_valid()
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
