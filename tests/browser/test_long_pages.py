"""Long pages you can navigate (issue #17), in Chromium on the demo data: the plan page's "On this page" list stays
in view beside the content on a wide screen and comes first on a phone; the activity tables become cards that do not
scroll sideways at 320 px (reflow) and stay one table for assistive technology; printing shows every activity's
folded details."""

import pytest
from django.core.management import call_command
from django.urls import reverse

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


@pytest.mark.parametrize("name", ["plan", "section"])
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
    assert page.locator(".stacked-table thead th").count() == 7
    assert table.evaluate("(el) => el.parentElement.scrollWidth - el.parentElement.clientWidth") <= 1
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
