"""The staff form of an annual clock task: it validates and converts; monitoring/clock/services.py saves."""

import calendar

from django import forms
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.forms import VersionedForm

from ..models import ClockTask

# A leap year: 29 February is a day of the clock (in other years its reminder counts back from the 28th).
LEAP_YEAR = 2028
DAY_RANGE = gettext_lazy("A day of the month is a whole number from 1 to 31, or empty for the whole month.")
REMIND_RANGE = gettext_lazy("The reminder is sent from 0 to 90 days before: enter a whole number in that range.")


def month_choices() -> list[tuple[int, str]]:
    """The months in the active language; built per request, never at import."""
    return [(number, capfirst(str(name))) for number, name in MONTHS.items()]


def _model_field(name):
    return ClockTask._meta.get_field(name)


class ClockTaskForm(VersionedForm):
    month = forms.TypedChoiceField(coerce=int, label=capfirst(_model_field("month").verbose_name))
    day = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=31,
        label=capfirst(_model_field("day").verbose_name),
        help_text=_model_field("day").help_text,
        error_messages={"invalid": DAY_RANGE, "min_value": DAY_RANGE, "max_value": DAY_RANGE},
    )
    remind_days_before = forms.IntegerField(
        min_value=0,
        max_value=90,
        label=capfirst(_model_field("remind_days_before").verbose_name),
        help_text=gettext_lazy("From 0 (on the day itself) to 90 days."),
        error_messages={"invalid": REMIND_RANGE, "min_value": REMIND_RANGE, "max_value": REMIND_RANGE},
    )

    class Meta:
        model = ClockTask
        fields = ["title", "description", "month", "day", "responsible_role", "remind_days_before", "is_example"]
        widgets = {"description": forms.Textarea}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.fields["month"].choices = [("", "---------"), *month_choices()]
        self.fields["month"].error_messages["invalid_choice"] = _("Choose a month from the list.")
        self.fields["responsible_role"].error_messages["invalid_choice"] = _("Choose a role from the list.")
        self.fields["title"].error_messages["required"] = _("Enter the task.")

    def clean(self):
        cleaned = super().clean()
        month, day = cleaned.get("month"), cleaned.get("day")
        if month and day:
            days = calendar.monthrange(LEAP_YEAR, month)[1]
            if day > days:
                self.add_error(
                    "day",
                    _("%(month)s has only %(days)s days: choose a day from 1 to %(days)s.")
                    % {"month": capfirst(str(MONTHS[month])), "days": days},
                )
        return cleaned
