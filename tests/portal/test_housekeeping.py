"""Housekeeping on beat (accounts/housekeeping.py): expired sessions, spent log-in records and old history rows
go; what is still in use stays. Old and fresh rows are made at moments set on the frozen clock."""

from datetime import timedelta
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from accounts.tasks import prune_history, prune_login_records, prune_sessions
from plans.history import object_versions
from plans.models import Activity, CooperationPlan
from tests.conftest import TEST_NOW
from tests.factories import (
    ActivityFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    MunicipalityFactory,
    ThemeSectionFactory,
)
from welfare_portal.celery import app

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def test_the_beat_schedule_names_only_registered_tasks():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled <= set(app.tasks)
    assert {"welfare_portal.prune_sessions", "welfare_portal.prune_login_records", "welfare_portal.prune_history"} <= (
        scheduled
    )


def test_expired_sessions_are_deleted_and_live_ones_kept(clock):
    expiring = SessionStore()
    expiring.set_expiry(60 * 60)
    expiring.save()
    lasting = SessionStore()
    lasting.set_expiry(60 * 60 * 8)
    lasting.save()
    clock.shift(2 * 60 * 60)

    prune_sessions()

    assert set(Session.objects.values_list("session_key", flat=True)) == {lasting.session_key}


def _attempt(username: str) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username,
        ip_address="192.0.2.10",
        user_agent="test",
        http_accept="*/*",
        path_info="/et/manage/login/",
        get_data="",
        post_data="",
        failures_since_start=3,
    )


def _log(model, username: str):
    return model.objects.create(
        username=username, ip_address="192.0.2.10", user_agent="test", http_accept="*/*", path_info="/"
    )


def test_spent_failure_counts_and_old_login_logs_are_deleted(clock):
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    keep_days = settings.AXES_LOG_RETENTION_DAYS
    clock.move_to(TEST_NOW - timedelta(days=keep_days + 1))
    _log(AccessLog, "old")
    _log(AccessFailureLog, "old")
    clock.move_to(TEST_NOW - timedelta(days=keep_days - 1))
    _log(AccessLog, "recent")
    _log(AccessFailureLog, "recent")
    clock.move_to(TEST_NOW - cool_off - timedelta(minutes=1))
    _attempt("cooled-off")
    clock.move_to(TEST_NOW - cool_off + timedelta(minutes=1))
    _attempt("still-locked")  # still counts towards a lockout: it must stay
    clock.move_to(TEST_NOW)

    pruned = prune_login_records()

    assert pruned == {"attempts": 1, "logs": 1, "failure_logs": 1}
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["still-locked"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent"]
    assert list(AccessFailureLog.objects.values_list("username", flat=True)) == ["recent"]
    assert prune_login_records() == {"attempts": 0, "logs": 0, "failure_logs": 0}


def _days_of(obj) -> list[int]:
    """The ages in days (from TEST_NOW) of the object's history rows, newest first."""
    return [round((TEST_NOW - row.history_date) / DAY) for row in obj.history.order_by("-history_date", "-history_id")]


def _save_at(clock, days_ago: int, obj, **changes):
    clock.move_to(TEST_NOW - days_ago * DAY)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()


def test_old_history_goes_but_each_objects_state_at_the_cutoff_and_all_later_versions_stay(clock):
    assert settings.HISTORY_RETENTION_DAYS == 730
    clock.move_to(TEST_NOW - 1000 * DAY)
    plan = CooperationPlanFactory()
    activity = ActivityFactory(section=ThemeSectionFactory(plan=plan), title="Esimene")
    _save_at(clock, 900, activity, title="Teine")
    _save_at(clock, 800, activity, title="Kolmas")
    clock.move_to(TEST_NOW - 800 * DAY)
    activity.municipalities.set([MunicipalityFactory(region=plan.region)])
    _save_at(clock, 10, activity, title="Neljas")
    clock.move_to(TEST_NOW)
    through = Activity.history.model.municipalities.model  # simple-history's many-to-many history
    before = _days_of(activity)
    assert before[0] == 10 and before[-2:] == [900, 1000]

    pruned = prune_history()

    # Everything older than the cut-off but the newest such row, which holds the activity as it was 730 days ago.
    assert _days_of(activity) == [10, 800]
    assert pruned == len(before) - 2
    assert [v.record.title for v in object_versions(obj=activity)] == ["Neljas", "Kolmas"]
    assert object_versions(obj=activity)[0].is_current
    # The many-to-many rows of the deleted versions went with them, those of the kept ones stayed.
    assert set(through.objects.values_list("history_id", flat=True)) <= set(
        activity.history.values_list("history_id", flat=True)
    )
    assert through.objects.filter(history__title="Neljas").count() == 1
    # Objects whose only version is old keep it: it is their current version.
    assert _days_of(plan) == [1000]
    assert _days_of(activity.section) == [1000]
    assert prune_history() == 0


def test_history_retention_zero_keeps_every_version(clock, settings):
    settings.HISTORY_RETENTION_DAYS = 0
    clock.move_to(TEST_NOW - 1000 * DAY)
    plan = CooperationPlanFactory()
    _save_at(clock, 900, plan, summary="Muudetud")
    clock.move_to(TEST_NOW)

    assert prune_history() == 0
    assert _days_of(plan) == [900, 1000]


def _changes_page(client, plan) -> list:
    cache.clear()  # rendered afresh, not from the public page cache
    response = client.get(reverse("plans:changes", kwargs={"region": plan.region.slug, "plan": plan.slug}))
    assert response.status_code == 200
    assert response.context["history_known"]

    def readable(change):
        return change and (change.state, change.title, [(c.name, c.old, c.new) for c in change.changes])

    return [
        (group.title, readable(group.section), [readable(a) for a in group.activities])
        for group in response.context["groups"]
    ]


def test_a_plan_consulted_before_the_cutoff_keeps_what_its_public_changes_page_compares_with(client, clock):
    clock.move_to(TEST_NOW - 1100 * DAY)
    plan = CooperationPlanFactory(status=CooperationPlan.Status.CONSULTATION)
    section = ThemeSectionFactory(plan=plan, goals="Esimesed eesmärgid")
    kept = ActivityFactory(section=section, title="Eakate nõustamine", budget=Decimal("1000.00"))
    dropped = ActivityFactory(section=section, title="Ära jäetud tegevus")
    _save_at(clock, 1090, section, goals="Vanad eesmärgid")  # replaced before the consultation: may go
    ConsultationWindowFactory(plan=plan, opens_at=TEST_NOW - 1060 * DAY, closes_at=TEST_NOW - 1030 * DAY)
    # After the consultation, before the cut-off (730 days ago), and recently.
    _save_at(clock, 900, plan, status=CooperationPlan.Status.ADOPTED)
    _save_at(clock, 900, section, goals="Uued eesmärgid")
    _save_at(clock, 900, kept, budget=Decimal("2500.00"))
    _save_at(clock, 10, dropped, archived_at=TEST_NOW - 10 * DAY)
    clock.move_to(TEST_NOW - 10 * DAY)
    ActivityFactory(section=section, title="Uus tegevus")
    clock.move_to(TEST_NOW)
    shown = _changes_page(client, plan)
    [(_title, section_change, activity_changes)] = shown
    assert section_change == ("changed", section.title, [("Eesmärgid", "Vanad eesmärgid", "Uued eesmärgid")])
    assert [change[:2] for change in activity_changes] == [
        ("changed", "Eakate nõustamine"),
        ("added", "Uus tegevus"),
        ("removed", "Ära jäetud tegevus"),
    ]

    assert prune_history() > 0

    assert _changes_page(client, plan) == shown
    assert _days_of(section) == [900, 1090]  # its state when the consultation closed, and what came after
    assert _days_of(kept) == [900, 1100]
