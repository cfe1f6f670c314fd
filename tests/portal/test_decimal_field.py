"""The one decimal field of every staff form (core.forms.LocalizedDecimalField): it reads a decimal comma
and a point and spaced thousands, shows the value back in the page's language, and refuses what is not a number or
out of range with a message, never guessing."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from core.forms import MONEY_RANGE, PERSON_YEARS_RANGE, DecimalInput, LocalizedDecimalField
from plans.forms import ActivityForm, IndicatorForm, IndicatorValueFormSet
from projects.staff_forms import PartnerForm, ProjectForm


def person_years():
    return LocalizedDecimalField(
        max_digits=6, decimal_places=2, min_value=PERSON_YEARS_RANGE[0], max_value=PERSON_YEARS_RANGE[1]
    )


@pytest.mark.parametrize("language", ["et", "en", "fi"])
@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("0,75", Decimal("0.75")),
        ("0.75", Decimal("0.75")),
        ("  0,75 ", Decimal("0.75")),
        ("1 000", Decimal("1000")),
        ("1\u00a0000", Decimal("1000")),
        ("1\u202f000", Decimal("1000")),
        ("12", Decimal("12")),
        (",5", Decimal("0.5")),
        ("", None),
    ],
)
def test_a_comma_a_point_and_spaced_thousands_are_read_in_every_language(language, typed, value):
    field = person_years()
    field.required = False
    with translation.override(language):
        assert field.clean(typed) == value


@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [
        ("et", "1 234,5", Decimal("1234.5")),
        ("fi", "1\u00a0234,5", Decimal("1234.5")),
        ("en", "1,234.5", Decimal("1234.5")),
        ("en", "1 234.5", Decimal("1234.5")),
        ("en", "0,75", Decimal("0.75")),  # not a group of three digits: a decimal comma, never 75
        ("et", "\u22121,5", Decimal("-1.5")),  # the typographic minus
    ],
)
def test_larger_numbers_are_read_the_way_the_language_writes_them(language, typed, value):
    with translation.override(language):
        assert LocalizedDecimalField(max_digits=14, decimal_places=2).clean(typed) == value


@pytest.mark.parametrize(
    ("language", "messages"),
    [
        (
            "en",
            {
                "negative": "The value cannot be negative.",
                "invalid": "Enter a number, e.g. 1,234.5.",
                "large": "Enter at most 1,000.",
            },
        ),
        (
            "et",
            {
                "negative": "Väärtus ei saa olla negatiivne.",
                "invalid": "Sisestage arv, näiteks 1\u00a0234,5.",
                "large": "Sisestage kõige rohkem 1\u00a0000.",
            },
        ),
        (
            "fi",
            {
                "negative": "Arvo ei voi olla negatiivinen.",
                "invalid": "Anna luku, esimerkiksi 1\u00a0234,5.",
                "large": "Anna enintään 1\u00a0000.",
            },
        ),
    ],
)
@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("-1", "negative"),
        ("-0,01", "negative"),
        ("abc", "invalid"),
        ("1,2,3", "invalid"),
        ("1.2.3", "invalid"),
        ("1,5e3", "invalid"),
        ("1_000", "invalid"),  # Python's Decimal() would read it as 1000
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("٣", "invalid"),  # an Arabic-Indic three: Decimal() would read it too
        ("1001", "large"),
        ("1 000,01", "large"),
        ("99999999999999999999", "large"),
    ],
)
def test_bad_input_is_refused_with_a_message_in_the_users_language(language, messages, typed, kind):
    with translation.override(language):
        with pytest.raises(forms.ValidationError) as refused:
            person_years().clean(typed)
        assert refused.value.messages == [messages[kind]]


def test_more_decimal_places_than_the_field_holds_are_refused_not_rounded():
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as refused:
            person_years().clean("0,755")
        assert "2 decimal places" in refused.value.messages[0]


def test_without_a_maximum_the_bound_is_what_the_model_field_holds():
    field = LocalizedDecimalField(max_digits=14, decimal_places=2)

    assert field.max_value == Decimal("999999999999.99")
    assert field.clean("-5") == Decimal("-5")  # no minimum: an indicator may be negative
    with translation.override("en"), pytest.raises(forms.ValidationError):
        field.clean("1000000000000")


@pytest.mark.parametrize(("language", "shown"), [("et", "0,75"), ("fi", "0,75"), ("en", "0.75")])
def test_the_value_is_shown_back_in_the_users_language_in_a_text_input(language, shown):
    form_class = type("AmountForm", (forms.Form,), {"amount": person_years()})
    with translation.override(language):
        rendered = str(form_class(initial={"amount": Decimal("0.75")})["amount"])

    assert f'value="{shown}"' in rendered
    assert 'type="text"' in rendered and 'inputmode="decimal"' in rendered


@pytest.mark.parametrize(
    ("form", "name", "least", "most"),
    [
        (ActivityForm, "person_years", *PERSON_YEARS_RANGE),
        (ActivityForm, "budget", *MONEY_RANGE),
        (IndicatorForm, "baseline_value", None, Decimal("999999999999.99")),
        (IndicatorForm, "target_value", None, Decimal("999999999999.99")),
        (IndicatorValueFormSet.form, "value", None, Decimal("999999999999.99")),
        (ProjectForm, "total_cost", *MONEY_RANGE),
        (ProjectForm, "grant_amount", *MONEY_RANGE),
        (PartnerForm, "contribution", *MONEY_RANGE),
    ],
)
def test_every_decimal_field_of_the_staff_forms_is_the_localized_field_with_a_range(form, name, least, most):
    field = form.base_fields[name]

    assert isinstance(field, LocalizedDecimalField) and isinstance(field.widget, DecimalInput)
    assert (field.min_value, field.max_value) == (least, most)
