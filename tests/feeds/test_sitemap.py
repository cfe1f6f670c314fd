"""sitemap.xml indexes paged sitemaps of the public pages in three languages with hreflang alternates, each page
read in a fixed number of queries; robots.txt points to the index."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pages.sitemaps import SITEMAPS, ProjectSitemap
from projects.models import Project
from tests.factories import (
    ClockTaskFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    MeasureFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGES = ("et", "en", "fi")


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


def project_pages(client) -> list[str]:
    index = parse(client, "/sitemap.xml")
    return [loc.text for loc in index.iter(f"{SITEMAP}loc") if "/sitemap-projects.xml" in loc.text]


def addresses(client, url: str) -> list[str]:
    return [url.find(f"{SITEMAP}loc").text for url in parse(client, url).findall(f"{SITEMAP}url")]


@pytest.mark.parametrize("size", [3, 8])
def test_the_index_and_each_page_take_the_same_queries_however_many_projects(
    client, monkeypatch, django_assert_num_queries, size
):
    monkeypatch.setattr(ProjectSitemap, "limit", 6)  # two projects a page: 2 and 4 pages
    for _ in range(size):
        CooperationPlanFactory(adopted=True)
        ProjectFactory()
    # a count for each of the nine sitemaps of rows, and the latest change of plans and of projects
    with django_assert_num_queries(11):
        pages = project_pages(client)
    assert len(pages) == -(-size // 2)
    for page in (pages[0], pages[-1]):
        # the count, the page's rows (with their regions)
        with django_assert_num_queries(2):
            assert client.get(page).status_code == 200


def test_every_section_reads_a_page_in_the_same_queries_at_two_data_sizes(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # each page is read twice

    def queries_of_each_section() -> dict[str, int]:
        counts = {}
        for section in SITEMAPS:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/sitemap-{section}.xml").status_code == 200
            counts[section] = len(queries)
        return counts

    def add_one_of_each():
        window = ConsultationWindowFactory(plan=CooperationPlanFactory(adopted=True))
        ClockTaskFactory(region=window.plan.region)
        ProjectFactory(themes=[ThemeFactory()])  # with its funder and measure
        OrganisationFactory()

    add_one_of_each()
    small = queries_of_each_section()
    for _ in range(4):
        add_one_of_each()
    # the fixed pages read nothing; every other section its count and its page of rows, related rows joined
    assert small == queries_of_each_section() == {section: 0 if section == "pages" else 2 for section in SITEMAPS}


def test_a_large_sitemap_is_split_into_pages_without_losing_or_repeating_an_address(client, monkeypatch):
    monkeypatch.setattr(ProjectSitemap, "limit", 6)
    projects = ProjectFactory.create_batch(7)

    pages = project_pages(client)

    assert pages == ["http://testserver/sitemap-projects.xml"] + [
        f"http://testserver/sitemap-projects.xml?p={number}" for number in (2, 3, 4)
    ]
    on_each_page = [addresses(client, page) for page in pages]
    assert [len(page) for page in on_each_page] == [6, 6, 6, 3]
    everything = [address for page in on_each_page for address in page]
    assert len(everything) == len(set(everything)) == 21
    # an item's three languages are listed together, on one page
    assert set(on_each_page[0]) == {absolute(project, language) for project in projects[:2] for language in LANGUAGES}


def test_a_page_past_the_last_or_not_a_number_is_not_found(client):
    ProjectFactory()
    assert client.get("/sitemap-projects.xml?p=2").status_code == 404
    assert client.get("/sitemap-projects.xml?p=kaks").status_code == 404
    assert client.get("/sitemap-unknown.xml").status_code == 404


def test_a_full_page_at_the_longest_addresses_the_models_allow_stays_under_a_megabyte(client):
    # 50 projects in three languages fill a page; each address carries its four hreflang alternates
    region = RegionFactory(slug="r" * 80)
    template = ProjectFactory(region=region)
    related = {name: getattr(template, name) for name in ("region", "funder", "programme", "measure")}
    Project.objects.bulk_create(
        ProjectFactory.build(**related, slug=f"{number:03}" + "p" * 157, code=f"2021-2027.{number}")
        for number in range(50)
    )

    first = client.get("/sitemap-projects.xml")
    second = client.get("/sitemap-projects.xml?p=2")

    assert first.content.count(b"<url>") == ProjectSitemap.limit == 150
    assert second.content.count(b"<url>") == 3
    assert len(first.content) < 300_000  # the protocol allows 50 MB and 50 000 addresses
    ET.fromstring(first.content)  # noqa: S314 - our own output, in a test


def test_the_index_dates_each_page_by_the_latest_change_and_each_address_by_its_own(client):
    older, newer = ProjectFactory(), ProjectFactory()
    Project.objects.filter(pk=older.pk).update(updated_at=datetime(2025, 1, 10, 12, tzinfo=UTC))
    Project.objects.filter(pk=newer.pk).update(updated_at=datetime(2026, 2, 20, 12, tzinfo=UTC))

    index = parse(client, "/sitemap.xml")
    dates = {
        sitemap.find(f"{SITEMAP}loc").text: getattr(sitemap.find(f"{SITEMAP}lastmod"), "text", None)
        for sitemap in index.findall(f"{SITEMAP}sitemap")
    }
    urlset = parse(client, "/sitemap-projects.xml")
    changed = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text for url in urlset}

    assert dates["http://testserver/sitemap-projects.xml"].startswith("2026-02-20T")
    assert dates["http://testserver/sitemap-themes.xml"] is None  # themes have no date of change to give
    assert changed[absolute(older, "fi")] == "2025-01-10"
    assert changed[absolute(newer, "et")] == "2026-02-20"


def test_each_page_of_a_sitemap_is_kept_by_the_page_cache_under_its_own_address(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(ProjectSitemap, "limit", 3)
    ProjectFactory.create_batch(2)
    first, second = client.get("/sitemap-projects.xml"), client.get("/sitemap-projects.xml?p=2")

    with django_assert_num_queries(0):
        again = client.get("/sitemap-projects.xml?p=2")

    assert again["X-Page-Cache"] == "hit"
    assert again.content == second.content != first.content


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
