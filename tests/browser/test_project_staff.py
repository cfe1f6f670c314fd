"""In headless Chromium: the staff pages for projects (list, edit form with errors, import dry run) have no axe
violations, and a project editor can fix an error and import a spreadsheet with the keyboard and mouse."""

import re

import pytest
from django.urls import reverse

from projects.models import Project
from tests.browser.test_staff_editing import axe_violations, log_in
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too


@pytest.fixture
def world(transactional_db, staff_world):  # noqa: F811
    return staff_world


def test_project_list_has_no_axe_violations(live_server, page, world):
    log_in(page, live_server, world.users["project_editor"].username)

    page.goto(live_server.url + reverse("projects-staff:list", kwargs={"region": world.region.slug}))

    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_edit_form_with_errors_has_no_axe_violations_and_keeps_the_input(live_server, page, world):
    project = world.project
    log_in(page, live_server, world.users["project_editor"].username)
    page.goto(
        live_server.url + reverse("projects-staff:edit", kwargs={"region": world.region.slug, "project": project.slug})
    )
    page.locator("input[name=grant_amount]").fill("99 999,00")
    page.locator("input[name=end_date]").fill("2000-01-01")

    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    assert page.locator("#form-errors").is_visible()
    assert page.locator("input[name=grant_amount]").input_value() == "99 999,00"
    assert axe_violations(page) == []
    project.refresh_from_db()
    assert project.version == 1


def test_import_dry_run_page_has_no_axe_violations_and_confirming_imports(live_server, page, world, tmp_path):
    funder = world.project.funder.slug
    lines = ["Project code;Project name;Fund;Start date;End date;Total budget;EU contribution"]
    lines += [f"B-{n};Projekt {n};{funder};02.08.2021;01.08.2022;29 952,00;25000.00" for n in range(5)]
    lines += [f"B-bad;Halb;{funder};eile;01.08.2022;10;20"]
    bad = tmp_path / "projektid.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    good = tmp_path / "head.csv"
    good.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    log_in(page, live_server, world.users["project_editor"].username)
    page.goto(live_server.url + reverse("projects-staff:import", kwargs={"region": world.region.slug}))
    assert axe_violations(page) == []

    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    assert page.locator("table tbody tr").count() == 6
    assert page.get_by_text(re.compile("B-bad")).count() >= 1
    assert axe_violations(page) == []
    assert page.locator("button[name=confirm]").count() == 0

    page.locator("input[type=file]").set_input_files(str(good))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.locator("button[name=confirm]").click()
    page.wait_for_load_state()

    assert Project.objects.filter(region=world.region, code__startswith="B-").count() == 5
    assert "/projects/" in page.url
