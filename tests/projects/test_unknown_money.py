"""A project whose money or dates are not known yet: every page, sum, chart, export and PDF says "not known" and
how many projects a sum leaves out, never a made-up 0."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from documents.models import Document
from documents.rendering import document_source
from plans.charts import funding_figures
from plans.models import CooperationPlan
from projects.exports import export_response
from projects.models import Project
from projects.selectors import project_totals
from projects.templatetags.project_format import period
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    FunderFactory,
    ProjectFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def funder():
    return FunderFactory(slug="eea", name="EEA and Norway Grants", short_name="")


@pytest.fixture
def unknown(funder):
    return ProjectFactory(
        funder=funder,
        name="Tundmata rahaga projekt",
        start_date=None,
        end_date=None,
        total_cost=None,
        grant_amount=None,
    )


@pytest.fixture
def known(funder):
    return ProjectFactory(
        funder=funder, total_cost=Decimal("29952.00"), grant_amount=Decimal("25000.00"), start_date=date(2021, 8, 2)
    )


def test_the_project_page_says_not_known_and_names_the_grant_by_its_funder(client, unknown):
    html = client.get(unknown.get_absolute_url()).content.decode()

    assert html.count("not known") >= 4  # period, total cost, grant, own contribution
    assert "0,00" not in html and "0.00" not in html
    assert 'Grant (<span lang="et">EEA and Norway Grants</span>)' in html
    assert "EU contribution" not in html


def test_a_project_with_one_date_known_says_which_is_not_known(client, funder):
    project = ProjectFactory(funder=funder, start_date=date(2021, 8, 2), end_date=None)

    assert period(project, "Y") == "from 2021, end not known"
    assert period(Project(start_date=None, end_date=date(2022, 8, 1)), "Y") == "until 2022, start not known"
    assert period(Project(start_date=date(2021, 8, 2), end_date=date(2022, 8, 1)), "Y") == "2021–2022"
    assert "end not known" in client.get(project.get_absolute_url()).content.decode()


def test_sums_leave_unknown_amounts_out_and_count_them(unknown, known):
    totals = project_totals(Project.objects.all())

    assert totals["count"] == 2
    assert totals["total_cost"] == Decimal("29952.00") and totals["total_cost_unknown"] == 1
    assert totals["grant"] == Decimal("25000.00") and totals["grant_unknown"] == 1
    assert totals["own_contribution"] == Decimal("4952.00") and totals["own_contribution_unknown"] == 1


def test_sums_of_projects_whose_amounts_are_all_unknown_are_not_known_not_zero(unknown):
    totals = project_totals(Project.objects.all())

    assert (totals["total_cost"], totals["grant"], totals["own_contribution"]) == (None, None, None)
    assert project_totals(Project.objects.none())["total_cost"] == Decimal("0.00")  # nothing to add up: known


def test_the_registry_funder_and_measure_pages_say_how_many_amounts_are_not_known(client, unknown, known):
    for url in (reverse("projects:list"), reverse("projects:funder", kwargs={"funder": "eea"})):
        html = client.get(url).content.decode()
        assert "without 1 project whose total cost is not known" in html, url
        assert "without 1 project whose grant is not known" in html, url
        assert "(1 project not known)" in html, url  # the charts' tables

    only_unknown = client.get(reverse("projects:list"), {"sort": "grant"}).context["page"].object_list
    assert [p.pk for p in only_unknown] == [known.pk, unknown.pk]  # unknown amounts sort last


def test_a_chart_row_whose_grants_are_all_unknown_has_no_bar_and_reads_not_known(client, unknown):
    [by_year] = funding_figures(Project.objects.all(), groups=("year",))

    assert by_year["rows"][0]["label"] == "Start date not known"
    assert by_year["rows"][0]["grant"] is None and by_year["rows"][0]["grant_unknown"] == 1
    assert "<rect" not in str(by_year["chart"])
    html = client.get(reverse("projects:list")).content.decode()
    assert "Start date not known" in html


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_leave_unknown_money_and_dates_empty(unknown, fmt):
    response = export_response(Project.objects.all(), fmt)

    text = response.content.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text))) if fmt == "csv" else json.loads(text)
    assert [row[column] for column in ("Start date", "End date", "Total budget", "Grant", "Co-financing rate")] == [
        ""
    ] * 5


def test_the_theme_sheet_says_the_grant_is_not_known(unknown):
    plan = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED)
    section = ThemeSectionFactory(plan=plan)
    ActivityFactory(section=section).projects.add(unknown)

    _source, html, _hash = document_source(plan=plan, kind=Document.Kind.THEME_SHEET, section=section, language="en")

    assert "Tundmata rahaga projekt (EEA and Norway Grants, grant not known)" in html


def _municipality_partner(project, municipality):
    from core.models import Organisation
    from tests.factories import OrganisationFactory, ProjectPartnerFactory

    government = OrganisationFactory(
        region=project.region, municipality=municipality, kind=Organisation.Kind.MUNICIPALITY
    )
    ProjectPartnerFactory(project=project, organisation=government)


def test_region_and_municipality_sums_leave_unknown_money_out_and_say_how_many(client, unknown, known):
    from tests.factories import MunicipalityFactory

    known.region = unknown.region
    known.save()
    municipality = MunicipalityFactory(region=unknown.region)
    for project in (unknown, known):
        _municipality_partner(project, municipality)

    for page in (unknown.region.get_absolute_url(), municipality.get_absolute_url()):
        response = client.get(page.replace("/et/", "/en/", 1))
        totals = response.context["totals"]
        assert (totals["total_cost"], totals["total_cost_unknown"]) == (Decimal("29952.00"), 1), page
        assert (totals["grant"], totals["grant_unknown"]) == (Decimal("25000.00"), 1), page
        html = response.content.decode()
        assert "without 1 project whose total cost is not known" in html
        assert "without 1 project whose grant is not known" in html


def test_region_and_municipality_whose_project_money_is_all_unknown_say_not_known_not_zero(client, unknown):
    from tests.factories import MunicipalityFactory

    municipality = MunicipalityFactory(region=unknown.region)
    _municipality_partner(unknown, municipality)

    for page in (unknown.region.get_absolute_url(), municipality.get_absolute_url()):
        response = client.get(page.replace("/et/", "/en/", 1))
        assert response.context["totals"]["total_cost"] is None and response.context["totals"]["grant"] is None
        html = response.content.decode()
        for label in ("Projects' total cost</dt>", "Grants</dt>"):
            shown = html.split(label, 1)[1].split("</dd>", 1)[0]
            assert "not known" in shown and "€" not in shown, (page, label, shown)


def test_a_theme_section_lists_its_projects_newest_first_and_those_with_no_start_last(client, unknown, known):
    plan = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED)
    section = ThemeSectionFactory(plan=plan)
    older = ProjectFactory(funder=known.funder, start_date=date(2019, 1, 1), name="Vanem projekt")
    ActivityFactory(section=section).projects.add(unknown, known, older)

    response = client.get(section.get_absolute_url())

    assert response.status_code == 200
    assert [project.pk for project in response.context["projects"]] == [known.pk, older.pk, unknown.pk]
