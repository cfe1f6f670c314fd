"""No lost updates: two editors open the same page; the second save is refused, shows the first one's change
beside the second's input, loses nothing, and a deliberate second save then goes through."""

import pytest
from django.test import Client

from core.models import RegionRole
from plans.models import Activity, CooperationPlan, ThemeSection
from tests.factories import UserFactory
from tests.staff.plan_forms import activity_data, indicator_data, plan_data, plan_url, section_data


@pytest.fixture
def anna_and_ben(staff_world):
    """Two editors of the region, each with a browser of their own."""
    anna, ben = Client(), Client()
    anna.force_login(staff_world.users["editor"])
    second = UserFactory(username="ben@vorumaa.example")
    RegionRole.objects.create(user=second, region=staff_world.region, role=RegionRole.Role.EDITOR)
    ben.force_login(second)
    return anna, ben


def test_second_save_of_an_activity_is_refused_and_keeps_the_input(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    url = plan_url("activity-edit", staff_world.plan, activity=activity.pk)
    # Both open the page at version 1 and both change the title (a field only Ben changed would be merged).
    anna_form = activity_data(activity, title="Anna pealkiri")
    ben_form = activity_data(activity, title="Beni pealkiri", description="Beni kirjeldus, mida ei tohi kaotada")

    assert anna.post(url, anna_form).status_code == 302
    response = ben.post(url, ben_form)

    html = response.content.decode()
    activity.refresh_from_db()
    assert response.status_code == 409
    assert activity.title == "Anna pealkiri"
    assert activity.description == "Mida tehakse."
    # Ben's input is still in the form, Anna's title is shown beside it, and the form now carries version 2.
    assert "Beni kirjeldus, mida ei tohi kaotada" in html
    assert "Anna pealkiri" in html
    assert 'name="version" value="2"' in html
    theirs_and_yours = {row["theirs"]: row["yours"] for row in response.context["conflict"]["rows"]}
    assert theirs_and_yours == {"Anna pealkiri": "Beni pealkiri"}


def test_a_deliberate_second_save_after_the_conflict_goes_through_and_history_has_both(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    url = plan_url("activity-edit", staff_world.plan, activity=activity.pk)
    anna.post(url, activity_data(activity, title="Anna pealkiri"))
    ben_form = activity_data(activity, title="Beni pealkiri")
    ben.post(url, ben_form)

    response = ben.post(url, {**ben_form, "version": "2"})

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Beni pealkiri"
    assert activity.version == 3
    titles = list(activity.history.order_by("history_date").values_list("title", "history_user__username"))
    assert ("Anna pealkiri", "editor@vorumaa.example") in titles
    assert ("Beni pealkiri", "ben@vorumaa.example") in titles


def test_conflict_on_a_plan_saves_no_milestone_either(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    plan = staff_world.plan
    url = plan_url("plan-edit", plan)
    ben_form = plan_data(
        plan,
        milestones=[{"kind": "seminar", "title": "Beni seminar", "starts_on": "2021-09-01"}],
        summary="Beni kokkuvõte",
    )
    anna.post(url, plan_data(plan, title="Anna kava"))

    response = ben.post(url, ben_form)

    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.title == "Anna kava"
    assert not plan.milestones.exists()
    assert "Beni seminar" in response.content.decode()
    assert "Beni kokkuvõte" in response.content.decode()


def test_conflict_on_a_section(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    section = staff_world.section
    url = plan_url("section-edit", staff_world.plan, section=section.pk)
    anna.post(url, section_data(section, goals="Anna eesmärgid"))

    response = ben.post(url, section_data(section, goals="Beni eesmärgid"))

    assert response.status_code == 409
    assert ThemeSection.objects.get(pk=section.pk).goals == "Anna eesmärgid"
    assert "Anna eesmärgid" in response.content.decode()
    assert "Beni eesmärgid" in response.content.decode()


def test_conflict_on_an_indicator(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    indicator = staff_world.indicator
    url = plan_url("indicator-edit", staff_world.plan, indicator=indicator.pk)
    anna.post(url, indicator_data(indicator, unit="inimest"))

    response = ben.post(url, indicator_data(indicator, unit="protsenti", values=[{"year": "2023", "value": "5"}]))

    assert response.status_code == 409
    indicator.refresh_from_db()
    assert indicator.unit == "inimest"
    assert not indicator.values.exists()


def test_archiving_meanwhile_is_merged_with_an_open_edit_form_and_stays_archived(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    ben_form = activity_data(activity, title="Beni pealkiri")
    anna.post(plan_url("activity-archive", staff_world.plan, activity=activity.pk))

    response = ben.post(plan_url("activity-edit", staff_world.plan, activity=activity.pk), ben_form)

    assert response.status_code == 302
    activity = Activity.objects.get(pk=activity.pk)
    assert activity.title == "Beni pealkiri"
    assert activity.archived_at is not None


def test_conflict_state_of_a_plan_page_keeps_the_plan_reachable(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    plan = staff_world.plan
    url = plan_url("plan-edit", plan)
    anna.post(url, plan_data(plan, title="Anna kava"))

    response = ben.post(url, plan_data(plan, slug="beni-aadress", title="Beni kava"))

    assert response.status_code == 409
    assert CooperationPlan.objects.filter(slug="koostookava").exists()
    assert plan_url("plan-status", plan) in response.content.decode()
