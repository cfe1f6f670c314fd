"""The annual report page of a plan and year: public for published plans, drafts for their region's staff."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.page_cache import public_page_cache
from documents.downloads import current_ready_document
from documents.models import Document
from plans.selectors import get_plan_for_user

from .selectors import annual_report, check_year, reported_years


@public_page_cache
@require_safe
def annual_report_page(request, region, plan, year):
    plan = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    check_year(plan, year)
    context = {
        "plan": plan,
        **annual_report(plan=plan, year=year, series=False),
        # The year shown is always in the navigation, also a later one of the plan that the plan page does not list.
        "years": sorted({*reported_years(plan), year}),
        "pdf": current_ready_document(plan=plan, kind=Document.Kind.ANNUAL_REPORT, scope=str(year)),
    }
    return render(request, "monitoring/report/annual_report.html", context)
