"""What the API answers and what it accepts: one Schema per object, every field described once.

The OpenAPI document and the HTML documentation page are generated from these classes. They are named as the
components of the v1 document always were (``Regions``, ``Plans``, ``Plan`` …), the names clients' generated code
uses. Descriptions are lazy translations: English in the OpenAPI document, the reader's language on the page.
A field's alias is where ninja reads it on the model (``section.plan_id``); the answer keeps the field's name.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import BeforeValidator, PlainSerializer, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

# --- Types --------------------------------------------------------------------------------------------------

# A string, so that no client rounds 29952.00 through a float; format "f" never switches to exponent notation.
DecimalString = Annotated[
    Decimal,
    PlainSerializer(lambda value: format(value, "f"), return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal"}),
]
# ISO 8601 with the offset as Python writes it ("+00:00"), as v1 always answered (pydantic would write "Z").
Moment = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Link = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]


def _whole_number(value: object, info: ValidationInfo) -> int | None:
    if value is None or value == "":
        return None
    # isdecimal() rather than int(): int() accepts " 7", "+7", "٧" and 10**5000-digit strings.
    if not (isinstance(value, str) and value.isascii() and value.isdecimal() and len(value) <= 18):
        raise PydanticCustomError(
            "whole_number",
            "'{name}' must be a whole number, not {value}.",
            {"name": info.field_name, "value": repr(value)},
        )
    return int(value)


# Query parameters: an absent or empty one is None, so their OpenAPI schema is the plain type.
WholeNumber = Annotated[int | None, BeforeValidator(_whole_number), WithJsonSchema({"type": "integer"})]
Text = Annotated[str | None, WithJsonSchema({"type": "string"})]


def parameter(description: Promise, example: str | int | None = None):
    """An optional query parameter. The example goes in as "example", which ninja copies onto the OpenAPI
    parameter (pydantic's "examples" list would land there too, where OpenAPI wants a map)."""
    return Field(None, description=description, json_schema_extra=None if example is None else {"example": example})


def _page(obj, context) -> str:
    return context["request"].build_absolute_uri(obj.get_absolute_url())


# --- Answers ------------------------------------------------------------------------------------------------


class Error(Schema):
    error: str


class PublicObject(Schema):
    id: int = Field(description=_("Stable id (the database key)."))
    url: Link = Field(description=_("The public HTML page, in Estonian."))

    resolve_url = staticmethod(_page)


class Organisation(Schema):
    id: int
    slug: str
    name: str
    url: Link

    resolve_url = staticmethod(_page)


class Regions(PublicObject):
    slug: str = Field(description=_("Part of page addresses, unique."))
    name: str = Field(description=_("Name."))
    kind: str = Field(description=_("county or region."))
    country: str = Field(description=_("EE or FI."))
    language: str = Field(description=_("Language its plans are written in."))
    timezone: str = Field(description=_("IANA time zone, e.g. Europe/Tallinn."))


class Municipalities(PublicObject):
    slug: str = Field(description=_("Unique within its region."))
    name: str = Field(description=_("Name."))
    kind: str = Field(description=_("vald, linn, kunta or kaupunki."))
    region: int = Field(alias="region_id", description=_("Id of its region."))


class ThemeName(Schema):
    et: str
    en: str
    fi: str


class Themes(PublicObject):
    slug: str = Field(description=_("Unique."))
    name: ThemeName = Field(description=_("{et, en, fi}: the name in each interface language."))
    description: str = Field(description=_("Description."))
    colour: str = Field(description=_("#rrggbb."))
    position: int = Field(description=_("Order in the catalogue."))

    @staticmethod
    def resolve_name(obj):
        return {"et": obj.name_et, "en": obj.name_en, "fi": obj.name_fi}


class Plans(PublicObject):
    api_url: Link = Field(description=_("This plan in the API, with its parts."))
    region: int = Field(alias="region_id", description=_("Id of the region."))
    slug: str = Field(description=_("Part of the page address, unique in the region."))
    title: str = Field(description=_("Title, in the plan's language."))
    language: str = Field(description=_("Language of the content: et, fi or en."))
    summary: str = Field(description=_("A paragraph on the plan."))
    start_year: int = Field(description=_("First year of the period."))
    end_year: int = Field(description=_("Last year of the period."))
    status: str = Field(description=_("consultation, adopted or archived (drafts are never published)."))
    status_changed_at: Moment | None = Field(description=_("When the status last changed."))
    lead_organisation: Organisation = Field(description=_("{id, slug, name, url} of the lead organisation."))
    contact_role: str = Field(description=_("The contact's role (never a person's name)."))
    updated_at: Moment = Field(description=_("When the plan was last edited."))

    @staticmethod
    def resolve_api_url(obj, context):
        return context["request"].build_absolute_uri(reverse("api:plan", kwargs={"pk": obj.pk}))


class BasisDocument(Schema):
    title: str
    level: str
    url: Link | None

    @staticmethod
    def resolve_url(obj):
        return obj.url or None


class Milestone(Schema):
    kind: str
    title: str
    starts_on: date | None
    ends_on: date | None
    date_label: str


class PlanSection(Schema):
    id: int
    theme: str = Field(alias="theme.slug")
    title: str
    url: Link

    resolve_url = staticmethod(_page)


class Plan(Plans):
    purpose: str = Field(description=_("Purpose."))
    audience: str = Field(description=_("Who it is for."))
    expected_result: str = Field(description=_("Expected result."))
    basis_documents: list[BasisDocument] = Field(description=_("[{title, level, url}]: the strategies it rests on."))
    milestones: list[Milestone] = Field(
        description=_(
            "[{kind, title, starts_on, ends_on, date_label}]: steps of its making; the dates are null when "
            "the source gives only words (date_label)."
        )
    )
    sections: list[PlanSection] = Field(description=_("[{id, theme, title, url}]: its theme sections."))


class Sections(PublicObject):
    plan: int = Field(alias="plan_id", description=_("Id of the plan."))
    theme: str = Field(alias="theme.slug", description=_("Slug of the theme."))
    title: str = Field(description=_("The theme's name as the plan writes it."))
    intro: str = Field(description=_("Introduction."))
    challenges: str = Field(description=_("Challenges."))
    goals: str = Field(description=_("Goals."))
    lead_role: str = Field(description=_("The lead expert's role."))
    lead_organisation: Organisation | None = Field(description=_("{id, slug, name, url}."))
    position: int = Field(description=_("Order in the plan."))
    updated_at: Moment = Field(description=_("When last edited."))


class MunicipalityTakingPart(Schema):
    id: int
    slug: str
    name: str


class Activities(PublicObject):
    section: int = Field(alias="section_id", description=_("Id of the theme section."))
    plan: int = Field(alias="section.plan_id", description=_("Id of the plan."))
    theme: str = Field(alias="section.theme.slug", description=_("Slug of the theme."))
    title: str = Field(description=_("Title."))
    description: str = Field(description=_("What is done."))
    rationale: str = Field(description=_("Why."))
    responsible_organisation: Organisation = Field(description=_("{id, slug, name, url}."))
    partner_organisations: list[Organisation] = Field(description=_("[{id, slug, name, url}]."))
    municipalities: list[MunicipalityTakingPart] = Field(
        description=_("[{id, slug, name}]: municipalities taking part.")
    )
    start_year: int = Field(description=_("First year."))
    end_year: int = Field(description=_("Last year."))
    person_years: DecimalString = Field(description=_('Resources in person-years, e.g. "0.50".'))
    budget: DecimalString | None = Field(description=_('Estimated budget in euros, e.g. "29952.00".'))
    funding_source: str = Field(description=_("Funding source."))
    cooperation_form: str = Field(description=_("joint_service, joint_procurement, shared_official, network, …"))
    status: str = Field(description=_("planned, in_progress, done or dropped."))
    position: int = Field(description=_("Order in the section."))
    is_example: bool = Field(
        description=_("True when the figures are illustrative example data, not from the source documents.")
    )
    updated_at: Moment = Field(description=_("When last edited."))


class IndicatorValue(Schema):
    year: int
    value: DecimalString


class Indicators(PublicObject):
    activity: int = Field(alias="activity_id", description=_("Id of the activity."))
    plan: int = Field(alias="activity.section.plan_id", description=_("Id of the plan."))
    name: str = Field(description=_("Name."))
    unit: str = Field(description=_("Unit, e.g. %."))
    source: str = Field(description=_("Source, e.g. Statistics Estonia or Sotkanet."))
    source_url: Link | None = Field(description=_("Address of the source."))
    baseline_year: int = Field(description=_("Year of the baseline."))
    baseline_value: DecimalString = Field(description=_('Baseline, e.g. "12.50".'))
    target_year: int = Field(description=_("Year of the target."))
    target_value: DecimalString = Field(description=_("Target."))
    values: list[IndicatorValue] = Field(description=_("[{year, value}]: measured values, value a decimal string."))
    is_example: bool = Field(
        description=_("True when the figures are illustrative example data, not from the source documents.")
    )

    @staticmethod
    def resolve_source_url(obj):
        return obj.source_url or None


# --- Filters ------------------------------------------------------------------------------------------------

REGION = parameter(_("Only rows of the region with this slug (unknown slug: 400)."), "vorumaa")


class MunicipalityFilters(Schema):
    region: Text = REGION


class PlanFilters(Schema):
    region: Text = REGION
    theme: Text = parameter(_("Only plans with a section on this theme (unknown slug: 400)."))
    status: Text = parameter(_("consultation, adopted or archived."), "adopted")


# The parts of plans: sections, activities, indicators.
class PartFilters(Schema):
    plan: WholeNumber = parameter(_("Only rows of the public plan with this id (unknown id: 400)."), 1)
    theme: Text = parameter(_("Only rows of the theme with this slug (unknown slug: 400)."), "tervena-vananemine")
    region: Text = REGION


class ActivityFilters(PartFilters):
    status: Text = parameter(_("planned, in_progress, done or dropped."), "in_progress")


class IndicatorFilters(PartFilters):
    activity: WholeNumber = parameter(_("Only indicators of the activity with this id."), 12)
