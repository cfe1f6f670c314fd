"""In headless Chromium: an editor logs in, edits an activity, publishes the plan and sees the change on the public
page; a second editor's save meanwhile gives the conflict page; axe-core finds nothing on the editing pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from core.versioning import save_versioned
from plans import services
from plans.models import Activity, CooperationPlan
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.factories import TEST_PASSWORD
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too


def axe_violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def staff_url(name, world, **kwargs):
    return reverse(f"plans-staff:{name}", kwargs={"region": world.region.slug, "plan": world.plan.slug, **kwargs})


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("staff:login"))
    page.get_by_label(re.compile("user|kasutaja|käyttäjä", re.I)).first.fill(username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.fixture
def world(transactional_db, staff_world):  # noqa: F811
    return staff_world


@pytest.fixture
def published(monkeypatch):
    # The PDFs themselves are tested in tests/plans; here: that publishing asked for them.
    calls = []
    monkeypatch.setattr(services, "plan_published", lambda *, plan: calls.append(plan.pk))
    return calls


def test_editor_logs_in_edits_an_activity_publishes_and_sees_it_on_the_public_page(
    live_server, page, browser, world, published
):
    log_in(page, live_server, world.users["editor"].username)
    assert "/manage/" in page.url and "/login/" not in page.url

    page.goto(live_server.url + staff_url("activity-edit", world, activity=world.activity.pk))
    page.locator("input[name=title]").fill("Eakate ühine päevakeskus")
    page.locator("textarea[name=description]").fill("**Päevakeskus** kolmes vallas.")
    page.locator("#activity-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1

    page.goto(live_server.url + staff_url("plan-edit", world))
    page.locator("button[name=status][value=consultation]").click()
    page.wait_for_load_state()
    # The first click asks for confirmation and changes nothing yet.
    world.plan.refresh_from_db()
    assert world.plan.status == CooperationPlan.Status.DRAFT
    page.locator("button[name=confirm]").click()
    page.wait_for_load_state()

    world.plan.refresh_from_db()
    assert world.plan.status == CooperationPlan.Status.CONSULTATION
    assert published == [world.plan.pk]
    visitor = browser.new_context()
    public = visitor.new_page()
    public.goto(live_server.url + Activity.objects.get(pk=world.activity.pk).get_absolute_url())
    assert public.locator("h1").inner_text().strip() == "Eakate ühine päevakeskus"
    visitor.close()


def test_conflict_in_the_browser_keeps_the_input_and_a_second_save_goes_through(live_server, page, world):
    log_in(page, live_server, world.users["editor"].username)
    page.goto(live_server.url + staff_url("activity-edit", world, activity=world.activity.pk))
    page.locator("input[name=funding_source]").fill("Minu rahastus")
    # Meanwhile someone else saves the activity, changing the same field (other fields would be merged).
    other = Activity.objects.get(pk=world.activity.pk)
    other.title = "Teise toimetaja pealkiri"
    other.funding_source = "Teise rahastus"
    save_versioned(other, expected_version=other.version)

    page.locator("#activity-form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.locator("#conflict").is_visible()
    assert page.locator("input[name=funding_source]").input_value() == "Minu rahastus"
    assert "Teise rahastus" in page.locator("#conflict").inner_text()
    assert axe_violations(page) == []

    page.locator("#activity-form button[type=submit]").click()
    page.wait_for_load_state()
    activity = Activity.objects.get(pk=world.activity.pk)
    assert (activity.funding_source, activity.title) == ("Minu rahastus", "Teise toimetaja pealkiri")
    assert activity.version == 3


def test_staff_editing_pages_have_no_axe_violations(live_server, page, world):
    log_in(page, live_server, world.users["editor"].username)
    urls = {
        "region workspace": reverse("plans-staff:region", kwargs={"region": world.region.slug}),
        "plan edit": staff_url("plan-edit", world),
        "plan edit, milestones step": staff_url("plan-edit", world) + "?step=milestones",
        "plan edit, sections step": staff_url("plan-edit", world) + "?step=sections",
        "section edit": staff_url("section-edit", world, section=world.section.pk),
        "section activities step": staff_url("section-edit", world, section=world.section.pk) + "?step=activities",
        "section preview": staff_url("section-preview", world, section=world.section.pk),
        "activity edit": staff_url("activity-edit", world, activity=world.activity.pk),
        "indicator edit": staff_url("indicator-edit", world, indicator=world.indicator.pk),
        "archive": staff_url("activity-archive", world, activity=world.activity.pk),
        "new plan": reverse("plans-staff:plan-create", kwargs={"region": world.region.slug}),
    }
    found = {}
    for name, url in urls.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, name
        found[name] = axe_violations(page)

    # The plan page with errors: an empty title and years in the wrong order.
    page.goto(live_server.url + urls["plan edit"])
    page.locator("input[name=title]").fill("")
    page.locator("input[name=end_year]").fill("2000")
    page.locator("#plan-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback, .is-invalid").count() > 0
    found["plan edit with errors"] = axe_violations(page)

    assert {name: violations for name, violations in found.items() if violations} == {}
