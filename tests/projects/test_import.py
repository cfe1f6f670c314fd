"""Importing projects from CSV and XLSX: every bad file gets a clear answer and saves nothing."""

import csv
import io
import os
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone, translation

from core.models import AuditEvent, Organisation
from projects.imports import MAX_ROWS, project_import
from projects.models import Project, ProjectPartner
from projects.resources import parse_money
from tests.factories import (
    FunderFactory,
    MeasureFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
    ThemeFactory,
    UserFactory,
)

HEADER = [
    "Project code",
    "Project name",
    "Fund",
    "Programme",
    "Measure",
    "Start date",
    "End date",
    "Total budget",
    "Grant",
    "Beneficiary",
    "Partners",
    "Themes",
]


@pytest.fixture(autouse=True)
def _english():
    # Messages are checked in English; test_row_errors_are_in_the_users_language checks another language.
    with translation.override("en"):
        yield


@pytest.fixture
def world(region):
    funder = FunderFactory(slug="esf", name="Euroopa Sotsiaalfond", short_name="ESF")
    programme = ProgrammeFactory(funder=funder, slug="rakenduskava", name="Rakenduskava 2014–2020")
    measure = MeasureFactory(funder=funder, programme=programme, slug="voimekus", name="Võimekuse tõstmine")
    union = OrganisationFactory(slug="lvol", name="Lääne-Viru Omavalitsuste Liit", region=region)
    ngo = OrganisationFactory(slug="cumulus", name="Cumulus Consulting OÜ", region=region)
    rouge = MunicipalityFactory(region=region, slug="rouge", name="Rõuge vald")
    government = OrganisationFactory(
        slug="rouge-vallavalitsus",
        name="Rõuge Vallavalitsus",
        kind=Organisation.Kind.MUNICIPALITY,
        region=region,
        municipality=rouge,
    )
    theme = ThemeFactory(slug="sotsiaalteenused")
    user = UserFactory()
    return locals()


def row(**overrides):
    values = {
        "Project code": "2014-2020.2.04.21-0013",
        "Project name": "Sotsiaalteenuste analüüs",
        "Fund": "esf",
        "Programme": "rakenduskava",
        "Measure": "Võimekuse tõstmine",
        "Start date": "02.08.2021",
        "End date": "2022-08-01",
        "Total budget": "29 952,00",
        "Grant": "25000.00",
        "Beneficiary": "Lääne-Viru Omavalitsuste Liit",
        "Partners": "cumulus; Rõuge vald",
        "Themes": "sotsiaalteenused",
    }
    values.update(overrides)
    return [values[column] for column in HEADER]


def csv_bytes(rows, header=HEADER, delimiter=";", encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(world, data, name="projects.csv", dry_run=False):
    return project_import(region=world["region"], file=data, file_name=name, dry_run=dry_run, user=world["user"])


def test_a_good_csv_file_creates_projects_with_partners_and_themes(world):
    result = run(world, csv_bytes([row(), row(**{"Project code": "X-2", "Project name": "Teine"})]))

    assert not result.has_errors, result
    assert result.saved and result.new_count == 2
    project = Project.objects.get(code="2014-2020.2.04.21-0013")
    assert project.region == world["region"]
    assert project.total_cost == Decimal("29952.00") and project.grant_amount == Decimal("25000.00")
    assert str(project.start_date) == "2021-08-02"
    assert project.measure == world["measure"] and project.programme == world["programme"]
    assert project.slug == "sotsiaalteenuste-analuus"
    roles = {(p.organisation.slug, p.role) for p in project.partners.all()}
    assert roles == {
        ("lvol", ProjectPartner.Role.BENEFICIARY),
        ("cumulus", ProjectPartner.Role.PARTNER),
        ("rouge-vallavalitsus", ProjectPartner.Role.PARTNER),  # the municipality's government
    }
    assert list(project.themes.all()) == [world["theme"]]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, region=world["region"]).count() == 1


def test_a_good_xlsx_file_with_numbers_and_dates_as_cells_imports(world):
    from datetime import date

    data = xlsx_bytes(
        [
            row(
                **{
                    "Start date": date(2021, 8, 2),
                    "Total budget": 29952,
                    "Grant": 25000.5,
                    "Project code": 2014,
                }
            )
        ]
    )

    result = run(world, data, name="projects.xlsx")

    assert not result.has_errors, result
    project = Project.objects.get()
    assert project.code == "2014"
    assert project.grant_amount == Decimal("25000.50")
    assert str(project.start_date) == "2021-08-02"


def test_a_csv_with_commas_and_a_byte_order_mark_imports(world):
    data = "\ufeff".encode() + csv_bytes([row(**{"Total budget": "29952", "Partners": "cumulus"})], delimiter=",")

    result = run(world, data)

    assert not result.has_errors, result
    assert Project.objects.get().total_cost == Decimal("29952.00")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("29 952,00", "29952.00"),
        ("29952.00", "29952.00"),
        ("29\u00a0952,00 €", "29952.00"),
        ("29\u202f952,00", "29952.00"),
        ("29952", "29952.00"),
        ("29.952,50", "29952.50"),
        ("29,952.50", "29952.50"),
        ("1 234 567,8", "1234567.80"),
        ("201669.95 EUR", "201669.95"),
    ],
)
def test_money_in_both_notations_is_parsed_as_decimal(text, amount):
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["abc", "12,3,4.5.6", "-5", "1.234", "1,005"])
def test_money_that_is_not_an_amount_is_refused_or_read_strictly(text):
    # "1.234" and "1,005" are read as decimals with three places and refused rather than guessed.
    with pytest.raises(ValueError):
        parse_money(text)


def test_a_dry_run_reports_rows_and_saves_nothing(world):
    result = run(world, csv_bytes([row()]), dry_run=True)

    assert not result.has_errors and not result.saved
    assert [r.action for r in result.rows] == ["new"]
    assert not Project.objects.exists()
    assert not ProjectPartner.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "column", "fragment"),
    [
        ({"Start date": "31.02.2021"}, "Start date", "is not a date"),
        ({"End date": "01.01.2020"}, "End date", "before the start date"),
        ({"Grant": "30 000,00"}, "Grant", "larger than the total budget"),
        ({"Fund": "Tundmatu fond"}, "Fund", "Unknown fund"),
        ({"Beneficiary": "Võru vald"}, "Beneficiary", "Unknown organisation or municipality"),
        ({"Partners": "cumulus; Kuskil vald"}, "Partners", "Unknown organisation or municipality"),
        ({"Fund": ""}, "Fund", "required"),
        ({"Total budget": "-1"}, "Total budget", "must not be negative"),
        ({"Grant": "2 000 000 000"}, "Grant", "at most 1,000,000,000"),
        ({"Project name": ""}, "Project name", "required"),
        ({"Total budget": "kakskümmend"}, "Total budget", "not an amount of money"),
        ({"Measure": "Muu meede"}, "Measure", "Unknown measure"),
        ({"Themes": "puudub"}, "Themes", "Unknown theme"),
    ],
)
def test_a_bad_row_is_reported_with_its_column_and_nothing_is_saved(world, overrides, column, fragment):
    result = run(world, csv_bytes([row(**{"Project code": "OK-1"}), row(**overrides)]))

    assert result.has_errors and not result.saved
    [bad] = result.error_rows
    assert bad.number == 3  # the header is line 1
    assert any(error.startswith(f"{column}:") and fragment in error for error in bad.errors), bad.errors
    assert not Project.objects.exists()  # all or nothing: the good first row is not saved either


def test_row_errors_are_in_the_users_language(world):
    with translation.override("et"):
        result = run(world, csv_bytes([row(**{"Project name": ""})]))
        required = translation.gettext("This field is required.")

    [bad] = result.error_rows
    # The message in Estonian; the column names stay as in the file.
    assert bad.errors == [f"Project name: {required}"]
    assert required != "This field is required."


def test_every_error_of_a_row_is_listed(world):
    result = run(world, csv_bytes([row(**{"Start date": "eile", "Fund": "??", "Grant": "x"})]))

    [bad] = result.error_rows
    columns = {error.split(":")[0] for error in bad.errors}
    assert {"Start date", "Fund", "Grant"} <= columns


def test_the_same_code_twice_in_one_file_is_an_error(world):
    result = run(world, csv_bytes([row(), row()]))

    assert [r.number for r in result.error_rows] == [3]
    assert not Project.objects.exists()


def test_a_second_import_updates_by_code_instead_of_duplicating(world):
    run(world, csv_bytes([row()]))
    project = Project.objects.get()
    versions = project.history.count()

    same = run(world, csv_bytes([row()]))
    changed = run(world, csv_bytes([row(**{"Project name": "Uus nimi", "Total budget": "30 000,00"})]))

    assert [r.action for r in same.rows] == ["unchanged"]
    assert [r.action for r in changed.rows] == ["update"]
    assert set(changed.rows[0].changed) == {"Project name", "Total budget"}
    project.refresh_from_db()
    assert Project.objects.count() == 1
    assert project.name == "Uus nimi" and project.total_cost == Decimal("30000.00")
    assert project.slug == "sotsiaalteenuste-analuus"  # its address stays
    assert project.version == 2
    assert project.history.count() == versions + 1


def test_a_code_of_another_region_creates_a_project_of_this_region(world, other_region):
    ProjectFactory(region=other_region, code="2014-2020.2.04.21-0013")

    result = run(world, csv_bytes([row()]))

    assert not result.has_errors
    assert Project.objects.filter(code="2014-2020.2.04.21-0013").count() == 2


def test_a_row_of_another_region_is_refused(world):
    header = [*HEADER, "Region"]
    result = run(world, csv_bytes([[*row(), "laane-virumaa"]], header=header))

    assert any("Region:" in e for e in result.error_rows[0].errors)


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (b"", "projects.csv", "empty"),
        (b"   \n\n", "projects.csv", "empty"),
        (";".join(HEADER).encode() + b"\n", "projects.csv", "no projects"),
        (b"Nimi;Summa\nA;1\n", "projects.csv", "Unknown columns"),
        (csv_bytes([row()], header=[*HEADER[:2], "Funder name", *HEADER[3:]]), "projects.csv", "“Fund”"),
        (bytes(range(256)) * 40, "projects.csv", "UTF-8"),
        (bytes(range(256)) * 40, "projects.xlsx", "XLSX"),
        (b"PK\x03\x04" + bytes(range(256)) * 4, "projects.csv", "XLSX"),
        ("Project code;Project name\nA;Võru".encode("cp1252"), "projects.csv", "UTF-8"),
        (csv_bytes([row()], encoding="utf-16"), "projects.csv", "UTF-8"),
        (b"some text", "projects.pdf", "CSV or XLSX"),
    ],
    ids=[
        "empty",
        "blank",
        "header-only",
        "wrong-columns",
        "missing-column",
        "junk",
        "junk-xlsx",
        "fake-zip",
        "cp1252",
        "utf-16",
        "pdf",
    ],
)
def test_a_bad_file_gets_a_clear_answer_and_saves_nothing(world, data, name, fragment):
    result = run(world, data, name=name)

    assert result.has_errors and not result.saved
    assert fragment in " ".join(result.file_errors), result.file_errors
    assert not Project.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_file_over_the_size_cap_is_refused(world):
    result = run(world, b"x" * (5 * 1024 * 1024 + 1))

    assert "larger than 5 MB" in result.file_errors[0]


def test_a_file_of_fifty_thousand_rows_is_refused_before_any_row_is_looked_up(world, django_assert_num_queries):
    # How long the refusal takes is measured by bench/imports.py, not asserted here.
    rows = [row(**{"Project code": f"C-{n}"}) for n in range(50_000)]
    data = csv_bytes(rows)

    limit = 5 * 1024 * 1024
    # Cut at a line's end: a cut inside a multi-byte letter would be a different problem (not UTF-8).
    data = data if len(data) <= limit else data[: data.rindex(b"\n", 0, limit) + 1]

    with django_assert_num_queries(0):
        result = run(world, data)

    assert f"at most {MAX_ROWS}" in result.file_errors[0]
    assert not Project.objects.exists()


def test_an_xlsx_of_fifty_thousand_rows_is_refused_from_its_stated_size(world, django_assert_num_queries):
    workbook = openpyxl.Workbook(write_only=True)  # fast to build; the import reads the sheet's stated size
    sheet = workbook.create_sheet()
    sheet.append(HEADER[:3] + HEADER[5:9])
    for n in range(50_000):
        sheet.append([f"C-{n}", "Nimi", "esf", "2021-01-01", "2021-12-31", 100, 50])
    out = io.BytesIO()
    workbook.save(out)

    with django_assert_num_queries(0):
        result = run(world, out.getvalue(), name="big.xlsx")

    assert f"at most {MAX_ROWS}" in result.file_errors[0]
    assert not Project.objects.exists()


def test_fifty_projects_import_in_one_go(world, django_assert_max_num_queries):
    rows = [row(**{"Project code": f"C-{n}", "Project name": f"Projekt {n}"}) for n in range(50)]

    result = run(world, csv_bytes(rows))

    assert not result.has_errors
    assert Project.objects.filter(region=world["region"]).count() == 50


def test_the_management_command_imports_a_file_and_its_dry_run_saves_nothing(world, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "projects.csv"
    path.write_bytes(csv_bytes([row()]))
    out = io.StringIO()

    call_command("import_projects", "vorumaa", str(path), "--dry-run", stdout=out)
    assert "1 new" in out.getvalue() and not Project.objects.exists()

    call_command("import_projects", "vorumaa", str(path), stdout=out)
    assert Project.objects.count() == 1


def test_the_management_command_fails_for_a_bad_file(world, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "projects.csv"
    path.write_bytes(csv_bytes([row(**{"Fund": "??"})]))

    with pytest.raises(CommandError, match="1 rows have errors"):
        call_command("import_projects", "vorumaa", str(path), stderr=io.StringIO())
    assert not Project.objects.exists()


def test_a_reimport_with_other_partners_and_beneficiary_replaces_them(world):
    run(world, csv_bytes([row()]))

    result = run(world, csv_bytes([row(**{"Beneficiary": "cumulus", "Partners": "lvol", "Themes": ""})]))

    assert set(result.rows[0].changed) == {"Beneficiary", "Partners", "Themes"}
    project = Project.objects.get()
    roles = {(p.organisation.slug, p.role) for p in project.partners.all()}
    assert roles == {("cumulus", ProjectPartner.Role.BENEFICIARY), ("lvol", ProjectPartner.Role.PARTNER)}
    assert not project.themes.exists()


def test_a_row_without_a_code_is_a_new_project_unless_its_name_is_a_projects_of_the_region(world):
    ProjectFactory(region=world["region"], code="", name="Muu projekt")
    ProjectFactory(region=world["region"], code="", name="Veel üks")

    result = run(world, csv_bytes([row(**{"Project code": ""})]))

    assert not result.has_errors and [r.action for r in result.rows] == ["new"]
    assert Project.objects.count() == 3
    again = run(world, csv_bytes([row(**{"Project code": ""})]))
    assert [r.action for r in again.rows] == ["unchanged"]  # found by its name: not a second copy
    assert Project.objects.count() == 3


def test_a_row_without_a_code_updates_the_project_its_slug_names_and_keeps_its_code(world):
    project = ProjectFactory(region=world["region"], code="K-1", slug="analuus", name="Vana nimi")
    header = [*HEADER, "Slug"]

    result = run(world, csv_bytes([[*row(**{"Project code": ""}), "analuus"]], header=header))

    assert not result.has_errors and [r.action for r in result.rows] == ["update"]
    project.refresh_from_db()
    assert (project.code, project.name, Project.objects.count()) == ("K-1", "Sotsiaalteenuste analüüs", 1)


def test_a_code_typed_for_a_project_without_one_is_given_to_it(world):
    project = ProjectFactory(region=world["region"], code="", slug="analuus")
    header = [*HEADER, "Slug"]

    result = run(world, csv_bytes([[*row(**{"Project code": "UUS-1"}), "analuus"]], header=header))

    assert not result.has_errors
    project.refresh_from_db()
    assert project.code == "UUS-1" and Project.objects.count() == 1


def test_two_rows_of_the_same_project_are_an_error(world):
    ProjectFactory(region=world["region"], code="", slug="analuus")
    header = [*HEADER, "Slug"]
    rows = [
        [*row(**{"Project code": ""}), "analuus"],
        [*row(**{"Project code": "", "Project name": "Teine"}), "analuus"],
    ]

    result = run(world, csv_bytes(rows, header=header))

    [bad] = result.error_rows
    assert bad.number == 3 and "the same project as row 2" in " ".join(bad.errors)
    assert Project.objects.count() == 1


def test_a_project_without_dates_or_money_is_imported_with_them_unknown(world):
    data = ";".join(["Project name", "Fund"]).encode() + b"\nNimi;esf\n"

    result = run(world, data)

    assert not result.has_errors, result.error_rows
    project = Project.objects.get()
    assert (project.start_date, project.end_date, project.total_cost, project.grant_amount) == (None,) * 4


def test_rows_with_missing_cells_are_reported_row_by_row(world):
    data = ";".join(HEADER).encode() + b"\nA-1;Nimi\n"

    result = run(world, data)

    [bad] = result.error_rows
    assert "Fund: This field is required." in bad.errors
    assert not Project.objects.exists()


def test_a_kohesio_eu_contribution_column_is_read_as_the_grant(world):
    header = [column if column != "Grant" else "EU contribution" for column in HEADER]

    result = run(world, csv_bytes([row()], header=header))

    assert not result.has_errors
    assert Project.objects.get().grant_amount == Decimal("25000.00")


def test_unconfirmed_upload_is_deleted_after_a_day_and_a_fresh_one_kept(settings, tmp_path):
    from datetime import timedelta

    from projects.services import import_file_store, import_files_expire

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    old = import_file_store(data=b"a;b\n", file_name="vana.csv")
    fresh = import_file_store(data=b"a;b\n", file_name="uus.csv")
    # The files' times come from the file system's clock, not the test's: set both from the test's clock.
    now = timezone.now().timestamp()
    os.utime(tmp_path / fresh, (now, now))
    os.utime(tmp_path / old, (now - 2 * 24 * 3600, now - 2 * 24 * 3600))

    assert import_files_expire(older_than=timedelta(days=1)) == 1
    assert not (tmp_path / old).exists()
    assert (tmp_path / fresh).exists()
