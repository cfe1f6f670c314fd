"""The read-only JSON API of the portal's open data: regions, municipalities, themes, plans and their parts.

Plain function views returning ``JsonResponse``: every list is paginated the same way (``page``, ``page_size``)
and answers ``{"count", "next", "previous", "results"}``. Ids are database primary keys and stay stable; each
object also carries ``url``, its public HTML page in Estonian. Drafts never appear, whoever asks: the API is open
data, not a staff preview. Decimals are strings so that no client rounds 29952.00 through a float.

``ENDPOINTS`` describes every route once; the OpenAPI document and the HTML documentation page are both made
from it, and a test checks that every route of ``welfare_portal.api_urls`` is described.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from themes.models import Theme

from .models import Activity, CooperationPlan, Indicator, Municipality, Organisation, Region, ThemeSection
from .selectors import SHOWN_ACTIVITY

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
SLUG = re.compile(r"[-\w]{1,200}")
LARGEST_ID = 2**63 - 1  # a bigger <int:pk> overflows the database's integer: not found rather than an error


class ApiError(Exception):
    """A bad request: the message goes back to the client as ``{"error": message}`` with status 400."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def api_view(view):
    """GET/HEAD only, open to every origin, errors as JSON, and object URLs in Estonian, the default language."""

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override("et"):
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = JsonResponse({"error": error.message}, status=error.status)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


# --- Parameters ---------------------------------------------------------------------------------------------


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name)
    if value is None or value == "":
        return None
    # isdecimal() rather than int(): int() accepts " 7", "+7", "٧" and 10**5000-digit strings.
    if not (value.isascii() and value.isdecimal() and len(value) <= 18):
        raise ApiError(f"'{name}' must be a whole number, not {value!r}.")
    return int(value)


def _public_plan_param(request) -> int | None:
    plan_id = _int_param(request, "plan")
    if plan_id is not None and not CooperationPlan.objects.public().filter(pk=plan_id).exists():
        raise ApiError(f"No public plan has the id {plan_id}.")
    return plan_id


def _slug_param(request, name: str, model) -> str | None:
    slug = request.GET.get(name)
    if slug is None or slug == "":
        return None
    # Checked before any query: PostgreSQL refuses NUL characters with an error, not an empty result.
    if not SLUG.fullmatch(slug) or not model.objects.filter(slug=slug).exists():
        raise ApiError(f"No {name} has the slug {slug!r}.")
    return slug


def paginate(request, queryset: QuerySet, serialise) -> JsonResponse:
    """One page of ``queryset``: two queries (count, rows) plus the queryset's prefetches."""
    page = _int_param(request, "page")
    page = 1 if page is None else page
    if page < 1:
        raise ApiError("'page' must be 1 or more.")
    page_size = _int_param(request, "page_size")
    page_size = DEFAULT_PAGE_SIZE if page_size is None else min(max(page_size, 1), MAX_PAGE_SIZE)
    count = queryset.count()
    last_page = max(1, -(-count // page_size))
    if page > last_page:
        raise ApiError(f"'page' {page} is past the last page, {last_page}.")
    offset = (page - 1) * page_size
    rows = list(queryset[offset : offset + page_size])

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        query["page_size"] = page_size
        return request.build_absolute_uri(request.path + "?" + urlencode(sorted(query.items())))

    return JsonResponse(
        {
            "count": count,
            "next": page_url(page + 1) if page < last_page else None,
            "previous": page_url(page - 1) if page > 1 else None,
            "results": [serialise(request, row) for row in rows],
        },
        json_dumps_params={"ensure_ascii": False},
    )


# --- Serialisers --------------------------------------------------------------------------------------------


def _decimal(value: Decimal | None) -> str | None:
    # format "f" never switches to exponent notation (str(Decimal("1E+2")) is "1E+2").
    return None if value is None else format(value, "f")


def _datetime(value) -> str | None:
    return None if value is None else value.isoformat()


def _page(request, obj) -> str:
    return request.build_absolute_uri(obj.get_absolute_url())


def _organisation(request, organisation: Organisation | None) -> dict | None:
    if organisation is None:
        return None
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.name,
        "url": _page(request, organisation),
    }


def region_json(request, region: Region) -> dict:
    return {
        "id": region.pk,
        "url": _page(request, region),
        "slug": region.slug,
        "name": region.name,
        "kind": region.kind,
        "country": region.country,
        "language": region.language,
        "timezone": region.timezone,
    }


def municipality_json(request, municipality: Municipality) -> dict:
    return {
        "id": municipality.pk,
        "url": _page(request, municipality),
        "slug": municipality.slug,
        "name": municipality.name,
        "kind": municipality.kind,
        "region": municipality.region_id,
    }


def theme_json(request, theme: Theme) -> dict:
    return {
        "id": theme.pk,
        "url": _page(request, theme),
        "slug": theme.slug,
        "name": {"et": theme.name_et, "en": theme.name_en, "fi": theme.name_fi},
        "description": theme.description,
        "colour": theme.colour,
        "position": theme.position,
    }


def plan_json(request, plan: CooperationPlan) -> dict:
    return {
        "id": plan.pk,
        "url": _page(request, plan),
        "api_url": request.build_absolute_uri(reverse("api:plan", kwargs={"pk": plan.pk})),
        "region": plan.region_id,
        "slug": plan.slug,
        "title": plan.title,
        "language": plan.language,
        "summary": plan.summary,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "status": plan.status,
        "status_changed_at": _datetime(plan.status_changed_at),
        "lead_organisation": _organisation(request, plan.lead_organisation),
        "contact_role": plan.contact_role,
        "updated_at": _datetime(plan.updated_at),
    }


def plan_detail_json(request, plan: CooperationPlan) -> dict:
    return {
        **plan_json(request, plan),
        "purpose": plan.purpose,
        "audience": plan.audience,
        "expected_result": plan.expected_result,
        "basis_documents": [
            {"title": document.title, "level": document.level, "url": document.url or None}
            for document in plan.basis_documents.all()
        ],
        "milestones": [
            {
                "kind": milestone.kind,
                "title": milestone.title,
                "starts_on": milestone.starts_on.isoformat() if milestone.starts_on else None,
                "ends_on": milestone.ends_on.isoformat() if milestone.ends_on else None,
                "date_label": milestone.date_label,
            }
            for milestone in plan.milestones.all()
        ],
        "sections": [
            {"id": section.pk, "theme": section.theme.slug, "title": section.title, "url": _page(request, section)}
            for section in plan.sections.all()
        ],
    }


def section_json(request, section: ThemeSection) -> dict:
    return {
        "id": section.pk,
        "url": _page(request, section),
        "plan": section.plan_id,
        "theme": section.theme.slug,
        "title": section.title,
        "intro": section.intro,
        "challenges": section.challenges,
        "goals": section.goals,
        "lead_role": section.lead_role,
        "lead_organisation": _organisation(request, section.lead_organisation),
        "position": section.position,
        "updated_at": _datetime(section.updated_at),
    }


def activity_json(request, activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "url": _page(request, activity),
        "section": activity.section_id,
        "plan": activity.section.plan_id,
        "theme": activity.section.theme.slug,
        "title": activity.title,
        "description": activity.description,
        "rationale": activity.rationale,
        "responsible_organisation": _organisation(request, activity.responsible_organisation),
        "partner_organisations": [_organisation(request, o) for o in activity.partner_organisations.all()],
        "municipalities": [{"id": m.pk, "slug": m.slug, "name": m.name} for m in activity.municipalities.all()],
        "start_year": activity.start_year,
        "end_year": activity.end_year,
        "person_years": _decimal(activity.person_years),
        "budget": _decimal(activity.budget),
        "funding_source": activity.funding_source,
        "cooperation_form": activity.cooperation_form,
        "status": activity.status,
        "position": activity.position,
        "is_example": activity.is_example,
        "updated_at": _datetime(activity.updated_at),
    }


def indicator_json(request, indicator: Indicator) -> dict:
    return {
        "id": indicator.pk,
        "url": _page(request, indicator),
        "activity": indicator.activity_id,
        "plan": indicator.activity.section.plan_id,
        "name": indicator.name,
        "unit": indicator.unit,
        "source": indicator.source,
        "source_url": indicator.source_url or None,
        "baseline_year": indicator.baseline_year,
        "baseline_value": _decimal(indicator.baseline_value),
        "target_year": indicator.target_year,
        "target_value": _decimal(indicator.target_value),
        "values": [{"year": v.year, "value": _decimal(v.value)} for v in indicator.values.all()],
        "is_example": indicator.is_example,
    }


# --- Views --------------------------------------------------------------------------------------------------


def _public_sections() -> QuerySet[ThemeSection]:
    return ThemeSection.objects.exclude(plan__status=CooperationPlan.Status.DRAFT).filter(archived_at__isnull=True)


@api_view
def root(request):
    """The index of the API: a link to each list and to the OpenAPI document."""
    links = {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in LIST_ENDPOINTS}
    links["openapi"] = request.build_absolute_uri(reverse("api:openapi"))
    return JsonResponse(links)


@api_view
def regions(request):
    return paginate(request, Region.objects.order_by("country", "name", "pk"), region_json)


@api_view
def municipalities(request):
    queryset = Municipality.objects.select_related("region").order_by("name", "pk")
    if region := _slug_param(request, "region", Region):
        queryset = queryset.filter(region__slug=region)
    return paginate(request, queryset, municipality_json)


@api_view
def themes(request):
    return paginate(request, Theme.objects.order_by("position", "slug", "pk"), theme_json)


def _plans() -> QuerySet[CooperationPlan]:
    return CooperationPlan.objects.public().select_related("region", "lead_organisation")


@api_view
def plans(request):
    queryset = _plans().order_by("-start_year", "title", "pk")
    if region := _slug_param(request, "region", Region):
        queryset = queryset.filter(region__slug=region)
    if theme := _slug_param(request, "theme", Theme):
        queryset = queryset.filter(sections__theme__slug=theme, sections__archived_at__isnull=True)
    if status := request.GET.get("status"):
        if status not in CooperationPlan.Status.values or status == CooperationPlan.Status.DRAFT:
            raise ApiError(f"'status' must be consultation, adopted or archived, not {status!r}.")
        queryset = queryset.filter(status=status)
    return paginate(request, queryset, plan_json)


@api_view
def plan(request, pk):
    plans = _plans().prefetch_related(
        "basis_documents",
        "milestones",
        Prefetch(
            "sections",
            queryset=ThemeSection.objects.filter(archived_at__isnull=True).select_related("theme", "plan__region"),
        ),
    )
    try:
        if pk > LARGEST_ID:
            raise CooperationPlan.DoesNotExist
        found = plans.get(pk=pk)
    except CooperationPlan.DoesNotExist:
        raise ApiError(f"No public plan has the id {pk}.", status=404) from None
    return JsonResponse(plan_detail_json(request, found), json_dumps_params={"ensure_ascii": False})


def _filter_by_plan_theme_region(request, queryset, prefix: str):
    if (plan_id := _public_plan_param(request)) is not None:
        queryset = queryset.filter(**{f"{prefix}plan_id": plan_id})
    if theme := _slug_param(request, "theme", Theme):
        queryset = queryset.filter(**{f"{prefix}theme__slug": theme})
    if region := _slug_param(request, "region", Region):
        queryset = queryset.filter(**{f"{prefix}plan__region__slug": region})
    return queryset


@api_view
def sections(request):
    queryset = _public_sections().select_related("plan__region", "theme", "lead_organisation")
    queryset = _filter_by_plan_theme_region(request, queryset.order_by("plan_id", "position", "pk"), "")
    return paginate(request, queryset, section_json)


@api_view
def activities(request):
    queryset = (
        Activity.objects.exclude(section__plan__status=CooperationPlan.Status.DRAFT)
        .filter(SHOWN_ACTIVITY)
        .select_related("section__plan__region", "section__theme", "responsible_organisation")
        .prefetch_related("partner_organisations", "municipalities")
        .order_by("section__plan_id", "section__position", "section_id", "position", "pk")
    )
    queryset = _filter_by_plan_theme_region(request, queryset, "section__")
    if status := request.GET.get("status"):
        if status not in Activity.Status.values:
            raise ApiError(f"'status' must be one of {', '.join(Activity.Status.values)}, not {status!r}.")
        queryset = queryset.filter(status=status)
    return paginate(request, queryset, activity_json)


@api_view
def indicators(request):
    queryset = (
        Indicator.objects.exclude(activity__section__plan__status=CooperationPlan.Status.DRAFT)
        .filter(activity__archived_at__isnull=True, activity__section__archived_at__isnull=True)
        .select_related("activity__section__plan__region", "activity__section__theme")
        .prefetch_related("values")
        .order_by("activity__section__plan_id", "activity_id", "position", "pk")
    )
    queryset = _filter_by_plan_theme_region(request, queryset, "activity__section__")
    if (activity_id := _int_param(request, "activity")) is not None:
        queryset = queryset.filter(activity_id=activity_id)
    return paginate(request, queryset, indicator_json)


@api_view
def openapi(request):
    return JsonResponse(openapi_document(request.build_absolute_uri("/api/v1")), json_dumps_params={"indent": 2})


def _type_names() -> dict[str, str]:
    """The types of ``Field.type`` and ``Parameter.type`` in the reader's language (OpenAPI keeps its own)."""
    return {
        "integer": pgettext("API data type", "integer"),
        "string": pgettext("API data type", "string"),
        "boolean": pgettext("API data type", "true or false"),
        "decimal": pgettext("API data type", "decimal number"),
        "datetime": pgettext("API data type", "date and time"),
        "date": pgettext("API data type", "date"),
        "url": pgettext("API data type", "URL"),
        "object": pgettext("API data type", "object"),
        "array": pgettext("API data type", "array"),
    }


def docs(request):
    """The HTML documentation of the API, in the interface language."""
    type_names = _type_names()

    def typed(items):
        return [(item, type_names[item.type]) for item in items]

    endpoints = [
        {**vars(endpoint), "filters": typed(endpoint.filters), "fields": typed(endpoint.fields)}
        for endpoint in ENDPOINTS
    ]
    return render(
        request,
        "api/docs.html",
        {
            "endpoints": endpoints,
            "common_parameters": typed(PAGINATION_PARAMETERS),
            "base_url": request.build_absolute_uri("/api/v1/"),
            "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
        },
    )


# --- Description: one source for the OpenAPI document and the documentation page ---------------------------


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # an OpenAPI type, or "decimal" (a string holding a decimal number), "datetime", "date", "url"
    description: Promise  # lazily translated: English in the OpenAPI document, the reader's language on the page
    nullable: bool = False


@dataclass(frozen=True)
class Parameter:
    name: str
    description: Promise
    type: str = "string"
    example: str = ""


@dataclass(frozen=True)
class Endpoint:
    name: str  # the URL name in the "api" namespace
    path: str  # relative to /api/v1
    summary: Promise
    fields: tuple[Field, ...] = ()
    filters: tuple[Parameter, ...] = ()
    paginated: bool = True
    example: str = ""
    path_parameters: tuple[Parameter, ...] = ()


ID = Field("id", "integer", _("Stable id (the database key)."))
URL = Field("url", "url", _("The public HTML page, in Estonian."))

PAGINATION_PARAMETERS = (
    Parameter("page", _("Page number, from 1. Past the last page: 400."), "integer", "2"),
    Parameter(
        "page_size",
        format_lazy(
            _("Rows per page, 1–{maximum} (clamped); default {default}."),
            maximum=MAX_PAGE_SIZE,
            default=DEFAULT_PAGE_SIZE,
        ),
        "integer",
        "20",
    ),
)
PLAN_FILTER = Parameter("plan", _("Only rows of the public plan with this id (unknown id: 400)."), "integer", "3")
THEME_FILTER = Parameter(
    "theme", _("Only rows of the theme with this slug (unknown slug: 400)."), "string", "tervena-vananemine"
)
REGION_FILTER = Parameter(
    "region", _("Only rows of the region with this slug (unknown slug: 400)."), "string", "vorumaa"
)

PLAN_FIELDS = (
    ID,
    URL,
    Field("api_url", "url", _("This plan in the API, with its parts.")),
    Field("region", "integer", _("Id of the region.")),
    Field("slug", "string", _("Part of the page address, unique in the region.")),
    Field("title", "string", _("Title, in the plan's language.")),
    Field("language", "string", _("Language of the content: et, fi or en.")),
    Field("summary", "string", _("A paragraph on the plan.")),
    Field("start_year", "integer", _("First year of the period.")),
    Field("end_year", "integer", _("Last year of the period.")),
    Field("status", "string", _("consultation, adopted or archived (drafts are never published).")),
    Field("status_changed_at", "datetime", _("When the status last changed."), nullable=True),
    Field("lead_organisation", "object", _("{id, slug, name, url} of the lead organisation.")),
    Field("contact_role", "string", _("The contact's role (never a person's name).")),
    Field("updated_at", "datetime", _("When the plan was last edited.")),
)

ENDPOINTS = (
    Endpoint(
        "regions",
        "/regions/",
        _("Counties (maakond) and Finnish regions (maakunta)."),
        (
            ID,
            URL,
            Field("slug", "string", _("Part of page addresses, unique.")),
            Field("name", "string", _("Name.")),
            Field("kind", "string", _("county or region.")),
            Field("country", "string", _("EE or FI.")),
            Field("language", "string", _("Language its plans are written in.")),
            Field("timezone", "string", _("IANA time zone, e.g. Europe/Tallinn.")),
        ),
        example="/regions/?page_size=10",
    ),
    Endpoint(
        "municipalities",
        "/municipalities/",
        _("Municipalities (vald, linn, kunta, kaupunki)."),
        (
            ID,
            URL,
            Field("slug", "string", _("Unique within its region.")),
            Field("name", "string", _("Name.")),
            Field("kind", "string", _("vald, linn, kunta or kaupunki.")),
            Field("region", "integer", _("Id of its region.")),
        ),
        (REGION_FILTER,),
        example="/municipalities/?region=vorumaa",
    ),
    Endpoint(
        "themes",
        "/themes/",
        _("The shared catalogue of welfare themes."),
        (
            ID,
            URL,
            Field("slug", "string", _("Unique.")),
            Field("name", "object", _("{et, en, fi}: the name in each interface language.")),
            Field("description", "string", _("Description.")),
            Field("colour", "string", _("#rrggbb.")),
            Field("position", "integer", _("Order in the catalogue.")),
        ),
    ),
    Endpoint(
        "plans",
        "/plans/",
        _("Public cooperation plans, newest period first."),
        PLAN_FIELDS,
        (
            REGION_FILTER,
            Parameter("theme", _("Only plans with a section on this theme (unknown slug: 400)."), "string"),
            Parameter("status", _("consultation, adopted or archived."), "string", "adopted"),
        ),
        example="/plans/?region=vorumaa",
    ),
    Endpoint(
        "plan",
        "/plans/{id}/",
        _("One public plan with its basis documents, milestones and sections. Unknown or draft: 404."),
        (
            *PLAN_FIELDS,
            Field("purpose", "string", _("Purpose.")),
            Field("audience", "string", _("Who it is for.")),
            Field("expected_result", "string", _("Expected result.")),
            Field("basis_documents", "array", _("[{title, level, url}]: the strategies it rests on.")),
            Field(
                "milestones",
                "array",
                _(
                    "[{kind, title, starts_on, ends_on, date_label}]: steps of its making; the dates are null when "
                    "the source gives only words (date_label)."
                ),
            ),
            Field("sections", "array", _("[{id, theme, title, url}]: its theme sections.")),
        ),
        paginated=False,
        example="/plans/1/",
        path_parameters=(Parameter("id", _("Id of a public plan."), "integer", "1"),),
    ),
    Endpoint(
        "sections",
        "/sections/",
        _("Theme sections of public plans: each plan's chapter on a theme."),
        (
            ID,
            URL,
            Field("plan", "integer", _("Id of the plan.")),
            Field("theme", "string", _("Slug of the theme.")),
            Field("title", "string", _("The theme's name as the plan writes it.")),
            Field("intro", "string", _("Introduction.")),
            Field("challenges", "string", _("Challenges.")),
            Field("goals", "string", _("Goals.")),
            Field("lead_role", "string", _("The lead expert's role.")),
            Field("lead_organisation", "object", _("{id, slug, name, url}."), nullable=True),
            Field("position", "integer", _("Order in the plan.")),
            Field("updated_at", "datetime", _("When last edited.")),
        ),
        (PLAN_FILTER, THEME_FILTER, REGION_FILTER),
        example="/sections/?plan=1",
    ),
    Endpoint(
        "activities",
        "/activities/",
        _("Cooperation activities of public plans."),
        (
            ID,
            URL,
            Field("section", "integer", _("Id of the theme section.")),
            Field("plan", "integer", _("Id of the plan.")),
            Field("theme", "string", _("Slug of the theme.")),
            Field("title", "string", _("Title.")),
            Field("description", "string", _("What is done.")),
            Field("rationale", "string", _("Why.")),
            Field("responsible_organisation", "object", _("{id, slug, name, url}.")),
            Field("partner_organisations", "array", _("[{id, slug, name, url}].")),
            Field("municipalities", "array", _("[{id, slug, name}]: municipalities taking part.")),
            Field("start_year", "integer", _("First year.")),
            Field("end_year", "integer", _("Last year.")),
            Field("person_years", "decimal", _('Resources in person-years, e.g. "0.50".')),
            Field("budget", "decimal", _('Estimated budget in euros, e.g. "29952.00".'), nullable=True),
            Field("funding_source", "string", _("Funding source.")),
            Field("cooperation_form", "string", _("joint_service, joint_procurement, shared_official, network, …")),
            Field("status", "string", _("planned, in_progress, done or dropped.")),
            Field("position", "integer", _("Order in the section.")),
            Field(
                "is_example",
                "boolean",
                _("True when the figures are illustrative example data, not from the source documents."),
            ),
            Field("updated_at", "datetime", _("When last edited.")),
        ),
        (
            PLAN_FILTER,
            THEME_FILTER,
            REGION_FILTER,
            Parameter("status", _("planned, in_progress, done or dropped."), "string", "in_progress"),
        ),
        example="/activities/?theme=tervena-vananemine&page_size=20",
    ),
    Endpoint(
        "indicators",
        "/indicators/",
        _("Indicators of the activities of public plans, with their yearly values."),
        (
            ID,
            URL,
            Field("activity", "integer", _("Id of the activity.")),
            Field("plan", "integer", _("Id of the plan.")),
            Field("name", "string", _("Name.")),
            Field("unit", "string", _("Unit, e.g. %.")),
            Field("source", "string", _("Source, e.g. Statistics Estonia or Sotkanet.")),
            Field("source_url", "url", _("Address of the source."), nullable=True),
            Field("baseline_year", "integer", _("Year of the baseline.")),
            Field("baseline_value", "decimal", _('Baseline, e.g. "12.50".')),
            Field("target_year", "integer", _("Year of the target.")),
            Field("target_value", "decimal", _("Target.")),
            Field("values", "array", _("[{year, value}]: measured values, value a decimal string.")),
            Field(
                "is_example",
                "boolean",
                _("True when the figures are illustrative example data, not from the source documents."),
            ),
        ),
        (
            PLAN_FILTER,
            THEME_FILTER,
            REGION_FILTER,
            Parameter("activity", _("Only indicators of the activity with this id."), "integer", "12"),
        ),
        example="/indicators/?plan=1",
    ),
    Endpoint(
        "openapi",
        "/openapi.json",
        _("This description of the API, in OpenAPI 3.1."),
        paginated=False,
    ),
)
LIST_ENDPOINTS = [endpoint.name for endpoint in ENDPOINTS if endpoint.paginated]

_SCHEMA_TYPES = {
    "decimal": {"type": "string", "format": "decimal"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "url": {"type": "string", "format": "uri"},
}


def _schema(fields: tuple[Field, ...]) -> dict:
    properties = {}
    for item in fields:
        schema = dict(_SCHEMA_TYPES.get(item.type, {"type": item.type}))
        if item.nullable:
            schema["type"] = [schema["type"], "null"]
        properties[item.name] = {**schema, "description": str(item.description)}
    return {"type": "object", "properties": properties, "required": [f.name for f in fields]}


def _parameter(item: Parameter, where: str) -> dict:
    parameter = {
        "name": item.name,
        "in": where,
        "required": where == "path",
        "description": str(item.description),
        "schema": {"type": item.type},
    }
    if item.example:
        parameter["example"] = int(item.example) if item.type == "integer" else item.example
    return parameter


def openapi_document(server_url: str) -> dict:
    """The OpenAPI description of ``ENDPOINTS``, in English whatever language is active."""
    with translation.override("en"):
        return _openapi_document(server_url)


def _openapi_document(server_url: str) -> dict:
    error = {
        "description": "Bad request",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    paths = {}
    schemas = {"Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}}
    for endpoint in ENDPOINTS:
        if endpoint.name == "openapi":
            content = {"application/json": {"schema": {"type": "object"}}}
        else:
            schema_name = endpoint.name.capitalize()
            schemas[schema_name] = _schema(endpoint.fields)
            item = {"$ref": f"#/components/schemas/{schema_name}"}
            if endpoint.paginated:
                item = {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "next": {"type": ["string", "null"], "format": "uri"},
                        "previous": {"type": ["string", "null"], "format": "uri"},
                        "results": {"type": "array", "items": item},
                    },
                    "required": ["count", "next", "previous", "results"],
                }
            content = {"application/json": {"schema": item}}
        parameters = [_parameter(p, "path") for p in endpoint.path_parameters]
        if endpoint.paginated:
            parameters += [_parameter(p, "query") for p in (*PAGINATION_PARAMETERS, *endpoint.filters)]
        responses = {"200": {"description": "OK", "content": content}}
        if endpoint.paginated:
            responses["400"] = error
        if endpoint.path_parameters:
            responses["404"] = {**error, "description": "Not found"}
        paths[endpoint.path] = {
            "get": {
                "operationId": endpoint.name,
                "summary": str(endpoint.summary),
                "parameters": parameters,
                "responses": responses,
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Welfare cooperation portal – open data API",
            "version": "1.0.0",
            "description": "Read-only open data: regions, municipalities, themes, public cooperation plans, their "
            "theme sections, activities and indicators. Drafts are never published. Decimals are strings.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
