"""The staff's words on each theme of a plan in a year: one form per theme section, on one page."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from monitoring.models import ThemeYearSummary
from plans.forms import MARKDOWN_HELP

# Room for a page of text in each field; more belongs in a document of its own.
TEXT_MAX_LENGTH = 10_000


class ThemeYearSummaryForm(forms.ModelForm):
    """One theme section's summary of the year and what is planned next; the hidden version is 0 for a new one."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = ThemeYearSummary
        fields = ["summary", "next_year"]

    def __init__(self, data=None, *, section, year, instance=None):
        instance = instance or ThemeYearSummary(section=section, year=year)
        super().__init__(data, instance=instance, prefix=f"section-{section.pk}")
        self.section = section
        # Also when bound: a version that differs from the row's is then the one changed field that is no text.
        self.initial["version"] = instance.version if instance.pk else 0
        for name in ("summary", "next_year"):
            field = self.fields[name]
            field.max_length = TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
            field.widget.attrs.update({"rows": 5, "maxlength": TEXT_MAX_LENGTH})
            field.help_text = MARKDOWN_HELP
        self.fields["next_year"].label = _("Planned for %(year)s") % {"year": year + 1}

    @property
    def expected_version(self) -> int:
        return self.cleaned_data["version"]

    @property
    def text_changed(self) -> bool:
        return bool(set(self.changed_data) - {"version"})
