"""In headless Chromium: the annual clock's public page and staff pages have no axe-core or Nu Html Checker findings
in et, en and fi and fit a 320 px screen; an editor adds a task with the keyboard alone."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import RegionRole
from monitoring.models import ClockTask
from tests.browser.test_staff_editing import axe_violations, log_in
from tests.factories import ClockTaskFactory, RegionFactory, RegionRoleFactory

LANGUAGES = ["et", "en", "fi"]


@pytest.fixture
def world(transactional_db):
    region = RegionFactory(slug="vorumaa", name="Võrumaa")
    editor = RegionRoleFactory(region=region, role=RegionRole.Role.EDITOR, user__username="toimetaja").user
    ClockTaskFactory(region=region, title="Eelarve ettepanekud", month=9, day=15, description="Kavand **enne** 1. okt.")
    ClockTaskFactory(region=region, title="Aastaaruanne", month=3, day=None, responsible_role="moderator")
    # Four tasks in one month: three marks and "+n" on the wheel.
    for day in (1, 2, 3, 4):
        ClockTaskFactory(region=region, title=f"Märtsi ülesanne {day}", month=3, day=day, is_example=True)
    return region, editor


def pages(region, language, public_only=False):
    task = ClockTask.objects.filter(region=region).first()
    with translation.override(language):
        found = {"public": reverse("monitoring:annual-clock", kwargs={"region": region.slug})}
        if not public_only:
            kwargs = {"region": region.slug}
            found |= {
                "staff list": reverse("monitoring-staff:clock", kwargs=kwargs),
                "staff new": reverse("monitoring-staff:clock-task-create", kwargs=kwargs),
                "staff edit": reverse("monitoring-staff:clock-task-edit", kwargs={**kwargs, "pk": task.pk}),
                "staff delete": reverse("monitoring-staff:clock-task-delete", kwargs={**kwargs, "pk": task.pk}),
            }
    return found


def findings_on(page, live_server, urls, width_limit=None, vnu=None):
    found = {}
    for name, url in urls.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        problems = axe_violations(page)
        if vnu is not None:
            problems += [f"vnu {message}" for message in vnu(response.text())]
        if width_limit is not None:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > width_limit:
                problems.append(f"scrolls sideways: {width}px")
        if problems:
            found[name] = problems
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_and_staff_clock_pages_pass_axe_and_the_nu_html_checker(live_server, page, world, language, vnu):
    region, editor = world
    found = findings_on(page, live_server, pages(region, language, public_only=True), vnu=vnu)
    log_in(page, live_server, editor.username)
    found |= findings_on(page, live_server, pages(region, language), vnu=vnu)

    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_clock_pages_fit_a_320px_screen(live_server, browser, world, language):
    region, editor = world
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    public = pages(region, language, public_only=True)
    found = findings_on(page, live_server, public, width_limit=321)
    # The wheel shrinks to the screen: as wide as its column, never wider.
    page.goto(live_server.url + public["public"])
    assert page.evaluate("document.querySelector('svg.clock-wheel').getBoundingClientRect().width") <= 300
    log_in(page, live_server, editor.username)
    found |= findings_on(page, live_server, pages(region, language), width_limit=321)
    context.close()

    assert found == {}


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_editor_adds_a_task_with_the_keyboard_alone(live_server, page, world):
    region, editor = world
    log_in(page, live_server, editor.username)
    with translation.override("en"):
        page.goto(live_server.url + reverse("monitoring-staff:clock", kwargs={"region": region.slug}))
        create = reverse("monitoring-staff:clock-task-create", kwargs={"region": region.slug})

    tab_to(page, f'a[href="{create}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{create}")

    tab_to(page, "input[name=title]")
    page.keyboard.type("Kevadine koostöökohtumine")
    tab_to(page, "select[name=month]")
    page.keyboard.type("May")
    tab_to(page, "input[name=day]")
    page.keyboard.type("31")
    tab_to(page, "select[name=responsible_role]")
    page.keyboard.type("moderator")
    tab_to(page, "input[name=remind_days_before]")
    page.keyboard.press("Control+A")
    page.keyboard.type("7")
    tab_to(page, "#clock-task-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator(".is-invalid").all_inner_texts() == []
    assert page.locator(".alert-success").count() == 1
    task = ClockTask.objects.get(title="Kevadine koostöökohtumine")
    assert (task.month, task.day, task.responsible_role, task.remind_days_before) == (5, 31, "moderator", 7)
