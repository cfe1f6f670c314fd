"""The progress form of one activity in one year, and its evidence links; monitoring/progress/services.py saves.

The hidden ``version`` is 0 for a report not yet written: if someone else writes it meanwhile, the save is a
conflict (shown beside the user's input) rather than a silent overwrite of theirs.
"""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from core.forms import MONEY_RANGE, PERSON_YEARS_RANGE, localized_decimals
from core.templatetags.portal import money, quantity
from plans.forms import MARKDOWN_HELP
from projects.models import Project

from ..models import ActivityProgress, EvidenceLink


class EvidenceProjectsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})" if obj.code else obj.name


class ProgressForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    evidence_projects = EvidenceProjectsField(
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Projects as evidence"),
    )

    class Meta:
        model = ActivityProgress
        fields = ["status", "account", "money_spent", "person_years_used", "evidence_projects", "is_example"]
        widgets = {"status": forms.RadioSelect, "account": forms.Textarea(attrs={"rows": 5})}
        formfield_callback = localized_decimals(money_spent=MONEY_RANGE, person_years_used=PERSON_YEARS_RANGE)

    def __init__(self, *args, activity, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity, self.year = activity, year
        self.instance.activity, self.instance.year = activity, year
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 0
            if not self.instance.pk:
                self.initial.setdefault("status", ActivityProgress.Status.NOT_STARTED)
        # A choice is always made (not started by default): no empty radio button.
        self.fields["status"].choices = ActivityProgress.Status.choices
        self.fields["account"].help_text = MARKDOWN_HELP
        self.fields["evidence_projects"].queryset = self._projects()
        self.fields["evidence_projects"].help_text = _(
            "Projects of the region's registry that show what was done; those serving this activity come first."
        )
        years = f"{activity.start_year}–{activity.end_year}"
        budget = money(activity.budget, 0) if activity.budget is not None else _("not given")
        self.fields["money_spent"].help_text = _("Planned for the whole activity (%(years)s): %(budget)s.") % {
            "years": years,
            "budget": budget,
        }
        self.fields["person_years_used"].help_text = _(
            "Planned for the whole activity (%(years)s): %(person_years)s person-years."
        ) % {"years": years, "person_years": quantity(activity.person_years, "auto")}

    def _projects(self):
        # The region's projects still in the registry, and any archived one this report already names.
        region_id = self.activity.section.plan.region_id
        keep = Q(archived=False)
        if self.instance.pk:
            keep |= Q(pk__in=self.instance.evidence_projects.values("pk"))
        serving = self.activity.projects.values("pk")
        first = Case(When(pk__in=serving, then=Value(0)), default=Value(1), output_field=IntegerField())
        return Project.objects.filter(keep, region_id=region_id).order_by(first, "name", "pk")

    @property
    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or 0


class EvidenceLinkForm(forms.ModelForm):
    class Meta:
        model = EvidenceLink
        fields = ["title", "url"]
        widgets = {"url": forms.URLInput(attrs={"placeholder": "https://"})}


EvidenceLinkFormSet = forms.inlineformset_factory(
    ActivityProgress,
    EvidenceLink,
    form=EvidenceLinkForm,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=20,
    validate_max=True,
)
