"""The region's annual clock on the public site: the tasks month by month (the page's content), a year wheel
drawing the same, and an iCalendar feed of them. Two queries each, however many tasks: the region and its tasks."""

from datetime import date, timedelta

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from core.calendars import CalendarEvent, calendar_ics, event_uid
from core.models import Region
from core.page_cache import public_page_cache

from ..models import ClockTask
from .selectors import clock_months, clock_tasks
from .services import region_today
from .wheel import CENTRE, SIZE, wheel_segments

# The first year of every feed's events: a fixed DTSTART keeps each download the same, a common year puts a 29
# February task on the last day of February (BYMONTHDAY=-1) as the reminders do.
CALENDAR_FIRST_YEAR = 2025


def _wheel_text(months, current: int) -> str:
    parts = [
        ngettext("%(month)s: %(count)s task", "%(month)s: %(count)s tasks", len(entry["tasks"]))
        % {"month": entry["name"], "count": len(entry["tasks"])}
        for entry in months
    ]
    return _(
        "Tasks per month, January at the top and the months clockwise: %(months)s. The current month, "
        "%(current)s, is outlined and named in the centre."
    ) % {"months": "; ".join(parts), "current": months[current - 1]["name"]}


@public_page_cache
@require_safe
def annual_clock(request, region):
    region = get_object_or_404(Region, slug=region)
    tasks = clock_tasks(region)
    months = clock_months(tasks)
    current = region_today(region).month
    context = {
        "region": region,
        "months": months,
        "task_count": len(tasks),
        "has_examples": any(task.is_example for task in tasks),
        "current_month": months[current - 1],
        "segments": wheel_segments(months, current),
        "wheel_text": _wheel_text(months, current),
        "size": SIZE,
        "centre": CENTRE,
    }
    return render(request, "monitoring/clock/annual_clock.html", context)


def _calendar_event(task: ClockTask, *, url: str) -> CalendarEvent:
    if task.day is None:
        # The whole month, every year; the month of the first year gives the length (February: 28 days).
        start = date(CALENDAR_FIRST_YEAR, task.month, 1)
        end = (start + timedelta(days=32)).replace(day=1)
        rrule = {"freq": "yearly"}
    elif task.month == 2 and task.day == 29:
        start, rrule = date(CALENDAR_FIRST_YEAR, 2, 28), {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
        end = start + timedelta(days=1)
    else:
        start, rrule = date(CALENDAR_FIRST_YEAR, task.month, task.day), {"freq": "yearly"}
        end = start + timedelta(days=1)
    role = _("Responsible: %(role)s") % {"role": task.get_responsible_role_display()}
    return CalendarEvent(
        uid=event_uid("clock-task", task.pk),
        title=task.title,
        start=start,
        end=end,
        url=url,
        description="\n\n".join(part for part in (task.description, role) if part),
        rrule=rrule,
    )


@public_page_cache
@require_safe
def annual_clock_ics(request, region):
    region = get_object_or_404(Region, slug=region)
    url = request.build_absolute_uri(reverse("monitoring:annual-clock", kwargs={"region": region.slug}))
    events = [_calendar_event(task, url=url) for task in ClockTask.objects.filter(region=region).order_by("pk")]
    name = _("Annual clock of %(region)s") % {"region": region.name}
    body = calendar_ics(name=name, product="Annual clock//EN", events=events, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="annual-clock-{region.slug}.ics"'
    return response
