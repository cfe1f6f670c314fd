"""Reminders of the annual clock: one mail per task occurrence and staff member holding the task's role, written
when the reminder period begins in the region's calendar, never twice, never for an occurrence that has passed,
in the region's language, and sent by the portal's mail sender after commit."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from consultations.models import OutgoingMail
from core.models import RegionRole
from monitoring.clock import services
from monitoring.clock.services import next_occurrence, occurrence_in, send_clock_reminders
from monitoring.models import ClockReminder, ClockTask
from tests.factories import ClockTaskFactory, RegionFactory, RegionRoleFactory, UserFactory

Role = RegionRole.Role
TALLINN = ZoneInfo("Europe/Tallinn")
pytestmark = pytest.mark.django_db


def at(*parts, zone=TALLINN):
    return datetime(*parts, tzinfo=zone)


@pytest.fixture
def region():
    return RegionFactory(slug="vorumaa", name="Võrumaa")


@pytest.fixture
def editor(region):
    return RegionRoleFactory(region=region, role=Role.EDITOR, user__email="toimetaja@vorumaa.example").user


@pytest.fixture
def task(region):
    return ClockTaskFactory(region=region, title="Eelarve ettepanekud", month=4, day=15, remind_days_before=14)


def reminders():
    return list(OutgoingMail.objects.filter(kind=OutgoingMail.Kind.REMINDER))


# --- Dates ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "day", "year", "expected"),
    [
        (2, 29, 2027, date(2027, 2, 28)),
        (2, 29, 2028, date(2028, 2, 29)),
        (4, 30, 2027, date(2027, 4, 30)),
        (6, None, 2027, date(2027, 6, 1)),
    ],
)
def test_a_task_falls_on_its_day_or_its_months_first_day(month, day, year, expected):
    assert occurrence_in(ClockTask(month=month, day=day), year) == expected


def test_the_next_occurrence_is_today_or_later():
    task = ClockTask(month=3, day=4)

    assert next_occurrence(task, date(2027, 3, 4)) == date(2027, 3, 4)
    assert next_occurrence(task, date(2027, 3, 5)) == date(2028, 3, 4)


# --- When ---------------------------------------------------------------------------------------------------


def test_the_reminder_is_written_the_chosen_number_of_days_before(region, editor, task):
    assert send_clock_reminders(now=at(2027, 3, 31, 12, 0)) == 0  # 15 days before
    assert reminders() == []

    assert send_clock_reminders(now=at(2027, 4, 1, 9, 0)) == 1  # 14 days before

    (mail,) = reminders()
    assert mail.to == "toimetaja@vorumaa.example"
    (reminder,) = ClockReminder.objects.all()
    assert (reminder.task, reminder.occurs_on, reminder.user) == (task, date(2027, 4, 15), editor)


def test_a_late_run_in_the_reminder_period_still_reminds(region, editor, task):
    # Beat was down for a week: the reminder goes out late rather than never.
    assert send_clock_reminders(now=at(2027, 4, 8, 9, 0)) == 1


def test_a_second_run_writes_nothing_new(region, editor, task):
    assert send_clock_reminders(now=at(2027, 4, 1, 9, 0)) == 1
    assert send_clock_reminders(now=at(2027, 4, 1, 10, 0)) == 0
    assert send_clock_reminders(now=at(2027, 4, 14, 10, 0)) == 0

    assert len(reminders()) == 1 and ClockReminder.objects.count() == 1


def test_a_reminder_written_by_an_overlapping_run_is_not_written_again(region, editor, task):
    ClockReminder.objects.create(task=task, occurs_on=date(2027, 4, 15), user=editor)

    assert send_clock_reminders(now=at(2027, 4, 1, 9, 0)) == 0
    assert reminders() == []


def test_next_years_occurrence_gets_its_own_reminder(region, editor, task):
    send_clock_reminders(now=at(2027, 4, 1, 9, 0))

    assert send_clock_reminders(now=at(2028, 4, 1, 9, 0)) == 1
    assert sorted(r.occurs_on for r in ClockReminder.objects.all()) == [date(2027, 4, 15), date(2028, 4, 15)]


def test_no_reminder_for_an_occurrence_that_has_passed(region, editor):
    # The test clock's today is 4 March 2027: yesterday's task is a year away, today's is still ahead.
    ClockTaskFactory(region=region, title="Eile", month=3, day=3, remind_days_before=90)
    ClockTaskFactory(region=region, title="Täna", month=3, day=4, remind_days_before=0)
    ClockTaskFactory(region=region, title="Terve kuu", month=3, day=None, remind_days_before=90)

    assert send_clock_reminders(now=at(2027, 3, 4, 10, 30)) == 1

    (mail,) = reminders()
    assert "Täna" in mail.subject


def test_29_february_is_reminded_from_28_february_in_a_common_year(region, editor):
    ClockTaskFactory(region=region, month=2, day=29, remind_days_before=3)

    assert send_clock_reminders(now=at(2027, 2, 24, 12, 0)) == 0
    assert send_clock_reminders(now=at(2027, 2, 25, 12, 0)) == 1
    assert ClockReminder.objects.get().occurs_on == date(2027, 2, 28)
    # In a leap year the 29th itself.
    assert send_clock_reminders(now=at(2028, 2, 26, 12, 0)) == 1
    assert ClockReminder.objects.order_by("occurs_on").last().occurs_on == date(2028, 2, 29)


def test_the_day_begins_at_midnight_in_the_regions_time_zone():
    helsinki = RegionFactory(finnish=True, slug="kainuu")
    lisbon = RegionFactory(slug="lisboa", timezone="Europe/Lisbon")
    for region in (helsinki, lisbon):
        RegionRoleFactory(region=region, role=Role.EDITOR)
        ClockTaskFactory(region=region, month=4, day=15, remind_days_before=14)

    # 23:30 on 31 March in Helsinki, 21:30 in Lisbon: nobody yet.
    assert send_clock_reminders(now=at(2027, 3, 31, 20, 30, zone=ZoneInfo("UTC"))) == 0
    # 00:30 on 1 April in Helsinki, 22:30 on 31 March in Lisbon: Helsinki only.
    assert send_clock_reminders(now=at(2027, 3, 31, 21, 30, zone=ZoneInfo("UTC"))) == 1
    assert ClockReminder.objects.get().task.region == helsinki


# --- Who ----------------------------------------------------------------------------------------------------


def test_only_active_holders_of_the_role_in_the_region_with_an_address_are_reminded(region, editor, task):
    other_region = RegionFactory(slug="tartumaa")
    RegionRoleFactory(region=region, role=Role.EDITOR, user__email="")  # no address
    RegionRoleFactory(region=region, role=Role.EDITOR, user__is_active=False)
    RegionRoleFactory(region=region, role=Role.MODERATOR)  # another role
    RegionRoleFactory(region=other_region, role=Role.EDITOR)  # another region
    UserFactory(superuser=True, email="root@example.org")  # every power, no role
    second = RegionRoleFactory(region=region, role=Role.EDITOR, user__email="teine@vorumaa.example").user

    assert send_clock_reminders(now=at(2027, 4, 1, 9, 0)) == 2

    assert sorted(mail.to for mail in reminders()) == sorted([editor.email, second.email])


def test_a_task_of_another_role_reminds_that_roles_holders(region, editor):
    moderator = RegionRoleFactory(region=region, role=Role.MODERATOR, user__email="mod@vorumaa.example").user
    ClockTaskFactory(region=region, month=4, day=15, responsible_role=Role.MODERATOR)

    send_clock_reminders(now=at(2027, 4, 1, 9, 0))

    assert [mail.to for mail in reminders()] == [moderator.email]


# --- What -----------------------------------------------------------------------------------------------------


def test_the_mail_names_the_task_the_date_and_links_to_the_staff_clock(region, editor, task, settings):
    settings.PUBLIC_URL = "https://heaolu.example"
    task.description = "Koostöö eelarve kavand."
    task.save()

    send_clock_reminders(now=at(2027, 4, 1, 9, 0))

    (mail,) = reminders()
    assert mail.language == "et"
    assert "Eelarve ettepanekud" in mail.subject and "15. aprill 2027" in mail.subject
    assert "Koostöö eelarve kavand." in mail.body
    assert "toimetaja" in mail.body  # the role, in Estonian
    assert "https://heaolu.example/et/manage/regions/vorumaa/annual-clock/" in mail.body


def test_the_mail_is_in_the_regions_language_whatever_the_active_one(settings):
    settings.PUBLIC_URL = "https://heaolu.example"
    region = RegionFactory(finnish=True, slug="kainuu", name="Kainuu")
    RegionRoleFactory(region=region, role=Role.EDITOR)
    ClockTaskFactory(region=region, title="Talousarvio", month=4, day=15)
    ClockTaskFactory(region=region, title="Koko kuu", month=5, day=None, remind_days_before=40)

    send_clock_reminders(now=at(2027, 4, 1, 9, 0, zone=ZoneInfo("Europe/Helsinki")))

    by_title = {mail.subject.split(" ")[1]: mail for mail in reminders()}
    dated, month = by_title["Talousarvio"], by_title["Koko"]
    assert dated.language == "fi"
    assert "15. huhtikuuta 2027" in dated.subject
    assert "muokkaaja" in dated.body  # the role, in Finnish
    assert "https://heaolu.example/fi/manage/regions/kainuu/annual-clock/" in dated.body
    assert "toukokuu 2027" in month.subject


def test_the_mail_is_sent_by_the_portal_sender_after_commit(
    region, editor, task, django_capture_on_commit_callbacks, eager_celery, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        send_clock_reminders(now=at(2027, 4, 1, 9, 0))

    assert [message.to for message in mailoutbox] == [[editor.email]]
    assert reminders()[0].sent_at is not None


def test_the_beat_task_calls_the_service(region, editor, task, clock):
    from monitoring.clock.tasks import send_clock_reminders as beat_task

    clock.move_to(at(2027, 4, 1, 9, 0))

    assert beat_task.name == "monitoring.send_clock_reminders"
    assert beat_task() == 1
    assert beat_task() == 0


def test_due_reminders_lists_tasks_with_their_occurrence(region, task):
    assert services.due_reminders(now=at(2027, 4, 1, 9, 0)) == [(task, date(2027, 4, 15))]
