"""The pages show the demo's real content, and cost the same queries on the demo data and on ten times as much."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.models import Municipality
from documents.models import Document
from documents.rendering import document_source
from plans.models import Activity, CooperationPlan
from projects.models import Project
from tests.factories import ActivityFactory, IndicatorFactory, IndicatorValueFactory, ProjectFactory
from tests.plans.test_public_pages import QUERY_BUDGET

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)
    plan = CooperationPlan.objects.select_related("region", "lead_organisation").get(region__slug="vorumaa")
    project = Project.objects.select_related("region").get(region__slug="laane-virumaa")
    section = plan.sections.select_related("theme").first()
    activity = section.activities.first()
    municipality = plan.region.municipalities.filter(activities__isnull=False).first()
    section_kwargs = {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
    return {
        "section": reverse("plans:section", kwargs=section_kwargs),
        "activity": reverse("plans:activity", kwargs={**section_kwargs, "pk": activity.pk}),
        "municipality": reverse("plans:municipality", kwargs={"region": plan.region.slug, "slug": municipality.slug}),
        "search": reverse("search") + "?q=heaolu",
        "home": reverse("home"),
        "region": plan.region.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "organisation": plan.lead_organisation.get_absolute_url(),
        "theme": section.theme.get_absolute_url(),
        "project list": reverse("projects:list"),
        "project": project.get_absolute_url(),
    }


def grow_tenfold():
    """Nine more copies of every activity (with partners, municipalities and indicators) and of every project."""
    for activity in Activity.objects.prefetch_related("partner_organisations", "municipalities"):
        for _ in range(9):
            copy = ActivityFactory(
                section=activity.section,
                responsible_organisation=activity.responsible_organisation,
                partner_organisations=list(activity.partner_organisations.all()),
                municipalities=list(activity.municipalities.all()),
            )
            indicator = IndicatorFactory(activity=copy)
            IndicatorValueFactory(indicator=indicator, year=2022)
    for project in Project.objects.all():
        for _ in range(9):
            ProjectFactory(region=project.region, funder=project.funder, activities=list(project.activities.all()))


def test_demo_pages_show_the_seeds_content(client, demo):
    plan_page = client.get(demo["plan"]).content.decode()
    assert "Võru maakonna heaolu teemade koostöökava" in plan_page
    for title in ["Õppiv inimene elukaarel", "Tervist toetavad valikud", "Hea avalik ruum ja ligipääsetavus"]:
        assert title in plan_page
    assert "Eesti 2035" in plan_page
    project_page = client.get(demo["project"]).content.decode()
    assert "29\xa0952,00\xa0€" in project_page
    assert "25\xa0000,00\xa0€" in project_page
    assert "Cumulus Consulting OÜ" in project_page
    home = client.get(demo["home"]).content.decode()
    assert "Näidisarutelu: proovi kommenteerimist" in home


@pytest.mark.parametrize("page", QUERY_BUDGET)
def test_page_costs_the_same_queries_on_the_demo_data_and_on_ten_times_as_many_rows(
    page, client, demo, django_assert_num_queries, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the same page twice: measure rendering, not the page cache
    # "heaolu" names no municipality of the demo: its search costs one query less than QUERY_BUDGET's
    budget = QUERY_BUDGET[page] - (page == "search")
    with django_assert_num_queries(budget):
        assert client.get(demo[page]).status_code == 200
    grow_tenfold()
    assert Activity.objects.count() >= 280
    with django_assert_num_queries(budget):
        assert client.get(demo[page]).status_code == 200


def test_project_registry_sums_the_demo_projects_exactly(client, demo):
    totals = client.get(demo["project list"]).context["totals"]
    assert totals["count"] == 3
    assert totals["total_cost"] == Decimal("29952.00")  # the only project whose total cost a seed gives


MARK = "Example data — not from the source documents"


def test_pages_mark_the_example_figures_next_to_them(client, demo):
    def english(name):
        return client.get(demo[name].replace("/et/", "/en/", 1)).content.decode()

    pages = {name: english(name) for name in ("plan", "section", "activity", "region")}
    municipality = english("municipality")
    project = english("project")

    # The plan's totals, the section's activities and indicators, the activity's figures and charts.
    assert pages["plan"].count(MARK) >= 1 + 3 + 3  # totals, each activity of a section, each indicator
    assert pages["section"].count(MARK) >= 3 + 3
    first = Activity.objects.first()
    # Its figures, each indicator, each year of progress reported with example figures.
    examples = first.progress.filter(is_example=True).count()
    assert pages["activity"].count(MARK) == 1 + first.indicators.count() + examples
    assert pages["region"].count(MARK) == 1
    assert MARK in municipality
    # The seed's own figures are not marked.
    assert "29\xa0952,00" in project or "29,952.00" in project or "29\xa0952.00" in project
    assert MARK not in project


def test_api_says_which_figures_are_example_data(client, demo):
    activities = client.get(reverse("api:activities")).json()["results"]
    indicators = client.get(reverse("api:indicators")).json()["results"]

    assert activities and all(row["is_example"] is True for row in activities)
    assert indicators and all(row["is_example"] is True for row in indicators)


@pytest.mark.parametrize("kind", [Document.Kind.THEME_SHEET, Document.Kind.PLAN_SUMMARY])
def test_pdfs_mark_the_example_figures(demo, kind):
    plan = CooperationPlan.objects.get(region__slug="vorumaa")
    section = plan.sections.first() if kind == Document.Kind.THEME_SHEET else None

    _source, html, _hash = document_source(plan=plan, kind=kind, section=section, language="en")

    assert MARK in html
    assert 'class="badge text-bg-warning text-wrap text-start example-data"' in html


def test_voru_plan_page_tells_its_process_in_the_seeds_words_without_made_up_years(client, demo):
    page = client.get(demo["plan"]).content.decode()
    process = page[page.index('<ol class="timeline">') : page.index("</ol>", page.index('<ol class="timeline">'))]

    for words in ["alates 2020. aasta sügisest", "17. ja 21. juunil", "kuni augustini", "septembris"]:
        assert f"<strong>{words}</strong>" in process
    assert "Teemaekspertide ettepanekud" in process
    assert not any(year in process for year in ("2021", "2022")), process


def test_elva_vald_page_shows_the_training_project_and_the_former_municipalities(client, demo):
    elva = Municipality.objects.get(region__slug="tartumaa", slug="elva-vald")
    with translation.override("en"):
        page = client.get(elva.get_absolute_url()).content.decode()

    assert "Rannu, Rõngu, Elva ja Puhja koolitused" in page
    assert 'since 2017 includes the former</span> <span lang="et">Rannu vald, Rõngu vald, Elva linn, Puhja vald' in page


def test_registry_filter_for_elva_vald_finds_the_training_project(client, demo):
    elva = Municipality.objects.get(region__slug="tartumaa", slug="elva-vald")

    response = client.get(reverse("projects:list"), {"municipality": elva.pk})

    names = {project.name for project in response.context["page"]}
    assert "Rannu, Rõngu, Elva ja Puhja koolitused" in names
    assert "Rannu vald, Rõngu vald, Elva linn, Puhja vald" in response.content.decode()  # the filter's option


def test_training_project_page_names_the_former_municipalities_once_under_elva_vald(client, demo):
    project = Project.objects.get(slug="rannu-rongu-elva-puhja-koolitused")
    with translation.override("en"):
        page = client.get(project.get_absolute_url()).content.decode()

    assert "Rannu Vallavalitsus" in page and "Puhja Vallavalitsus" in page
    assert page.count("since 2017 includes the former") == 1
    assert "9\xa0600" not in page and "9600" not in page
