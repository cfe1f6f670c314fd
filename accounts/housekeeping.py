"""Periodic clean-up, run by Celery beat (accounts/tasks.py): expired sessions, spent log-in records and
old history rows.

History is what staff read on each object's history page and what the public "changes since the consultation"
page of a plan compares with, so pruning keeps, for every object, its newest version from before the cut-off: the
object's state then. Every version from the cut-off on stays, the current one included, and a plan whose
consultation ended before the cut-off keeps its history from the end of that consultation instead.

It lives in this top-layer app because it prunes the history of every app and reads plans.history.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import import_module

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from plans.history import changes_baseline
from plans.models import CooperationPlan, ThemeSection

logger = logging.getLogger(__name__)

# Rows deleted per transaction: a long history is pruned in short steps that never hold locks for long.
BATCH = 1000


def sessions_prune() -> None:
    """Delete expired sessions, as ``manage.py clearsessions`` does."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def login_records_prune() -> dict[str, int]:
    """Delete django-axes' failed-log-in counts whose cool-off has ended (they no longer lock anyone out) and its
    log-in logs older than ``AXES_LOG_RETENTION_DAYS`` (0 keeps them)."""
    pruned = {"attempts": 0, "logs": 0, "failure_logs": 0}
    cool_off = get_cool_off()
    if cool_off is not None:
        _total, by_model = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - cool_off).delete()
        pruned["attempts"] = by_model.get(AccessAttempt._meta.label, 0)
    if settings.AXES_LOG_RETENTION_DAYS:
        pruned["logs"] = AxesProxyHandler.reset_logs(age_days=settings.AXES_LOG_RETENTION_DAYS)
        pruned["failure_logs"] = AxesProxyHandler.reset_failure_logs(age_days=settings.AXES_LOG_RETENTION_DAYS)
    logger.info("Pruned log-in records: %s", pruned)
    return pruned


# How to find the history rows of one plan's content, for the models that its changes page reads.
PLAN_HISTORY: dict[str, Callable[[int], Q]] = {
    "plans.CooperationPlan": lambda plan_id: Q(id=plan_id),
    "plans.ThemeSection": lambda plan_id: Q(plan_id=plan_id),
    "plans.Activity": lambda plan_id: (
        Q(section_id__in=ThemeSection.objects.filter(plan_id=plan_id).values("id"))
        | Q(section_id__in=ThemeSection.history.filter(plan_id=plan_id).values("id"))
    ),
}


def history_prune() -> int:
    """Delete history rows older than ``HISTORY_RETENTION_DAYS`` (0 keeps all), except each object's newest row
    from before the cut-off (see the module's docstring). Returns how many rows went; a second run deletes none."""
    if not settings.HISTORY_RETENTION_DAYS:
        return 0
    cutoff = timezone.now() - timedelta(days=settings.HISTORY_RETENTION_DAYS)
    compared_since = _plans_compared_before(cutoff)
    pruned = 0
    for model in apps.get_models():
        try:
            history_model = get_history_model_for_model(model)
        except NotHistoricalModelError:
            continue
        rows_of_plan = PLAN_HISTORY.get(model._meta.label)
        held_back = Q()
        if rows_of_plan is not None:
            for plan_id, since in compared_since.items():
                pruned += _prune(model, history_model, history_model.objects.filter(rows_of_plan(plan_id)), since)
                held_back |= rows_of_plan(plan_id)
        pruned += _prune(model, history_model, history_model.objects.exclude(held_back), cutoff)
    logger.info("Pruned %d history rows older than %s", pruned, cutoff.date())
    return pruned


def _plans_compared_before(cutoff: datetime) -> dict[int, datetime]:
    """Plan id → the moment its public changes page compares with, for plans where that is before the cut-off."""
    found = {}
    for plan in CooperationPlan.objects.all():
        since, _window = changes_baseline(plan=plan)
        if since is not None and since < cutoff:
            found[plan.pk] = since
    return found


def _prune(model, history_model, rows: models.QuerySet, before: datetime) -> int:
    """Delete the rows older than ``before`` that have a newer row of the same object that is also older."""
    object_id = model._meta.pk.attname
    newer_before = history_model.objects.filter(**{object_id: OuterRef(object_id)}, history_date__lt=before).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    doomed = rows.filter(history_date__lt=before).filter(Exists(newer_before))
    # Rows that point at history rows without a database constraint (simple-history's many-to-many history).
    dependents = [
        (relation.related_model, relation.field.name)
        for relation in history_model._meta.get_fields()
        if relation.one_to_many and relation.auto_created
    ]
    pruned = 0
    while ids := list(doomed.values_list("history_id", flat=True)[:BATCH]):
        with transaction.atomic():
            for dependent, field_name in dependents:
                dependent._default_manager.filter(**{f"{field_name}__in": ids}).delete()
            history_model.objects.filter(history_id__in=ids).delete()
        pruned += len(ids)
    return pruned
