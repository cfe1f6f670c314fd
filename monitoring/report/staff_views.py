"""The staff's summaries of a plan's year for the annual report: one page, one form per theme section.

Editors of the plan's region only (GET too, as every edit page of plans); each summary is saved only if it is still
at the version its form started from (core.versioning), all of them or none.
"""

from copy import copy

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import EDIT_PLANS, staff_member_required
from core.versioning import EditConflict, conflict_summary
from monitoring.models import ThemeYearSummary
from plans.selectors import get_plan_for_staff

from . import services
from .forms import ThemeYearSummaryForm
from .selectors import check_year


def _forms(data, sections, year):
    saved = {
        summary.section_id: summary for summary in ThemeYearSummary.objects.filter(section__in=sections, year=year)
    }
    return [
        ThemeYearSummaryForm(data, section=section, year=year, instance=copy(saved.get(section.pk)))
        for section in sections
    ]


def _conflict(request, forms, sections, year):
    """After EditConflict: every form rebound to what is saved now, the user's text kept, and what differs."""
    saved = {
        summary.section_id: summary for summary in ThemeYearSummary.objects.filter(section__in=sections, year=year)
    }
    data = request.POST.copy()
    rows, by = [], None
    for form, section in zip(forms, sections, strict=True):
        current = saved.get(section.pk)
        version = current.version if current else 0
        if current is not None and version != form.expected_version:
            # Compared before a new form is bound: validating one copies the user's input onto the instance.
            summary = conflict_summary(form, current)
            rows += [{**row, "label": f"{section.title}: {row['label']}"} for row in summary["rows"]]
            by = by or summary["by"]
        data[form.add_prefix("version")] = str(version)
    fresh = _forms(data, sections, year)
    for form in fresh:
        form.is_valid()
    messages.error(
        request,
        _(
            "Someone else saved this page after you opened it. Your input has not been saved: it is kept below. "
            "Compare it with their version, then save again to keep yours."
        ),
    )
    return fresh, {"rows": rows, "by": by}


@staff_member_required
def summaries_edit(request, region, plan, year):
    plan = get_plan_for_staff(request.user, region_slug=region, plan_slug=plan, roles=EDIT_PLANS)
    check_year(plan, year)
    sections = list(plan.sections.filter(archived_at__isnull=True).select_related("theme"))
    forms = _forms(request.POST if request.method == "POST" else None, sections, year)
    conflict = None
    # Every form validated (not all() on a generator, which stops at the first error): the summary lists them all.
    valid = [form.is_valid() for form in forms]
    if request.method == "POST" and all(valid):
        changed = [form for form in forms if form.text_changed]
        try:
            services.theme_summaries_save(
                plan=plan, year=year, summaries=[(form.instance, form.expected_version) for form in changed]
            )
        except (EditConflict, ThemeYearSummary.DoesNotExist):
            forms, conflict = _conflict(request, forms, sections, year)
        else:
            if changed:
                messages.success(request, _("The summaries of %(year)s were saved.") % {"year": year})
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("monitoring-staff:summaries", region=plan.region.slug, plan=plan.slug, year=year)
    context = {
        "plan": plan,
        "year": year,
        "forms": forms,
        "form_dict": {form.prefix: form for form in forms},
        "conflict": conflict,
        "years": list(range(plan.start_year, plan.end_year + 1)),
    }
    return render(request, "monitoring/report/summaries_edit.html", context, status=409 if conflict else 200)
