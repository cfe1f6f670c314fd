"""Staff forms for plans: they validate and convert; plans/services.py saves.

Each edit form carries the version the user started from in a hidden field (optimistic locking, see
plans/versioning.py). Long texts are Markdown, rendered sanitised on the public pages.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from core.forms import MONEY_RANGE, PERSON_YEARS_RANGE, localized_decimals
from core.models import Municipality, Organisation

from .models import (
    Activity,
    ChangeSet,
    CooperationPlan,
    Indicator,
    IndicatorValue,
    Milestone,
    StrategyDocument,
    ThemeSection,
)

MARKDOWN_HELP = _("Markdown: *italic*, **bold**, lists with “-”, links as [text](https://…). HTML is not allowed.")


class VersionedForm(forms.ModelForm):
    """A model form that remembers which version of the row the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 1
        # Without the version an edit could overwrite someone else's save unnoticed: it is required for edits.
        self.fields["version"].required = self.instance.pk is not None
        shorten_inputs(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4
                if not field.help_text:
                    field.help_text = MARKDOWN_HELP

    @property
    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or 1

    def keep_only(self, names) -> None:
        """A step of an editor: only these fields (and the version). The others are neither shown nor saved: the
        instance keeps its stored values in them, and the version still guards the whole row."""
        if names is None:
            return
        for name in list(self.fields):
            if name != "version" and name not in names:
                del self.fields[name]


def shorten_inputs(form) -> None:
    """Years and other numbers get an input as wide as what they hold (static/css/portal.css), not the page's."""
    for field in form.fields.values():
        if field.widget.is_hidden:
            continue
        # (A DecimalField is an IntegerField too: the wider input for it.)
        width = "input-number" if isinstance(field, forms.DecimalField) else "input-year"
        if isinstance(field, forms.IntegerField):
            classes = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{classes} {width}".strip()


@dataclass(frozen=True)
class EditorStep:
    """One step of a long editor (?step=slug): its own page with a form of only these fields and its own Save
    button. ``fields`` None is a step without a form (a list of the parts); ``formset`` a step that edits the
    page's formset (then the form has no fields of its own, only the version that guards the whole row)."""

    slug: str
    label: str
    fields: tuple[str, ...] | None = ()
    formset: bool = False


PLAN_STEPS = (
    EditorStep(
        "basics",
        _("Basics"),
        ("title", "slug", "language", "start_year", "end_year", "lead_organisation", "contact_role"),
    ),
    EditorStep("texts", _("Texts"), ("summary", "purpose", "audience", "expected_result")),
    EditorStep("documents", _("Basis documents"), ("basis_documents",)),
    EditorStep("milestones", _("Milestones"), (), formset=True),
    EditorStep("sections", _("Theme sections"), None),
)

SECTION_STEPS = (
    EditorStep("texts", _("Texts"), ("title", "intro", "challenges", "goals")),
    EditorStep("settings", _("Theme and lead"), ("theme", "lead_role", "lead_organisation")),
    EditorStep("activities", _("Activities"), None),
)


def _years_in_order(form, cleaned, start="start_year", end="end_year"):
    first, last = cleaned.get(start), cleaned.get(end)
    if first is not None and last is not None and last < first:
        form.add_error(end, _("The last year cannot be before the first year."))
    return first, last


class PlanForm(VersionedForm):
    basis_documents = forms.ModelMultipleChoiceField(
        queryset=StrategyDocument.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Basis documents"),
        help_text=_("The strategies and development plans the plan rests on."),
        # The history does not keep a plan's basis documents: the form posts back the ones it showed, so that a
        # second editor's save can tell who changed them (core.versioning.save_merging).
        show_hidden_initial=True,
    )

    class Meta:
        model = CooperationPlan
        fields = [
            "title",
            "slug",
            "language",
            "start_year",
            "end_year",
            "lead_organisation",
            "contact_role",
            "summary",
            "purpose",
            "audience",
            "expected_result",
            "basis_documents",
        ]

    def __init__(self, *args, region, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_only(only)
        if self.instance.working_copy_of_id is not None:
            # A change set's working copy keeps the public plan's address; publishing never changes it.
            self.fields.pop("slug", None)
        self.region = region
        # The model's own validation (unique per region) needs the region before is_valid().
        self.instance.region = region
        if "lead_organisation" in self.fields:
            # The region's own organisations first, then national and foreign ones.
            self.fields["lead_organisation"].queryset = _organisations_for(region)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("language", region.language)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]  # (not called for a working copy, which has no slug field)
        taken = CooperationPlan.objects.filter(region=self.region, slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another plan of this region already uses this address."))
        return slug

    def clean(self):
        cleaned = super().clean()
        first, last = _years_in_order(self, cleaned)
        if first is not None and last is not None and last > first + 10:
            self.add_error("end_year", _("A plan's period can be at most ten years."))
        return cleaned


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["kind", "title", "starts_on", "ends_on", "date_label", "description"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if ends and not starts and "starts_on" not in self.errors:
            self.add_error("starts_on", _("Give the start too, or leave both dates empty and say when in words."))
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return cleaned


MilestoneFormSet = forms.inlineformset_factory(
    CooperationPlan, Milestone, form=MilestoneForm, extra=1, can_delete=True, max_num=50, validate_max=True
)


def _organisations_for(region):
    return Organisation.objects.filter(Q(region=region) | Q(region__isnull=True)).order_by(
        Case(When(region=region, then=Value(0)), default=Value(1), output_field=IntegerField()), "name"
    )


class SectionForm(VersionedForm):
    class Meta:
        model = ThemeSection
        fields = ["theme", "title", "intro", "challenges", "goals", "lead_role", "lead_organisation"]

    def __init__(self, *args, plan, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_only(only)
        self.plan = plan
        self.instance.plan = plan
        if "lead_organisation" in self.fields:
            self.fields["lead_organisation"].queryset = _organisations_for(plan.region)

    def clean_theme(self):
        theme = self.cleaned_data["theme"]
        taken = ThemeSection.objects.filter(plan=self.plan, theme=theme).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The plan already has a section on this theme."))
        return theme


class ActivityForm(VersionedForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "rationale",
            "responsible_organisation",
            "partner_organisations",
            "municipalities",
            "start_year",
            "end_year",
            "person_years",
            "budget",
            "funding_source",
            "cooperation_form",
            "status",
            "is_example",
        ]
        widgets = {
            "partner_organisations": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
        }
        formfield_callback = localized_decimals(person_years=PERSON_YEARS_RANGE, budget=MONEY_RANGE)

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.instance.section = section
        region = section.plan.region
        organisations = _organisations_for(region)
        self.fields["responsible_organisation"].queryset = organisations
        self.fields["partner_organisations"].queryset = organisations
        # Municipalities of the plan's own region: a plan is a cooperation of them.
        self.fields["municipalities"].queryset = Municipality.objects.filter(region=region)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("start_year", section.plan.start_year)
            self.initial.setdefault("end_year", section.plan.end_year)

    def clean(self):
        cleaned = super().clean()
        first, last = _years_in_order(self, cleaned)
        plan = self.section.plan
        message = _("The plan runs from %(first)s to %(last)s: the years must be within its period.") % {
            "first": plan.start_year,
            "last": plan.end_year,
        }
        if first is not None and not plan.start_year <= first <= plan.end_year:
            self.add_error("start_year", message)
        if last is not None and not plan.start_year <= last <= plan.end_year and "end_year" not in self.errors:
            self.add_error("end_year", message)
        responsible = cleaned.get("responsible_organisation")
        partners = cleaned.get("partner_organisations") or []
        if responsible is not None and responsible in partners:
            self.add_error("partner_organisations", _("The responsible organisation is not also its own partner."))
        return cleaned


class IndicatorForm(VersionedForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "source",
            "source_url",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
            "is_example",
        ]
        # An indicator may be negative (a change, a balance): only the model's digits bound it.
        formfield_callback = localized_decimals()

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity

    def clean(self):
        cleaned = super().clean()
        baseline, target = cleaned.get("baseline_year"), cleaned.get("target_year")
        if baseline is not None and target is not None and target < baseline:
            self.add_error("target_year", _("The target year cannot be before the baseline year."))
        return cleaned


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["year", "value"]
        formfield_callback = localized_decimals()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shorten_inputs(self)


IndicatorValueFormSet = forms.inlineformset_factory(
    Indicator, IndicatorValue, form=IndicatorValueForm, extra=2, can_delete=True, max_num=60, validate_max=True
)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=CooperationPlan.Status.choices, label=_("New status"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReorderForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])


class OrganisationForm(forms.ModelForm):
    """An organisation of one region; its region and slug are set by the view and the service, not typed."""

    class Meta:
        model = Organisation
        fields = ["name", "kind", "municipality", "website", "public_email", "public_phone"]
        error_messages = {
            "public_email": {"invalid": _("Enter the e-mail address in the form name@example.ee.")},
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.region = region
        # A national organisation (no region) is edited from some region's page: offer that region's municipalities.
        self.fields["municipality"].queryset = Municipality.objects.filter(region=self.instance.region or region)
        self.fields["municipality"].error_messages["invalid_choice"] = _("Choose one of this region's municipalities.")

    def clean(self):
        cleaned = super().clean()
        municipal = cleaned.get("kind") == Organisation.Kind.MUNICIPALITY
        # A municipality of another region already has its own message.
        if municipal and not cleaned.get("municipality") and "municipality" not in self.errors:
            self.add_error("municipality", _("A municipal government must name its municipality."))
        return cleaned


class StrategyDocumentForm(forms.ModelForm):
    class Meta:
        model = StrategyDocument
        fields = ["title", "level", "issuer", "start_year", "end_year", "url"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        # The region's own organisations first, then national and foreign ones.
        self.fields["issuer"].queryset = _organisations_for(region)
        shorten_inputs(self)

    def clean_title(self):
        title = self.cleaned_data["title"]
        taken = StrategyDocument.objects.filter(title__iexact=title).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("A strategy document with this title already exists: choose it on the plan page instead.")
            )
        return title

    def clean(self):
        cleaned = super().clean()
        _years_in_order(self, cleaned)
        return cleaned


# --- Change sets --------------------------------------------------------------------------------------------------


class ChangeSetForm(forms.ModelForm):
    class Meta:
        model = ChangeSet
        fields = ["title", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the change set a name, e.g. the consultation.")
        self.fields["description"].widget.attrs["rows"] = 4


class ChangeSetNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Write the comment first.")},
    )


class ChangeSetPublishForm(forms.Form):
    """Carries the fingerprint of the changes the reviewer was shown: a stale tab cannot publish other ones."""

    seen = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ConflictForm(forms.Form):
    row = forms.IntegerField(min_value=1)
    field = forms.CharField(max_length=100, required=False)
    keep = forms.ChoiceField(choices=[("mine", "mine"), ("theirs", "theirs")])


class ChangeSetReturnForm(ChangeSetNoteForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="return", **kwargs)
        self.fields["text"].label = _("Why it goes back to its editors")
        self.fields["text"].error_messages["required"] = _("Say what the editors should change.")
