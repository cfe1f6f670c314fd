"""The HTML documentation page of the API, read from the generated OpenAPI document.

``ENDPOINTS`` is that document as the page needs it: per route its summary, filters and the fields of its
answer, each with a type and a description still lazily translated, so the page speaks the reader's language.
"""

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext

from core.page_cache import public_page_cache

from .pagination import PageLinks
from .views import generated_document

PAGINATION = frozenset(PageLinks.Input.model_fields)
FORMATS = {"date-time": "datetime", "date": "date", "uri": "url", "decimal": "decimal"}


@dataclass(frozen=True)
class Item:
    """A parameter of a route or a field of its answer."""

    name: str
    type: str  # a key of _type_names()
    description: Promise
    nullable: bool = False


@dataclass(frozen=True)
class Endpoint:
    name: str  # the URL name in the "api" namespace and the operationId
    path: str  # relative to /api/v1
    summary: Promise
    fields: tuple[Item, ...]
    filters: tuple[Item, ...]
    path_parameters: tuple[Item, ...]
    paginated: bool
    example: str  # a path with a query worth trying, or ""


def _item(name: str, schema: dict, description: Promise) -> Item:
    options = schema.get("anyOf", [schema])
    (kind,) = [option for option in options if option.get("type") != "null"]
    if "$ref" in kind or "allOf" in kind:
        type_ = "object"
    else:
        type_ = FORMATS.get(kind.get("format"), kind.get("type", "object"))
    return Item(name, type_, description, nullable=len(options) > 1)


def _fields(document: dict, operation: dict, paginated: bool) -> tuple[Item, ...]:
    def component(reference: dict) -> dict:
        return document["components"]["schemas"][reference["$ref"].rsplit("/", 1)[1]]

    answer = operation["responses"][200]["content"]["application/json"]["schema"]
    if "$ref" not in answer:
        return ()  # the OpenAPI document: any object
    answer = component(answer)
    if paginated:
        answer = component(answer["properties"]["results"]["items"])
    return tuple(_item(name, schema, schema.get("description")) for name, schema in answer["properties"].items())


def _example(path: str, parameters: list[dict]) -> str:
    filled = path
    for parameter in parameters:
        if parameter["in"] == "path":
            filled = filled.replace(f"{{{parameter['name']}}}", str(parameter["example"]))
    query = next((p for p in parameters if p["in"] == "query" and p["name"] not in PAGINATION and "example" in p), None)
    if query:
        filled += "?" + urlencode({query["name"]: query["example"]})
    return "" if filled == path else filled


def describe(document: dict) -> tuple[tuple[Endpoint, ...], tuple[Item, ...]]:
    """The routes of ``document`` and the parameters every list shares."""
    endpoints, pagination = [], ()
    for path, item in document["paths"].items():
        operation = item["get"]
        parameters = operation["parameters"]
        query = [p for p in parameters if p["in"] == "query"]
        shared = tuple(_item(p["name"], p["schema"], p["description"]) for p in query if p["name"] in PAGINATION)
        pagination = pagination or shared
        endpoints.append(
            Endpoint(
                name=operation["operationId"],
                path=path,
                summary=operation["summary"],
                fields=_fields(document, operation, paginated=bool(shared)),
                filters=tuple(
                    _item(p["name"], p["schema"], p["description"]) for p in query if p["name"] not in PAGINATION
                ),
                path_parameters=tuple(
                    _item(p["name"], p["schema"], p["description"]) for p in parameters if p["in"] == "path"
                ),
                paginated=bool(shared),
                example=_example(path, parameters),
            )
        )
    return tuple(endpoints), pagination


@cache
def described() -> tuple[tuple[Endpoint, ...], tuple[Item, ...]]:
    """The routes and the shared parameters, read once on first use: apps above plans add their routers to the API
    in their AppConfig.ready() (monitoring's progress), after this module is imported."""
    return describe(generated_document())


def __getattr__(name: str):
    # ENDPOINTS and PAGINATION_PARAMETERS as module attributes, computed on first use (PEP 562).
    if name == "ENDPOINTS":
        return described()[0]
    if name == "PAGINATION_PARAMETERS":
        return described()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _type_names() -> dict[str, str]:
    """The types of ``Item.type`` in the reader's language (OpenAPI keeps its own)."""
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


@public_page_cache
def docs(request):
    """The HTML documentation of the API, in the interface language."""
    type_names = _type_names()

    def typed(items):
        return [(item, type_names[item.type]) for item in items]

    endpoints_described, pagination = described()
    endpoints = [
        {**vars(endpoint), "filters": typed(endpoint.filters), "fields": typed(endpoint.fields)}
        for endpoint in endpoints_described
    ]
    return render(
        request,
        "api/docs.html",
        {
            "endpoints": endpoints,
            "common_parameters": typed(pagination),
            "base_url": request.build_absolute_uri(reverse("api:root")),
            "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
        },
    )
