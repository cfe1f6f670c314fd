"""Reads of the annual clock shared by its public and staff pages."""

from django.db.models import F
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.text import capfirst

from ..models import ClockTask
from .services import task_when

# Month by month; in a month the tasks of the whole month first, on every database.
IN_YEAR_ORDER = ("month", F("day").asc(nulls_first=True), "pk")


def clock_months(tasks) -> list[dict]:
    """The twelve months in order, each with its tasks (in the order given), numbered through the year."""
    by_month = {number: [] for number in MONTHS}
    for task in tasks:
        by_month[task.month].append(task)
    months, number = [], 0
    for month, in_month in by_month.items():
        name, short = capfirst(str(MONTHS[month])), capfirst(str(MONTHS_3[month]))
        for task in in_month:
            number += 1
            task.number, task.when, task.month_name = number, task_when(task), name
        months.append({"month": month, "name": name, "short": short, "tasks": in_month})
    return months


def clock_tasks(region) -> list[ClockTask]:
    """The region's tasks in the order of the year; one query."""
    return list(ClockTask.objects.filter(region=region).order_by(*IN_YEAR_ORDER))
