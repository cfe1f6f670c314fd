"""The annual clock in the staff workspace: a region's recurring tasks, for its editors (EDIT_PLANS) only."""

from copy import copy

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.access import EDIT_PLANS, get_region_for_staff, staff_member_required
from core.versioning import report_merge, save_merging

from ..models import ClockTask
from . import services
from .forms import ClockTaskForm
from .selectors import clock_months, clock_tasks


def _region(request, region):
    return get_region_for_staff(request.user, region_slug=region, roles=EDIT_PLANS)


def _task(request, region, pk):
    region = _region(request, region)
    task = get_object_or_404(ClockTask, region=region, pk=pk)
    task.region = region
    return task


def _list_url(region):
    return redirect("monitoring-staff:clock", region=region.slug)


@staff_member_required
def clock(request, region):
    region = _region(request, region)
    tasks = clock_tasks(region)
    clock_months(tasks)  # each task's date or month, in the interface language
    context = {"region": region, "tasks": tasks}
    return render(request, "monitoring/clock/staff_clock.html", context)


def _form_page(request, region, task, form, conflict=None):
    context = {"region": region, "task": task, "form": form, "conflict": conflict}
    return render(request, "monitoring/clock/staff_task_form.html", context, status=409 if conflict else 200)


@staff_member_required
def task_create(request, region):
    region = _region(request, region)
    form = ClockTaskForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        services.clock_task_save(task=form.instance, expected_version=1, actor=request.user)
        messages.success(request, _("The task was added to the annual clock."))
        return _list_url(region)
    return _form_page(request, region, None, form)


@staff_member_required
def task_edit(request, region, pk):
    task = _task(request, region, pk)
    form = ClockTaskForm(request.POST or None, instance=copy(task), region=task.region)
    conflict = None
    if request.method == "POST" and form.is_valid():
        result = save_merging(
            form,
            save=lambda form: services.clock_task_save(
                task=form.instance, expected_version=form.expected_version, actor=request.user
            ),
            form_kwargs={"region": task.region},
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The task was saved."))
            return _list_url(task.region)
        form, conflict = result.form, result.conflict
    return _form_page(request, task.region, task, form, conflict)


@staff_member_required
def task_delete(request, region, pk):
    task = _task(request, region, pk)
    if request.method == "POST":
        services.clock_task_delete(task=task, actor=request.user)
        messages.success(request, _("The task “%(title)s” was deleted.") % {"title": task.title})
        return _list_url(task.region)
    return render(request, "monitoring/clock/staff_task_delete.html", {"region": task.region, "task": task})
