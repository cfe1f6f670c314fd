"""The annual report of a plan and year: public for published plans, drafts for their region's staff.

The report's page gives the plan's year in brief (money and person-years by theme, each theme's summary and counts,
the consultations closed in the year); each theme's progress table, indicators, changes and next year are on a page
of their own, as the chapters of the PDF, which holds them all.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.page_cache import public_page_cache
from documents.downloads import current_ready_document
from documents.models import Document
from plans.selectors import get_plan_for_user

from .selectors import annual_report, check_year, neighbour_themes, reported_years


def _report_context(request, region, plan, year, theme=None) -> dict:
    plan = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    check_year(plan, year)
    return {
        "plan": plan,
        **annual_report(plan=plan, year=year, series=False, theme=theme),
        # The year shown is always in the navigation, also a later one of the plan that the plan page does not list.
        "years": sorted({*reported_years(plan), year}),
        "pdf": current_ready_document(plan=plan, kind=Document.Kind.ANNUAL_REPORT, scope=str(year)),
    }


@public_page_cache
@require_safe
def annual_report_page(request, region, plan, year):
    return render(request, "monitoring/report/annual_report.html", _report_context(request, region, plan, year))


@public_page_cache
@require_safe
def annual_report_theme_page(request, region, plan, year, theme):
    context = _report_context(request, region, plan, year, theme)
    context["report"] = context["sections"][0]
    context["previous_theme"], context["next_theme"] = neighbour_themes(context["plan"], theme)
    return render(request, "monitoring/report/annual_report_theme.html", context)
