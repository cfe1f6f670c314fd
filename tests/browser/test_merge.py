"""In headless Chromium: two editors, each in a browser of their own, edit different fields of one activity and
both edits survive; when they change the same field the conflict page lists it, and axe finds nothing on it in
Estonian, English and Finnish."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import RegionRole
from core.versioning import save_versioned
from plans.models import Activity
from tests.browser.test_staff_editing import axe_violations, log_in
from tests.factories import UserFactory
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too


@pytest.fixture
def world(transactional_db, staff_world):  # noqa: F811
    second = UserFactory(username="ben@vorumaa.example", first_name="Ben", last_name="Tamm")
    RegionRole.objects.create(user=second, region=staff_world.region, role=RegionRole.Role.EDITOR)
    return staff_world


def activity_url(world, language="et"):
    with translation.override(language):
        return reverse(
            "plans-staff:activity-edit",
            kwargs={"region": world.region.slug, "plan": world.plan.slug, "activity": world.activity.pk},
        )


def test_two_editors_in_two_browsers_change_different_fields_and_both_changes_survive(live_server, browser, world):
    anna_context, ben_context = browser.new_context(), browser.new_context()
    anna, ben = anna_context.new_page(), ben_context.new_page()
    log_in(anna, live_server, world.users["editor"].username)
    log_in(ben, live_server, "ben@vorumaa.example")
    anna.goto(live_server.url + activity_url(world))
    ben.goto(live_server.url + activity_url(world))

    anna.locator("input[name=title]").fill("Anna pealkiri")
    ben.locator("input[name=funding_source]").fill("Beni rahastus")
    ben.locator("#activity-form button[type=submit]").click()
    ben.wait_for_load_state()
    anna.locator("#activity-form button[type=submit]").click()
    anna.wait_for_load_state()

    activity = Activity.objects.get(pk=world.activity.pk)
    assert (activity.title, activity.funding_source) == ("Anna pealkiri", "Beni rahastus")
    assert anna.locator("#conflict").count() == 0
    assert "Ben Tamm" in anna.locator(".alert-info").inner_text()
    anna_context.close()
    ben_context.close()


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_the_conflict_page_lists_only_the_field_both_changed_and_has_no_axe_violations(
    live_server, page, world, language
):
    log_in(page, live_server, world.users["editor"].username)
    page.goto(live_server.url + activity_url(world, language))
    page.locator("input[name=title]").fill("Minu pealkiri")
    page.locator("input[name=person_years]").fill("0,75")
    # Meanwhile Ben changes the title too, and the description.
    other = Activity.objects.get(pk=world.activity.pk)
    other.title, other.description = "Beni pealkiri", "Beni kirjeldus"
    save_versioned(other, expected_version=other.version)

    page.locator("#activity-form button[type=submit]").click()
    page.wait_for_load_state()

    conflict = page.locator("#conflict")
    assert conflict.is_visible()
    assert conflict.locator("tbody tr").count() == 1
    assert "Beni pealkiri" in conflict.inner_text() and "Minu pealkiri" in conflict.inner_text()
    assert page.locator("input[name=person_years]").input_value() == "0,75"
    assert "Beni kirjeldus" in page.locator("textarea[name=description]").input_value()
    assert axe_violations(page) == []
