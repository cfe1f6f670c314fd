"""Charts are well-formed SVG that carry their numbers in the page's language and escape what they are given."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from plans.charts import bar_chart, indicator_chart
from tests.factories import IndicatorFactory, IndicatorValueFactory

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 (our own output, not untrusted input)


def all_text(root: ET.Element) -> str:
    return " ".join("".join(element.itertext()) for element in root)


def test_bar_chart_is_well_formed_svg_with_a_title_and_every_value():
    rows = [("Võru vald", Decimal("29952.00")), ("Rõuge vald", Decimal("1500.5"))]
    with translation.override("et"):
        root = parse(bar_chart(rows, title="Eelarve", unit="€"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Eelarve"
    text = all_text(root)
    assert "Võru vald" in text
    assert "29\xa0952 €" in text
    assert "1\xa0500,5 €" in text
    assert len(root.findall(f"{SVG}rect")) == 2


def test_bar_chart_writes_numbers_the_english_way_in_english():
    with translation.override("en"):
        text = all_text(parse(bar_chart([("A", Decimal("1234.5"))], title="T", unit="htv")))
    assert "1,234.5 htv" in text


def test_bar_chart_escapes_names_and_title():
    svg = str(bar_chart([("<script>alert(1)</script>", Decimal(1))], title='A "quoted" <b>title</b>', unit="&"))
    assert "<script>" not in svg
    assert "<b>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == 'A "quoted" <b>title</b>'
    assert "<script>alert(1)</script>" in all_text(root)


def test_bar_chart_without_rows_says_so():
    with translation.override("en"):
        root = parse(bar_chart([], title="Empty", unit="€"))
    assert "No data." in all_text(root)


def test_bar_chart_colours_bars_from_the_given_colours():
    root = parse(bar_chart([("a", Decimal(1)), ("b", Decimal(2))], title="T", unit="", colours=["#111111", "#222222"]))
    assert [rect.get("fill") for rect in root.findall(f"{SVG}rect")] == ["#111111", "#222222"]


@pytest.mark.django_db
def test_indicator_chart_shows_yearly_values_baseline_and_target():
    indicator = IndicatorFactory(
        name="Tervena elatud aastad",
        unit="aastat",
        baseline_year=2020,
        baseline_value=Decimal("55.5"),
        target_year=2025,
        target_value=Decimal("60"),
    )
    IndicatorValueFactory(indicator=indicator, year=2021, value=Decimal("56.25"))
    IndicatorValueFactory(indicator=indicator, year=2022, value=Decimal("57"))
    with translation.override("et"):
        root = parse(indicator_chart(indicator))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Tervena elatud aastad (aastat)"
    desc = root.find(f"{SVG}desc").text
    assert "55,5" in desc and "2020" in desc and "60" in desc and "56,25" in desc
    text = all_text(root)
    for expected in ["2021", "2022", "56,25", "57", "aastat"]:
        assert expected in text
    assert len(root.findall(f"{SVG}rect")) == 2
    assert len(root.findall(f"{SVG}line")) == 6  # two axes, baseline, target, and their samples in the legend


@pytest.mark.django_db
def test_indicator_chart_without_values_is_still_valid_and_escapes_the_name():
    indicator = IndicatorFactory(name="<script>x</script> & co", unit="%")
    with translation.override("en"):
        svg = str(indicator_chart(indicator, width=200, height=100))
    assert "<script>" not in svg
    root = parse(svg)
    assert root.get("width") == "200"
    assert "No yearly values yet." in all_text(root)


@pytest.mark.django_db
def test_indicator_chart_uses_prefetched_values_without_queries(django_assert_num_queries):
    from plans.models import Indicator

    indicator = IndicatorFactory()
    IndicatorValueFactory(indicator=indicator, year=2022)
    indicator = Indicator.objects.prefetch_related("values").get(pk=indicator.pk)
    with django_assert_num_queries(0):
        indicator_chart(indicator)
