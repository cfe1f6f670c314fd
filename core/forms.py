"""Number fields that read numbers as people type them in Estonian, Finnish and English."""

import re
from decimal import Decimal

from django import forms
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

PERSON_YEARS_RANGE = (Decimal(0), Decimal(1000))
MONEY_RANGE = (Decimal(0), Decimal(1_000_000_000))

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")  # thousands groups: spaces, no-break and thin spaces, apostrophe
_ENGLISH_GROUPS = re.compile(r"[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)", re.ASCII)


class DecimalInput(forms.TextInput):
    """A text input for decimals: ``type=number`` lets Chromium turn a typed "0,75" into "075"."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", **(attrs or {})})


class LocalizedDecimalField(forms.DecimalField):
    """A decimal in the interface language's format, with a point accepted as well, and a range.

    "0,75", "0.75", "1 234,5" (spaces or no-break spaces between thousands) are read in every language; in
    English a comma between groups of three digits ("1,234.5") separates thousands. More than one decimal mark
    ("1,2,3") is refused, never guessed. The value is shown back localised (0,75 in Estonian and Finnish).
    Without ``max_value`` the bound is what the model field's digits hold.
    """

    widget = DecimalInput

    def __init__(self, *, min_value=None, max_value=None, max_digits=None, decimal_places=None, **kwargs):
        kwargs.setdefault("localize", True)
        if max_value is None and max_digits is not None:
            places = decimal_places or 0
            max_value = Decimal(10) ** (max_digits - places) - Decimal(1).scaleb(-places)
        # The range is checked in validate(), with the limit written the way the reader writes numbers.
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        self.min_value, self.max_value = min_value, max_value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        text = _SPACES.sub("", str(value)).replace("\u2212", "-")  # U+2212 is the typographic minus
        if formats.get_format("THOUSAND_SEPARATOR") == "," and _ENGLISH_GROUPS.fullmatch(text):
            text = text.replace(",", "")
        if text.count(",") + text.count(".") > 1:
            raise forms.ValidationError(self._invalid_message(), code="invalid")
        text = text.replace(",", ".")
        if not _NUMBER.fullmatch(text):
            raise forms.ValidationError(self._invalid_message(), code="invalid")
        return Decimal(text)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            if self.min_value == 0:
                raise forms.ValidationError(_("The value cannot be negative."), code="min_value")
            raise forms.ValidationError(
                _("Enter at least %(limit)s."), code="min_value", params={"limit": _localized(self.min_value)}
            )
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(
                _("Enter at most %(limit)s."), code="max_value", params={"limit": _localized(self.max_value)}
            )

    def _invalid_message(self):
        return _("Enter a number, e.g. %(example)s.") % {"example": _localized(Decimal("1234.5"))}


def _localized(value: Decimal) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def localized_decimals(**ranges):
    """A ``formfield_callback`` for model forms: every DecimalField becomes a :class:`LocalizedDecimalField`.

    ``ranges`` gives a field's (least, most) by name, e.g. ``person_years=PERSON_YEARS_RANGE``.
    """

    def formfield(db_field, **kwargs):
        if isinstance(db_field, models.DecimalField):
            least, most = ranges.get(db_field.name, (None, None))
            kwargs = {"form_class": LocalizedDecimalField, "min_value": least, "max_value": most, **kwargs}
        return db_field.formfield(**kwargs)

    return formfield
