"""Pages at national scale show the rows people read (issue 18): the newest few projects with a link to all of them,
a page of an organisation's activities, one plan's activities on a municipality's page, the current plans at home."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from core.models import Organisation
from plans import selectors, views
from plans.models import CooperationPlan
from plans.selectors import municipality_overview
from projects.models import ProjectPartner
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db


def _projects(count, activity, **kwargs):
    start = datetime.date(2020, 1, 1)
    return [
        ProjectFactory(
            region=activity.section.plan.region,
            name=f"Projekt {number:02}",
            start_date=start + datetime.timedelta(days=number),
            activities=[activity],
            **kwargs,
        )
        for number in range(count)
    ]


def _en(url):
    return url.replace("/et/", "/en/", 1)


@pytest.fixture
def plan():
    return CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED, slug="kava")


def test_plan_and_theme_pages_show_the_newest_projects_and_link_to_all_of_them(client, plan, settings):
    activity = ActivityFactory(section=ThemeSectionFactory(plan=plan))
    projects = _projects(views.PLAN_PAGE_PROJECTS + 2, activity)
    with translation.override("en"):
        plan_html = client.get(plan.get_absolute_url()).content.decode()
        section_url = activity.section.get_absolute_url()
        all_url = reverse("plans:projects", kwargs={"region": plan.region.slug, "plan": plan.slug})
    assert projects[-1].name in plan_html and projects[0].name not in plan_html  # the newest first
    assert f'href="{all_url}"' in plan_html and f"All {len(projects)} funded projects serving the plan" in plan_html
    section_html = client.get(section_url).content.decode()
    theme_url = f"{all_url}?theme={activity.section.theme.slug}"
    assert f'href="{theme_url}"' in section_html
    assert f"All {len(projects)} funded projects serving the theme" in section_html


def test_the_plans_projects_page_lists_them_all_a_page_at_a_time_and_by_theme(client, plan, monkeypatch):
    monkeypatch.setattr(views, "PLAN_PROJECTS_PER_PAGE", 5)
    first = ActivityFactory(section=ThemeSectionFactory(plan=plan))
    other = ActivityFactory(section=ThemeSectionFactory(plan=plan))
    projects = _projects(7, first)
    ProjectFactory(region=plan.region, name="Teise teema projekt", activities=[other])
    ProjectFactory(region=plan.region, name="Mujal", activities=[ActivityFactory()])  # another plan's
    with translation.override("en"):
        url = reverse("plans:projects", kwargs={"region": plan.region.slug, "plan": plan.slug})
    html = client.get(url).content.decode()
    assert "8 funded projects serve these activities" in html and "Mujal" not in html
    assert "Page 1 of 2" in html and 'href="?page=2"' in html
    second = client.get(url + "?page=2").content.decode()
    assert projects[0].name in second
    theme = client.get(f"{url}?theme={first.section.theme.slug}").content.decode()
    assert "7 funded projects" in theme and "Teise teema projekt" not in theme
    assert client.get(f"{url}?theme=no-such-theme").status_code == 404


def test_an_organisations_activities_come_a_page_at_a_time(client, plan, monkeypatch):
    monkeypatch.setattr(views, "ORGANISATION_PAGE_ACTIVITIES", 2)
    organisation = OrganisationFactory()
    section = ThemeSectionFactory(plan=plan)
    led = [ActivityFactory(section=section, responsible_organisation=organisation) for _ in range(2)]
    partner = ActivityFactory(section=section, partner_organisations=[organisation])
    with translation.override("en"):
        url = organisation.get_absolute_url()
    first = client.get(url).content.decode()
    assert "3 activities" in first and "Page 1 of 2" in first and 'href="?page=2#activities"' in first
    second = client.get(url + "?page=2").content.decode()
    shown = [activity for activity in [*led, partner] if activity.title in first + second]
    assert len(shown) == 3


def test_a_municipality_page_lists_one_plans_activities_and_counts_every_plan(client):
    old = CooperationPlanFactory(status=CooperationPlan.Status.ARCHIVED, slug="vana", start_year=2015, end_year=2018)
    current = CooperationPlanFactory(region=old.region, status=CooperationPlan.Status.ADOPTED, slug="uus")
    municipality = MunicipalityFactory(region=old.region)
    old_activity = ActivityFactory(
        section=ThemeSectionFactory(plan=old), municipalities=[municipality], budget=Decimal("100")
    )
    new_activity = ActivityFactory(
        section=ThemeSectionFactory(plan=current), municipalities=[municipality], budget=Decimal("50")
    )
    with translation.override("en"):
        url = municipality.get_absolute_url()
    response = client.get(url)
    html = response.content.decode()
    assert response.context["totals"]["activities"] == 2 and response.context["totals"]["budget"] == Decimal("150")
    assert new_activity.title in html and old_activity.title not in html  # the adopted plan by default
    assert 'href="?plan=vana#activities"' in html and "1 activity" in html
    chosen = client.get(url + "?plan=vana").content.decode()
    assert old_activity.title in chosen and new_activity.title not in chosen


def test_a_municipality_page_links_all_its_projects_in_the_registry(client, plan, monkeypatch):
    monkeypatch.setattr(selectors, "MUNICIPALITY_PAGE_PROJECTS", 2)
    municipality = MunicipalityFactory(region=plan.region)
    government = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=municipality)
    activity = ActivityFactory(section=ThemeSectionFactory(plan=plan), municipalities=[municipality])
    for project in _projects(3, activity, total_cost=Decimal("10"), grant_amount=Decimal("5")):
        ProjectPartnerFactory(project=project, organisation=government, role=ProjectPartner.Role.PARTNER)
    overview = municipality_overview(AnonymousUser(), municipality)
    assert overview["totals"]["projects"] == 3 and overview["totals"]["total_cost"] == Decimal("30")
    assert len(overview["projects"]) == 2
    with translation.override("en"):
        html = client.get(municipality.get_absolute_url()).content.decode()
        registry = reverse("projects:list")
    assert f'href="{registry}?municipality={municipality.pk}"' in html and "All 3 funded projects" in html


def test_the_home_page_shows_the_current_plans_and_leaves_the_archived_to_the_regions(client):
    current = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED, title="Kehtiv kava")
    CooperationPlanFactory(region=current.region, status=CooperationPlan.Status.ARCHIVED, title="Vana kava")
    html = client.get(reverse("home")).content.decode()
    assert "Kehtiv kava" in html and "Vana kava" not in html
    assert "Vana kava" in client.get(current.region.get_absolute_url()).content.decode()
