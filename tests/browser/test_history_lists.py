"""In headless Chromium: list changes (partners, municipalities) as added and removed on the public changes page
in every language and on the staff history page, with nothing for axe-core to find."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import CooperationPlan
from tests.browser.test_accessibility import violations_on
from tests.browser.test_staff_editing import log_in
from tests.factories import (
    ActivityFactory,
    ConsultationWindowFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ThemeSectionFactory,
)
from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too

pytestmark = pytest.mark.browser


@pytest.fixture
def moved_activity(transactional_db, staff_world):  # noqa: F811
    plan = staff_world.plan
    CooperationPlan.objects.filter(pk=plan.pk).update(status=CooperationPlan.Status.ADOPTED)
    section = ThemeSectionFactory(plan=plan, title="Tervena vananemine")
    activity = ActivityFactory(
        section=section,
        title="Eakate nõustamine",
        municipalities=[MunicipalityFactory(region=staff_world.region, name="Antsla vald")],
    )
    window = ConsultationWindowFactory(plan=plan, closed=True)
    for obj in [plan, section, activity]:
        obj.history.update(history_date=window.closes_at - timedelta(days=1))
    activity.partner_organisations.add(OrganisationFactory(name="MTÜ Eakate Abi"))
    activity.municipalities.set([MunicipalityFactory(region=staff_world.region, name="Rõuge vald")])
    return staff_world, activity


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_changes_page_with_list_changes_has_no_axe_violations(live_server, page, moved_activity, language):
    world, _activity = moved_activity
    with translation.override(language):
        url = reverse("plans:changes", kwargs={"region": world.region.slug, "plan": world.plan.slug})

    assert violations_on(page, live_server.url + url) == []
    assert "Rõuge vald" in page.content() and "Antsla vald" in page.content()


def test_staff_history_page_with_list_changes_has_no_axe_violations(live_server, page, moved_activity):
    world, activity = moved_activity
    log_in(page, live_server, world.users["editor"].username)
    url = reverse("staff:history", kwargs={"label": "plans.activity", "pk": activity.pk})

    assert violations_on(page, live_server.url + url) == []
    assert "MTÜ Eakate Abi" in page.content()
