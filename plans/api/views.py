"""The API's routes on django-ninja: a list per kind of object, one plan in full, and the OpenAPI document.

Ids are database primary keys and stay stable; each object also carries ``url``, its public HTML page in
Estonian. Drafts never appear, whoever asks: the API is open data, not a staff preview.
"""

import json
import re
from functools import cache, wraps
from typing import Annotated

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer

from core.models import Municipality, Region
from core.page_cache import public_page_cache
from themes.models import Theme

from ..models import Activity, CooperationPlan, Indicator, ThemeSection
from ..selectors import SHOWN_ACTIVITY
from . import schemas
from .pagination import PageLinks

SLUG = re.compile(r"[-\w]{1,200}")
LARGEST_ID = 2**63 - 1  # a bigger <int:pk> overflows the database's integer: not found rather than an error


class OpenDataAPI(NinjaAPI):
    def get_content_type(self) -> str:
        # JSON is UTF-8 by definition (RFC 8259): plain application/json, as v1 always answered.
        return self.renderer.media_type


class Renderer(JSONRenderer):
    # Letters as they are ("Võrumaa", not an escape), as v1 always answered.
    json_dumps_params = {"ensure_ascii": False}


api = OpenDataAPI(
    title="Welfare cooperation portal – open data API",
    version="1.0.0",
    description="Read-only open data: regions, municipalities, themes, public cooperation plans, their theme "
    "sections, activities and indicators. Drafts are never published. Decimals are strings.",
    urls_namespace="api",
    renderer=Renderer(),
    # The document is an operation below (listed in itself, in English). No Swagger page: it needs inline scripts,
    # which our CSP forbids; /<language>/api/ documents the API instead.
    openapi_url=None,
    docs_url=None,
)


def _open_data(run):
    """Every answer, errors too: open to every origin, object URLs in Estonian, the default language."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        with translation.override("et"):
            response = run(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


# Added first, so it runs inside _open_data: every answer is cached in Estonian, the language it is made in, and
# the CORS header is added to a cached answer too.
api.add_decorator(public_page_cache, mode="view")
api.add_decorator(_open_data, mode="view")


@api.exception_handler(HttpError)
def _error(request, error: HttpError):
    return api.create_response(request, {"error": error.message}, status=error.status_code)


@api.exception_handler(ValidationError)
def _invalid(request, error: ValidationError):
    # The only parameters that can fail validation are whole numbers, whose message names the parameter.
    return api.create_response(request, {"error": error.errors[0]["msg"]}, status=400)


def read(path: str, name: str, **options):
    """GET, and HEAD as Django's require_safe allowed; ``name`` is both the URL name and the operationId."""
    return api.api_operation(["GET", "HEAD"], path, url_name=name, operation_id=name, **options)


def page_of(item_schema):
    """The answers of a list: a page of ``item_schema`` (the paginator wraps it), or a bad parameter."""
    return {200: list[item_schema], 400: schemas.Error}


# --- Parameters ---------------------------------------------------------------------------------------------


def _existing_slug(slug: str | None, name: str, model) -> str | None:
    if not slug:
        return None
    # Checked before any query: PostgreSQL refuses NUL characters with an error, not an empty result.
    if not SLUG.fullmatch(slug) or not model.objects.filter(slug=slug).exists():
        raise HttpError(400, f"No {name} has the slug {slug!r}.")
    return slug


def _filter_by_plan_theme_region(queryset: QuerySet, filters: schemas.PartFilters, prefix: str) -> QuerySet:
    if filters.plan is not None:
        if not CooperationPlan.objects.public().filter(pk=filters.plan).exists():
            raise HttpError(400, f"No public plan has the id {filters.plan}.")
        queryset = queryset.filter(**{f"{prefix}plan_id": filters.plan})
    if theme := _existing_slug(filters.theme, "theme", Theme):
        queryset = queryset.filter(**{f"{prefix}theme__slug": theme})
    if region := _existing_slug(filters.region, "region", Region):
        queryset = queryset.filter(**{f"{prefix}plan__region__slug": region})
    return queryset


# --- Routes -------------------------------------------------------------------------------------------------


@read("/", "root", response=dict[str, schemas.Link], include_in_schema=False)
def root(request):
    # The index: every route of the document without a path parameter, i.e. each list and the document itself.
    base = request.build_absolute_uri(reverse("api:root"))
    paths = generated_document()["paths"]
    return {
        item["get"]["operationId"]: base + path.removeprefix("/") for path, item in paths.items() if "{" not in path
    }


@read(
    "/regions/",
    "regions",
    response=page_of(schemas.Regions),
    summary=_("Counties (maakond) and Finnish regions (maakunta)."),
)
@paginate(PageLinks)
def regions(request):
    return Region.objects.order_by("country", "name", "pk")


@read(
    "/municipalities/",
    "municipalities",
    response=page_of(schemas.Municipalities),
    summary=_("Municipalities (vald, linn, kunta, kaupunki)."),
)
@paginate(PageLinks)
def municipalities(request, filters: Query[schemas.MunicipalityFilters]):
    queryset = Municipality.objects.select_related("region").order_by("name", "pk")
    if region := _existing_slug(filters.region, "region", Region):
        queryset = queryset.filter(region__slug=region)
    return queryset


@read("/themes/", "themes", response=page_of(schemas.Themes), summary=_("The shared catalogue of welfare themes."))
@paginate(PageLinks)
def themes(request):
    return Theme.objects.order_by("position", "slug", "pk")


def _plans() -> QuerySet[CooperationPlan]:
    return CooperationPlan.objects.public().select_related("region", "lead_organisation")


@read("/plans/", "plans", response=page_of(schemas.Plans), summary=_("Public cooperation plans, newest period first."))
@paginate(PageLinks)
def plans(request, filters: Query[schemas.PlanFilters]):
    queryset = _plans().order_by("-start_year", "title", "pk")
    if region := _existing_slug(filters.region, "region", Region):
        queryset = queryset.filter(region__slug=region)
    if theme := _existing_slug(filters.theme, "theme", Theme):
        queryset = queryset.filter(sections__theme__slug=theme, sections__archived_at__isnull=True)
    if status := filters.status:
        if status not in CooperationPlan.Status.values or status == CooperationPlan.Status.DRAFT:
            raise HttpError(400, f"'status' must be consultation, adopted or archived, not {status!r}.")
        queryset = queryset.filter(status=status)
    return queryset


@read(
    "/plans/{int:pk}/",
    "plan",
    response={200: schemas.Plan, 404: schemas.Error},
    summary=_("One public plan with its basis documents, milestones and sections. Unknown or draft: 404."),
)
def plan(request, pk: Annotated[int, Path(description=_("Id of a public plan."), example=1)]):
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
        return plans.get(pk=pk)
    except CooperationPlan.DoesNotExist:
        raise HttpError(404, f"No public plan has the id {pk}.") from None


@read(
    "/sections/",
    "sections",
    response=page_of(schemas.Sections),
    summary=_("Theme sections of public plans: each plan's chapter on a theme."),
)
@paginate(PageLinks)
def sections(request, filters: Query[schemas.PartFilters]):
    queryset = (
        ThemeSection.objects.exclude(plan__status=CooperationPlan.Status.DRAFT)
        .filter(archived_at__isnull=True)
        .select_related("plan__region", "theme", "lead_organisation")
        .order_by("plan_id", "position", "pk")
    )
    return _filter_by_plan_theme_region(queryset, filters, "")


@read(
    "/activities/",
    "activities",
    response=page_of(schemas.Activities),
    summary=_("Cooperation activities of public plans."),
)
@paginate(PageLinks)
def activities(request, filters: Query[schemas.ActivityFilters]):
    queryset = (
        Activity.objects.exclude(section__plan__status=CooperationPlan.Status.DRAFT)
        .filter(SHOWN_ACTIVITY)
        .select_related("section__plan__region", "section__theme", "responsible_organisation")
        .prefetch_related("partner_organisations", "municipalities")
        .order_by("section__plan_id", "section__position", "section_id", "position", "pk")
    )
    queryset = _filter_by_plan_theme_region(queryset, filters, "section__")
    if status := filters.status:
        if status not in Activity.Status.values:
            raise HttpError(400, f"'status' must be one of {', '.join(Activity.Status.values)}, not {status!r}.")
        queryset = queryset.filter(status=status)
    return queryset


@read(
    "/indicators/",
    "indicators",
    response=page_of(schemas.Indicators),
    summary=_("Indicators of the activities of public plans, with their yearly values."),
)
@paginate(PageLinks)
def indicators(request, filters: Query[schemas.IndicatorFilters]):
    queryset = (
        Indicator.objects.exclude(activity__section__plan__status=CooperationPlan.Status.DRAFT)
        .filter(activity__archived_at__isnull=True, activity__section__archived_at__isnull=True)
        .select_related("activity__section__plan__region", "activity__section__theme")
        .prefetch_related("values")
        .order_by("activity__section__plan_id", "activity_id", "position", "pk")
    )
    queryset = _filter_by_plan_theme_region(queryset, filters, "activity__section__")
    if filters.activity is not None:
        queryset = queryset.filter(activity_id=filters.activity)
    return queryset


@read("/openapi.json", "openapi", response=dict, summary=_("This description of the API, in OpenAPI 3.1."))
def openapi(request):
    return openapi_document(request.build_absolute_uri(reverse("api:root")).removesuffix("/"))


# --- The OpenAPI document -----------------------------------------------------------------------------------


@cache
def generated_document() -> dict:
    """ninja's OpenAPI document of the routes above, its texts still lazy translations, paths relative to the
    API's root. Three touches keep it what v1 always published: GET only (HEAD answers alike), the plan's path
    parameter named id (Django's URL keyword is pk: reverse("api:plan", kwargs={"pk": …})), and each parameter's
    schema its bare type (ninja copies the description and example onto the parameter and leaves them twice)."""
    document = api.get_openapi_schema(path_prefix="")
    paths = {}
    for path, item in document["paths"].items():
        item.pop("head", None)
        for parameter in item["get"]["parameters"]:
            if parameter["in"] == "path" and parameter["name"] == "pk":
                parameter["name"] = "id"
            parameter["schema"] = {
                key: value
                for key, value in parameter["schema"].items()
                if key not in ("title", "description", "example")
            }
        paths[path.replace("{pk}", "{id}")] = item
    document["paths"] = paths
    return document


def openapi_document(server_url: str) -> dict:
    """The OpenAPI document as clients get it: plain JSON data, in English whatever language is active."""
    with translation.override("en"):
        text = json.dumps({**generated_document(), "servers": [{"url": server_url}]}, cls=DjangoJSONEncoder)
    return json.loads(text)
