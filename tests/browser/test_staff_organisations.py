"""In headless Chromium: an editor adds an organisation (after a refused first try) and a strategy document from the
plan page and comes back to it; axe-core finds nothing on the organisation pages, errors included."""

import pytest
from django.urls import reverse

from core.models import Organisation
from plans.models import StrategyDocument
from tests.browser.test_staff_editing import axe_violations, log_in
from tests.factories import MunicipalityFactory
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too


@pytest.fixture
def world(transactional_db, staff_world):  # noqa: F811
    MunicipalityFactory(region=staff_world.region, name="Rõuge vald")
    return staff_world


def region_url(name, world, **kwargs):
    return reverse(f"plans-staff:{name}", kwargs={"region": world.region.slug, **kwargs})


def test_organisation_pages_have_no_axe_violations_and_a_refused_form_keeps_the_input(live_server, page, world):
    log_in(page, live_server, world.users["editor"].username)
    found = {}

    response = page.goto(live_server.url + region_url("organisations", world))
    assert response.status == 200
    found["list"] = axe_violations(page)

    page.locator(f'a[href="{region_url("organisation-create", world)}"]').click()
    page.wait_for_load_state()
    found["create"] = axe_violations(page)

    # A municipal government without its municipality, and a web address that is not one.
    page.locator("input[name=name]").fill("Rõuge <b>Vallavalitsus</b>")
    page.locator("select[name=kind]").select_option(Organisation.Kind.MUNICIPALITY)
    page.locator("input[name=website]").fill("rouge punkt ee")
    page.locator("#organisation-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".is-invalid").count() == 2
    assert page.locator("input[name=name]").input_value() == "Rõuge <b>Vallavalitsus</b>"
    found["create with errors"] = axe_violations(page)

    page.locator("select[name=municipality]").select_option(label="Rõuge vald")
    page.locator("input[name=website]").fill("https://rouge.ee")
    page.locator("#organisation-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1
    assert page.get_by_role("link", name="Rõuge <b>Vallavalitsus</b>").count() == 1
    found["list after adding"] = axe_violations(page)

    organisation = Organisation.objects.get(name="Rõuge <b>Vallavalitsus</b>")
    page.goto(live_server.url + region_url("organisation-edit", world, slug=organisation.slug))
    found["edit"] = axe_violations(page)

    assert {name: violations for name, violations in found.items() if violations} == {}


def test_editor_adds_a_strategy_document_from_the_plan_page_and_returns_to_it(live_server, page, world):
    log_in(page, live_server, world.users["editor"].username)
    plan_edit = (
        reverse("plans-staff:plan-edit", kwargs={"region": world.region.slug, "plan": world.plan.slug})
        + "?step=documents"
    )
    page.goto(live_server.url + plan_edit)

    page.locator(f'a[href^="{region_url("strategy-document-create", world)}?next="]').click()
    page.wait_for_load_state()
    page.locator("input[name=title]").fill("Võrumaa arengustrateegia 2035+")
    page.locator("select[name=level]").select_option(StrategyDocument.Level.COUNTY)
    page.locator("input[name=start_year]").fill("2035")
    page.locator("input[name=end_year]").fill("2022")
    page.locator("#strategy-document-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".is-invalid").count() == 1
    assert axe_violations(page) == []

    page.locator("input[name=start_year]").fill("2022")
    page.locator("input[name=end_year]").fill("2035")
    page.locator("#strategy-document-form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.url == live_server.url + plan_edit
    document = StrategyDocument.objects.get(title="Võrumaa arengustrateegia 2035+")
    assert page.locator(f"input[name=basis_documents][value='{document.pk}']").count() == 1
    assert axe_violations(page) == []
