"""Celery finds an app's tasks in its tasks module: the parts' tasks, by their registered names."""

from .clock.tasks import send_clock_reminders  # noqa: F401
from .statistics.tasks import fetch_due_statistics, fetch_statistics_source  # noqa: F401
