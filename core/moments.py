"""Moments shown to people: in the region's own time zone, and a closing moment as the last minute still open.

A consultation window stored as closing at 00:00 on 4 February is open during all of 3 February and none of
4 February; "until 4 February, 00:00" reads as if the 4th were included. Pages, feeds, mails and PDFs show such a
moment as the last open minute, "until 3 February 2027, 23:59", through :func:`last_open_moment`.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import formats, timezone


def last_open_moment(closes_at: datetime, zone: ZoneInfo) -> datetime:
    """The closing moment in ``zone``; a closing at midnight becomes 23:59 of the day before, its last open minute."""
    local = timezone.localtime(closes_at, zone)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        local = (local - timedelta(minutes=1)).replace(second=0, microsecond=0)
    return local


def format_moment(moment: datetime, zone: ZoneInfo, format_name: str = "DATETIME_FORMAT") -> str:
    """A moment in ``zone`` in the active language's format."""
    return formats.date_format(timezone.localtime(moment, zone).replace(tzinfo=None), format_name)
