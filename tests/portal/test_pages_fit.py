"""Pages that can be found: the favicon, absolute hreflang links with x-default, the Atom feeds announced in <head>,
one named search landmark, Markdown on the consultation page and the links to the public feedback table."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from tests.factories import ConsultationWindowFactory, CooperationPlanFactory, ThemeSectionFactory

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def head_links(html, rel):
    head = html.split("</head>", 1)[0]
    return [tag for tag in re.findall(r"<link [^>]*>", head) if f'rel="{rel}"' in tag]


def attribute(tag, name):
    return re.search(rf'{name}="([^"]*)"', tag).group(1)


@pytest.fixture
def window(db):
    plan = CooperationPlanFactory(consultation=True)
    section = ThemeSectionFactory(plan=plan, challenges="Väljakutsed:\n\n- eakad elavad üksi\n- teenused on kaugel")
    return ConsultationWindowFactory(plan=plan, sections=[section], intro="Kommenteerige:\n\n- teemasid\n- tegevusi")


def test_favicon_ico_leads_to_the_portals_own_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
    icon = finders.find("favicon.svg")
    with open(icon, encoding="utf-8") as svg:
        assert svg.read().startswith("<svg")


def test_every_page_links_the_svg_icon_a_32px_png_and_an_apple_touch_icon(client):
    with translation.override("en"):
        html = page(client, reverse("home"))
    icons = {attribute(tag, "type"): attribute(tag, "href") for tag in head_links(html, "icon")}
    assert icons["image/svg+xml"].endswith("favicon.svg")
    assert icons["image/png"].endswith("favicon-32.png")
    (touch,) = head_links(html, "apple-touch-icon")
    assert attribute(touch, "href").endswith("apple-touch-icon.png")


@pytest.mark.parametrize("name, size", [("favicon-32.png", 32), ("apple-touch-icon.png", 180)])
def test_png_icons_have_their_declared_size(name, size):
    from PIL import Image

    with Image.open(finders.find(name)) as icon:
        assert icon.format == "PNG" and icon.size == (size, size)


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_hreflang_links_are_absolute_name_every_language_and_estonian_as_x_default(client, window, language):
    with translation.override(language):
        html = page(client, window.get_absolute_url())
    alternates = {
        attribute(tag, "hreflang"): attribute(tag, "href") for tag in head_links(html, "alternate") if "hreflang" in tag
    }
    expected = {}
    for code in ("et", "en", "fi"):
        with translation.override(code):
            expected[code] = "http://testserver" + window.get_absolute_url()
    assert alternates == {**expected, "x-default": expected["et"]}


@pytest.mark.parametrize("url_name", ["home", "plan", "window"])
def test_public_pages_announce_both_atom_feeds_in_their_head(client, window, url_name):
    urls = {"home": reverse("home"), "plan": window.plan.get_absolute_url(), "window": window.get_absolute_url()}
    html = page(client, urls[url_name])
    feeds = {attribute(tag, "href") for tag in head_links(html, "alternate") if 'type="application/atom+xml"' in tag}
    assert feeds == {reverse("feeds:plans"), reverse("feeds:consultations")}
    assert client.get(reverse("feeds:plans")).status_code == 200


def test_the_search_page_has_one_search_landmark_and_it_has_a_name(client):
    with translation.override("en"):
        html = page(client, reverse("search") + "?q=kava")
    landmarks = re.findall(r'<form [^>]*role="search"[^>]*>', html)
    assert len(landmarks) == 1
    assert 'aria-labelledby="search-title"' in landmarks[0] and 'id="search-title"' in html


def test_the_header_search_has_a_name_on_other_pages(client):
    with translation.override("en"):
        html = page(client, reverse("home"))
    (landmark,) = re.findall(r'<form [^>]*role="search"[^>]*>', html)
    assert 'aria-label="Search the portal"' in landmark


def test_markdown_lists_of_the_window_and_its_themes_are_lists_on_the_consultation_page(client, window):
    main = page(client, window.get_absolute_url()).split("<main", 1)[1]
    assert "<li>teemasid</li>" in main and "<li>eakad elavad üksi</li>" in main
    assert "- teemasid" not in main and "- eakad" not in main


def test_the_window_page_and_the_plan_page_link_the_public_feedback_table(client, window):
    feedback_url = reverse(
        "consultations:feedback",
        kwargs={"region": window.plan.region.slug, "plan": window.plan.slug, "window": window.pk},
    )
    assert f'href="{feedback_url}"' in page(client, window.get_absolute_url())
    assert f'href="{feedback_url}"' in page(client, window.plan.get_absolute_url())
    assert page(client, feedback_url)


def test_the_plan_page_does_not_link_the_feedback_of_a_window_not_yet_open(client):
    upcoming = ConsultationWindowFactory(upcoming=True)
    feedback_url = reverse(
        "consultations:feedback",
        kwargs={"region": upcoming.plan.region.slug, "plan": upcoming.plan.slug, "window": upcoming.pk},
    )
    assert feedback_url not in page(client, upcoming.plan.get_absolute_url())


def test_the_feedback_charts_are_drawn_to_fit_a_phone(client, window):
    feedback_url = reverse(
        "consultations:feedback",
        kwargs={"region": window.plan.region.slug, "plan": window.plan.slug, "window": window.pk},
    )
    html = page(client, feedback_url)
    widths = re.findall(r'<svg [^>]*width="(\d+)"', html)
    assert widths and all(int(width) <= 320 for width in widths)
    assert html.count('<figure class="mb-0 chart"') == 2  # portal.css scales .chart svg down to the column
