"""In headless Chromium: an editor types person-years and a budget with a decimal comma and spaces between
thousands in the Estonian and Finnish workspace; what is stored, what the form shows back and what the public
activity page shows agree, and a negative number is refused with a message in the editor's language.

The browser runs with an English locale, where Chromium's ``<input type=number>`` turned a typed "0,75" into "075"
(saved as 75): the fields are text inputs read on the server in the page's language.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import Activity, CooperationPlan
from tests.browser.test_staff_editing import log_in
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too

NEGATIVE = {"et": "Väärtus ei saa olla negatiivne.", "fi": "Arvo ei voi olla negatiivinen."}


@pytest.fixture
def world(transactional_db, staff_world):  # noqa: F811
    # A draft, edited directly (a public plan is edited in a change set); adopted below to see its public page.
    return staff_world


@pytest.fixture
def english_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def _type(page, name, text):
    field = page.locator(f"#activity-form input[name={name}]")
    field.fill("")
    field.press_sequentially(text)  # key by key, as a person types: no shortcut past the browser's own handling


def _save(page):
    page.locator("#activity-form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["et", "fi"])
def test_a_decimal_comma_and_spaced_thousands_are_stored_and_shown_and_a_negative_is_refused(
    live_server, english_page, world, language
):
    page = english_page
    activity = world.activity
    with translation.override(language):
        edit_url = reverse(
            "plans-staff:activity-edit",
            kwargs={"region": world.region.slug, "plan": world.plan.slug, "activity": activity.pk},
        )
        public_url = activity.get_absolute_url()
    log_in(page, live_server, world.users["editor"].username)

    page.goto(live_server.url + edit_url)
    assert page.locator("#activity-form input[name=person_years]").get_attribute("type") == "text"
    _type(page, "person_years", "0,75")
    _type(page, "budget", "1 234,5")
    _save(page)

    assert page.locator(".alert-success").count() == 1
    activity.refresh_from_db()
    assert (activity.person_years, activity.budget) == (Decimal("0.75"), Decimal("1234.50"))
    page.goto(live_server.url + edit_url)
    assert page.locator("#activity-form input[name=person_years]").input_value() == "0,75"
    assert page.locator("#activity-form input[name=budget]").input_value() == "1234,50"

    _type(page, "person_years", "-1")
    _save(page)

    person_years = page.locator("#activity-form input[name=person_years]")
    assert person_years.input_value() == "-1"  # what was typed is kept
    assert NEGATIVE[language] in page.locator("#activity-form").inner_text()
    assert Activity.objects.get(pk=activity.pk).person_years == Decimal("0.75")

    CooperationPlan.objects.filter(pk=world.plan.pk).update(status=CooperationPlan.Status.ADOPTED)
    public = page.context.new_page()
    public.goto(live_server.url + public_url)
    facts = public.locator("main").inner_text()
    assert "0,75" in facts
    assert "1\xa0235\xa0€" in facts  # the estimate is shown in whole euros
    public.close()
