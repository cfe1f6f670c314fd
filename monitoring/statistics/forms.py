"""The staff form that binds an indicator to a statistics source: it validates and converts, services.py saves.

The source's JSON fields are typed as plain fields: Sotkanet's gender as a choice, a PxWeb table's other
selections as "code=value" lines, and one code field per municipality of the plan's region.
"""

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.templatetags.portal import quantity
from monitoring.models import StatisticsSource
from plans.forms import VersionedForm

Provider = StatisticsSource.Provider
Direction = StatisticsSource.Direction

# A service's code of an area: letters, digits and a few separators, no spaces (Sotkanet "853", PxWeb "0037").
AREA_CODE = re.compile(r"[A-Za-z0-9_.:-]{1,20}")
SOTKANET_DATASET = re.compile(r"[0-9]{1,7}")
# A PxWeb table: its code (RV0240) or its path in the database (StatFin/vaerak/statfin_vaerak_pxt_11re.px).
PXWEB_DATASET = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)*")
MUNICIPALITY_PREFIX = "municipality__"
MAX_SELECTIONS = 20
SOTKANET_CATEGORY = "region_category"


def gender_choices():
    return [("total", _("both genders (total)")), ("female", _("women")), ("male", _("men"))]


def parse_selections(text: str) -> tuple[dict[str, str | list[str]], list[str]]:
    """The "code=value" lines of a PxWeb table's other selections, and a message per bad line.

    Blank lines are skipped; a code may have letters of any alphabet (Statistics Estonia's "Vanuserühm").
    """
    selections, problems = {}, []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        code, equals, value = line.partition("=")
        code, value = code.strip(), value.strip()
        params = {"line": number, "text": line[:60]}
        if not equals:
            problems.append(gettext("Line %(line)s (“%(text)s”) has no “=”: write it as code=value.") % params)
        elif not code or not value:
            problems.append(gettext("Line %(line)s (“%(text)s”) needs both a code and a value.") % params)
        elif len(code) > 100 or len(value) > 200 or any(char.isspace() for char in value.replace(", ", ",")):
            problems.append(
                gettext("Line %(line)s (“%(text)s”): a value is a code without spaces; separate several with commas.")
                % params
            )
        elif code in selections:
            problems.append(gettext("Line %(line)s: “%(code)s” is chosen twice.") % {**params, "code": code})
        elif not all(part.strip() for part in value.split(",")):
            problems.append(gettext("Line %(line)s (“%(text)s”) has an empty value between commas.") % params)
        else:
            values = [part.strip() for part in value.split(",")]
            selections[code] = values[0] if len(values) == 1 else values
    if len(selections) > MAX_SELECTIONS:
        problems.append(gettext("At most %(count)s selections.") % {"count": MAX_SELECTIONS})
    return selections, problems


def selections_text(query: dict) -> str:
    """The source's selections as the form's lines (Sotkanet's gender has a field of its own)."""
    return "\n".join(
        f"{code}={','.join(map(str, value)) if isinstance(value, list) else value}"
        for code, value in query.items()
        if code != "gender"
    )


def _code_error():
    return gettext("A code is 1–20 letters (a–z), digits or the characters _ . : - with no spaces.")


class StatisticsSourceForm(VersionedForm):
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=gender_choices,
        initial="total",
        help_text=_("THL Sotkanet only."),
    )
    selections = forms.CharField(
        label=_("Other selections"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "Statistics Estonia: one selection a line as code=value with the table's variable and value codes, "
            "e.g. Sugu=1 (several values: Sugu=1,2). Leave out the area and the year: they are chosen below and by "
            "the fetch. Sotkanet: only region_category=… when the plan's area is not a maakunta."
        ),
    )

    class Meta:
        model = StatisticsSource
        fields = ["provider", "dataset", "area_code", "country_code", "direction", "rule", "is_example"]
        widgets = {"direction": forms.RadioSelect, "rule": forms.RadioSelect}

    def __init__(self, *args, indicator, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.instance.indicator = indicator
        self.municipalities = list(municipalities)
        self.fields["dataset"].widget.attrs["spellcheck"] = "false"
        self.fields["area_code"].help_text = _("The plan's region in the service's own codes, e.g. 19 or MK02.")
        self.fields["country_code"].help_text = _("The whole country in the service's codes, to compare with.")
        self.fields["country_code"].required = False
        query = self.instance.query or {}
        if not self.is_bound:
            self.initial["gender"] = query.get("gender", "total")
            self.initial["selections"] = selections_text(query)
        codes = self.instance.municipality_codes or {}
        for municipality in self.municipalities:
            name = MUNICIPALITY_PREFIX + municipality.slug
            self.fields[name] = forms.CharField(label=municipality.name, required=False, max_length=20)
            if not self.is_bound:
                self.initial[name] = codes.get(municipality.slug, "")
        # What to fetch first (the service's own selections beside the table), then the areas, then the comparison.
        self.order_fields(["provider", "dataset", "gender", "selections", "area_code", "country_code"])

    def changes_what_is_fetched(self) -> bool:
        fetched = {"provider", "dataset", "gender", "selections", "area_code", "country_code"}
        return self.instance.pk is None or any(
            name in fetched or name.startswith(MUNICIPALITY_PREFIX) for name in self.changed_data
        )

    def municipality_fields(self):
        return [self[name] for name in self.fields if name.startswith(MUNICIPALITY_PREFIX)]

    def other_fields(self):
        return [self[name] for name in self.fields if not name.startswith(MUNICIPALITY_PREFIX)]

    def _clean_code(self, name, required=True):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            if required:
                raise forms.ValidationError(gettext("Give the code."), code="required")
            return ""
        if not AREA_CODE.fullmatch(value):
            raise forms.ValidationError(_code_error(), code="invalid")
        return value

    def clean_area_code(self):
        return self._clean_code("area_code")

    def clean_country_code(self):
        return self._clean_code("country_code", required=False)

    def clean_dataset(self):
        return self.cleaned_data["dataset"].strip()

    def clean(self):
        cleaned = super().clean()
        provider = cleaned.get("provider")
        dataset = cleaned.get("dataset")
        if provider == Provider.SOTKANET and dataset and not SOTKANET_DATASET.fullmatch(dataset):
            self.add_error("dataset", gettext("A Sotkanet indicator is a number, e.g. 4559."))
        if provider == Provider.PXWEB and dataset and not PXWEB_DATASET.fullmatch(dataset):
            self.add_error(
                "dataset",
                gettext("A Statistics Estonia table is its code, e.g. RV0240, with no spaces."),
            )
        self._clean_query(provider, cleaned)
        self._clean_municipalities(cleaned)
        self._clean_direction(cleaned)
        return cleaned

    def _clean_query(self, provider, cleaned):
        selections, problems = parse_selections(cleaned.get("selections") or "")
        for problem in problems:
            self.add_error("selections", problem)
        if provider == Provider.SOTKANET:
            # Sotkanet takes a gender and, for a plan's area that is not a maakunta, its region category.
            if set(selections) - {SOTKANET_CATEGORY}:
                self.add_error(
                    "selections",
                    gettext(
                        "Sotkanet takes only %(key)s=… here (the category of the plan's area, e.g. "
                        "%(key)s=HYVINVOINTIALUE); the other selections are for Statistics Estonia."
                    )
                    % {"key": SOTKANET_CATEGORY},
                )
            self.instance.query = {"gender": cleaned.get("gender") or "total", **selections}
        elif provider == Provider.PXWEB:
            self.instance.query = selections

    def _clean_municipalities(self, cleaned):
        codes, by_code = {}, {}
        for municipality in self.municipalities:
            name = MUNICIPALITY_PREFIX + municipality.slug
            value = (cleaned.get(name) or "").strip()
            if not value:
                continue
            if not AREA_CODE.fullmatch(value):
                self.add_error(name, _code_error())
                continue
            if value in by_code:
                self.add_error(
                    name,
                    gettext("%(other)s has the same code: each municipality has a code of its own.")
                    % {"other": by_code[value].name},
                )
                continue
            if value == cleaned.get("area_code"):
                self.add_error(name, gettext("This is the region's code: give the municipality's own."))
                continue
            by_code[value] = municipality
            codes[municipality.slug] = value
        # Only the region's municipalities are kept: a code posted for any other slug is not a field, so it is dropped.
        self.instance.municipality_codes = codes

    def _clean_direction(self, cleaned):
        """The direction must agree with the indicator's own target: a target below the baseline is a fall."""
        direction = cleaned.get("direction")
        baseline, target = self.indicator.baseline_value, self.indicator.target_value
        params = {"baseline": quantity(baseline, "auto"), "target": quantity(target, "auto")}
        if direction == Direction.LOWER_IS_BETTER and target > baseline:
            self.add_error(
                "direction",
                gettext(
                    "The indicator's target (%(target)s) is above its baseline (%(baseline)s): choose “higher is "
                    "better”, or correct the target on the indicator's page."
                )
                % params,
            )
        elif direction == Direction.HIGHER_IS_BETTER and target < baseline:
            self.add_error(
                "direction",
                gettext(
                    "The indicator's target (%(target)s) is below its baseline (%(baseline)s): choose “lower is "
                    "better”, or correct the target on the indicator's page."
                )
                % params,
            )
        rule = cleaned.get("rule")
        if rule == StatisticsSource.Rule.PATH and self.indicator.target_year <= self.indicator.baseline_year:
            self.add_error(
                "rule",
                gettext("A path needs a target year after the baseline year (%(year)s).")
                % {"year": self.indicator.baseline_year},
            )


def comparable(source: StatisticsSource) -> StatisticsSource:
    """``source`` with the form's own fields as attributes, for core.versioning.conflict_summary to compare."""
    query = source.query or {}
    source.gender = query.get("gender", "total")
    source.selections = selections_text(query)
    for slug, code in (source.municipality_codes or {}).items():
        setattr(source, MUNICIPALITY_PREFIX + slug, code)
    return source


class SourceVersionForm(forms.Form):
    """The removal of a binding carries the version the user saw, like an edit."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
