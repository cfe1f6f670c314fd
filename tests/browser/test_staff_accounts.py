"""axe-core in Chromium: the log-in page (with an error), the dashboard, a history page, the audit log and the
public "changes since the consultation" page have no WCAG 2.1 A/AA (or best-practice) violations."""

from datetime import timedelta
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from core.models import AuditEvent
from documents.models import Document
from plans.models import CooperationPlan
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.factories import (
    TEST_PASSWORD,
    AuditEventFactory,
    ConsultationWindowFactory,
    DocumentFactory,
    UserFactory,
)
from tests.staff.conftest import staff_world  # noqa: F401 (the staff tests' fixture, used here too)


def _violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


@pytest.fixture
def busy_world(transactional_db, staff_world):  # noqa: F811
    colleague = UserFactory(username="kolleeg@vorumaa.example")
    activity = staff_world.activity
    activity.title = "Eakate transpordi ühishange"
    activity.budget = Decimal("12500.50")
    activity._history_user = colleague
    activity.save()
    DocumentFactory(plan=staff_world.plan, state=Document.State.FAILED, error="WeasyPrint: boom")
    AuditEventFactory(region=staff_world.region, action=AuditEvent.Action.RESTORE, actor=colleague)
    AuditEventFactory(region=staff_world.region, action=AuditEvent.Action.PUBLISH, actor=colleague)
    return staff_world


def _log_in(page, live_server, user):
    page.goto(live_server.url + reverse("staff:login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("staff:dashboard"))


def test_login_page_with_an_error_has_no_axe_violations(live_server, page, busy_world):
    page.goto(live_server.url + reverse("staff:login"))
    page.fill("input[name=username]", busy_world.users["editor"].username)
    page.fill("input[name=password]", "wrong password")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-danger")

    assert _violations(page) == []


def test_staff_pages_have_no_axe_violations(live_server, page, busy_world):
    _log_in(page, live_server, busy_world.users["editor"])
    urls = {
        "dashboard": reverse("staff:dashboard"),
        "history": reverse("staff:history", kwargs={"label": "plans.activity", "pk": busy_world.activity.pk}),
        "audit log": reverse("staff:audit"),
        "account": reverse("staff:account"),
        "two-step set-up": reverse("staff:two-factor-setup"),
    }
    found = {}
    for name, url in urls.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        found[name] = _violations(page)

    assert {name: v for name, v in found.items() if v} == {}


def test_public_changes_page_has_no_axe_violations(live_server, page, busy_world):
    plan = busy_world.plan
    CooperationPlan.objects.filter(pk=plan.pk).update(status=CooperationPlan.Status.ADOPTED)
    window = ConsultationWindowFactory(plan=plan, closed=True)
    # The plan, its section and the activity were all recorded before the consultation closed.
    plan.history.update(history_date=window.closes_at - timedelta(days=1))
    busy_world.activity.history.update(history_date=window.closes_at - timedelta(days=1))
    busy_world.section.history.update(history_date=window.closes_at - timedelta(days=1))
    busy_world.activity.title = "Muudetud pärast arutelu"
    busy_world.activity.save()

    response = page.goto(live_server.url + reverse("plans:changes", kwargs={"region": "vorumaa", "plan": plan.slug}))

    assert response.status == 200
    assert "Muudetud pärast arutelu" in page.content()
    assert _violations(page) == []
