from celery import shared_task

from . import housekeeping

# Housekeeping (accounts/housekeeping.py), sent by beat: each is safe to run again at any time. The names keep the
# "welfare_portal." prefix they had before these tasks moved here: settings.CELERY_BEAT_SCHEDULE and messages
# already queued name them.


@shared_task(name="welfare_portal.prune_sessions")
def prune_sessions() -> None:
    housekeeping.sessions_prune()


@shared_task(name="welfare_portal.prune_login_records")
def prune_login_records() -> dict[str, int]:
    return housekeeping.login_records_prune()


@shared_task(name="welfare_portal.prune_history")
def prune_history() -> int:
    return housekeeping.history_prune()
