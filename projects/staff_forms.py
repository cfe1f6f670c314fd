"""Forms of the staff workspace for projects: the project with its parts (inline formsets) and the import upload.

The project form carries the version the user started from (optimistic locking, plans/versioning.py). Money
is typed as people write it ("29 952,00" or "29952.00"), read by core.forms.LocalizedDecimalField.
Money and dates may be left empty: a project is registered before its budget is known (unknown is not zero).
"""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from core.forms import MONEY_RANGE, localized_decimals
from core.models import Organisation
from plans.models import Activity
from themes.models import Theme

from .imports import FORMATS, MAX_BYTES
from .models import Funder, Measure, Programme, Project, ProjectComponent, ProjectEvent, ProjectOutput, ProjectPartner

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.section.plan.title} – {obj.title}"


def organisations_for(region):
    """Every organisation, the region's own first (partners may be national or foreign)."""
    return Organisation.objects.order_by(
        Case(When(region=region, then=Value(0)), default=Value(1), output_field=IntegerField()), "name"
    )


class ProjectForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    activities = ActivityChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Plan activities it serves"),
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Themes")
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "code",
            "slug",
            "language",
            "status",
            "funder",
            "programme",
            "measure",
            "start_date",
            "end_date",
            "total_cost",
            "grant_amount",
            "goal",
            "activities_text",
            "results",
            "manager_role",
            "manager_organisation",
            "activities",
            "themes",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "goal": forms.Textarea(attrs={"rows": 4}),
            "activities_text": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "slug": _("The last part of the project's web address: letters, digits and hyphens."),
            "total_cost": _("e.g. 29 952,00; leave empty if not known yet."),
            "grant_amount": _("At most the total cost; leave empty if not known yet."),
        }
        formfield_callback = localized_decimals(total_cost=MONEY_RANGE, grant_amount=MONEY_RANGE)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        # The model's own validation (unique per region) needs the region before is_valid().
        self.instance.region = region
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 1
            if not self.instance.pk:
                self.initial.setdefault("language", region.language)
        self.fields["funder"].queryset = Funder.objects.all()
        self.fields["programme"].queryset = Programme.objects.select_related("funder")
        self.fields["programme"].label_from_instance = lambda p: f"{p.name} ({p.funder})"
        self.fields["measure"].queryset = Measure.objects.select_related("funder")
        self.fields["measure"].label_from_instance = lambda m: f"{m.code} {m.name}".strip() + f" ({m.funder})"
        self.fields["manager_organisation"].queryset = organisations_for(region)
        # Only activities of the region's own plans (not of change sets' working copies); an archived one stays
        # listed if the project already serves it.
        chosen = Q(pk__in=self.instance.activities.all()) if self.instance.pk else Q(pk__in=[])
        own = Q(section__plan__region=region, section__plan__working_copy_of__isnull=True, archived_at__isnull=True)
        self.fields["activities"].queryset = (
            Activity.objects.filter(own | chosen)
            .select_related("section__plan")
            .order_by("section__plan__title", "section__position", "position", "pk")
        )

    @property
    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or (self.instance.version if self.instance.pk else 1)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Project.objects.filter(region=self.region, slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another project of this region already uses this address."))
        return slug

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if code and Project.objects.filter(region=self.region, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another project of this region already has this code."))
        return code

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        total, grant = cleaned.get("total_cost"), cleaned.get("grant_amount")
        if total is not None and grant is not None and grant > total:
            self.add_error("grant_amount", _("The grant cannot be larger than the total cost."))
        funder, programme, measure = cleaned.get("funder"), cleaned.get("programme"), cleaned.get("measure")
        if funder and programme and programme.funder_id != funder.pk:
            self.add_error(
                "programme", _("This programme belongs to another funder: %(funder)s.") % {"funder": programme.funder}
            )
        if funder and measure and measure.funder_id != funder.pk:
            self.add_error(
                "measure", _("This measure belongs to another funder: %(funder)s.") % {"funder": measure.funder}
            )
        elif programme and measure and measure.programme_id and measure.programme_id != programme.pk:
            self.add_error(
                "measure",
                _("This measure belongs to another programme: %(programme)s.") % {"programme": measure.programme},
            )
        return cleaned


class PartnerForm(forms.ModelForm):
    class Meta:
        model = ProjectPartner
        fields = ["organisation", "role", "contribution", "position"]
        formfield_callback = localized_decimals(contribution=MONEY_RANGE)


class BasePartnerFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, region, **kwargs):
        self.region = region
        self._organisation_choices = None
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        if not hasattr(self, "_partners"):
            self._partners = super().get_queryset().select_related("organisation")
        return self._partners

    def _share_choices(self, form):
        # Every partner form offers the same organisations: one query for the page, not one per partner.
        field = form.fields["organisation"]
        field.queryset = organisations_for(self.region)
        if self._organisation_choices is None:
            self._organisation_choices = list(field.choices)
        field.choices = self._organisation_choices
        return form

    def _construct_form(self, i, **kwargs):
        return self._share_choices(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._share_choices(super().empty_form)

    def clean(self):
        super().clean()
        seen, beneficiaries = set(), 0
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            organisation, role = form.cleaned_data.get("organisation"), form.cleaned_data.get("role")
            if (organisation, role) in seen:
                form.add_error("organisation", _("This organisation already has this role in the project."))
            seen.add((organisation, role))
            if role == ProjectPartner.Role.BENEFICIARY:
                beneficiaries += 1
        if beneficiaries > 1:
            raise forms.ValidationError(_("A project has one beneficiary; name the others as partners."))


class EventForm(forms.ModelForm):
    class Meta:
        model = ProjectEvent
        fields = ["title", "date", "end_date", "place", "description"]
        widgets = {"date": DATE_WIDGET, "end_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the date."))
        return cleaned


FORMSET_OPTIONS = {"extra": 1, "can_delete": True, "max_num": 100, "validate_max": True}

PartnerFormSet = forms.inlineformset_factory(
    Project, ProjectPartner, form=PartnerForm, formset=BasePartnerFormSet, **FORMSET_OPTIONS
)
ComponentFormSet = forms.inlineformset_factory(
    Project,
    ProjectComponent,
    fields=["title", "description", "position"],
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    **FORMSET_OPTIONS,
)
EventFormSet = forms.inlineformset_factory(Project, ProjectEvent, form=EventForm, **FORMSET_OPTIONS)
OutputFormSet = forms.inlineformset_factory(
    Project,
    ProjectOutput,
    fields=["kind", "title", "description", "url", "valid_until", "position"],
    widgets={"description": forms.Textarea(attrs={"rows": 2}), "valid_until": DATE_WIDGET},
    **FORMSET_OPTIONS,
)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet of projects"),
        help_text=_(
            "A CSV file (UTF-8) or an XLSX workbook of at most 5 MB, with the columns of the registry's export."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB. Split it into smaller files.") % {"limit": MAX_BYTES // 2**20}
            )
        if upload.name.rsplit(".", 1)[-1].lower() not in FORMATS:
            raise forms.ValidationError(_("Upload a CSV or XLSX file (.csv or .xlsx)."))
        return upload


class ArchiveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
