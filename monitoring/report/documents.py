"""The annual report as a PDF: its source is the page's data (selectors.annual_report); registered in apps.py.

The documents app renders and serves it. Like the consultation report it is made when first downloaded; a saved
summary asks for the year's report again (services.annual_report_refresh), so the file follows its content.
"""

from django.urls import reverse

from documents.downloads import current_ready_document
from documents.kinds import DocumentKind, DocumentSource, DocumentSourceNotFound, Subject
from documents.models import Document
from documents.rendering import absolute_url
from plans.documents import is_draft
from plans.models import CooperationPlan, ThemeSection
from plans.selectors import get_plan_for_user

from .selectors import annual_report, check_year


def _year(plan: CooperationPlan, scope: str) -> int:
    try:
        year = int(scope)
    except ValueError:
        raise DocumentSourceNotFound(f"An annual report's scope is a year, not {scope!r}.") from None
    if not plan.start_year <= year <= plan.end_year:
        raise DocumentSourceNotFound(f"Plan {plan.pk} has no year {year}.")
    return year


def annual_report_source(*, plan: CooperationPlan, section: ThemeSection | None, scope: str) -> DocumentSource:
    """The plan's annual report of the year ``scope`` (the documents app renders it in the plan's language)."""
    year = _year(plan, scope)
    context = annual_report(plan=plan, year=year)
    url = absolute_url(report_url(plan, year))
    return DocumentSource(template="pdf/annual_report.html", title=f"{plan.title} {year}", url=url, context=context)


def report_url(plan: CooperationPlan, year: int) -> str:
    return reverse("monitoring:annual-report", kwargs={"region": plan.region.slug, "plan": plan.slug, "year": year})


def _find_annual_report(request, *, region: str, plan: str, year: int) -> Subject:
    found = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    scope = str(check_year(found, year))
    document = current_ready_document(plan=found, kind=Document.Kind.ANNUAL_REPORT, scope=scope)
    return Subject(plan=found, title=f"{found.slug}-{scope}", private=is_draft(found), scope=scope, document=document)


# No `published`: a report is made when first downloaded (or asked for again by a saved summary).
ANNUAL_REPORT = DocumentKind(kind=Document.Kind.ANNUAL_REPORT, build=annual_report_source, find=_find_annual_report)
