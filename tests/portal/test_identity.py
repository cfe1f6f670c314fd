"""The portal's identity and design system (issue #17): the header names the region a page belongs to, the footer
names who runs the portal, the home page says when a region has no plan yet, and the colour pairs of the design
tokens (static/css/tokens.css, listed in docs/design.md) reach WCAG AA contrast."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from tests.factories import CooperationPlanFactory, RegionFactory
from themes.models import relative_luminance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def region_bar(html):
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    match = re.search(r'<div class="site-region">(.*?)</div></div>', header, re.S)
    return match and re.sub(r"<[^>]+>", "", match.group(1)).split()


def test_plan_and_region_pages_name_their_region_in_the_header(client):
    plan = CooperationPlanFactory(adopted=True, region__name="Võrumaa")
    assert region_bar(page(client, plan.get_absolute_url())) == ["Region:", "Võrumaa"]
    assert region_bar(page(client, plan.region.get_absolute_url())) == ["Region:", "Võrumaa"]


def test_pages_of_the_whole_portal_have_no_region_bar(client):
    CooperationPlanFactory(adopted=True)
    assert region_bar(page(client, reverse("home"))) is None
    assert region_bar(page(client, reverse("contact"))) is None


def test_the_footer_names_the_operator_and_its_address(client, settings):
    settings.PORTAL_OPERATOR_NAME = "Heaolu Arenduskeskus"
    settings.PORTAL_OPERATOR_EMAIL = "portaal@example.org"
    html = page(client, reverse("home"))
    footer = html[html.index('<footer class="site-footer">') :]
    assert "Portal operator: Heaolu Arenduskeskus, " in footer
    assert '<a href="mailto:portaal@example.org">portaal@example.org</a>' in footer


def test_without_an_operator_name_the_footer_still_gives_the_address(client, settings):
    settings.PORTAL_OPERATOR_NAME = ""
    settings.PORTAL_OPERATOR_EMAIL = "portaal@example.org"
    footer = page(client, reverse("home")).split('<footer class="site-footer">', 1)[1]
    assert 'Portal operator: <a href="mailto:portaal@example.org">' in footer


def test_a_region_without_plans_says_so_instead_of_counting_zero(client):
    CooperationPlanFactory(adopted=True, region__name="Võrumaa")
    RegionFactory(name="Tartumaa")
    html = page(client, reverse("home"))
    regions = re.sub(r"\s+", " ", html[html.index('id="regions"') :].split("</section>", 1)[0])
    assert "Tartumaa</a> (no plans yet," in regions
    assert "Võrumaa</a> (1 plan," in regions
    assert "0 plans" not in regions


def test_the_search_field_is_labelled_with_what_it_finds_not_by_a_placeholder(client):
    html = page(client, reverse("home"))
    form = html[html.index('<form class="site-search"') :].split("</form>", 1)[0]
    assert '<label for="site-search-q" class="site-search-label">Search plans, activities, projects</label>' in form
    assert "placeholder=" not in form


def tokens():
    with open(finders.find("css/tokens.css"), encoding="utf-8") as css:
        return dict(re.findall(r"(--portal-[a-z-]+):\s*(#[0-9a-f]{6})", css.read()))


def contrast(foreground, background):
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    "foreground, background, needed",
    [
        # text on backgrounds (4.5:1)
        ("#ffffff", "--portal-primary", 4.5),
        ("--portal-primary", "--portal-surface", 4.5),
        ("--portal-primary", "--portal-primary-tint", 4.5),
        ("--portal-primary-dark", "--portal-primary-tint-strong", 4.5),
        ("--portal-text", "--portal-surface-alt", 4.5),
        ("--portal-muted", "--portal-surface", 4.5),
        ("--portal-muted", "--portal-surface-alt", 4.5),
        ("--portal-muted", "--portal-primary-tint", 4.5),
        ("#ffffff", "--portal-success", 4.5),
        ("#ffffff", "--portal-warning", 4.5),
        ("#ffffff", "--portal-danger", 4.5),
        ("--portal-danger", "--portal-danger-tint", 4.5),
        # boundaries of form fields and the focus ring on the header (3:1)
        ("--portal-input-border", "--portal-surface", 3),
        ("--portal-accent", "--portal-primary", 3),
    ],
)
def test_colour_pairs_of_the_design_tokens_reach_wcag_aa_contrast(foreground, background, needed):
    colours = tokens()
    foreground, background = (colours.get(name, name) for name in (foreground, background))
    assert contrast(foreground, background) >= needed, (foreground, background)
