"""Per-field merge: when two editors save the same object, the fields only one of them changed are merged; only
the fields both changed (to different values) are a conflict, shown with both values, and nothing typed is lost."""

from copy import copy
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.models import ConsultationWindow
from consultations.staff_forms import WindowForm
from core.models import RegionRole
from core.versioning import save_merging
from monitoring.clock.forms import ClockTaskForm
from monitoring.models import ActivityProgress
from plans import services
from plans.forms import ActivityForm
from plans.models import Activity
from projects.models import Project
from projects.staff_forms import ProjectForm
from tests.factories import (
    ActivityProgressFactory,
    ClockTaskFactory,
    MunicipalityFactory,
    StrategyDocumentFactory,
    UserFactory,
)
from tests.monitoring.progress_world import build_world
from tests.monitoring.progress_world import edit_url as progress_url
from tests.monitoring.progress_world import form_data as progress_data
from tests.staff.plan_forms import activity_data, indicator_data, plan_data, plan_url, section_data


@pytest.fixture
def anna_and_ben(staff_world):
    """Two editors of the region, each with a browser of their own (Ben has a full name for the messages)."""
    anna, ben = Client(), Client()
    anna.force_login(staff_world.users["editor"])
    second = UserFactory(username="ben@vorumaa.example", first_name="Ben", last_name="Tamm")
    RegionRole.objects.create(user=second, region=staff_world.region, role=RegionRole.Role.EDITOR)
    ben.force_login(second)
    return anna, ben


@pytest.fixture
def activity_url(staff_world):
    return plan_url("activity-edit", staff_world.plan, activity=staff_world.activity.pk)


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_fields_changed_by_one_editor_each_are_merged_and_the_second_is_told(staff_world, anna_and_ben, activity_url):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    anna_form = activity_data(activity, title="Anna pealkiri")
    ben_form = activity_data(activity, budget="1234,5")

    assert ben.post(activity_url, ben_form).status_code == 302
    response = anna.post(activity_url, anna_form)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Anna pealkiri"
    assert str(activity.budget) == "1234.50"
    assert activity.version == 3
    assert "Ben Tamm" in _messages(response)[0]
    assert "eelarve" in _messages(response)[0]


def test_both_changing_the_same_field_differently_shows_only_that_field_and_keeps_the_input(
    staff_world, anna_and_ben, activity_url
):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    anna_form = activity_data(activity, title="Anna pealkiri", person_years="0,6")
    ben_form = activity_data(activity, title="Beni pealkiri", description="Beni kirjeldus", person_years="0,75")

    assert anna.post(activity_url, anna_form).status_code == 302
    response = ben.post(activity_url, ben_form)

    html = response.content.decode()
    assert response.status_code == 409
    rows = response.context["conflict"]["rows"]
    assert [(row["theirs"], row["yours"]) for row in rows] == [("Anna pealkiri", "Beni pealkiri"), ("0,60", "0,75")]
    # Nothing typed is lost: Ben's own description and his decimal comma are in the form as typed.
    assert "Beni kirjeldus" in html
    assert 'value="0,75"' in html
    assert 'name="version" value="2"' in html
    assert Activity.objects.get(pk=activity.pk).description == "Mida tehakse."


def test_resubmitting_the_conflict_form_saves_the_users_choice(staff_world, anna_and_ben, activity_url):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    anna.post(activity_url, activity_data(activity, title="Anna pealkiri", rationale="Anna põhjendus"))
    ben_form = activity_data(activity, title="Beni pealkiri", description="Beni kirjeldus")
    form = ben.post(activity_url, ben_form).context["form"]

    response = ben.post(activity_url, {name: form.data.getlist(name) for name in form.data})

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.description, activity.rationale) == (
        "Beni pealkiri",
        "Beni kirjeldus",
        "Anna põhjendus",
    )
    assert activity.version == 3


def test_the_conflict_form_carries_the_other_editors_fields_they_alone_changed(staff_world, anna_and_ben, activity_url):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    anna.post(activity_url, activity_data(activity, title="Anna pealkiri", rationale="Anna põhjendus"))

    response = ben.post(activity_url, activity_data(activity, title="Beni pealkiri"))

    assert response.status_code == 409
    assert response.context["form"]["rationale"].value() == "Anna põhjendus"
    assert response.context["conflict"]["kept"] == [str(response.context["form"]["rationale"].label)]


def test_both_changing_a_field_to_the_same_value_is_no_conflict(staff_world, anna_and_ben, activity_url):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    anna.post(activity_url, activity_data(activity, title="Sama pealkiri"))

    response = ben.post(activity_url, activity_data(activity, title="Sama pealkiri", description="Beni kirjeldus"))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.description) == ("Sama pealkiri", "Beni kirjeldus")


def test_without_the_base_version_in_history_every_differing_field_is_a_conflict(
    staff_world, anna_and_ben, activity_url
):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    ben_form = activity_data(activity, description="Beni kirjeldus")
    anna.post(activity_url, activity_data(activity, title="Anna pealkiri"))
    activity.history.filter(version=1).delete()  # housekeeping pruned it

    response = ben.post(activity_url, ben_form)

    assert response.status_code == 409
    rows = {row["theirs"]: row["yours"] for row in response.context["conflict"]["rows"]}
    assert rows == {"Anna pealkiri": ben_form["title"], "Mida tehakse.": "Beni kirjeldus"}
    assert Activity.objects.get(pk=activity.pk).description == "Mida tehakse."


def test_a_municipality_added_by_one_and_a_title_by_the_other_both_survive(staff_world, anna_and_ben, activity_url):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    municipality = MunicipalityFactory(region=staff_world.region)
    anna_form = activity_data(activity, municipalities=[str(municipality.pk)])
    ben_form = activity_data(activity, title="Beni pealkiri")

    assert anna.post(activity_url, anna_form).status_code == 302
    response = ben.post(activity_url, ben_form)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Beni pealkiri"
    assert list(activity.municipalities.all()) == [municipality]


def test_both_changing_the_municipalities_differently_is_a_conflict(staff_world, anna_and_ben, activity_url):
    anna, ben = anna_and_ben
    activity = staff_world.activity
    first, second = MunicipalityFactory(region=staff_world.region), MunicipalityFactory(region=staff_world.region)
    anna.post(activity_url, activity_data(activity, municipalities=[str(first.pk)]))

    response = ben.post(activity_url, activity_data(activity, municipalities=[str(second.pk)]))

    assert response.status_code == 409
    assert [row["yours"] for row in response.context["conflict"]["rows"]] == [second.name]
    assert list(Activity.objects.get(pk=activity.pk).municipalities.all()) == [first]


# --- Other pages --------------------------------------------------------------------------------------------------


def _posted(form) -> dict:
    """An unbound form's values as a browser would post them."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            formatted = bound.field.widget.format_value(value)
            data[bound.html_name] = "" if formatted is None else formatted
    return data


def _project_data(project, **changes):
    data = _posted(ProjectForm(instance=project, region=project.region))
    for prefix in ("partners", "components", "events", "outputs"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"})
    return {**data, **changes}


def test_a_project_edited_by_two_project_editors_in_different_fields_keeps_both(staff_world, project_editor):
    from tests.staff.conftest import grant

    project = staff_world.project
    url = reverse("projects-staff:edit", kwargs={"region": project.region.slug, "project": project.slug})
    first, second = Client(), Client()
    first.force_login(project_editor)
    second.force_login(grant(UserFactory(username="teine@vorumaa.example"), staff_world.region, "project_editor"))
    first_data = _project_data(project, goal="Esimese eesmärk")
    second_data = _project_data(project, results="Teise tulemused")

    assert first.post(url, first_data).status_code == 302
    response = second.post(url, second_data)

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    project = Project.objects.get(pk=project.pk)
    assert (project.goal, project.results) == ("Esimese eesmärk", "Teise tulemused")


def _window_data(window, **changes):
    return {**_posted(WindowForm(instance=window, plan=window.plan)), **changes}


def test_a_consultation_window_edited_by_two_editors_in_different_fields_keeps_both(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    window = staff_world.window
    url = reverse("consultations-staff:window-edit", kwargs={"region": staff_world.region.slug, "window": window.pk})
    anna_data = _window_data(window, intro="Anna sissejuhatus")
    ben_data = _window_data(window, title="Beni arutelu")

    assert anna.post(url, anna_data).status_code == 302
    response = ben.post(url, ben_data)

    assert response.status_code == 302
    window = ConsultationWindow.objects.get(pk=window.pk)
    assert (window.title, window.intro, window.version) == ("Beni arutelu", "Anna sissejuhatus", 3)


def test_a_window_extended_meanwhile_keeps_its_new_closing_time_when_an_old_form_is_saved(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    window = staff_world.window
    kwargs = {"region": staff_world.region.slug, "window": window.pk}
    ben_data = _window_data(window, title="Beni arutelu")
    later = timezone.localtime(window.closes_at + timedelta(days=10), staff_world.region.zone)
    extend = anna.post(
        reverse("consultations-staff:window-extend", kwargs=kwargs), {"closes_at": f"{later:%Y-%m-%dT%H:%M}"}
    )
    assert extend.status_code == 302

    response = ben.post(reverse("consultations-staff:window-edit", kwargs=kwargs), ben_data)

    assert response.status_code == 302
    window = ConsultationWindow.objects.get(pk=window.pk)
    assert window.title == "Beni arutelu"
    assert window.closes_at == later.replace(second=0, microsecond=0)


def test_a_window_title_both_changed_is_a_conflict_with_both_values(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    window = staff_world.window
    url = reverse("consultations-staff:window-edit", kwargs={"region": staff_world.region.slug, "window": window.pk})
    anna.post(url, _window_data(window, title="Anna arutelu"))

    response = ben.post(url, _window_data(window, title="Beni arutelu", intro="Beni sissejuhatus"))

    assert response.status_code == 409
    assert [(row["theirs"], row["yours"]) for row in response.context["conflict"]["rows"]] == [
        ("Anna arutelu", "Beni arutelu")
    ]
    assert "Beni sissejuhatus" in response.content.decode()


def test_a_plan_whose_milestones_nobody_touched_merges(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    plan = staff_world.plan
    url = plan_url("plan-edit", plan)
    anna_form = plan_data(plan, title="Anna kava")
    ben_form = plan_data(plan, summary="Beni kokkuvõte")

    assert anna.post(url, anna_form).status_code == 302
    response = ben.post(url, ben_form)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.summary) == ("Anna kava", "Beni kokkuvõte")


def test_a_section_edited_in_different_fields_keeps_both(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    section = staff_world.section
    url = plan_url("section-edit", staff_world.plan, section=section.pk)
    anna_form = section_data(section, goals="Anna eesmärgid")
    ben_form = section_data(section, challenges="Beni väljakutsed")

    anna.post(url, anna_form)
    response = ben.post(url, ben_form)

    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.goals, section.challenges) == ("Anna eesmärgid", "Beni väljakutsed")


def test_a_third_save_during_the_merge_is_merged_once_more(staff_world):
    """Cecil saves while Ben's merged save is on its way: Ben's save merges again instead of failing."""
    activity, section = staff_world.activity, staff_world.activity.section
    user = staff_world.users["editor"]
    services.activity_save(activity=_edited(activity, title="Anna pealkiri"), expected_version=1, **_no_m2m(user))
    form = ActivityForm(activity_data(activity, budget="5000"), instance=copy(activity), section=section)
    assert form.is_valid()
    calls = []

    def save(form):
        calls.append(form.expected_version)
        if len(calls) == 2:  # Cecil, just before Ben's merged save
            current = Activity.objects.get(pk=activity.pk)
            services.activity_save(
                activity=_edited(current, rationale="Cecilia põhjendus"),
                expected_version=current.version,
                **_no_m2m(user),
            )
        return services.activity_save(
            activity=form.instance,
            expected_version=form.expected_version,
            actor=user,
            partner_organisations=[],
            municipalities=[],
        )

    result = save_merging(form, save=save, form_kwargs={"section": section})

    assert result.saved is False  # retried once: the third change is reported, nothing is lost
    assert calls == [1, 2]
    assert result.form["rationale"].value() == "Cecilia põhjendus"
    assert result.form["budget"].value() == "5000"


def _edited(activity, **changes):
    edited = copy(activity)
    for name, value in changes.items():
        setattr(edited, name, value)
    return edited


def _no_m2m(user):
    return {"actor": user, "partner_organisations": [], "municipalities": []}


def test_a_clock_task_edited_in_different_fields_keeps_both(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    task = ClockTaskFactory(region=staff_world.region, title="Algne", description="Algne kirjeldus")
    url = reverse("monitoring-staff:clock-task-edit", kwargs={"region": staff_world.region.slug, "pk": task.pk})
    form_of = ClockTaskForm(instance=task, region=staff_world.region)

    assert anna.post(url, {**_posted(form_of), "title": "Anna ülesanne"}).status_code == 302
    response = ben.post(url, {**_posted(form_of), "description": "Beni kirjeldus"})

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.description) == ("Anna ülesanne", "Beni kirjeldus")


def test_basis_documents_changed_by_one_and_a_title_by_the_other_both_survive(staff_world, anna_and_ben):
    """A plan's history does not keep its basis documents: the form posts back the ones it showed instead."""
    anna, ben = anna_and_ben
    plan = staff_world.plan
    url = plan_url("plan-edit", plan)
    document = StrategyDocumentFactory()
    shown = {"initial-basis_documents": []}
    anna_form = {**plan_data(plan, basis_documents=[str(document.pk)]), **shown}
    ben_form = {**plan_data(plan, title="Beni kava"), **shown}

    assert anna.post(url, anna_form).status_code == 302
    response = ben.post(url, ben_form)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Beni kava"
    assert list(plan.basis_documents.all()) == [document]


def test_an_indicator_whose_yearly_values_nobody_touched_merges(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    indicator = staff_world.indicator
    url = plan_url("indicator-edit", staff_world.plan, indicator=indicator.pk)
    anna_form = indicator_data(indicator, unit="inimest")
    ben_form = indicator_data(indicator, source="Statistikaamet")

    anna.post(url, anna_form)
    response = ben.post(url, ben_form)

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.unit, indicator.source) == ("inimest", "Statistikaamet")


def test_a_progress_report_edited_in_different_fields_keeps_both(db):
    world = build_world()
    reporter, colleague = Client(), Client()
    reporter.force_login(world.reporter)
    colleague.force_login(world.editor)
    ActivityProgressFactory(activity=world.activity, year=2025, status="on_track", account="Alguses", version=1)
    unchanged_links = {"links-TOTAL_FORMS": "0", "links-1-title": None, "links-0-title": None, "links-0-url": None}
    no_links = {**unchanged_links, "links-1-url": None, "version": "1", "account": "Alguses"}

    assert colleague.post(progress_url(world, 2025), progress_data(**no_links, status="delayed")).status_code == 302
    response = reporter.post(progress_url(world, 2025), progress_data(**{**no_links, "account": "Aruandja tekst"}))

    assert response.status_code == 302, (response.context["conflict"], response.context["form"].errors)
    progress = ActivityProgress.objects.get(activity=world.activity, year=2025)
    assert (progress.status, progress.account) == ("delayed", "Aruandja tekst")
