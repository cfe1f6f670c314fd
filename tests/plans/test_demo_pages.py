"""The pages show the demo's real content, and cost the same queries on the demo data and on ten times as much."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

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
    assert "Võru maakonna heaolu koostöökava avalik arutelu" in home


@pytest.mark.parametrize("page", QUERY_BUDGET)
def test_page_costs_the_same_queries_on_the_demo_data_and_on_ten_times_as_many_rows(
    page, client, demo, django_assert_num_queries, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the same page twice: measure rendering, not the page cache
    with django_assert_num_queries(QUERY_BUDGET[page]):
        assert client.get(demo[page]).status_code == 200
    grow_tenfold()
    assert Activity.objects.count() >= 280
    with django_assert_num_queries(QUERY_BUDGET[page]):
        assert client.get(demo[page]).status_code == 200


def test_project_registry_sums_the_demo_projects_exactly(client, demo):
    totals = client.get(demo["project list"]).context["totals"]
    assert totals["count"] == 3
    assert totals["total_cost"] == sum(Project.objects.values_list("total_cost", flat=True), Decimal(0))
