"""Charts people can read: text of 12px on a phone and 8pt in print, no label on another label or on a bar,
nothing cut off, colours with contrast, and the registry's charts side by side on one scale and one height.

Text boxes are estimated with plans.charts.text_box / text_width: an upper bound of DejaVu Sans (the PDF font,
wider than Arial and Helvetica), so boxes that do not meet here do not meet when drawn.
"""

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from plans.charts import (
    LINE_HEIGHT,
    MIN_TEXT_PX,
    SCREEN_MIN_WIDTH,
    bar_chart,
    bar_charts,
    boxes_overlap,
    contrast,
    funding_figures,
    indicator_chart,
    text_box,
    text_size,
    text_width,
    wrap,
)
from projects.models import Project
from tests.factories import FunderFactory, IndicatorFactory, ProjectFactory, RegionFactory, ThemeFactory

SVG = "{http://www.w3.org/2000/svg}"
PX_PER_MM = 96 / 25.4
PT_PER_PX = 0.75

LONG_LABELS = [
    "Tark juhtimine ja sotsiaalne innovatsioon",
    "Sosiaalipalveluiden kehittämistoimenpideohjelmakokonaisuus",  # one word wider than the chart
    "Väärikas vananemine",
]


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 (our own output, not untrusted input)


def text_lines(root):
    """Every drawn line of text: (text element, x, baseline y, content)."""
    for element in root.iter(f"{SVG}text"):
        spans = element.findall(f"{SVG}tspan")
        if spans:
            for span in spans:
                yield element, float(span.get("x")), float(span.get("y")), span.text or ""
        else:
            yield element, float(element.get("x")), float(element.get("y")), element.text or ""


def text_boxes(root):
    return [
        (content, text_box(x, y, content, float(element.get("font-size")), element.get("text-anchor")))
        for element, x, y, content in text_lines(root)
    ]


def shape_boxes(root):
    """Bars and markers (rect), the axes, the baseline and target lines and their legend samples (line), as boxes.
    (A compared series' dotted polyline may cross a value: its markers may not.)"""
    for rect in root.iter(f"{SVG}rect"):
        x, y = float(rect.get("x")), float(rect.get("y"))
        yield (x, y, x + float(rect.get("width")), y + float(rect.get("height")))
    for line in root.iter(f"{SVG}line"):
        x1, y1, x2, y2 = (float(line.get(name)) for name in ("x1", "y1", "x2", "y2"))
        yield (min(x1, x2) - 0.5, min(y1, y2) - 1, max(x1, x2) + 0.5, max(y1, y2) + 1)


def assert_readable(svg, *, shown_width=SCREEN_MIN_WIDTH):
    """The checks every chart passes; returns the parsed chart."""
    root = parse(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    scale = min(1.0, shown_width / width)  # pages scale a chart down to its column, never up
    boxes = text_boxes(root)
    assert boxes
    for element, *_rest in text_lines(root):
        assert float(element.get("font-size")) * scale >= MIN_TEXT_PX
        assert contrast(element.get("fill")) >= 4.5, element.get("fill")
        assert element.get("font-weight") is None  # bold is wider than the width estimate
    for index, (content, box) in enumerate(boxes):
        assert "…" not in content
        left, top, right, bottom = box
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, (content, box, width, height)
        for other, other_box in boxes[index + 1 :]:
            assert not boxes_overlap(box, other_box), (content, other)
        for shape in shape_boxes(root):
            assert not boxes_overlap(box, shape), (content, shape)
    for rect in root.iter(f"{SVG}rect"):
        assert contrast(rect.get("fill")) >= 3, rect.get("fill")
    for line in [*root.iter(f"{SVG}line"), *root.iter(f"{SVG}polyline")]:
        assert contrast(line.get("stroke")) >= 3, line.get("stroke")
    return root


def joined(root) -> str:
    """The chart's text with wrapped lines joined again (a hyphen at a line's end was added by the wrapping)."""
    texts = []
    for element in root.iter(f"{SVG}text"):
        spans = [span.text for span in element.findall(f"{SVG}tspan")]
        if not spans:
            texts.append(element.text)
            continue
        text = spans[0]
        for span in spans[1:]:
            text = text[:-1] + span if text.endswith("-") else f"{text} {span}"
        texts.append(text)
    return "\n".join(texts)


# --- Text ----------------------------------------------------------------------------------------------------


def test_text_is_drawn_larger_in_a_chart_that_pages_scale_down_to_a_phone_column():
    assert text_size(SCREEN_MIN_WIDTH) == 12
    assert text_size(200) == 12
    assert text_size(480) * SCREEN_MIN_WIDTH / 480 >= 12


def test_wrap_breaks_between_words_and_splits_only_a_word_wider_than_the_line():
    lines = wrap("Tark juhtimine ja sotsiaalne innovatsioon", 12, 120)
    assert len(lines) > 1
    assert " ".join(lines) == "Tark juhtimine ja sotsiaalne innovatsioon"
    assert all(text_width(line, 12) <= 120 for line in lines)
    long_word = wrap("Kehittämistoimenpideohjelmakokonaisuus", 12, 100)
    assert len(long_word) > 1 and all(text_width(line, 12) <= 100 for line in long_word)
    assert "".join(line.removesuffix("-") for line in long_word) == "Kehittämistoimenpideohjelmakokonaisuus"


def test_wrap_keeps_no_break_spaces():
    assert wrap("29\xa0952 €", 12, 300) == ["29\xa0952 €"]


def test_the_width_estimate_is_not_below_dejavu_sans():
    # Advance widths of DejaVu Sans (em) for a sample of each class of characters.
    dejavu = {"i": 0.278, "m": 0.974, "W": 0.989, "O": 0.787, "ö": 0.602, "5": 0.636, "€": 0.636, "r": 0.411}
    for char, em in dejavu.items():
        assert text_width(char, 10) >= em * 10, char


# --- Bar charts ------------------------------------------------------------------------------------------------


def test_bar_chart_labels_wrap_in_full_and_touch_neither_each_other_nor_the_bars():
    rows = [(label, Decimal(value)) for label, value in zip(LONG_LABELS, ["1250000", "3.5", "0"], strict=True)]
    with translation.override("et"):
        root = assert_readable(bar_chart(rows, title="Toetused", unit="€"))
    text = joined(root)
    for label in LONG_LABELS:
        assert label in text
    assert "1\xa0250\xa0000 €" in text
    assert any(element.findall(f"{SVG}tspan") for element in root.iter(f"{SVG}text"))  # a wrapped label


def test_bar_chart_of_one_theme_a_row_is_readable_in_a_wider_drawing():
    rows = [(f"Teema {n}: {LONG_LABELS[n % 3]}", Decimal(n * 1000)) for n in range(8)]
    with translation.override("fi"):
        assert_readable(bar_chart(rows, title="T", unit="htv", width=480))


def test_a_chart_not_per_theme_has_one_hue():
    rows = [(label, Decimal(n + 1)) for n, label in enumerate(LONG_LABELS)]
    root = parse(bar_chart(rows, title="T", unit="€"))
    assert len({rect.get("fill") for rect in root.iter(f"{SVG}rect")}) == 1


def test_a_theme_colour_too_light_to_see_falls_back_to_the_one_hue():
    root = parse(bar_chart([("a", Decimal(1)), ("b", Decimal(2))], title="T", unit="", colours=["#1f5f8b", "#ffee88"]))
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills[0] == "#1f5f8b"
    assert contrast(fills[1]) >= 3


def test_charts_side_by_side_share_scale_value_column_and_the_height_of_their_row():
    charts = bar_charts(
        [
            ([(label, Decimal(n * 10000 + 5)) for n, label in enumerate(LONG_LABELS)], "Teemad", None),
            ([("ESF", Decimal("25000"))], "Rahastajad", None),
            ([("2021", Decimal("15000"))], "Aastad", None),
        ],
        unit="€",
        columns=2,
    )
    roots = [assert_readable(chart) for chart in charts]
    assert roots[0].get("height") == roots[1].get("height")  # the first row of the page
    assert int(roots[2].get("height")) < int(roots[0].get("height"))  # the second row is its own height

    def euros_per_px(root):
        rect = next(r for r in root.iter(f"{SVG}rect") if float(r.get("width")) > 1)
        value = Decimal(rect.find(f"{SVG}title").text.rsplit(": ", 1)[1].rstrip(" €").replace("\xa0", ""))
        return float(value) / float(rect.get("width"))

    assert euros_per_px(roots[0]) == pytest.approx(euros_per_px(roots[1]), rel=0.01)
    assert euros_per_px(roots[1]) == pytest.approx(euros_per_px(roots[2]), rel=0.01)
    assert {rect.get("x") for root in roots for rect in root.iter(f"{SVG}rect")} == {"0"}


@pytest.mark.django_db
def test_the_registry_figures_are_readable_aligned_and_coloured_by_theme():
    region = RegionFactory()
    ageing = ThemeFactory(name_et="Tark juhtimine ja sotsiaalne innovatsioon", colour="#1f5f8b", position=1)
    learning = ThemeFactory(name_et="Õppiv inimene", colour="#7a1f5c", position=2)
    funder = FunderFactory(name="Euroopa Majanduspiirkonna ja Norra toetused sotsiaalvaldkonnale")
    ProjectFactory(region=region, funder=funder, themes=[ageing], start_date=date(2021, 1, 1), grant_amount=1000)
    ProjectFactory(region=region, funder=funder, themes=[learning], start_date=date(2022, 1, 1), grant_amount=50)
    ProjectFactory(region=region, funder=funder, themes=[], start_date=date(2022, 1, 1), grant_amount=70)
    with translation.override("et"):
        figures = funding_figures(Project.objects.public())
    roots = [assert_readable(figure["chart"]) for figure in figures]
    assert roots[0].get("height") == roots[1].get("height")
    assert roots[2].get("height") == roots[3].get("height")
    theme_fills = [rect.get("fill") for rect in roots[0].iter(f"{SVG}rect")]
    assert theme_fills[:2] == ["#1f5f8b", "#7a1f5c"]  # the themes' own colours
    assert contrast(theme_fills[2]) >= 3  # the projects without a theme: grey
    assert len({rect.get("fill") for rect in roots[1].iter(f"{SVG}rect")}) == 1
    assert "Tark juhtimine ja sotsiaalne innovatsioon" in joined(roots[0])
    assert funder.name in joined(roots[1])


# --- Indicator charts ------------------------------------------------------------------------------------------


def indicator(**kwargs):
    defaults = {
        "name": "Tervena elatud aastad",
        "unit": "aastat",
        "baseline_year": 2020,
        "baseline_value": Decimal("57"),
        "target_year": 2030,
        "target_value": Decimal("60"),
    }
    return IndicatorFactory.build(**(defaults | kwargs))


def test_baseline_and_target_are_named_in_a_legend_and_values_clear_their_lines():
    # The baseline and the target at the very values of the bars: their names used to sit on the bars' tops.
    values = {2021: Decimal("57"), 2022: Decimal("60"), 2023: Decimal("59.5")}
    with translation.override("et"):
        root = assert_readable(indicator_chart(indicator(), values=values))
    texts = [content for _element, _x, _y, content in text_lines(root)]
    assert "Algtase 57 (2020)" in texts and "Sihttase 60 (2030)" in texts
    assert {"57", "60", "59,5", "2021", "2022", "2023", "aastat"} <= set(texts)
    assert len(root.findall(f"{SVG}line")) == 6  # two axes, baseline, target and their samples in the legend
    dashes = {line.get("stroke-dasharray") for line in root.findall(f"{SVG}line")} - {None}
    assert len(dashes) == 2  # the baseline and the target differ by more than colour


def test_a_value_label_moves_above_a_compared_series_marker_in_its_way():
    values = {2021: Decimal("50"), 2022: Decimal("52")}
    country = {2021: Decimal("53"), 2022: Decimal("70")}
    with translation.override("en"):
        root = assert_readable(indicator_chart(indicator(), values=values, others=[("Eesti", country)]))
    texts = [content for _element, _x, _y, content in text_lines(root)]
    assert "50" in texts and "52" in texts and "Eesti 70" in texts


def test_many_years_thin_the_axis_and_leave_values_to_the_table():
    values = {year: Decimal("1234.56") + year for year in range(2005, 2026)}
    with translation.override("et"):
        root = assert_readable(indicator_chart(indicator(unit="inimest 100 000 elaniku kohta"), values=values))
    years = [content for _e, _x, _y, content in text_lines(root) if re.fullmatch(r"\d{4}", content)]
    assert "2005" in years and len(years) < 21
    assert len(root.findall(f"{SVG}rect")) == 21  # every year still has its bar


def test_an_indicator_without_values_and_with_a_long_unit_says_so_in_full():
    with translation.override("fi"):
        root = assert_readable(
            indicator_chart(indicator(unit="sosiaalipalveluiden asiakkaita tuhatta asukasta kohden"), values={})
        )
    text = joined(root)
    assert "sosiaalipalveluiden asiakkaita tuhatta asukasta kohden" in text


def test_an_indicator_chart_drawn_wider_keeps_12px_text_on_a_phone():
    values = {2021: Decimal("5"), 2022: Decimal("6")}
    assert_readable(indicator_chart(indicator(), values=values, width=320, height=140))
    assert_readable(indicator_chart(indicator(), values=values, width=480))


# --- Print -----------------------------------------------------------------------------------------------------


def print_css() -> str:
    return (Path(settings.BASE_DIR) / "templates" / "pdf" / "_print.css").read_text()


def smallest_text(root) -> float:
    return min(float(element.get("font-size")) for element in root.iter(f"{SVG}text"))


@pytest.mark.parametrize("width", [SCREEN_MIN_WIDTH, 320])
def test_an_indicator_chart_prints_its_text_at_8pt_or_more_in_the_pdfs_70mm(width):
    # The theme sheet and the annual report print an indicator chart at a fixed width (.indicator svg).
    printed_mm = float(re.search(r"\.indicator svg \{[^}]*width: ([\d.]+)mm", print_css()).group(1))
    root = parse(indicator_chart(indicator(), values={2021: Decimal("58")}, width=width))
    scale = printed_mm * PX_PER_MM / float(root.get("width"))
    assert smallest_text(root) * scale * PT_PER_PX >= 8


def test_a_bar_chart_prints_at_its_own_size_with_text_of_9pt():
    # The plan summary prints bar charts in .chart, only ever scaled down to the page's width (max-width: 100%).
    assert re.search(r"\.chart svg \{[^}]*max-width: 100%", print_css())
    a4_column_px = (210 - 16 - 16) * PX_PER_MM
    root = parse(bar_chart([(label, Decimal(1)) for label in LONG_LABELS], title="T", unit="htv"))
    assert float(root.get("width")) <= a4_column_px
    assert smallest_text(root) * PT_PER_PX >= 8


def test_lines_of_a_wrapped_label_are_a_line_height_apart():
    root = parse(bar_chart([(LONG_LABELS[0] * 2, Decimal(1))], title="T", unit=""))
    spans = next(element for element in root.iter(f"{SVG}text") if element.findall(f"{SVG}tspan"))
    ys = [float(span.get("y")) for span in spans.findall(f"{SVG}tspan")]
    size = float(spans.get("font-size"))
    assert all(b - a == pytest.approx(size * LINE_HEIGHT, abs=0.11) for a, b in itertools.pairwise(ys))
