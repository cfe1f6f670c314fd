"""Every staff form of plans answers bad input with a clear message in the user's language, keeps what was typed,
and saves nothing: never a 500."""

from html import unescape

import pytest
from django.utils import translation

from plans.models import Activity, CooperationPlan, Indicator, ThemeSection
from tests.staff.plan_forms import (
    activity_data,
    indicator_data,
    new_milestone,
    plan_data,
    plan_url,
    section_data,
)

LONG = "x" * 300
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def assert_refused(response, field, typed=None):
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    html = response.content.decode()
    assert "Nothing was saved" in html or "Midagi ei salvestatud" in html
    if typed is not None:
        assert typed in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("title", LONG, "Ensure this value has at most 255 characters"),
        ("slug", "not a slug!", "Enter a valid “slug”"),
        ("end_year", "2019", "The last year cannot be before the first year."),
        ("end_year", "2040", "A plan's period can be at most ten years."),
        ("start_year", "kaks tuhat", "Enter a whole number."),
        ("start_year", "1200", "Ensure this value is greater than or equal to 1990."),
        ("lead_organisation", "999999", "Select a valid choice."),
        ("contact_role", LONG, "Ensure this value has at most 200 characters"),
    ],
)
def test_plan_form_refuses_bad_input(as_editor, staff_world, field, value, message):
    plan = staff_world.plan
    with translation.override("en"):
        url = plan_url("plan-edit", plan)

    response = as_editor.post(url, plan_data(plan, **{field: value}, summary="Minu kokkuvõte"))

    assert_refused(response, field, typed="Minu kokkuvõte")
    assert message in unescape(response.content.decode())
    plan.refresh_from_db()
    assert plan.version == 1


def test_plan_errors_are_in_the_users_language(as_editor, staff_world):
    response = as_editor.post(plan_url("plan-edit", staff_world.plan), plan_data(staff_world.plan, title=""))

    assert response.status_code == 200
    assert "This field is required." not in response.content.decode()


def test_a_milestone_that_ends_before_it_starts_is_refused(as_editor, staff_world):
    plan = staff_world.plan
    with translation.override("en"):
        url = plan_url("plan-edit", plan)
    data = plan_data(plan, milestones=[new_milestone(starts_on="2021-06-17", ends_on="2021-06-01")])

    response = as_editor.post(url, data)

    assert response.status_code == 200
    assert "The end cannot be before the start." in response.content.decode()
    assert not plan.milestones.exists()


def test_a_milestone_with_a_bad_date_is_refused(as_editor, staff_world):
    plan = staff_world.plan
    data = plan_data(plan, milestones=[new_milestone(starts_on="17.13.2021")])

    response = as_editor.post(plan_url("plan-edit", plan), data)

    assert response.status_code == 200
    assert "17.13.2021" in response.content.decode()
    assert not plan.milestones.exists()


def test_new_plan_with_a_taken_address_is_refused(as_editor, staff_world):
    from django.urls import reverse

    data = plan_data(staff_world.plan, title="Teine kava")
    response = as_editor.post(reverse("plans-staff:plan-create", kwargs={"region": "vorumaa"}), data)

    assert_refused(response, "slug", typed="Teine kava")
    assert CooperationPlan.objects.filter(region=staff_world.region).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", LONG),
        ("theme", ""),
        ("theme", "999999"),
        ("lead_role", LONG),
    ],
)
def test_section_form_refuses_bad_input(as_editor, staff_world, field, value):
    section = staff_world.section

    response = as_editor.post(
        plan_url("section-edit", staff_world.plan, section=section.pk),
        section_data(section, **{field: value}, goals="Minu eesmärgid"),
    )

    assert_refused(response, field, typed="Minu eesmärgid")
    assert ThemeSection.objects.get(pk=section.pk).version == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("title", LONG, "at most 255 characters"),
        ("end_year", "2022", None),  # before the start year 2023 set below
        ("start_year", "2010", "The plan runs from 2022 to 2025"),
        ("end_year", "2030", "The plan runs from 2022 to 2025"),
        ("budget", "-1", "The value cannot be negative."),
        ("budget", "1,5e3", "Enter a number, e.g. 1,234.5."),
        ("budget", "123456789012345678", "Enter at most 1,000,000,000."),
        ("budget", "1,2,3", "Enter a number, e.g. 1,234.5."),
        ("person_years", "-0.5", "The value cannot be negative."),
        ("person_years", "1001", "Enter at most 1,000."),
        ("person_years", "abc", "Enter a number, e.g. 1,234.5."),
        ("person_years", "0,755", "no more than 2 decimal places"),
        ("person_years", "", "This field is required."),
        ("responsible_organisation", "", "This field is required."),
        ("cooperation_form", "hacking", "Select a valid choice."),
        ("status", "", "This field is required."),
        ("partner_organisations", ["999999"], "Select a valid choice."),
    ],
)
def test_activity_form_refuses_bad_input(as_editor, staff_world, field, value, message):
    activity = staff_world.activity
    with translation.override("en"):
        url = plan_url("activity-edit", staff_world.plan, activity=activity.pk)
    data = activity_data(activity, description="Minu kirjeldus")
    if field == "end_year" and message is None:
        data["start_year"] = "2023"
        message = "The last year cannot be before the first year."
    data[field] = value

    response = as_editor.post(url, data)

    assert_refused(response, field, typed="Minu kirjeldus")
    assert message in unescape(response.content.decode())
    assert Activity.objects.get(pk=activity.pk).version == 1


def test_the_responsible_organisation_is_not_its_own_partner(as_editor, staff_world):
    activity = staff_world.activity
    data = activity_data(activity, partner_organisations=[str(activity.responsible_organisation_id)])

    response = as_editor.post(plan_url("activity-edit", staff_world.plan, activity=activity.pk), data)

    assert_refused(response, "partner_organisations")


def test_script_tags_are_stored_as_text_and_never_run(client, as_editor, staff_world):
    activity = staff_world.activity

    response = as_editor.post(
        plan_url("activity-edit", staff_world.plan, activity=activity.pk),
        activity_data(activity, title=f"Pealkiri {SCRIPT}", description=SCRIPT),
    )
    assert response.status_code == 302
    edit_page = as_editor.get(plan_url("activity-edit", staff_world.plan, activity=activity.pk)).content.decode()
    CooperationPlan.objects.filter(pk=staff_world.plan.pk).update(status=CooperationPlan.Status.ADOPTED)
    client.logout()
    public_page = client.get(activity.get_absolute_url()).content.decode()

    assert SCRIPT not in edit_page
    assert SCRIPT not in public_page
    assert "&lt;script&gt;" in public_page


def test_script_tags_never_reach_the_preview(as_editor, staff_world):
    section = staff_world.section

    response = as_editor.post(
        plan_url("section-preview", staff_world.plan, section=section.pk),
        section_data(section, goals=f"**Eesmärk** {SCRIPT}", title=SCRIPT),
    )

    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", LONG),
        ("unit", "x" * 61),
        ("source", ""),
        ("source_url", "javascript:alert(1)"),
        ("baseline_value", "palju"),
        ("target_year", "2019"),
        ("target_value", ""),
    ],
)
def test_indicator_form_refuses_bad_input(as_editor, staff_world, field, value):
    indicator = staff_world.indicator
    data = indicator_data(indicator, unit="Minu ühik" if field != "unit" else value)
    data[field] = value

    response = as_editor.post(plan_url("indicator-edit", staff_world.plan, indicator=indicator.pk), data)

    assert_refused(response, field, typed=None if field == "unit" else "Minu ühik")
    assert Indicator.objects.get(pk=indicator.pk).version == 1


@pytest.mark.parametrize(
    "rows",
    [
        [{"year": "2022", "value": "1"}, {"year": "2022", "value": "2"}],  # one value per year
        [{"year": "1800", "value": "1"}],
        [{"year": "2022", "value": "paljud"}],
        [{"year": "", "value": "3"}],
    ],
)
def test_bad_yearly_values_are_refused_and_kept(as_editor, staff_world, rows):
    indicator = staff_world.indicator

    response = as_editor.post(
        plan_url("indicator-edit", staff_world.plan, indicator=indicator.pk), indicator_data(indicator, values=rows)
    )

    assert response.status_code == 200
    assert response.context["values"].total_error_count()
    assert rows[-1]["value"] in response.content.decode()
    assert not indicator.values.exists()


def test_an_edit_without_the_version_is_refused(as_editor, staff_world):
    activity = staff_world.activity
    data = activity_data(activity, title="Ilma versioonita")
    del data["version"]

    response = as_editor.post(plan_url("activity-edit", staff_world.plan, activity=activity.pk), data)

    assert response.status_code == 200
    assert "Ilma versioonita" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title != "Ilma versioonita"
