from django import forms
from django.utils.translation import gettext_lazy as _

# Ids in the query string are bounded so that a mangled number never reaches the database.
MAX_ID = 2**63 - 1


class ProjectFilterForm(forms.Form):
    region = forms.SlugField(label=_("Region"), required=False)
    funder = forms.SlugField(label=_("Funder"), required=False)
    programme = forms.IntegerField(label=_("Programme"), required=False, min_value=1, max_value=MAX_ID)
    measure = forms.IntegerField(label=_("Measure"), required=False, min_value=1, max_value=MAX_ID)

    LOOKUPS = {"region": "region__slug", "funder": "funder__slug", "programme": "programme_id", "measure": "measure_id"}

    def active_filters(self) -> dict:
        """The valid, non-empty filters; a mangled parameter is left out instead of failing the page."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.LOOKUPS if cleaned.get(name) not in (None, "")}

    def filter(self, projects):
        return projects.filter(**{self.LOOKUPS[name]: value for name, value in self.active_filters().items()})
