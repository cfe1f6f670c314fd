"""The region's annual clock: when a task falls in a given year, editing tasks, and the reminders before them.

A task recurs every year in its month, on its day or (without a day) for the whole month, whose first day is
then the date a reminder counts back from. A task on 29 February falls on 28 February in other years. Days are
the region's calendar days: "today" is the date in the region's time zone, not the server's.
"""

import calendar
import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext

from consultations.mail import mail_queue
from consultations.models import OutgoingMail
from core.audit import audit_record
from core.models import AuditEvent, RegionRole
from core.versioning import save_versioned

from ..models import ClockReminder, ClockTask

logger = logging.getLogger(__name__)


# --- Dates --------------------------------------------------------------------------------------------------------


def occurrence_in(task: ClockTask, year: int) -> date:
    """The date the task falls on in ``year``: its day (29 February → 28 February in a common year), or the first
    day of its month."""
    if task.day is None:
        return date(year, task.month, 1)
    last = calendar.monthrange(year, task.month)[1]
    return date(year, task.month, min(task.day, last))


def next_occurrence(task: ClockTask, today: date) -> date:
    """The task's first date on or after ``today``."""
    this_year = occurrence_in(task, today.year)
    return this_year if this_year >= today else occurrence_in(task, today.year + 1)


def region_today(region, now: datetime | None = None) -> date:
    """The date in the region's time zone at ``now``."""
    return timezone.localtime(now or timezone.now(), region.zone).date()


def task_when(task: ClockTask, occurs_on: date | None = None) -> str:
    """When the task falls, in the active language: a date, or its month (with the year when given a date)."""
    if task.day is None:
        month = str(MONTHS[task.month])
        return f"{month} {occurs_on.year}" if occurs_on else month
    if occurs_on is None:
        return formats.date_format(date(2000, task.month, task.day), "MONTH_DAY_FORMAT")
    return formats.date_format(occurs_on, "DATE_FORMAT")


# --- Editing ------------------------------------------------------------------------------------------------------


@transaction.atomic
def clock_task_save(*, task: ClockTask, expected_version: int, actor) -> ClockTask:
    """Create or edit a task; raises core.versioning.EditConflict when someone saved it after the user opened it."""
    return save_versioned(task, expected_version=expected_version)


@transaction.atomic
def clock_task_delete(*, task: ClockTask, actor) -> None:
    """Delete a task (its reminders go with it); the audit log keeps who did it."""
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=task, region=task.region_id)
    task.delete()


# --- Reminders ----------------------------------------------------------------------------------------------------


def staff_clock_url(region, language: str) -> str:
    with translation.override(language):
        return settings.PUBLIC_URL + reverse("monitoring-staff:clock", kwargs={"region": region.slug})


def _reminder_text(task: ClockTask, occurs_on: date) -> tuple[str, str]:
    """Subject and body in the region's language."""
    region = task.region
    language = region.language or settings.LANGUAGE_CODE
    with translation.override(language):
        when = task_when(task, occurs_on)
        role = str(task.get_responsible_role_display())
        subject = gettext("Reminder: %(task)s – %(when)s") % {"task": task.title, "when": when}
        if task.day is None:
            timing = gettext("When: during the month, %(when)s") % {"when": when}
        else:
            timing = gettext("When: %(when)s") % {"when": when}
        parts = [
            gettext("A reminder from the annual clock of %(region)s.") % {"region": region.name},
            "\n".join(
                [
                    gettext("Task: %(task)s") % {"task": task.title},
                    timing,
                    gettext("Responsible: %(role)s") % {"role": role},
                ]
            ),
            task.description.strip(),
            gettext("The annual clock in the staff workspace:") + "\n" + staff_clock_url(region, language),
            gettext("You receive this reminder because you hold the role “%(role)s” in %(region)s.")
            % {"role": role, "region": region.name},
        ]
    return subject, "\n\n".join(part for part in parts if part) + "\n"


def due_reminders(*, now: datetime | None = None) -> list[tuple[ClockTask, date]]:
    """Each task whose reminder period has begun, with its coming occurrence: the occurrence is today or later and
    at most ``remind_days_before`` days away, counted in the task's region's calendar."""
    now = now or timezone.now()
    due = []
    for task in ClockTask.objects.select_related("region").order_by("pk"):
        today = region_today(task.region, now)
        occurs_on = next_occurrence(task, today)
        if occurs_on - timedelta(days=task.remind_days_before) <= today:
            due.append((task, occurs_on))
    return due


def send_clock_reminders(*, now: datetime | None = None) -> int:
    """Write one reminder mail per due task occurrence and staff member holding the task's role in its region (with
    an e-mail address, active); the number written. Safe to run twice and concurrently: the ClockReminder row,
    unique per task, occurrence and user, is written in the mail's transaction, so each mail is written once."""
    due = due_reminders(now=now)
    if not due:
        return 0
    wanted = {(task.region_id, task.responsible_role) for task, _ in due}
    holders: dict[tuple[int, str], list] = {}
    roles = (
        RegionRole.objects.filter(
            region_id__in={region_id for region_id, _ in wanted},
            role__in={role for _, role in wanted},
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    for role in roles:
        key = (role.region_id, role.role)
        if key in wanted:  # the filter above crosses regions with roles: keep the pairs asked for
            holders.setdefault(key, []).append(role.user)
    written = 0
    for task, occurs_on in due:
        for user in holders.get((task.region_id, task.responsible_role), []):
            written += _remind(task=task, occurs_on=occurs_on, user=user)
    return written


def _remind(*, task: ClockTask, occurs_on: date, user) -> int:
    with transaction.atomic():
        # get_or_create falls back to a get when a concurrent run inserted the same row first.
        _reminder, created = ClockReminder.objects.get_or_create(task=task, occurs_on=occurs_on, user=user)
        if not created:
            return 0
        subject, body = _reminder_text(task, occurs_on)
        mail_queue(
            to=user.email,
            kind=OutgoingMail.Kind.REMINDER,
            subject=subject,
            body=body,
            language=task.region.language,
        )
    return 1
