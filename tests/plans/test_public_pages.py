"""The first public pages: they show the content, hide drafts, and cost the same queries at any size."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Organisation
from plans.models import CooperationPlan
from projects.models import ProjectPartner
from tests.factories import (
    ActivityFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProjectComponentFactory,
    ProjectEventFactory,
    ProjectFactory,
    ProjectOutputFactory,
    ProjectPartnerFactory,
    RegionFactory,
    RegionRoleFactory,
    StatisticsSourceFactory,
    StatisticValueFactory,
    StrategyDocumentFactory,
    ThemeSectionFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def build_region(size: int):
    """A region whose plan, projects and people all grow with ``size``; returns the objects the pages show."""
    region = RegionFactory(slug="vorumaa", name="Võrumaa")
    plan = CooperationPlanFactory(
        region=region,
        slug="heaolu-2022",
        status=CooperationPlan.Status.CONSULTATION,
        basis_documents=StrategyDocumentFactory.create_batch(size),
    )
    municipalities = MunicipalityFactory.create_batch(size, region=region)
    partners = OrganisationFactory.create_batch(size, region=region)
    MilestoneFactory.create_batch(size, plan=plan)
    activities = []
    for _ in range(size):
        section = ThemeSectionFactory(plan=plan)
        for _ in range(2):
            activity = ActivityFactory(section=section, partner_organisations=partners, municipalities=municipalities)
            indicator = IndicatorFactory(activity=activity)
            IndicatorValueFactory(indicator=indicator, year=2022)
            IndicatorValueFactory(indicator=indicator, year=2023)
            # Bound to open statistics, as the demo's are: the pages prefetch the sources and their values.
            source = StatisticsSourceFactory(indicator=indicator)
            StatisticValueFactory(source=source, year=2022)
            activities.append(activity)
    window = ConsultationWindowFactory(plan=plan)
    WorkshopFactory.create_batch(size, window=window)
    projects = []
    for _ in range(size):
        project = ProjectFactory(region=region, activities=activities[:2], themes=[activities[0].section.theme])
        ProjectPartnerFactory(project=project, role=ProjectPartner.Role.BENEFICIARY, organisation=partners[0])
        for organisation in partners[1:]:
            ProjectPartnerFactory(project=project, organisation=organisation)
        ProjectComponentFactory.create_batch(size, project=project)
        ProjectEventFactory.create_batch(size, project=project)
        ProjectOutputFactory.create_batch(size, project=project)
        projects.append(project)
    return {
        "region": region,
        "plan": plan,
        "organisation": partners[0],
        "project": projects[0],
        "activity": activities[0],
    }


def page_urls(world):
    activity = world["activity"]
    section = activity.section
    plan = world["plan"]
    section_kwargs = {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
    municipality = activity.municipalities.first()
    with translation.override("et"):
        return {
            "section": reverse("plans:section", kwargs=section_kwargs),
            "activity": reverse("plans:activity", kwargs={**section_kwargs, "pk": activity.pk}),
            "municipality": reverse(
                "plans:municipality", kwargs={"region": plan.region.slug, "slug": municipality.slug}
            ),
            "search": reverse("search") + "?q=a",
            "home": reverse("home"),
            "region": world["region"].get_absolute_url(),
            "plan": world["plan"].get_absolute_url(),
            "organisation": world["organisation"].get_absolute_url(),
            "theme": world["activity"].section.theme.get_absolute_url(),
            "project list": reverse("projects:list"),
            "project": world["project"].get_absolute_url(),
        }


# Queries per page, the same for one row of everything and for ten. Each page also opens a savepoint-free
# session-less request: no query for the user or the session for an anonymous visitor.
QUERY_BUDGET = {
    # regions with counts, plans with section counts, open windows, recent projects
    "home": 4,
    # region, plans, municipalities with counts, plans + their windows (prefetch), projects,
    # totals of activities, totals of projects; grants by theme, funder, start year, municipality
    "region": 12,
    # plan; sections; activities; milestones; basis documents; totals; windows; their sections; their workshops;
    # ready documents; the newest projects, their count; the activities' progress reports; the latest published
    # change sets
    "plan": 14,
    # organisation, plans it leads, the number of its activities and a page of them, project roles
    "organisation": 5,
    # theme, its sections
    "theme": 2,
    # totals (count for the paginator included); the page; grants by theme, funder, start year, municipality;
    # the filter form's choices of region, municipality, theme, funder, programme, measure, organisation
    "project list": 13,
    # project, partners, components, events, outputs, activities, themes
    "project": 7,
    # plan, section, activities, partners, municipalities, indicators with their latest values, the newest
    # projects, their count, open windows, the plan's other sections; the activities' progress reports
    "section": 11,
    # plan, section, activity, partners, municipalities, indicators, values, projects, published responses;
    # progress reports, their evidence projects, their links (three, with or without a report); the
    # indicators' statistics sources, their fetched values
    "activity": 14,
    # municipality, totals of its activities, its plans with their counts, the chosen plan's activities, the
    # totals and the newest of its government's projects, open windows of its region; grants by theme, funder,
    # start year; the activities' progress reports; the activities' indicators bound to statistics sources (with
    # the source), their fetched values
    "municipality": 13,
    # for each of plans, sections, activities, projects, organisations, municipalities: the ids and ranks of the
    # matches, then the page's rows; a kind without matches costs one query, and one kind of this data has none
    "search": 11,
}


@pytest.mark.parametrize("page", QUERY_BUDGET)
def test_page_query_count_does_not_grow_with_rows(page, client, django_assert_num_queries):
    small = page_urls(build_region(1))
    with django_assert_num_queries(QUERY_BUDGET[page]):
        assert client.get(small[page]).status_code == 200


@pytest.mark.parametrize("page", QUERY_BUDGET)
def test_page_query_count_is_the_same_with_ten_times_the_rows(page, client, django_assert_num_queries):
    large = page_urls(build_region(10))
    with django_assert_num_queries(QUERY_BUDGET[page]):
        assert client.get(large[page]).status_code == 200


def test_root_redirects_to_the_estonian_home_page_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/et/"


def test_root_redirects_a_finnish_browser_to_the_finnish_home_page(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fi-FI,fi;q=0.9")
    assert response["Location"] == "/fi/"


def test_plan_page_shows_sections_activities_indicators_and_money_in_estonian_format(client):
    world = build_region(1)
    activity = world["activity"]
    activity.budget = Decimal("29952.00")
    activity.save()
    response = client.get(world["plan"].get_absolute_url())
    html = response.content.decode()
    assert '<html lang="et">' in html
    assert world["plan"].title in html
    assert activity.section.title in html
    assert activity.title in html
    # The plan page lists each theme's activities; the theme's page has them in detail, with the indicators
    urls = page_urls(world)
    assert f'href="{urls["activity"]}"' in html and f'href="{urls["section"]}"' in html
    section_html = client.get(urls["section"]).content.decode()
    assert "29\xa0952\xa0€" in section_html  # budget to the euro, Estonian grouping
    assert activity.indicators.get().name in section_html


def test_plan_page_in_english_formats_money_the_english_way_and_marks_content_language(client):
    world = build_region(1)
    world["activity"].budget = Decimal("29952.00")
    world["activity"].save()
    with translation.override("en"):
        url = world["plan"].get_absolute_url()
    html = client.get(url).content.decode()
    assert url.startswith("/en/")
    assert '<html lang="en">' in html
    assert '<article lang="et">' in html  # the plan is written in Estonian
    section_html = client.get(page_urls(world)["section"].replace("/et/", "/en/", 1)).content.decode()
    assert "€29,952" in section_html


def test_plan_page_invites_comments_while_a_window_is_open(client):
    world = build_region(1)
    html = client.get(world["plan"].get_absolute_url()).content.decode()
    window = world["plan"].consultation_windows.get()
    assert f'id="consultation-{window.pk}"' in html


def test_draft_plan_is_hidden_from_visitors_but_previewed_by_staff_of_its_region(client):
    draft = CooperationPlanFactory(status=CooperationPlan.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(RegionRoleFactory(role="editor").user)  # a role in another region
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(RegionRoleFactory(region=draft.region, role="viewer").user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_draft_plan_is_not_listed_on_the_home_page(client):
    draft = CooperationPlanFactory(status=CooperationPlan.Status.DRAFT, title="Salajane mustand")
    CooperationPlanFactory(region=draft.region, status=CooperationPlan.Status.ADOPTED, title="Vastu võetud kava")
    html = client.get(reverse("home")).content.decode()
    assert "Vastu võetud kava" in html
    assert "Salajane mustand" not in html


def test_project_page_shows_money_partners_by_role_and_events(client):
    project = ProjectFactory(total_cost=Decimal("29952.00"), grant_amount=Decimal("25000.00"))
    beneficiary = OrganisationFactory(name="Lääne-Viru Omavalitsuste Liit", kind=Organisation.Kind.MUNICIPAL_UNION)
    ProjectPartnerFactory(project=project, organisation=beneficiary, role=ProjectPartner.Role.BENEFICIARY)
    ProjectEventFactory(project=project, title="1. koolituspäev", place="Elva")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "29\xa0952,00\xa0€" in html
    assert "25\xa0000,00\xa0€" in html
    assert "4\xa0952,00\xa0€" in html  # own contribution
    assert "Lääne-Viru Omavalitsuste Liit" in html
    assert "1. koolituspäev" in html


def test_archived_project_is_not_public(client):
    project = ProjectFactory(archived=True)
    assert client.get(project.get_absolute_url()).status_code == 404


def test_project_list_sums_exactly_and_filters_by_funder(client):
    first = ProjectFactory(total_cost=Decimal("0.10"), grant_amount=Decimal("0.10"))
    ProjectFactory(total_cost=Decimal("0.20"), grant_amount=Decimal("0.10"))
    response = client.get(reverse("projects:list"))
    assert response.context["totals"]["total_cost"] == Decimal("0.30")
    response = client.get(reverse("projects:list"), {"funder": first.funder.slug})
    assert response.context["totals"]["count"] == 1


@pytest.mark.parametrize("bad", ["x", "1' OR 1=1", "9" * 30, ""])
def test_project_list_with_mangled_filters_answers_200(client, bad):
    response = client.get(reverse("projects:list"), {"programme": bad, "measure": bad, "page": bad, "funder": bad})
    assert response.status_code == 200


def test_unknown_plan_region_and_project_give_404(client):
    assert client.get("/et/plans/nowhere/").status_code == 404
    assert client.get("/et/plans/nowhere/nothing/").status_code == 404
    assert client.get("/et/projects/nowhere/nothing/").status_code == 404


def test_language_switcher_keeps_the_page(client):
    world = build_region(1)
    html = client.get(world["plan"].get_absolute_url()).content.decode()
    with translation.override("fi"):
        finnish = world["plan"].get_absolute_url()
    assert f'href="{finnish}"' in html


def test_health_answers_ok_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_region_page_lists_the_newest_projects_and_links_to_all_of_them(client):
    region = RegionFactory()
    ProjectFactory.create_batch(12, region=region)
    response = client.get(region.get_absolute_url())
    assert len(response.context["projects"]) == 10
    assert f'href="/et/projects/?region={region.slug}"' in response.content.decode()
