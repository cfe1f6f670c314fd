"""In headless Chromium: the annual report page, a theme's page of it and the staff's summaries page have no
axe-core findings in et, en and fi, also with an error summary and a version conflict, and the report's pages fit a
320 px screen."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import RegionRole
from tests.browser.test_staff_editing import axe_violations, log_in
from tests.factories import CooperationPlanFactory, RegionFactory, RegionRoleFactory
from tests.monitoring.test_report_page import build_report

LANGUAGES = ["et", "en", "fi"]


@pytest.fixture
def world(transactional_db):
    region = RegionFactory(slug="vorumaa", name="Võrumaa")
    plan = CooperationPlanFactory(
        region=region,
        slug="heaolu-2025",
        title="Võru maakonna heaolukava",
        start_year=2025,
        end_year=2028,
        adopted=True,
    )
    built = build_report(plan, activities=3)
    progress = built["activities"][0].progress.get(year=2026)
    progress.is_example = True
    progress.save()
    editor = RegionRoleFactory(region=region, role=RegionRole.Role.EDITOR, user__username="toimetaja").user
    return plan, editor


def urls(plan, language):
    kwargs = {"region": plan.region.slug, "plan": plan.slug, "year": 2026}
    with translation.override(language):
        return reverse("monitoring:annual-report", kwargs=kwargs), reverse("monitoring-staff:summaries", kwargs=kwargs)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_annual_report_has_no_axe_violations_and_fits_a_narrow_screen(live_server, page, world, language):
    plan, _editor = world
    report, _summaries = urls(plan, language)
    with translation.override(language):
        kwargs = {"region": plan.region.slug, "plan": plan.slug, "year": 2026, "theme": "vananemine"}
        theme = reverse("monitoring:annual-report-theme", kwargs=kwargs)

    for address in (report, theme):
        page.set_viewport_size({"width": 1280, "height": 800})
        response = page.goto(live_server.url + address)
        assert response.status == 200
        assert axe_violations(page) == [], address

        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(live_server.url + address)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, address


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_summaries_page_has_no_axe_violations_also_with_errors(live_server, page, world, language):
    plan, editor = world
    _report, summaries = urls(plan, language)
    log_in(page, live_server, editor.username)

    response = page.goto(live_server.url + summaries)
    assert response.status == 200
    assert axe_violations(page) == []

    # An error summary: more text than a field takes (the maxlength attribute is lifted, as a script could).
    page.evaluate("document.querySelectorAll('textarea').forEach((area) => area.removeAttribute('maxlength'))")
    page.locator("textarea").first.fill("x" * 10_001)
    page.locator("#summaries-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#form-errors").count() == 1
    assert axe_violations(page) == []


def test_a_conflict_on_the_summaries_page_has_no_axe_violations(live_server, page, world):
    plan, editor = world
    _report, summaries = urls(plan, "en")
    log_in(page, live_server, editor.username)
    page.goto(live_server.url + summaries)
    summary = plan.sections.order_by("position", "pk").first().year_summaries.get(year=2026)
    summary.summary = "Someone else's text."
    summary.version += 1
    summary.save()

    page.locator("textarea").first.fill("My own text.")
    page.locator("#summaries-form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.locator("#conflict").count() == 1
    assert axe_violations(page) == []
