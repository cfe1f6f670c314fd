"""The documents of plans: the plan summary and the theme sheets (with their ZIP), and a plan page's downloads.

The documents app renders and serves them (documents/kinds.py); this module says what goes into each, how a
download address finds it, and which of them a published plan has. PlansConfig.ready() registers the kinds.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.content_language import in_language
from core.models import Organisation
from documents.downloads import ascii_file_name, current_ready_document
from documents.kinds import Bundle, DocumentKind, DocumentSource, DocumentSourceNotFound, Subject, kind_registered
from documents.models import Document
from documents.rendering import absolute_url

from .charts import bar_chart, indicator_chart
from .models import Activity, CooperationPlan, ThemeSection
from .selectors import SHOWN_ACTIVITY, activities_with_parts, get_plan_for_user, plan_sections

# --- Sources -----------------------------------------------------------------------------------------------

# The plan summary's bar charts stand across the text column (pdf/plan_summary.html, .chart): drawn 480px wide,
# about 127mm of the A4 text column's 178mm, and printed at that size (never scaled up), so their text is 12px (9pt)
# and a theme's name takes one line where the narrow screen drawing (272px) wrapped it onto two or three.
PRINT_CHART_WIDTH = 480


def _project_queryset():
    # The projects app sits to the right of plans: reach its model through the reverse relation, never an import.
    project_model = Activity._meta.get_field("projects").related_model
    return project_model.objects.filter(archived=False).select_related("funder").order_by("name")


def _section_activities() -> Prefetch:
    return Prefetch(
        "activities",
        queryset=activities_with_parts()
        .filter(archived_at__isnull=True)
        .prefetch_related(Prefetch("projects", _project_queryset())),
    )


def _theme_sheet_source(*, plan: CooperationPlan, section: ThemeSection | None, scope: str) -> DocumentSource:
    if section is None or section.archived_at is not None:
        raise DocumentSourceNotFound("A theme sheet needs a theme section that is not archived.")
    section = (
        ThemeSection.objects.select_related("theme", "lead_organisation")
        .prefetch_related(_section_activities())
        .get(pk=section.pk)
    )
    activities = list(section.activities.all())
    for activity in activities:
        activity.charts = [(indicator, indicator_chart(indicator)) for indicator in activity.indicators.all()]
    url = absolute_url(section.get_absolute_url())
    return DocumentSource(
        template="pdf/theme_sheet.html",
        title=section.title,
        url=url,
        context={
            "section": section,
            "activities": activities,
            "totals": {
                "person_years": sum((a.person_years for a in activities), Decimal(0)),
                "budget": sum((a.budget or Decimal(0) for a in activities), Decimal(0)),
                "examples": sum(a.is_example for a in activities),
            },
        },
    )


def _plan_summary_source(*, plan: CooperationPlan, section: ThemeSection | None, scope: str) -> DocumentSource:
    sections = list(plan_sections(plan))
    rows = []
    organisations: dict[int, Organisation] = {}
    for item in sections:
        activities = list(item.activities.all())
        rows.append(
            {
                "section": item,
                "activities": len(activities),
                "person_years": sum((a.person_years for a in activities), Decimal(0)),
                "budget": sum((a.budget or Decimal(0) for a in activities), Decimal(0)),
                "examples": sum(a.is_example for a in activities),
            }
        )
        for activity in activities:
            organisations[activity.responsible_organisation.pk] = activity.responsible_organisation
            organisations.update({o.pk: o for o in activity.partner_organisations.all()})
    organisations.pop(plan.lead_organisation_id, None)
    colours = [row["section"].theme.colour for row in rows] or None
    totals = Activity.objects.filter(SHOWN_ACTIVITY, section__plan=plan).aggregate(
        person_years=Sum("person_years"), budget=Sum("budget"), examples=Count("pk", filter=Q(is_example=True))
    )
    return DocumentSource(
        template="pdf/plan_summary.html",
        title=plan.title,
        url=absolute_url(plan.get_absolute_url()),
        context={
            "rows": rows,
            "totals": totals,
            "milestones": list(plan.milestones.all()),
            "basis_documents": list(plan.basis_documents.select_related("issuer")),
            "partners": sorted(organisations.values(), key=lambda o: o.name),
            "person_years_chart": bar_chart(
                [(row["section"].title, row["person_years"]) for row in rows],
                title=_("Person-years by theme"),
                unit=_("person-years"),
                colours=colours,
                width=PRINT_CHART_WIDTH,
                shown_width=PRINT_CHART_WIDTH,
            ),
            "budget_chart": bar_chart(
                [(row["section"].title, row["budget"]) for row in rows],
                title=_("Estimated budget by theme"),
                unit="€",
                colours=colours,
                width=PRINT_CHART_WIDTH,
                shown_width=PRINT_CHART_WIDTH,
            ),
        },
    )


# --- Download addresses -------------------------------------------------------------------------------------


def is_draft(plan: CooperationPlan) -> bool:
    """Only staff of its region see a draft (get_plan_for_user): its files are served privately."""
    return plan.status == CooperationPlan.Status.DRAFT


def _find_plan_summary(request, *, region: str, plan: str) -> Subject:
    found = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    document = current_ready_document(plan=found, kind=Document.Kind.PLAN_SUMMARY)
    return Subject(plan=found, title=found.title, private=is_draft(found), document=document)


def _find_theme_sheet(request, *, region: str, plan: str, theme: str) -> Subject:
    found = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    # Found by the theme's slug in one query; the section is looked up only when no sheet is ready yet.
    document = (
        Document.objects.filter(
            plan=found,
            kind=Document.Kind.THEME_SHEET,
            section__theme__slug=theme,
            scope="",
            language=found.language,
            state=Document.State.READY,
        )
        .select_related("section")
        .order_by("-created_at", "-pk")
        .first()
    )
    section = document.section if document is not None else found.sections.filter(theme__slug=theme).first()
    if section is None:
        raise Http404("No such theme in this plan")
    return Subject(plan=found, title=section.title, private=is_draft(found), section=section, document=document)


def _theme_sheets_bundle(request, *, region: str, plan: str) -> Bundle:
    found = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    sections = list(found.sections.all())
    if not sections:
        raise Http404("This plan has no themes")
    with translation.override(found.language):
        label = pgettext("file name", "Theme sheets")
    private = is_draft(found)
    return Bundle(
        plan=found,
        subjects=[Subject(plan=found, title=section.title, private=private, section=section) for section in sections],
        file_name=ascii_file_name(label, found.slug, extension="zip"),
        private=private,
    )


def _published_sheets(plan: CooperationPlan) -> list[dict]:
    return [{"section": section} for section in plan.sections.filter(archived_at__isnull=True)]


PLAN_SUMMARY = DocumentKind(
    kind=Document.Kind.PLAN_SUMMARY,
    build=_plan_summary_source,
    find=_find_plan_summary,
    published=lambda plan: [{}],  # one per plan, about the whole plan
)
THEME_SHEET = DocumentKind(
    kind=Document.Kind.THEME_SHEET,
    build=_theme_sheet_source,
    find=_find_theme_sheet,
    bundle=_theme_sheets_bundle,
    published=_published_sheets,
    per_section=True,
)


# --- A plan page's downloads ---------------------------------------------------------------------------------


def _label_with_content(label: str, plan: CooperationPlan, **content: str) -> SafeString:
    """An interface label holding content text, the content marked with its own language (WCAG 3.1.2)."""
    template = escape(label) % {key: f"{{{key}}}" for key in content}
    return format_html(template, **{key: in_language(text, plan) for key, text in content.items()})


def plan_downloads(*, plan: CooperationPlan, sections, windows=()) -> list[dict]:
    """The download links of a plan page: summary, each theme sheet, the ZIP, published consultation reports.

    Links are shown whether or not a file is ready (the download page waits for it); size and pages come from the
    newest ready file. One query, for the ready documents; ``sections`` and ``windows`` are the page's own.
    """
    from django.urls import reverse

    ready: dict[tuple, Document] = {}
    for document in Document.objects.filter(plan=plan, language=plan.language, state=Document.State.READY).order_by(
        "-created_at", "-pk"
    ):
        ready.setdefault((document.kind, document.section_id, document.scope), document)
    base = {"region": plan.region.slug, "plan": plan.slug}

    def entry(label, url_name, key, file_type="PDF", **kwargs):
        document = ready.get(key)
        return {
            "label": label,
            "url": reverse(f"plans:{url_name}", kwargs={**base, **kwargs}),
            "type": file_type,
            "size": document.size if document else None,
            "pages": document.pages if document else None,
        }

    links = [entry(_("Plan summary"), "summary-pdf", (Document.Kind.PLAN_SUMMARY, None, ""))]
    sections = list(sections)
    for section in sections:
        links.append(
            entry(
                _label_with_content(_("Theme sheet: %(theme)s"), plan, theme=section.title),
                "theme-sheet-pdf",
                (Document.Kind.THEME_SHEET, section.pk, ""),
                theme=section.theme.slug,
            )
        )
    if sections:
        links.append(
            {
                "label": _("All theme sheets"),
                "url": reverse("plans:theme-sheets-zip", kwargs=base),
                "type": "ZIP",
                "size": None,
                "pages": None,
            }
        )
    if kind_registered(Document.Kind.CONSULTATION_REPORT):
        for window in windows:
            if window.feedback_published_at:
                links.append(
                    entry(
                        _label_with_content(_("Consultation report: %(title)s"), plan, title=window.title),
                        "consultation-report-pdf",
                        (Document.Kind.CONSULTATION_REPORT, None, str(window.pk)),
                        window=window.pk,
                    )
                )
    return links
