"""The annual clock in the staff workspace: a region's editors list, add, change and delete its recurring tasks;
bad input is refused with a clear message and kept; a second editor's save meanwhile is a conflict, not a loss."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent, RegionRole
from monitoring.models import ClockTask
from tests.factories import ClockTaskFactory, RegionFactory, RegionRoleFactory, UserFactory

Role = RegionRole.Role


def url(name, region, **kwargs):
    with translation.override("en"):
        return reverse(f"monitoring-staff:{name}", kwargs={"region": region.slug, **kwargs})


def task_data(**changes):
    return {
        "title": "Eelarve ettepanekud omavalitsustele",
        "description": "Koostöö eelarve **kavand**.",
        "month": "9",
        "day": "15",
        "responsible_role": Role.EDITOR,
        "remind_days_before": "14",
        **changes,
    }


@pytest.fixture
def region(db):
    return RegionFactory(slug="vorumaa", name="Võrumaa")


@pytest.fixture
def other_region(db):
    return RegionFactory(slug="tartumaa", name="Tartumaa")


@pytest.fixture
def editor(region):
    return RegionRoleFactory(region=region, role=Role.EDITOR, user__username="toimetaja").user


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def test_editor_adds_a_task_and_sees_it_in_the_list(as_editor, region):
    response = as_editor.post(url("clock-task-create", region), task_data())

    assert response.status_code == 302
    assert response["Location"] == url("clock", region)
    task = ClockTask.objects.get()
    assert (task.region, task.month, task.day, task.remind_days_before) == (region, 9, 15, 14)
    assert task.version == 1 and task.history.count() == 1
    page = as_editor.get(url("clock", region)).content.decode()
    assert "Eelarve ettepanekud omavalitsustele" in page
    assert "15 September" in page


def test_a_task_for_the_whole_month_has_no_day(as_editor, region):
    as_editor.post(url("clock-task-create", region), task_data(day=""))

    assert ClockTask.objects.get().day is None
    assert "during the month" in as_editor.get(url("clock", region)).content.decode()


def test_editor_changes_a_task_and_the_version_and_history_grow(as_editor, region):
    task = ClockTaskFactory(region=region, title="Vana")

    response = as_editor.post(url("clock-task-edit", region, pk=task.pk), task_data(title="Uus", version="1"))

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Uus", 2)
    assert task.history.count() == 2
    assert task.history.first().history_user.username == "toimetaja"


def test_editor_deletes_a_task_after_confirming_and_the_audit_log_says_so(as_editor, region):
    task = ClockTaskFactory(region=region, title="Kustutatav")

    assert as_editor.get(url("clock-task-delete", region, pk=task.pk)).status_code == 200
    assert ClockTask.objects.exists()
    response = as_editor.post(url("clock-task-delete", region, pk=task.pk))

    assert response.status_code == 302
    assert not ClockTask.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_label="Kustutatav").exists()


def assert_refused(response, field, message):
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert not ClockTask.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"month": "13"}, "month", "Choose a month from the list."),
        ({"month": ""}, "month", "required"),
        ({"day": "31", "month": "4"}, "day", "April has only 30 days"),
        ({"day": "30", "month": "2"}, "day", "February has only 29 days"),
        ({"day": "0"}, "day", "from 1 to 31"),
        ({"day": "viisteist"}, "day", "from 1 to 31"),
        ({"remind_days_before": "-1"}, "remind_days_before", "from 0 to 90 days"),
        ({"remind_days_before": "91"}, "remind_days_before", "from 0 to 90 days"),
        ({"remind_days_before": "kaks"}, "remind_days_before", "from 0 to 90 days"),
        ({"title": ""}, "title", "Enter the task."),
        ({"responsible_role": "boss"}, "responsible_role", "Choose a role from the list."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_kept(as_editor, region, changes, field, message):
    data = task_data(**changes)

    response = as_editor.post(url("clock-task-create", region), data)

    assert_refused(response, field, message)
    page = response.content.decode()
    assert 'value="Eelarve ettepanekud omavalitsustele"' in page or changes.get("title") == ""


def test_29_february_is_a_day_of_the_clock(as_editor, region):
    as_editor.post(url("clock-task-create", region), task_data(month="2", day="29"))

    assert ClockTask.objects.get().day == 29


def test_a_second_editors_save_meanwhile_is_a_conflict_that_keeps_the_input(as_editor, region):
    task = ClockTaskFactory(region=region, title="Algne")
    ClockTask.objects.filter(pk=task.pk).update(title="Kolleegi oma", version=2)

    response = as_editor.post(url("clock-task-edit", region, pk=task.pk), task_data(title="Minu oma", version="1"))

    assert response.status_code == 409
    task.refresh_from_db()
    assert task.title == "Kolleegi oma"
    page = response.content.decode()
    assert "Someone else saved this meanwhile" in page and 'value="Minu oma"' in page
    # Saving again after reading the other version goes through.
    again = as_editor.post(url("clock-task-edit", region, pk=task.pk), task_data(title="Minu oma", version="2"))
    assert again.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Minu oma", 3)


def test_anonymous_visitor_is_sent_to_log_in(client, region):
    task = ClockTaskFactory(region=region)
    for name, kwargs in [("clock", {}), ("clock-task-create", {}), ("clock-task-edit", {"pk": task.pk})]:
        response = client.get(url(name, region, **kwargs))
        assert response.status_code == 302 and "login" in response["Location"]
    client.post(url("clock-task-delete", region, pk=task.pk))
    assert ClockTask.objects.filter(pk=task.pk).exists()


def test_editor_of_other_region_gets_403_and_changes_nothing(client, region, other_region):
    client.force_login(RegionRoleFactory(region=other_region, role=Role.EDITOR).user)
    task = ClockTaskFactory(region=region, title="Võrumaa oma")

    assert client.get(url("clock", region)).status_code == 403
    assert client.post(url("clock-task-create", region), task_data()).status_code == 403
    assert client.post(url("clock-task-edit", region, pk=task.pk), task_data(version="1")).status_code == 403
    assert client.post(url("clock-task-delete", region, pk=task.pk)).status_code == 403
    task.refresh_from_db()
    assert task.title == "Võrumaa oma"
    assert ClockTask.objects.count() == 1


def test_a_task_of_another_region_is_not_found_under_this_one(as_editor, region, other_region):
    task = ClockTaskFactory(region=other_region)

    assert as_editor.get(url("clock-task-edit", region, pk=task.pk)).status_code == 404
    assert as_editor.post(url("clock-task-delete", region, pk=task.pk)).status_code == 404
    assert ClockTask.objects.filter(pk=task.pk).exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MODERATOR, Role.PROJECT_EDITOR, Role.REPORTER])
def test_other_roles_of_the_region_get_403(client, region, role):
    client.force_login(RegionRoleFactory(region=region, role=role).user)

    assert client.get(url("clock", region)).status_code == 403
    assert client.post(url("clock-task-create", region), task_data()).status_code == 403


def test_superuser_may_edit_every_regions_clock(client, region):
    client.force_login(UserFactory(superuser=True))

    assert client.post(url("clock-task-create", region), task_data()).status_code == 302


def test_the_month_select_is_in_the_interface_language(as_editor, region):
    for language, march in [("et", "Märts"), ("en", "March"), ("fi", "Maaliskuu")]:
        with translation.override(language):
            address = reverse("monitoring-staff:clock-task-create", kwargs={"region": region.slug})
        page = as_editor.get(address).content.decode()
        assert f'<option value="3">{march}</option>' in page, language


def test_the_staff_region_page_links_to_the_clock_for_editors(as_editor, region):
    with translation.override("en"):
        region_page = reverse("plans-staff:region", kwargs={"region": region.slug})

    assert url("clock", region) in as_editor.get(region_page).content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_the_staff_list_costs_the_same_queries_at_any_size(as_editor, region, django_assert_num_queries, size):
    ClockTaskFactory.create_batch(size, region=region)
    # session, user, "is staff somewhere", the region, its editor role, the tasks
    with django_assert_num_queries(6):
        assert as_editor.get(url("clock", region)).status_code == 200


def test_the_edit_page_shows_the_saved_values(as_editor, region):
    task = ClockTaskFactory(region=region, title="Aruanne", month=11, day=None, remind_days_before=30)

    page = as_editor.get(url("clock-task-edit", region, pk=task.pk)).content.decode()

    assert '<option value="11" selected>November</option>' in page
    assert 'name="remind_days_before" value="30"' in page
    assert 'name="version" value="1"' in page


def test_a_tasks_versions_are_on_the_staff_history_page(as_editor, region):
    task = ClockTaskFactory(region=region, title="Vana nimi")
    as_editor.post(url("clock-task-edit", region, pk=task.pk), task_data(title="Uus nimi", version="1"))
    with translation.override("en"):
        history = reverse("staff:history", kwargs={"label": "monitoring.clocktask", "pk": task.pk})

    response = as_editor.get(history)

    assert response.status_code == 200
    assert "Vana nimi" in response.content.decode() and "Uus nimi" in response.content.decode()
