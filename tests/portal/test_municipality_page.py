"""The municipality page: the PDFs of the plans it takes part in, and budgets of shared activities said to be whole."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from plans.selectors import municipality_overview
from tests.factories import ActivityFactory, CooperationPlanFactory, MunicipalityFactory, ThemeSectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_world(db):
    plan = CooperationPlanFactory(adopted=True)
    section = ThemeSectionFactory(plan=plan)
    elva = MunicipalityFactory(region=plan.region, name="Elva vald")
    noo = MunicipalityFactory(region=plan.region, name="Nõo vald")
    shared = ActivityFactory(section=section, budget=Decimal("10000.00"), municipalities=[elva, noo])
    own = ActivityFactory(section=section, budget=Decimal("5000.00"), municipalities=[elva])
    return plan, section, elva, noo, shared, own


def test_an_activity_shared_by_two_municipalities_counts_once_on_each_page_and_is_marked_shared(shared_world):
    _plan, _section, elva, noo, shared, own = shared_world
    elva_totals = municipality_overview(AnonymousUser(), elva)
    noo_totals = municipality_overview(AnonymousUser(), noo)
    assert (elva_totals["totals"]["budget"], elva_totals["totals"]["shared"]) == (Decimal("15000.00"), 1)
    assert (noo_totals["totals"]["budget"], noo_totals["totals"]["shared"]) == (Decimal("10000.00"), 1)
    counts = {activity.pk: activity.municipality_count for activity in elva_totals["activities"]}
    assert counts == {shared.pk: 2, own.pk: 1}


def test_the_municipality_page_says_that_shared_budgets_are_whole(client, shared_world):
    _plan, _section, elva, *_rest = shared_world
    with translation.override("en"):
        html = client.get(elva.get_absolute_url()).content.decode()
    assert "1 of them is shared with other municipalities" in html
    assert html.count("whole activity, shared by 2 municipalities") == 1


def test_a_municipality_without_shared_activities_has_no_note(client, shared_world):
    plan, section, *_rest = shared_world
    alone = MunicipalityFactory(region=plan.region)
    ActivityFactory(section=section, municipalities=[alone])
    with translation.override("en"):
        html = client.get(alone.get_absolute_url()).content.decode()
    assert "shared with other municipalities" not in html and "shared by" not in html


def test_the_municipality_page_links_the_summary_and_theme_sheet_pdfs_of_its_plans(client, shared_world):
    plan, section, elva, *_rest = shared_world
    with translation.override("en"):
        html = client.get(elva.get_absolute_url()).content.decode()
        kwargs = {"region": plan.region.slug, "plan": plan.slug}
        for url in (
            reverse("plans:summary-pdf", kwargs=kwargs),
            reverse("plans:theme-sheets-zip", kwargs=kwargs),
            reverse("plans:theme-sheet-pdf", kwargs={**kwargs, "theme": section.theme.slug}),
        ):
            assert f'href="{url}"' in html, url
    assert "Theme sheet (PDF)" in html and "Plan summary (PDF)" in html
