"""Long pages you can navigate (issue #17), in Chromium on the demo data: the plan page's "On this page" list stays
in view beside the content on a wide screen and comes first on a phone; the activity tables become cards that do not
scroll sideways at 320 px (reflow) and stay one table for assistive technology; printing shows every activity's
folded details."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from plans.models import CooperationPlan


@pytest.fixture
def urls(transactional_db):
    call_command("load_demo", verbosity=0)
    plan = CooperationPlan.objects.select_related("region").get(region__slug="vorumaa")
    section = plan.sections.select_related("theme").first()
    section_kwargs = {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
    return {"plan": plan.get_absolute_url(), "section": reverse("plans:section", kwargs=section_kwargs)}


def open_page(browser, live_server, path, width, height=900):
    # Bootstrap scrolls to an anchor smoothly unless motion is reduced: reduced, the jump is done when the click is.
    context = browser.new_context(viewport={"width": width, "height": height}, locale="et-EE", reduced_motion="reduce")
    page = context.new_page()
    assert page.goto(live_server.url + path).status == 200
    return context, page


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_plan_contents_stay_in_view_beside_the_content_at_1280px(urls, live_server, browser):
    context, page = open_page(browser, live_server, urls["plan"], 1280)
    contents = page.locator(".page-contents")
    assert box(page, ".page-contents")["x"] + box(page, ".page-contents")["width"] <= box(page, "#purpose")["x"]
    # Following a link of the list scrolls to its heading; the list is still in view there, near the top.
    contents.get_by_role("link", name="Teemad ja tegevused").click()
    page.wait_for_function("() => location.hash === '#themes'")
    heading = box(page, "#themes")
    assert 0 <= heading["y"] < 100
    assert 0 <= box(page, ".page-contents")["y"] <= 20
    context.close()


def test_plan_contents_come_first_as_a_plain_list_on_a_phone_and_the_page_reflows(urls, live_server, browser):
    context, page = open_page(browser, live_server, urls["plan"], 320, 640)
    assert page.evaluate("getComputedStyle(document.querySelector('.page-contents')).position") == "static"
    assert box(page, ".page-contents")["y"] < box(page, "#purpose")["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 321
    context.close()


@pytest.mark.parametrize("name", ["section"])  # the plan page lists a theme's activities; its theme page has the table
def test_activity_tables_become_cards_at_320px_and_stay_one_table_reflow(urls, live_server, browser, name):
    context, page = open_page(browser, live_server, urls[name], 320, 640)
    assert page.evaluate("document.documentElement.scrollWidth") <= 321
    wrappers = page.evaluate(
        "[...document.querySelectorAll('.stacked-table-wrapper')].map((el) => el.scrollWidth - el.clientWidth)"
    )
    assert wrappers and max(wrappers) <= 1  # nothing to scroll sideways inside the tables either
    row = page.locator(".stacked-table tbody tr").first
    assert row.evaluate("(el) => getComputedStyle(el).display") == "flex"
    # Chromium keeps the table's roles whatever its CSS display: one structure, its cells named by their columns.
    cdp = context.new_cdp_session(page)
    roles = [node["role"]["value"] for node in cdp.send("Accessibility.getFullAXTree")["nodes"] if "role" in node]
    rows = page.locator(".stacked-table tbody tr").count()
    assert roles.count("rowheader") >= rows and roles.count("columnheader") >= 7
    context.close()


def test_the_activity_table_has_seven_columns_and_no_sideways_scrolling_at_1280px(urls, live_server, browser):
    context, page = open_page(browser, live_server, urls["section"], 1280)
    table = page.locator(".stacked-table").first
    assert table.evaluate("(el) => getComputedStyle(el).display") == "table"
    assert table.locator("thead th").count() == 7
    assert table.evaluate("(el) => el.parentElement.scrollWidth - el.parentElement.clientWidth") <= 1
    context.close()


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_every_activity_table_of_the_plan_fits_at_1280px_in_every_language(urls, live_server, browser, language):
    # Finnish headers are the longest ("Henkilötyövuodet (htv)", "Kustannusarvio"): their compounds break at a soft
    # hyphen, or the seven columns were 21 px too wide for their column on the plan page (which had the tables then).
    plan = CooperationPlan.objects.select_related("region").get(region__slug="vorumaa")
    kwargs = {"region": plan.region.slug, "plan": plan.slug}
    with translation.override(language):
        paths = [
            reverse("plans:section", kwargs={**kwargs, "theme": section.theme.slug})
            for section in plan.sections.select_related("theme")
        ]
    context, page = open_page(browser, live_server, paths[0], 1280)
    overflow = {}
    for path in paths:
        assert page.goto(live_server.url + path).status == 200, path
        assert page.locator(".stacked-table").first.evaluate("(el) => getComputedStyle(el).display") == "table"
        overflow[path] = page.evaluate(
            "Math.max(...[...document.querySelectorAll('.stacked-table-wrapper')]"
            ".map((el) => el.scrollWidth - el.clientWidth))"
        )
    assert max(overflow.values()) <= 1, overflow
    context.close()


# Where each line of an element's text starts: the text before every line break.
LINE_BREAKS = """(el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const breaks = [];
    let before = "", top = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            // A range at a line's start may also give an empty box at the end of the line before: take the widest.
            const box = [...range.getClientRects()].reduce((a, b) => (b.width > a.width ? b : a), {width: 0});
            if (box.width > 0) {
                if (top !== null && box.top > top + 2) breaks.push(before);
                top = box.top;
            }
            before += node.data[i];
        }
    }
    return breaks;
}"""


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_the_header_name_breaks_between_words_or_at_a_soft_hyphen_at_320px(urls, live_server, browser, language):
    # "Hyvinvointiyhteistyön" is wider than the room beside "Menu": it breaks after "Hyvinvointi-", not anywhere.
    with translation.override(language):
        path = reverse("home")
    context, page = open_page(browser, live_server, path, 320, 640)
    brand = page.locator(".site-brand span")
    breaks = brand.evaluate(LINE_BREAKS)
    assert all(before.endswith((" ", "\xad")) for before in breaks), breaks
    assert page.evaluate("document.documentElement.scrollWidth") <= 321
    context.close()


def test_activity_details_open_on_click_and_print_open(urls, live_server, browser):
    context, page = open_page(browser, live_server, urls["section"], 1280)
    details = page.locator(".activity-details").first
    partner = details.locator("p").first
    assert not partner.is_visible()
    details.locator("summary").click()
    assert partner.is_visible()
    details.locator("summary").click()
    assert not partner.is_visible()
    page.emulate_media(media="print")
    assert partner.is_visible()
    assert not page.locator(".page-contents").is_visible()
    context.close()
