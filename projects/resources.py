"""One django-import-export resource for the project registry's exports and the staff import.

Columns. Where the EU's Kohesio project database shows the same field, the column carries Kohesio's label
(taken from its project pages; not checked against a downloaded Kohesio file); the rest are plain names.
Headers are matched without regard to case or surrounding spaces, and a few aliases are accepted
(:data:`ALIASES`), so a sheet saved from this portal or typed by hand both import.

==============================  ==========================  ==================================================
column                          Project field               notes
==============================  ==========================  ==================================================
Project code                    code                        optional; with the region the stable key: a row
                                                            whose code exists in the region updates it
Project name                    name                        required (Kohesio "Project name")
Slug                            slug                        optional; made from the name for a new project;
                                                            the key of a row without a known code
Region                          region                      export only; on import it must be the region
Language                        language                    et / en / fi (default: the region's language)
Status                          status                      planned / running / finished / cancelled, or the
                                                            label in the user's language
Goal                            goal
Activities                      activities_text
Results                         results
Fund                            funder                      required (Kohesio "Fund"); slug, name or short
                                                            name of a Funder
Programme                       programme                   (Kohesio "Programme") slug or name, of that fund
Measure                         measure                     slug, code or name, of that fund and programme
Start date                      start_date                  2021-08-02 or 02.08.2021 (Kohesio); empty: unknown
End date                        end_date                    not before the start date (Kohesio); empty: unknown
Total budget                    total_cost                  money (Kohesio "Total budget"); empty: unknown
Grant                           grant_amount                the fund's grant: money, at most the total budget;
                                                            empty: unknown (aliases "EU contribution", the
                                                            Kohesio name, and "Grant amount")
Co-financing rate               —                           export only: the grant as % of the total
Beneficiary                     partner, role beneficiary   one organisation (Kohesio "Beneficiary")
Partners                        partners, role partner      organisations separated by ";"
Project manager's role          manager_role
Project manager's organisation  manager_organisation        one organisation
Themes                          themes                      theme slugs or names separated by ";"
==============================  ==========================  ==================================================

Which project a row updates. A row whose code is a project's of the region updates that project. Otherwise
the row's slug, or without a slug its name (when one project of the region has it), finds the project, unless
that project has another code; so an export re-imports onto the same projects, codes or not, and a code typed
into a row of a project without one is given to it. An empty code or slug keeps the project's own. Any other
row is a new project. Two rows of the file may not describe the same project.

Lookups. An organisation is found by slug, then by name (case-insensitive); a name may also be a municipality
of the region, meaning that municipality's government (an Organisation of kind "municipality"). A name that
matches nothing, or more than one, is an error of that row. Funders, programmes and measures are found the same
way (slug, then name), programmes and measures only among those of the row's fund. Everything is looked up
from dictionaries loaded once per import, so a row costs no lookup queries.

Money accepts "29 952,00", "29952.00", "29 952,00 €", "29.952,00" and "29952" (spaces, no-break spaces and
"€"/"EUR" are ignored; with both "," and "." the last one is the decimal separator) and is always a Decimal,
from 0 to a billion euros. An empty cell is an amount not known, never 0.
"""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.models import ContentLanguage, Municipality, Organisation, Region
from core.versioning import save_versioned
from themes.models import Theme

from .models import MONEY_MAX, Funder, Measure, Programme, Project, ProjectPartner

# Column names (not translated: files travel between people with different interface languages).
CODE = "Project code"
NAME = "Project name"
SLUG = "Slug"
REGION = "Region"
LANGUAGE = "Language"
STATUS = "Status"
GOAL = "Goal"
ACTIVITIES = "Activities"
RESULTS = "Results"
FUND = "Fund"
PROGRAMME = "Programme"
MEASURE = "Measure"
START = "Start date"
END = "End date"
TOTAL = "Total budget"
# The grant is the fund's (named in "Fund"), which is not always the EU: EEA and Norway Grants are not.
GRANT = "Grant"
RATE = "Co-financing rate"
BENEFICIARY = "Beneficiary"
PARTNERS = "Partners"
MANAGER_ROLE = "Project manager's role"
MANAGER_ORG = "Project manager's organisation"
THEMES = "Themes"

COLUMNS = [
    CODE,
    NAME,
    SLUG,
    REGION,
    LANGUAGE,
    STATUS,
    GOAL,
    ACTIVITIES,
    RESULTS,
    FUND,
    PROGRAMME,
    MEASURE,
    START,
    END,
    TOTAL,
    GRANT,
    RATE,
    BENEFICIARY,
    PARTNERS,
    MANAGER_ROLE,
    MANAGER_ORG,
    THEMES,
]
REQUIRED_COLUMNS = [NAME, FUND]
EXPORT_ONLY_COLUMNS = {RATE}
ALIASES = {
    "code": CODE,
    "project id": CODE,
    "name": NAME,
    "funder": FUND,
    "grant amount": GRANT,
    "eu contribution": GRANT,
    "total cost": TOTAL,
    "eu co-financing": GRANT,
    "co-financing rate (%)": RATE,
}
LIST_SEPARATOR = ";"

_MONEY_NOISE = re.compile(r"[\s\u00a0\u202f\u2009'€]|EUR", re.IGNORECASE)
_MONEY_SHAPE = re.compile(r"^-?\d+(\.\d+)?$")
_CENT = Decimal("0.01")
_MAX_MONEY = MONEY_MAX


def canonical_column(header) -> str | None:
    """The column a header means, or None for an unknown one."""
    text = " ".join(str(header or "").split()).casefold()
    for column in COLUMNS:
        if column.casefold() == text:
            return column
    return ALIASES.get(text)


def parse_money(value) -> Decimal | None:
    """A Decimal with two places from a cell; None for an empty cell; ValueError with a readable message."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(_("Enter an amount of money, e.g. 29 952,00."))
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest text of the float, never its binary expansion
    else:
        text = _MONEY_NOISE.sub("", str(value))
        if not text:
            return None
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        elif text.count(",") > 1:
            text = text.replace(",", "")
        elif text.count(".") > 1:
            text = text.replace(".", "")
        if not _MONEY_SHAPE.match(text):
            raise ValueError(_("“%(value)s” is not an amount of money; write e.g. 29 952,00.") % {"value": value})
        amount = Decimal(text)
    if not amount.is_finite():
        raise ValueError(_("Enter an amount of money, e.g. 29 952,00."))
    if amount < 0:
        raise ValueError(_("The amount must not be negative."))
    if amount != amount.quantize(_CENT, rounding=ROUND_HALF_UP):
        raise ValueError(_("Use at most two decimal places (cents)."))
    if amount > _MAX_MONEY:
        raise ValueError(
            _("The amount is too large: at most %(limit)s.")
            % {"limit": formats.number_format(_MAX_MONEY, use_l10n=True, force_grouping=True)}
        )
    return amount.quantize(_CENT)


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def parse_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date; write e.g. 2021-08-02 or 02.08.2021.") % {"value": value})


def cell_text(value) -> str:
    """A cell as stripped text; whole numbers from spreadsheets lose their ".0" (codes like 2014)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def split_list(value) -> list[str]:
    return [part.strip() for part in cell_text(value).split(LIST_SEPARATOR) if part.strip()]


class Lookups:
    """Everything a row may refer to, loaded once per import (a few queries, whatever the number of rows)."""

    def __init__(self, region: Region):
        self.region = region
        self.funders = list(Funder.objects.all())
        self.programmes = list(Programme.objects.all())
        self.measures = list(Measure.objects.all())
        self.organisations = list(Organisation.objects.all())
        self.municipal_governments = {
            org.municipality_id: org
            for org in self.organisations
            if org.kind == Organisation.Kind.MUNICIPALITY and org.municipality_id
        }
        self.municipalities = list(Municipality.objects.filter(region=region))
        self.themes = list(Theme.objects.all())

    @staticmethod
    def _find(candidates, text: str, *, keys=("slug", "name"), unknown: str):
        """The one candidate whose slug (then name...) is ``text``; ``unknown`` is the message when none is."""
        if not text:
            return None
        folded = text.casefold()
        for key in keys:
            found = [obj for obj in candidates if str(getattr(obj, key) or "").casefold() == folded]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise ValueError(
                    _("“%(value)s” matches more than one entry of the register; use its slug instead.")
                    % {"value": text}
                )
        raise ValueError(unknown % {"value": text})

    def funder(self, text: str):
        return self._find(
            self.funders, text, keys=("slug", "name", "short_name"), unknown=_("Unknown fund “%(value)s”.")
        )

    def programme(self, text: str, funder):
        if not text:
            return None
        if funder is None:
            return None  # the fund's own column reports the problem
        options = [p for p in self.programmes if p.funder_id == funder.pk]
        return self._find(options, text, unknown=_("Unknown programme “%(value)s” of this fund."))

    def measure(self, text: str, funder):
        if not text:
            return None
        if funder is None:
            return None  # the fund's own column reports the problem
        options = [m for m in self.measures if m.funder_id == funder.pk]
        return self._find(
            options, text, keys=("slug", "code", "name"), unknown=_("Unknown measure “%(value)s” of this fund.")
        )

    def organisation(self, text: str):
        if not text:
            return None
        try:
            return self._find(self.organisations, text, unknown="")
        except ValueError as error:
            unknown = error
        folded = text.casefold()
        for municipality in self.municipalities:
            if folded in (municipality.slug.casefold(), municipality.name.casefold()):
                government = self.municipal_governments.get(municipality.pk)
                if government is None:
                    raise ValueError(
                        _("The municipality “%(value)s” has no municipal government in the register.") % {"value": text}
                    )
                return government
        if any(org.name.casefold() == folded for org in self.organisations):
            raise unknown  # an ambiguous name: the message says to use the slug
        raise ValueError(_("Unknown organisation or municipality “%(value)s”.") % {"value": text})

    def theme(self, text: str):
        return self._find(
            self.themes, text, keys=("slug", "name_et", "name_en", "name_fi"), unknown=_("Unknown theme “%(value)s”.")
        )


class MoneyWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_money(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice by its value or its label in the current language (case-insensitive); empty keeps the default."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).casefold()
        if not text:
            return None
        for choice_value, label in self.choices:
            if text in (str(choice_value).casefold(), str(label).casefold()):
                return choice_value
        allowed = ", ".join(str(choice_value) for choice_value, _label in self.choices)
        raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NamedWidget(widgets.Widget):
    """A related object exported by name and imported through the resource's :class:`Lookups`."""

    def __init__(self, resolve, **kwargs):
        super().__init__(**kwargs)
        self.resolve = resolve

    def clean(self, value, row=None, **kwargs):
        return self.resolve(cell_text(value), row)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, "name", value))


class ProjectResource(resources.ModelResource):
    """Exports any queryset of projects; imports into one region (``ProjectResource(region=..., user=...)``)."""

    code = fields.Field(attribute="code", column_name=CODE, widget=TextWidget())
    name = fields.Field(attribute="name", column_name=NAME, widget=TextWidget())
    slug = fields.Field(attribute="slug", column_name=SLUG, widget=TextWidget())
    region = fields.Field(column_name=REGION, readonly=True)
    language = fields.Field(
        attribute="language",
        column_name=LANGUAGE,
        widget=ChoiceWidget(ContentLanguage.choices),
        saves_null_values=False,  # an empty cell keeps the region's language
    )
    status = fields.Field(
        attribute="status", column_name=STATUS, widget=ChoiceWidget(Project.Status.choices), saves_null_values=False
    )
    goal = fields.Field(attribute="goal", column_name=GOAL, widget=TextWidget())
    activities_text = fields.Field(attribute="activities_text", column_name=ACTIVITIES, widget=TextWidget())
    results = fields.Field(attribute="results", column_name=RESULTS, widget=TextWidget())
    funder = fields.Field(attribute="funder", column_name=FUND)
    programme = fields.Field(attribute="programme", column_name=PROGRAMME, saves_null_values=True)
    measure = fields.Field(attribute="measure", column_name=MEASURE, saves_null_values=True)
    start_date = fields.Field(attribute="start_date", column_name=START, widget=DateWidget())
    end_date = fields.Field(attribute="end_date", column_name=END, widget=DateWidget())
    total_cost = fields.Field(attribute="total_cost", column_name=TOTAL, widget=MoneyWidget())
    grant_amount = fields.Field(attribute="grant_amount", column_name=GRANT, widget=MoneyWidget())
    rate = fields.Field(column_name=RATE, readonly=True)
    beneficiary = fields.Field(column_name=BENEFICIARY, readonly=True)
    partners = fields.Field(column_name=PARTNERS, readonly=True)
    manager_role = fields.Field(attribute="manager_role", column_name=MANAGER_ROLE, widget=TextWidget())
    manager_organisation = fields.Field(
        attribute="manager_organisation", column_name=MANAGER_ORG, saves_null_values=True
    )
    themes = fields.Field(column_name=THEMES, readonly=True)

    class Meta:
        model = Project
        fields = (
            "code",
            "name",
            "slug",
            "region",
            "language",
            "status",
            "goal",
            "activities_text",
            "results",
            "funder",
            "programme",
            "measure",
            "start_date",
            "end_date",
            "total_cost",
            "grant_amount",
            "rate",
            "beneficiary",
            "partners",
            "manager_role",
            "manager_organisation",
            "themes",
        )
        export_order = fields
        import_id_fields = ("code",)  # get_instance() below also finds a project by slug or name
        skip_diff = True
        clean_model_instances = False  # validate_instance() below does it, with messages people understand
        use_transactions = True

    def __init__(self, *, region: Region | None = None, user=None, **kwargs):
        super().__init__(**kwargs)
        self.region = region
        self.user = user
        self.lookups = None
        self.row_reports: dict[int, dict] = {}
        self._codes_seen: dict[str, int] = {}
        self._current_row = 0
        self._slugs_taken: set[str] = set()
        self._partner_plans: dict[int, dict] = {}
        self._projects_seen: dict[int, int] = {}
        self._by_code: dict[str, Project] = {}
        self._by_slug: dict[str, Project] = {}
        self._by_name: dict[str, Project] = {}
        self.fields["funder"].widget = NamedWidget(lambda text, row: self._lookup("funder", text))
        self.fields["programme"].widget = NamedWidget(
            lambda text, row: self._lookup("programme", text, self._row_funder(row))
        )
        self.fields["measure"].widget = NamedWidget(
            lambda text, row: self._lookup("measure", text, self._row_funder(row))
        )
        self.fields["manager_organisation"].widget = NamedWidget(lambda text, row: self._lookup("organisation", text))

    # --- export ---------------------------------------------------------------------------------------------

    @staticmethod
    def export_queryset(queryset):
        """The queryset with what the export reads, so a thousand projects cost a handful of queries."""
        return queryset.select_related(
            "region", "funder", "programme", "measure", "manager_organisation"
        ).prefetch_related(Prefetch("partners", ProjectPartner.objects.select_related("organisation")), "themes")

    def dehydrate_region(self, project):
        return project.region.slug

    def dehydrate_rate(self, project):
        share = project.grant_share
        return "" if share is None else f"{share}"

    def dehydrate_beneficiary(self, project):
        for partner in project.partners.all():
            if partner.role == ProjectPartner.Role.BENEFICIARY:
                return partner.organisation.name
        return ""

    def dehydrate_partners(self, project):
        names = [p.organisation.name for p in project.partners.all() if p.role == ProjectPartner.Role.PARTNER]
        return f"{LIST_SEPARATOR} ".join(names)

    def dehydrate_themes(self, project):
        return f"{LIST_SEPARATOR} ".join(theme.slug for theme in project.themes.all())

    # --- import ---------------------------------------------------------------------------------------------

    def _lookup(self, kind: str, text: str, *args):
        return getattr(self.lookups, kind)(text, *args)

    def _row_funder(self, row):
        try:
            return self.lookups.funder(cell_text(row.get(FUND)))
        except ValueError:
            return None  # reported once, on the fund's own column

    def get_queryset(self):
        return Project.objects.filter(region=self.region)

    def get_instance(self, instance_loader, row):
        """The project the row describes: by code, else by slug, else by name (see the module's docstring)."""
        code, slug, name = (cell_text(row.get(column)) for column in (CODE, SLUG, NAME))
        if code and code in self._by_code:
            return self._by_code[code]
        found = self._by_slug.get(slug) if slug else self._by_name.get(name.casefold())
        if found is not None and (not code or not found.code):
            return found
        return None

    def before_import(self, dataset, **kwargs):
        self.lookups = Lookups(self.region)
        # One query for the region's projects, whatever the number of rows.
        projects = list(Project.objects.filter(region=self.region))
        self._slugs_taken = {project.slug for project in projects}
        self._by_code = {project.code: project for project in projects if project.code}
        self._by_slug = {project.slug: project for project in projects}
        names = [project.name.casefold() for project in projects]
        self._by_name = {
            project.name.casefold(): project for project in projects if names.count(project.name.casefold()) == 1
        }

    def init_instance(self, row=None):
        return Project(region=self.region, language=self.region.language)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_original = None if new else {name: getattr(instance, name) for name in [*_COMPARED, "code"]}

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        number = kwargs.get("row_number", 0)
        self._current_row = number
        if instance.pk is not None:
            # An empty cell keeps the project's address and code (an export of a project without one re-imports).
            instance.slug = instance.slug or instance._import_original["slug"]
            instance.code = instance.code or instance._import_original["code"]
            first = self._projects_seen.setdefault(instance.pk, number)
            if first != number:
                errors.setdefault("code", []).append(
                    _("This row describes the same project as row %(row)s.") % {"row": first + 1}
                )
        # Columns without a model field of their own: checked now, applied in after_save_instance().
        plan = {}
        region_text = cell_text(row.get(REGION))
        if region_text and region_text.casefold() not in (self.region.slug.casefold(), self.region.name.casefold()):
            errors.setdefault("region", []).append(
                _("This row belongs to the region “%(value)s”, not to %(region)s.")
                % {"value": region_text, "region": self.region.name}
            )
        if BENEFICIARY in row:
            try:
                plan["beneficiary"] = self.lookups.organisation(cell_text(row[BENEFICIARY]))
            except ValueError as error:
                errors.setdefault("beneficiary", []).append(str(error))
        if PARTNERS in row:
            plan["partners"] = []
            for text in split_list(row[PARTNERS]):
                try:
                    plan["partners"].append(self.lookups.organisation(text))
                except ValueError as error:
                    errors.setdefault("partners", []).append(str(error))
        if THEMES in row:
            plan["themes"] = []
            for text in split_list(row[THEMES]):
                try:
                    plan["themes"].append(self.lookups.theme(text))
                except ValueError as error:
                    errors.setdefault("themes", []).append(str(error))
        self._partner_plans[number] = plan
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {key: list(value) for key, value in (import_validation_errors or {}).items()}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        # Dates and money may be unknown (empty); a project without a code is found by its slug.
        required = {"name": instance.name, "funder": instance.funder_id}
        for field, value in required.items():
            if field not in errors and value in (None, ""):
                add(field, _("This field is required."))
        for field, limit in (("code", 60), ("name", 400), ("manager_role", 200)):
            if len(getattr(instance, field) or "") > limit:
                add(field, _("At most %(limit)d characters.") % {"limit": limit})
        if instance.start_date and instance.end_date and instance.end_date < instance.start_date:
            add("end_date", _("The end date is before the start date."))
        if (
            instance.total_cost is not None
            and instance.grant_amount is not None
            and instance.grant_amount > instance.total_cost
        ):
            add("grant_amount", _("The grant is larger than the total budget."))
        if (
            instance.measure_id
            and instance.programme_id
            and instance.measure.programme_id
            not in (
                None,
                instance.programme_id,
            )
        ):
            add("measure", _("This measure belongs to another programme."))
        if instance.code:
            first = self._codes_seen.setdefault(instance.code.casefold(), self._current_row)
            if first != self._current_row:
                add(
                    "code",
                    _("The project code “%(code)s” appears more than once in the file.") % {"code": instance.code},
                )
        if instance.slug:
            if instance.pk is None and instance.slug in self._slugs_taken:
                add(
                    "slug",
                    _("Another project of the region already has the slug “%(slug)s”.") % {"slug": instance.slug},
                )
            elif slugify(instance.slug) != instance.slug:
                add("slug", _("A slug has only letters, digits, hyphens and underscores."))
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        number = kwargs.get("row_number", 0)
        plan = self._partner_plans.get(number, {})
        changed = self._changed_columns(instance, plan)
        self.row_reports[number] = {"new": is_create, "changed": changed}
        if not is_create and not changed:
            return  # an unchanged row writes nothing, so a re-import adds no empty history versions
        super().save_instance(instance, is_create, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        if is_create:
            if not instance.slug:
                instance.slug = self._unique_slug(instance.name)
            self._slugs_taken.add(instance.slug)
            instance.save(force_insert=True)
        else:
            # The same optimistic lock as the staff forms: a form opened before the import sees a conflict.
            save_versioned(instance, expected_version=instance.version)

    def after_save_instance(self, instance, row, **kwargs):
        """Partners and themes, written only where they change: every write here also writes history rows."""
        number = kwargs.get("row_number", 0)
        plan = self._partner_plans.get(number, {})
        report = self.row_reports.get(number, {})
        new, changed = report.get("new", True), report.get("changed", [])
        Role = ProjectPartner.Role
        if plan.get("beneficiary") is not None and new:
            ProjectPartner.objects.create(project=instance, organisation=plan["beneficiary"], role=Role.BENEFICIARY)
        elif "beneficiary" in plan and BENEFICIARY in changed:
            instance.partners.filter(role=Role.BENEFICIARY).delete()
            if plan["beneficiary"] is not None:
                ProjectPartner.objects.create(project=instance, organisation=plan["beneficiary"], role=Role.BENEFICIARY)
        if plan.get("partners") and (new or PARTNERS in changed):
            wanted = {org.pk: position for position, org in enumerate(plan["partners"], start=1)}
            existing = set()
            if not new:
                instance.partners.filter(role=Role.PARTNER).exclude(organisation_id__in=wanted).delete()
                existing = set(instance.partners.filter(role=Role.PARTNER).values_list("organisation_id", flat=True))
            for org_id, position in wanted.items():
                if org_id not in existing:
                    ProjectPartner.objects.create(
                        project=instance, organisation_id=org_id, role=Role.PARTNER, position=position
                    )
        elif "partners" in plan and PARTNERS in changed:
            instance.partners.filter(role=Role.PARTNER).delete()
        if (new and plan.get("themes")) or ("themes" in plan and THEMES in changed):
            instance.themes.set(plan["themes"])

    def _changed_columns(self, instance, plan) -> list[str]:
        original = getattr(instance, "_import_original", None)
        if original is None:
            return []
        changed = [_COMPARED[name] for name in _COMPARED if getattr(instance, name) != original[name]]
        partners = list(instance.partners.all())
        if "beneficiary" in plan:
            current = {p.organisation_id for p in partners if p.role == ProjectPartner.Role.BENEFICIARY}
            wanted = {plan["beneficiary"].pk} if plan["beneficiary"] else set()
            if current != wanted:
                changed.append(BENEFICIARY)
        if "partners" in plan:
            current = {p.organisation_id for p in partners if p.role == ProjectPartner.Role.PARTNER}
            if current != {org.pk for org in plan["partners"]}:
                changed.append(PARTNERS)
        if "themes" in plan and set(instance.themes.values_list("pk", flat=True)) != {t.pk for t in plan["themes"]}:
            changed.append(THEMES)
        return changed

    def _unique_slug(self, name: str) -> str:
        base = slugify(name)[:150] or "project"
        slug, counter = base, 2
        while slug in self._slugs_taken:
            slug = f"{base}-{counter}"
            counter += 1
        return slug


_COMPARED = {
    "name": NAME,
    "slug": SLUG,
    "language": LANGUAGE,
    "status": STATUS,
    "goal": GOAL,
    "activities_text": ACTIVITIES,
    "results": RESULTS,
    "funder_id": FUND,
    "programme_id": PROGRAMME,
    "measure_id": MEASURE,
    "start_date": START,
    "end_date": END,
    "total_cost": TOTAL,
    "grant_amount": GRANT,
    "manager_role": MANAGER_ROLE,
    "manager_organisation_id": MANAGER_ORG,
}
# Which column a validation error of a model field belongs to, for the dry-run table.
FIELD_COLUMNS = {
    **{name.removesuffix("_id"): column for name, column in _COMPARED.items()},
    "code": CODE,
    "region": REGION,
    "beneficiary": BENEFICIARY,
    "partners": PARTNERS,
    "themes": THEMES,
}
