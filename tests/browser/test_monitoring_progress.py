"""In headless Chromium on the demo data: a progress reporter types "0,75" person-years and "1 234,5" euros in the
Estonian and Finnish workspace and saves with the keyboard only; what is stored and shown back agrees. The staff
form, the plan-year overview and the public activity page have no axe-core violation in et, en and fi, and do not
scroll sideways at 320 CSS pixels (WCAG 1.4.10)."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from monitoring.models import ActivityProgress
from plans.models import Activity
from tests.browser.test_accessibility import violations_on
from tests.browser.test_staff_editing import log_in
from tests.factories import TEST_PASSWORD

LANGUAGES = ["et", "en", "fi"]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    reporter = get_user_model().objects.get(username="vorumaa-reporter")
    reporter.set_password(TEST_PASSWORD)
    reporter.save()
    activity = (
        Activity.objects.filter(responsible_organisation__slug="vorumaa-arenduskeskus", progress__year=2024)
        .select_related("section__plan__region", "section__theme")
        .first()
    )
    return {"reporter": reporter, "activity": activity}


def addresses(activity, language, year=2024):
    plan = activity.section.plan
    with translation.override(language):
        return {
            "form": reverse(
                "monitoring-staff:progress-edit",
                kwargs={"region": plan.region.slug, "plan": plan.slug, "activity": activity.pk, "year": year},
            ),
            "overview": reverse(
                "monitoring-staff:progress", kwargs={"region": plan.region.slug, "plan": plan.slug, "year": year}
            ),
            "activity page": activity.get_absolute_url(),
        }


def browser_page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    return context, context.new_page()


@pytest.mark.parametrize("language", ["et", "fi"])
def test_reporter_types_a_decimal_comma_and_spaced_thousands_and_saves_with_the_keyboard(
    live_server, browser, demo, language
):
    context, page = browser_page(browser, 1280)
    activity = demo["activity"]
    form_url = live_server.url + addresses(activity, language, year=2023)["form"]
    log_in(page, live_server, demo["reporter"].username)
    page.goto(form_url)

    # Keyboard only, from the status buttons: arrow to "on track", Tab through the fields typing, Enter to save.
    page.locator("#progress-form input[name=status]").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "account"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "money_spent"
    assert page.evaluate("document.activeElement.type") == "text"
    page.keyboard.type("1 234,5")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "person_years_used"
    page.keyboard.type("0,75")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form, as Enter in a text field does

    assert page.locator(".alert-success").count() == 1, page.locator("main").inner_text()[:2000]
    report = ActivityProgress.objects.get(activity=activity, year=2023)
    assert (report.person_years_used, report.money_spent) == (Decimal("0.75"), Decimal("1234.50"))
    assert report.status == ActivityProgress.Status.ON_TRACK
    assert report.updated_by == demo["reporter"]
    page.goto(form_url)
    assert page.locator("#progress-form input[name=person_years_used]").input_value() == "0,75"
    assert page.locator("#progress-form input[name=money_spent]").input_value() == "1234,50"
    context.close()


@pytest.mark.parametrize("language", ["et", "fi"])
def test_a_negative_amount_is_refused_and_focus_goes_to_the_error_summary(live_server, browser, demo, language):
    context, page = browser_page(browser, 1280)
    log_in(page, live_server, demo["reporter"].username)
    page.goto(live_server.url + addresses(demo["activity"], language, year=2023)["form"])

    field = page.locator("#progress-form input[name=money_spent]")
    field.focus()
    page.keyboard.type("-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("#progress-form input[name=money_spent]").input_value() == "-1"
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert not ActivityProgress.objects.filter(activity=demo["activity"], year=2023).exists()
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_progress_pages_have_no_axe_violations(live_server, browser, demo, language):
    context, page = browser_page(browser, 1280)
    log_in(page, live_server, demo["reporter"].username)
    findings = {}
    for name, url in addresses(demo["activity"], language).items():
        found = violations_on(page, live_server.url + url)
        if found:
            findings[name] = found
    context.close()
    assert findings == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_progress_pages_fit_a_320px_screen(live_server, browser, demo, language):
    context, page = browser_page(browser, 320)
    log_in(page, live_server, demo["reporter"].username)
    findings = {}
    for name, url in addresses(demo["activity"], language).items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 321:
            findings[name] = f"scrolls sideways: {width}px"
    context.close()
    assert findings == {}
