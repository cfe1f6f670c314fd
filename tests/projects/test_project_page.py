"""The project page shows every field, partners by role, computed shares, and costs the same queries at any size."""

from datetime import date
from decimal import Decimal

import pytest

from core.models import Organisation
from plans.models import CooperationPlan
from projects.models import ProjectOutput, ProjectPartner
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    MeasureFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProjectComponentFactory,
    ProjectEventFactory,
    ProjectFactory,
    ProjectOutputFactory,
    ProjectPartnerFactory,
    ThemeFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    """The Lääne-Viru analysis: 29 952,00 € in all, 25 000 € of it grant, with every part filled in."""
    manager = OrganisationFactory(name="Lääne-Viru Omavalitsuste Liit", kind=Organisation.Kind.MUNICIPAL_UNION)
    project = ProjectFactory(
        name="Lääne-Viru heaolu analüüs",
        code="2014-2021.4.04.21-0123",
        goal="Kaardistada teenuste vajadus.",
        activities_text="Viis tööosa.",
        results="Analüüs ja tegevuskava.",
        measure=MeasureFactory(code="4.04", name="Kohalike omavalitsuste koostöö"),
        start_date=date(2021, 3, 1),
        end_date=date(2022, 8, 31),
        total_cost=Decimal("29952.00"),
        grant_amount=Decimal("25000.00"),
        manager_role="projektijuht",
        manager_organisation=manager,
    )
    project.programme = project.measure.programme
    project.funder = project.measure.funder
    project.save()
    return project


def test_project_page_shows_every_field(client, project):
    html = client.get(project.get_absolute_url()).content.decode()
    for text in (
        project.name,
        "2014-2021.4.04.21-0123",
        "Kaardistada teenuste vajadus.",
        "Viis tööosa.",
        "Analüüs ja tegevuskava.",
        project.funder.name,
        project.programme.name,
        "4.04 Kohalike omavalitsuste koostöö",
        "01.03.2021",
        "31.08.2022",
        "29\xa0952,00\xa0€",
        "25\xa0000,00\xa0€",
        "projektijuht",
        "Lääne-Viru Omavalitsuste Liit",
        str(project.get_status_display()).capitalize(),
    ):
        assert text in html, text
    assert f'href="{project.funder.get_absolute_url()}"' in html
    assert f'href="{project.measure.get_absolute_url()}"' in html


def test_own_contribution_and_shares_are_computed_exactly(client, project):
    response = client.get(project.get_absolute_url())
    money = response.context["money"]
    assert money["own_contribution"] == Decimal("4952.00")
    assert money["grant_share"] == Decimal("83.5")
    assert money["own_share"] == Decimal("16.5")
    html = response.content.decode()
    assert "4\xa0952,00\xa0€" in html
    assert "83,5 %" in html
    assert "16,5 %" in html


def test_a_project_without_cost_has_no_shares_and_no_division_by_zero(client):
    project = ProjectFactory(total_cost=Decimal("0.00"), grant_amount=Decimal("0.00"))
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert response.context["money"]["grant_share"] is None
    assert response.context["money"]["own_share"] is None


def test_partners_are_grouped_by_role_in_role_order_with_their_contributions(client, project):
    municipality = MunicipalityFactory(name="Rakvere vald")
    roles = [
        ("Lääne-Viru Omavalitsuste Liit", ProjectPartner.Role.BENEFICIARY, None),
        ("Rakvere Vallavalitsus", ProjectPartner.Role.PARTNER, Decimal("1500.00")),
        ("Analüüsikeskus OÜ", ProjectPartner.Role.SERVICE_PROVIDER, None),
        ("Rakvere Linnavalitsus", ProjectPartner.Role.FINANCIER, Decimal("3452.00")),
        ("Riigi Tugiteenuste Keskus", ProjectPartner.Role.INTERMEDIARY, None),
    ]
    for name, role, contribution in roles:
        organisation = OrganisationFactory(
            name=name,
            kind=Organisation.Kind.MUNICIPALITY if "Valla" in name else Organisation.Kind.NGO,
            municipality=municipality if "Valla" in name else None,
        )
        ProjectPartnerFactory(project=project, organisation=organisation, role=role, contribution=contribution)
    response = client.get(project.get_absolute_url())
    grouped = [(str(label), [p.organisation.name for p in members]) for label, members in response.context["roles"]]
    # In the order of ProjectPartner.Role, each label in the page's language.
    assert grouped == [(str(ProjectPartner.Role(role).label), [name]) for name, role, _contribution in roles]
    assert grouped[0] == ("toetuse saaja", ["Lääne-Viru Omavalitsuste Liit"])
    assert response.context["money"]["contributions"] == Decimal("4952.00")
    html = response.content.decode()
    assert "Rakvere Vallavalitsus</a> (Rakvere vald): 1\xa0500,00\xa0€" in html


def test_components_events_outputs_and_follow_ups_are_shown(client, project):
    ProjectComponentFactory(project=project, title="Teenuste kaardistus", description="Küsitlus ja intervjuud.")
    for day in (date(2012, 11, 22), date(2012, 12, 6), date(2013, 2, 7)):
        ProjectEventFactory(project=project, title="Koolituspäev", date=day, place="Elva, Rannu")
    ProjectOutputFactory(project=project, title="Analüüsi aruanne", url="https://example.org/aruanne.pdf")
    ProjectOutputFactory(
        project=project, kind=ProjectOutput.Kind.FOLLOW_UP, title="Ühine sotsiaaltöötaja", valid_until=date(2025, 1, 1)
    )
    html = client.get(project.get_absolute_url()).content.decode()
    for text in (
        "Teenuste kaardistus",
        "Küsitlus ja intervjuud.",
        "22.11.2012",
        "06.12.2012",
        "07.02.2013",
        "Elva, Rannu",
        'href="https://example.org/aruanne.pdf"',
        "Ühine sotsiaaltöötaja",
        "2025",
    ):
        assert text in html, text
    assert f'href="{project.get_absolute_url()}events.ics"' in html


def test_the_plan_activities_and_themes_it_serves_are_linked_but_not_draft_plans(client, project):
    theme = ThemeFactory(name_et="Väärikas vananemine")
    public = ActivityFactory(
        title="Ühine eakate teenus", section=ThemeSectionFactory(plan=CooperationPlanFactory(status="adopted"))
    )
    draft_plan = CooperationPlanFactory(status=CooperationPlan.Status.DRAFT)
    draft = ActivityFactory(title="Salajane tegevus", section=ThemeSectionFactory(plan=draft_plan))
    project.activities.set([public, draft])
    project.themes.set([theme])
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Väärikas vananemine" in html
    assert f'href="{theme.get_absolute_url()}"' in html
    assert "Ühine eakate teenus" in html
    assert "Salajane tegevus" not in html


def test_unknown_and_archived_projects_give_404(client, project):
    assert client.get(f"/et/projects/{project.region.slug}/no-such-project/").status_code == 404
    project.archived = True
    project.save()
    assert client.get(project.get_absolute_url()).status_code == 404


def build(size: int):
    project = ProjectFactory()
    for _ in range(size):
        ProjectPartnerFactory(project=project, organisation=OrganisationFactory(municipality=MunicipalityFactory()))
        ProjectComponentFactory(project=project)
        ProjectEventFactory(project=project)
        ProjectOutputFactory(project=project)
        project.activities.add(
            ActivityFactory(section=ThemeSectionFactory(plan=CooperationPlanFactory(status="adopted")))
        )
        project.themes.add(ThemeFactory())
    return project


# project (with region, funder, measure, programme, manager); partners with organisations and municipalities;
# components; events; outputs; activities; themes
PROJECT_QUERIES = 7


@pytest.mark.parametrize("size", [1, 10])
def test_project_page_query_count_does_not_grow_with_its_parts(client, django_assert_num_queries, size):
    project = build(size)
    with django_assert_num_queries(PROJECT_QUERIES):
        assert client.get(project.get_absolute_url()).status_code == 200
