"""Long pages you can navigate (issue #17): the plan page and the theme page open with an "On this page" list whose
links find every h2 section of the page, in its order; each activity's description and partners fold into a
disclosure below its title, and every cell of the activities table names its column for the card layout of phones."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from plans.models import CooperationPlan
from tests.plans.test_public_pages import build_region, page_urls

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """The ids of a page, its h2 headings in order, and the links of its contents list with their depth."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, str] = {}
        self.headings: list[str] = []  # ids of the h2 elements, in the page's order
        self.contents: list[tuple[int, str]] = []  # (depth of its list, href) of each link of the contents
        self.contents_label = None
        self._stack: list[tuple[str, dict]] = []
        self.feed(html)
        self.close()

    def _inside(self, predicate):
        return any(predicate(tag, attrs) for tag, attrs in self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            assert attrs["id"] not in self.ids, f"two elements with id {attrs['id']}"
            self.ids[attrs["id"]] = tag
        in_contents = self._inside(lambda t, a: t == "nav" and "page-contents" in a.get("class", ""))
        if tag == "nav" and "page-contents" in attrs.get("class", ""):
            self.contents_label = attrs.get("aria-labelledby")
        if tag == "h2" and not in_contents:
            self.headings.append(attrs.get("id"))
        if tag == "a" and in_contents:
            self.contents.append((sum(t == "ul" for t, _ in self._stack), attrs["href"]))
        if tag not in VOID:
            self._stack.append((tag, attrs))

    def handle_endtag(self, tag):
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return


def assert_contents_lead_to_every_section(html: str):
    page = Page(html)
    assert page.contents_label and page.ids[page.contents_label] == "h2", "the contents are named by their heading"
    top = [href for depth, href in page.contents if depth == 1]
    assert all(href.startswith("#") for href in top)
    # Every link finds its heading on the page, and every h2 section is listed, in the page's order.
    assert [href[1:] for href in top] == page.headings
    for _depth, href in page.contents:
        assert href[1:] in page.ids, f"{href} leads nowhere"
    return page


def test_plan_page_contents_link_to_every_h2_section_and_to_each_theme(client):
    world = build_region(2)
    html = client.get(world["plan"].get_absolute_url()).content.decode()
    page = assert_contents_lead_to_every_section(html)
    window = world["plan"].consultation_windows.get()
    hrefs = {href for _depth, href in page.contents}
    assert {f"#consultation-{window.pk}-title", "#figures", "#process", "#basis", "#themes", "#projects"} <= hrefs
    themes = [href for depth, href in page.contents if depth == 2]
    assert len(themes) == 2
    assert all(page.ids[href[1:]] == "h3" for href in themes)


def test_theme_page_contents_link_to_every_h2_section(client):
    urls = page_urls(build_region(1))
    html = client.get(urls["section"]).content.decode()
    page = assert_contents_lead_to_every_section(html)
    assert {"#activities", "#indicators", "#projects", "#other-themes"} <= {href for _, href in page.contents}


def test_contents_list_is_named_in_the_visitors_language(client):
    world = build_region(1)
    with translation.override("en"):
        url = world["plan"].get_absolute_url()
    html = client.get(url).content.decode()
    assert re.search(r'<nav class="page-contents" aria-labelledby="page-contents-title" lang="en">', html)
    assert '<h2 id="page-contents-title" class="h6">On this page</h2>' in html


@pytest.mark.parametrize("name", ["plan", "section"])
def test_demo_pages_contents_lead_to_every_section(client, name):
    call_command("load_demo", verbosity=0)
    plan = CooperationPlan.objects.select_related("region").get(region__slug="vorumaa")
    section = plan.sections.select_related("theme").first()
    url = {
        "plan": plan.get_absolute_url(),
        "section": reverse(
            "plans:section", kwargs={"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
        ),
    }[name]
    assert_contents_lead_to_every_section(client.get(url).content.decode())


def activity_row(html: str, activity) -> str:
    row = html[html.index(f'<tr id="activity-{activity.pk}">') :]
    return row[: row.index("</tr>")]


@pytest.mark.parametrize("name", ["section"])  # the plan page lists the titles, linked to the activities' pages
def test_activity_title_stays_outside_its_folded_details(client, name):
    world = build_region(1)
    activity = world["activity"]
    with translation.override("en"):
        url = page_urls(world)[name].replace("/et/", "/en/", 1)
    row = activity_row(client.get(url).content.decode(), activity)
    title, details = row.index(f">{activity.title}</a>"), row.index('<details class="activity-details')
    assert title < details  # the row's header names the activity whether the details are open or not
    folded = row[details : row.index("</details>")]
    summary = folded[: folded.index("</summary>")]
    assert "Details" in summary and activity.title in summary  # "Details: <title>" for screen readers
    assert activity.partner_organisations.first().name in folded
    assert activity.municipalities.first().name in folded


def test_every_cell_of_an_activity_names_its_column_for_the_card_layout(client):
    world = build_region(1)
    with translation.override("en"):
        url = page_urls(world)["section"].replace("/et/", "/en/", 1)
    row = activity_row(client.get(url).content.decode(), world["activity"])
    cells = re.findall(r"<td[^>]*>", row)
    labels = [re.search(r'data-label="([^"]+)"', cell).group(1) for cell in cells]
    assert labels == ["Responsible", "Years", "Person-years", "Budget", "Status", "Progress (latest year)"]
