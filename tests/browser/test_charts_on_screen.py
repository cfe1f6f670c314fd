"""In headless Chromium, as drawn: the charts' text is 12px or more on a 320px phone and on a desktop, no two texts
of a chart and no text and bar touch, and the registry's charts side by side start and end level, and so do the
tables below them.

This measures what the unit tests (tests/plans/test_charts_readable.py) estimate: the real boxes of the text.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import Indicator
from tests.browser.test_accessibility import demo  # noqa: F401 (a fixture)

# Every chart's texts and bars as the browser drew them: rendered font size and client rectangles.
MEASURE = """() => [...document.querySelectorAll('.chart svg, .funding-figures svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    box: box(svg),
    texts: [...svg.querySelectorAll('text')].map(t => ({
      text: t.textContent, px: parseFloat(t.getAttribute('font-size')) * scale,
      lines: t.querySelector('tspan') ? [...t.querySelectorAll('tspan')].map(box) : [box(t)],
    })),
    bars: [...svg.querySelectorAll('rect')].map(box),
  };
})"""


def overlap(a, b, slack=0.5):
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


def problems_of(charts):
    found = []
    for chart in charts:
        lines = [(text["text"], line) for text in chart["texts"] for line in text["lines"]]
        found += [f"{text['text']!r} is {text['px']:.1f}px" for text in chart["texts"] if text["px"] < 11.99]
        for index, (text, line) in enumerate(lines):
            found += [f"{text!r} on {other!r}" for other, box in lines[index + 1 :] if overlap(line, box)]
            found += [f"{text!r} on a bar" for bar in chart["bars"] if overlap(line, bar)]
            if line[0] < chart["box"][0] - 0.5 or line[2] > chart["box"][2] + 0.5:
                found.append(f"{text!r} cut off")
    return found


def chart_pages():
    # Theme pages and the annual report list each indicator's latest value: its chart is on the activity page.
    indicator = Indicator.objects.filter(values__isnull=False).select_related("activity__section__plan__region").first()
    return {"registry": reverse("projects:list"), "activity": indicator.activity.get_absolute_url()}


@pytest.mark.parametrize("width", [320, 1280])
def test_chart_text_is_12px_and_clear_of_other_text_and_bars(demo, live_server, browser, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="et-EE")
    page = context.new_page()
    found = {}
    for name, url in chart_pages().items():
        assert page.goto(live_server.url + url).status == 200, url
        charts = page.evaluate(MEASURE)
        assert charts, name
        if problems := problems_of(charts):
            found[name] = problems
    context.close()
    assert found == {}


def test_the_registrys_charts_side_by_side_start_and_end_level_and_so_do_their_tables(demo, live_server, page):  # noqa: F811
    page.goto(live_server.url + reverse("projects:list"))
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.funding-figures svg')].map(svg => {"
        " const r = svg.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
    )
    tables = page.evaluate(
        "() => [...document.querySelectorAll('.funding-figures table')].map(t => t.getBoundingClientRect().top)"
    )
    assert len(boxes) == 4 and len(tables) == 4
    for left, right in (boxes[0:2], boxes[2:4]):
        assert left[2] < right[0]  # side by side on a desktop
        assert left[1] == pytest.approx(right[1], abs=0.5)
        assert left[3] == pytest.approx(right[3], abs=0.5)
    assert tables[0] == pytest.approx(tables[1], abs=0.5)  # so the tables below them start level
    assert tables[2] == pytest.approx(tables[3], abs=0.5)


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_each_registry_chart_has_a_visible_title_above_it_that_names_its_figure(demo, live_server, browser, language):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    with translation.override(language):
        page.goto(live_server.url + reverse("projects:list"))
    figures = page.locator(".funding-figures figure")
    assert figures.count() == 4
    tops = []
    for index in range(4):
        figure = figures.nth(index)
        title = figure.locator("h3")
        assert title.is_visible()
        name = title.inner_text()
        assert page.get_by_role("figure", name=name, exact=True).count() == 1, name
        title_box, chart_box = title.bounding_box(), figure.locator("svg").bounding_box()
        assert title_box["y"] + title_box["height"] <= chart_box["y"], name
        tops.append(chart_box["y"])
    # The titles of a row take the same room: the charts side by side still start level.
    assert tops[0] == pytest.approx(tops[1], abs=0.5) and tops[2] == pytest.approx(tops[3], abs=0.5), tops
    context.close()
