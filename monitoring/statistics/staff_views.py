"""Staff pages of the statistics part: an indicator's binding to a statistics source, its fetches and values.

Access as for the plans' edit pages: EDIT_PLANS in the plan's region, for GET too (a viewer gets 403).
"""

from copy import copy

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import EDIT_PLANS, staff_member_required
from core.versioning import EditConflict, conflict_summary
from monitoring.models import StatisticsSource
from plans.models import Indicator
from plans.selectors import get_plan_for_staff

from . import services
from .forms import SourceVersionForm, StatisticsSourceForm, comparable
from .selectors import values_with_previous


def _indicator(request, region, plan, indicator):
    plan = get_plan_for_staff(request.user, region_slug=region, plan_slug=plan, roles=EDIT_PLANS)
    indicator = get_object_or_404(
        Indicator.objects.select_related("activity__section__theme"), activity__section__plan=plan, pk=indicator
    )
    indicator.activity.section.plan = plan
    return indicator


def _source(indicator) -> StatisticsSource | None:
    return StatisticsSource.objects.filter(indicator=indicator).first()


def _page_url(indicator) -> str:
    plan = indicator.activity.section.plan
    kwargs = {"region": plan.region.slug, "plan": plan.slug, "indicator": indicator.pk}
    return reverse("monitoring-staff:indicator-source", kwargs=kwargs)


def _form(request, indicator, source, data=None):
    municipalities = indicator.activity.section.plan.region.municipalities.all()
    instance = copy(source) if source is not None else StatisticsSource(indicator=indicator)
    return StatisticsSourceForm(data, instance=instance, indicator=indicator, municipalities=municipalities)


def _conflict(request, indicator, form, source_id):
    """After EditConflict: the user's input in a form of the current version, what differs, and the current source.

    Nothing typed is lost, and a deliberate second save (after reading the other person's change) goes through.
    """
    current = comparable(StatisticsSource.objects.get(pk=source_id))
    summary = conflict_summary(form, current)
    data = request.POST.copy()
    data["version"] = str(current.version)
    fresh = _form(request, indicator, current, data)
    fresh.is_valid()
    messages.error(
        request,
        _(
            "Someone else saved this page after you opened it. Your input has not been saved: it is kept below. "
            "Compare it with their version, then save again to keep yours."
        ),
    )
    return fresh, summary, current


@staff_member_required
def indicator_source(request, region, plan, indicator):
    indicator = _indicator(request, region, plan, indicator)
    source = _source(indicator)
    # A form opened before anyone bound the indicator binds anew: the service finds the other binding (a conflict).
    opened_unbound = request.method == "POST" and request.POST.get("binding") == "new"
    form = _form(request, indicator, None if opened_unbound else source, request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        refetch = form.changes_what_is_fetched()
        try:
            services.source_save(source=form.instance, expected_version=form.expected_version, actor=request.user)
        except EditConflict as error:
            form, conflict, source = _conflict(request, indicator, form, error.current.pk)
        else:
            if refetch:
                messages.success(request, _("The statistics source was saved. Its values are fetched shortly."))
            else:
                messages.success(request, _("The statistics source was saved."))
            return redirect(_page_url(indicator))
    context = {
        "plan": indicator.activity.section.plan,
        "section": indicator.activity.section,
        "activity": indicator.activity,
        "indicator": indicator,
        "source": source,
        "form": form,
        "conflict": conflict,
        "values": values_with_previous(source) if source is not None else [],
    }
    status = 409 if conflict else 200
    return render(request, "monitoring/statistics/source_edit.html", context, status=status)


@staff_member_required
def indicator_source_fetch(request, region, plan, indicator):
    indicator = _indicator(request, region, plan, indicator)
    source = _source(indicator)
    if request.method != "POST":
        pass  # a button's address opened as a page: back to the page, nothing done
    elif source is None:
        messages.error(request, _("The indicator is not bound to a statistics source: save the binding first."))
    elif services.source_fetch_request(source=source):
        messages.success(request, _("The fetch was queued: reload this page in a minute to see the result."))
    else:
        messages.warning(
            request,
            _("The task queue is not available right now: the source will be fetched by the next scheduled fetch."),
        )
    return redirect(_page_url(indicator))


@staff_member_required
def indicator_source_remove(request, region, plan, indicator):
    indicator = _indicator(request, region, plan, indicator)
    source = _source(indicator)
    form = SourceVersionForm(request.POST)
    if request.method != "POST":
        pass  # a button's address opened as a page: back to the page, nothing done
    elif source is None:
        messages.info(request, _("The indicator was not bound to a statistics source."))
    elif not form.is_valid():
        messages.error(request, _("The page was incomplete. Reload it and try again."))
    else:
        try:
            services.source_remove(source=source, expected_version=form.cleaned_data["version"], actor=request.user)
        except EditConflict:
            messages.error(
                request, _("Someone else changed the binding meanwhile; nothing was removed. Check it and try again.")
            )
        else:
            messages.success(
                request, _("The binding was removed: the values typed on the indicator's page count again.")
            )
    return redirect(_page_url(indicator))
