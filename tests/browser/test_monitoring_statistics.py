"""In headless Chromium: the staff page binding an indicator to open statistics and an activity page showing a
bound indicator have no axe-core violations in Estonian, English and Finnish, and the binding form works with the
keyboard alone."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from monitoring.models import StatisticsSource
from monitoring.statistics import services
from plans.models import CooperationPlan
from tests.browser.test_staff_editing import axe_violations, log_in
from tests.factories import MunicipalityFactory, StatisticsSourceFactory, StatisticValueFactory
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too

LANGUAGES = ["et", "en", "fi"]
FETCHED = datetime(2027, 2, 15, 9, 0, tzinfo=ZoneInfo("Europe/Tallinn"))


@pytest.fixture
def world(transactional_db, staff_world):  # noqa: F811
    MunicipalityFactory(region=staff_world.region, slug="voru-vald", name="Võru vald")
    MunicipalityFactory(region=staff_world.region, slug="rouge-vald", name="Rõuge vald")
    return staff_world


@pytest.fixture
def no_fetch(monkeypatch):
    # The live server commits: a saved binding would queue a real fetch. Which fetches were asked for is enough here.
    asked = []
    monkeypatch.setattr(services, "source_fetch_request", lambda *, source: asked.append(source.pk) or True)
    return asked


def _bind(world):
    source = StatisticsSourceFactory(
        indicator=world.indicator,
        provider="pxweb",
        dataset="TT4645",
        query={"Sugu": "1"},
        area_code="0087",
        country_code="EE",
        municipality_codes={"voru-vald": "0919"},
        direction="lower",
        state="failed",
        error_code="http_status",
        error_params={"status": 503},
        last_success_at=FETCHED,
        source_updated_at=FETCHED,
    )
    for year, value in ((2021, "13.1"), (2022, "11.9")):
        StatisticValueFactory(
            source=source, area_code="0087", area_name="Võru maakond", year=year, value=Decimal(value)
        )
        StatisticValueFactory(
            source=source, area_kind="country", area_code="EE", area_name="Eesti", year=year, value=Decimal("10.5")
        )
        StatisticValueFactory(
            source=source,
            area_kind="municipality",
            area_code="0919",
            area_name="Võru vald",
            year=year,
            value=Decimal(9),
        )
    value = source.values.get(area_code="0087", year=2022)
    value.value = Decimal("12.2")  # a revised value: the page shows the previous one
    value.save()
    return source


def _source_url(world, language):
    with translation.override(language):
        return reverse(
            "monitoring-staff:indicator-source",
            kwargs={"region": world.region.slug, "plan": world.plan.slug, "indicator": world.indicator.pk},
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_binding_page_has_no_axe_violations(live_server, page, world, no_fetch, language):
    log_in(page, live_server, world.users["editor"].username)
    page.goto(live_server.url + _source_url(world, language))
    assert axe_violations(page) == []  # not bound yet

    _bind(world)
    page.goto(live_server.url + _source_url(world, language))
    assert page.locator("#source-error").count() == 1
    assert axe_violations(page) == []  # bound, with an error, values and a previous value

    page.locator("textarea[name=selections]").fill("Sugu 1")
    with page.expect_navigation():
        page.locator("#source-form button[type=submit]").click()
    assert page.locator("[data-error-summary]").count() == 1
    assert axe_violations(page) == []  # the error summary and the marked field


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_activity_page_with_a_bound_indicator_has_no_axe_violations(live_server, browser, world, language):
    CooperationPlan.objects.filter(pk=world.plan.pk).update(status=CooperationPlan.Status.ADOPTED)
    _bind(world)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = context.new_page()
    with translation.override(language):
        url = world.activity.get_absolute_url()

    visitor.goto(live_server.url + url)

    assert visitor.locator(".indicator-status").count() == 1
    assert axe_violations(visitor) == []
    context.close()


def _tab_to(page, selector, limit=120):
    """Press Tab until the element matching ``selector`` has the focus; fail if it never gets it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"the keyboard never reached {selector}")


def test_the_binding_form_works_with_the_keyboard_alone(live_server, page, world, no_fetch):
    log_in(page, live_server, world.users["editor"].username)
    page.goto(live_server.url + _source_url(world, "en"))

    _tab_to(page, "select[name=provider]")
    page.keyboard.type("Statistics Estonia")  # a select chooses the option typed
    _tab_to(page, "input[name=dataset]")
    page.keyboard.type("TT4645")
    _tab_to(page, "textarea[name=selections]")
    page.keyboard.type("Sugu=1")
    _tab_to(page, "input[name=area_code]")
    page.keyboard.type("0087")
    _tab_to(page, "input[name=country_code]")
    page.keyboard.type("EE")
    _tab_to(page, "input[name=municipality__voru-vald]")
    page.keyboard.type("0919")
    _tab_to(page, "input[name=direction]")
    page.keyboard.press("ArrowDown")  # from "higher is better" to "lower is better"
    _tab_to(page, "#source-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("[data-error-summary]").count() == 0, page.locator("[data-error-summary]").inner_text()
    source = StatisticsSource.objects.get(indicator=world.indicator)
    assert (source.provider, source.dataset, source.area_code, source.country_code) == ("pxweb", "TT4645", "0087", "EE")
    assert (source.direction, source.query, source.municipality_codes) == (
        "lower",
        {"Sugu": "1"},
        {"voru-vald": "0919"},
    )
    assert no_fetch == [source.pk]
