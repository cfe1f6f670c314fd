"""Money and quantities read the way each interface language writes them."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.templatetags.portal import money, quantity


@pytest.mark.parametrize(
    ("language", "expected"),
    [("et", "29\xa0952,00\xa0€"), ("fi", "29\xa0952,00\xa0€"), ("en", "€29,952.00")],
)
def test_money_is_grouped_and_signed_in_the_interface_language(language, expected):
    with translation.override(language):
        assert money(Decimal("29952.00")) == expected


def test_money_to_the_euro_drops_the_cents():
    with translation.override("et"):
        assert money(Decimal("201669.95"), 0) == "201\xa0670\xa0€"


def test_missing_money_is_empty_not_zero():
    assert money(None) == ""


@pytest.mark.parametrize(
    ("value", "expected"), [("6.00", "6"), ("12.50", "12,5"), ("0.25", "0,25"), ("1000", "1\xa0000")]
)
def test_quantity_auto_shows_only_the_decimals_a_value_has(value, expected):
    with translation.override("et"):
        assert quantity(Decimal(value), "auto") == expected
