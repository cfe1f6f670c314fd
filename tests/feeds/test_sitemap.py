"""sitemap.xml lists the public pages in three languages with hreflang alternates; robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from tests.factories import (
    ConsultationWindowFactory,
    CooperationPlanFactory,
    MeasureFactory,
    OrganisationFactory,
    ProjectFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own output, in a test


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    """Every address of every sitemap the index names, with its hreflang alternates."""
    index = parse(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    entries = {}
    for location in index.iter(f"{SITEMAP}loc"):
        urlset = parse(client, location.text)
        assert urlset.tag == f"{SITEMAP}urlset"
        for url in urlset.findall(f"{SITEMAP}url"):
            links = url.findall(f"{XHTML}link")
            entries[url.find(f"{SITEMAP}loc").text] = {link.get("hreflang"): link.get("href") for link in links}
    return entries


def absolute(obj, language: str) -> str:
    with translation.override(language):
        return "http://testserver" + obj.get_absolute_url()


def test_sitemap_lists_plan_pages_in_every_language_with_alternates(client):
    plan = CooperationPlanFactory(adopted=True)
    entries = sitemap_entries(client)
    for language in ("et", "en", "fi"):
        assert absolute(plan, language) in entries
    alternates = entries[absolute(plan, "et")]
    assert alternates == {
        "et": absolute(plan, "et"),
        "en": absolute(plan, "en"),
        "fi": absolute(plan, "fi"),
        "x-default": "http://testserver/" + plan.get_absolute_url().split("/", 2)[2],
    }


def test_sitemap_covers_home_regions_themes_projects_and_organisations(client):
    plan = CooperationPlanFactory(adopted=True)
    theme = ThemeFactory()
    project = ProjectFactory()
    organisation = OrganisationFactory()
    entries = sitemap_entries(client)
    assert "http://testserver/et/" in entries
    assert "http://testserver/fi/themes/" in entries  # the theme index
    for obj in (plan.region, theme, project, organisation, plan.lead_organisation):
        assert absolute(obj, "en") in entries, obj


def test_sitemap_covers_consultation_windows_funders_and_measures_of_public_plans(client):
    window = ConsultationWindowFactory(plan=CooperationPlanFactory(consultation=True))
    hidden = ConsultationWindowFactory(plan=CooperationPlanFactory(title="Salajane mustand"))
    measure = MeasureFactory()

    entries = sitemap_entries(client)

    for obj in (window, measure, measure.funder):
        assert absolute(obj, "fi") in entries, obj
    assert absolute(hidden, "fi") not in entries


def test_sitemap_leaves_out_drafts_and_archived_projects(client):
    draft = CooperationPlanFactory(title="Salajane mustand")
    archived = ProjectFactory(archived=True)
    entries = sitemap_entries(client)
    assert absolute(draft, "et") not in entries
    assert absolute(archived, "et") not in entries


@pytest.mark.parametrize("size", [1, 4])
def test_sitemap_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        CooperationPlanFactory(adopted=True)
        ProjectFactory()
    # a count for each of the nine sitemaps of rows, and the latest change of plans and of projects
    with django_assert_num_queries(11):
        assert client.get("/sitemap.xml").status_code == 200
    # the count, the page of rows (with regions)
    with django_assert_num_queries(2):
        assert client.get("/sitemap-projects.xml").status_code == 200


def test_a_large_sitemap_is_split_into_pages_without_losing_or_repeating_an_address(client):
    from pages.sitemaps import ProjectSitemap

    ProjectFactory.create_batch(7)
    ProjectSitemap.limit = 4  # 21 addresses: pages of 4, the last page with 1
    try:
        index = parse(client, "/sitemap.xml")
        pages = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "projects" in loc.text]
        assert len(pages) == 6
        locations = [url.find(f"{SITEMAP}loc").text for page in pages for url in parse(client, page)]
    finally:
        ProjectSitemap.limit = 2000
    assert len(locations) == len(set(locations)) == 21


def test_robots_txt_allows_all_but_admin_and_workspace_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /manage/" in lines
    assert "Disallow: /et/admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_names_the_sitemap_on_the_host_asked(client):
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    assert "Sitemap: http://localhost/sitemap.xml" in response.content.decode()
