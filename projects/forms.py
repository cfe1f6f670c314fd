from html import escape
from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, F, OuterRef
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.models import Municipality, Organisation, Region
from themes.models import Theme

from .models import Funder, Measure, Programme, Project, ProjectPartner

# Ids in the query string are bounded so that a mangled number never reaches the database.
MAX_ID = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1990, 2100


class LongSelect(forms.Select):
    """A select of many options (every region, municipality, organisation in a project) written in one pass.

    Django's Select renders a template per option, which costs a quarter of a second for the registry's 750
    organisations; the markup here is the same select, every value and label escaped.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = []
        for key, label in self.choices:
            chosen = " selected" if str(key) in selected else ""
            options.append(f'<option value="{escape(str(key))}"{chosen}>{escape(str(label))}</option>')
        final_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{final_attrs}>{"".join(options)}</select>')  # noqa: S308


class ValuesIterator(forms.models.ModelChoiceIterator):
    """The choices as plain values from the field's ``choice_values()``: building hundreds of model instances only
    to label options costs more than writing the whole select."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.choice_values(self.queryset)


def municipality_label(name: str, region: str, former_names: str) -> str:
    # A merged municipality also answers to its former names (older projects name those).
    former = f"; {former_names}" if former_names else ""
    return f"{name} ({region}{former})"


class MunicipalityChoiceField(forms.ModelChoiceField):
    iterator = ValuesIterator

    def label_from_instance(self, obj):
        return municipality_label(obj.name, obj.region.name, obj.former_names)

    def choice_values(self, queryset):
        for pk, name, region, former_names in queryset.values_list("pk", "name", "region__name", "former_names"):
            yield pk, municipality_label(name, region, former_names)


class OrganisationChoiceField(forms.ModelChoiceField):
    iterator = ValuesIterator

    def choice_values(self, queryset):
        return queryset.values_list("slug", "name")


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.funder})"


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}".strip() + f" ({obj.funder})"


class BoundedIdMixin:
    """A mangled id (letters, 30 digits) is an invalid choice, not a database error."""

    def to_python(self, value):
        text = str(value)
        mangled = not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID
        if value not in self.empty_values and not self.to_field_name and mangled:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedMunicipalityChoiceField(BoundedIdMixin, MunicipalityChoiceField):
    pass


class BoundedProgrammeChoiceField(BoundedIdMixin, ProgrammeChoiceField):
    pass


class BoundedMeasureChoiceField(BoundedIdMixin, MeasureChoiceField):
    pass


class ProjectFilterForm(forms.Form):
    """The registry's filters, read from the query string.

    A filter that does not validate (an unknown slug, a year "abc") is left out and named in ``notes`` instead of
    failing the page; a reversed year range is turned around.
    """

    SORTS = {
        # Projects whose dates or money are not known come last whatever the direction (and on every database).
        "newest": (_("Newest first"), [F("start_date").desc(nulls_last=True), "name", "pk"]),
        "oldest": (_("Oldest first"), [F("start_date").asc(nulls_last=True), "name", "pk"]),
        "name": (_("Name"), ["name", "pk"]),
        "cost": (_("Largest total cost"), [F("total_cost").desc(nulls_last=True), "name", "pk"]),
        "grant": (_("Largest grant"), [F("grant_amount").desc(nulls_last=True), "name", "pk"]),
    }
    DEFAULT_SORT = "newest"

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
        widget=LongSelect,
    )
    municipality = BoundedMunicipalityChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.select_related("region").order_by("name", "region__name"),
        required=False,
        empty_label=_("All"),
        widget=LongSelect,
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", required=False, empty_label=_("All")
    )
    funder = forms.ModelChoiceField(
        label=_("Funder"), queryset=Funder.objects.all(), to_field_name="slug", required=False, empty_label=_("All")
    )
    programme = BoundedProgrammeChoiceField(
        label=_("Programme"), queryset=Programme.objects.select_related("funder"), required=False, empty_label=_("All")
    )
    measure = BoundedMeasureChoiceField(
        label=_("Measure"), queryset=Measure.objects.select_related("funder"), required=False, empty_label=_("All")
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        # Only organisations that take part in a public project: the list stays short and never leads nowhere.
        queryset=Organisation.objects.filter(
            Exists(ProjectPartner.objects.filter(organisation=OuterRef("pk"), project__archived=False))
        ),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
        widget=LongSelect,
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *Project.Status.choices], required=False)
    year_from = forms.IntegerField(
        label=_("Running in or after year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("Running in or before year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=[(key, label) for key, (label, _order) in SORTS.items()], required=False
    )

    FILTERS = ["region", "municipality", "theme", "funder", "programme", "measure", "organisation", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes = []

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first is not None and last is not None and first > last:
            cleaned["year_from"], cleaned["year_to"] = last, first
            self.notes.append(
                _("The years were given the wrong way round; showing %(first)s–%(last)s.")
                % {"first": last, "last": first}
            )
        return cleaned

    def active_filters(self) -> dict:
        """The valid, non-empty filters (the years included); a mangled parameter is left out and noted."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
            for name, errors in self.errors.items():
                if name in self.fields:
                    self.notes.append(
                        _("The filter “%(label)s” was ignored: %(reason)s")
                        % {"label": self.fields[name].label, "reason": " ".join(errors)}
                    )
        cleaned = self.cleaned_data
        names = [*self.FILTERS, "year_from", "year_to"]
        return {name: cleaned[name] for name in names if cleaned.get(name) not in (None, "")}

    def ordering(self) -> list[str]:
        self.active_filters()
        return self.SORTS[self.cleaned_data.get("sort") or self.DEFAULT_SORT][1]

    def query_string(self, **extra) -> str:
        """The valid filters and sort as a query string, for page links and exports (without a leading ?)."""
        params = {}
        for name, value in self.active_filters().items():
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                value = getattr(value, field.to_field_name or "pk")
            params[name] = value
        sort = self.cleaned_data.get("sort")
        if sort and sort != self.DEFAULT_SORT:
            params["sort"] = sort
        params.update({key: value for key, value in extra.items() if value not in (None, "")})
        return urlencode(params)
