"""iCalendar files (RFC 5545) of the portal's dated things: consultation workshops and project events.

The icalendar library escapes TEXT values, folds lines at 75 octets without splitting a character and ends lines
with CRLF. Moments are written in UTC (a trailing Z): every client converts them to its own zone, so no VTIMEZONE
is needed and a workshop on the night of a DST change keeps its real start and end. Days without a time are DATE
values with an exclusive DTEND (the day after the last day, RFC 5545 3.6.1). A recurring event carries an RRULE
(e.g. ``{"freq": "yearly"}``): its first occurrence is DTSTART..DTEND, the later ones keep that length.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur, vText

PRODUCT = "-//Welfare cooperation portal"


@dataclass(frozen=True, kw_only=True)
class CalendarEvent:
    uid: str
    title: str
    start: date | datetime
    end: date | datetime  # exclusive
    url: str
    location: str = ""
    description: str = ""
    rrule: Mapping[str, object] | None = None  # RFC 5545 RECUR parts, e.g. {"freq": "yearly", "bymonth": 2}


def public_host() -> str:
    """The host (and port) of PUBLIC_URL: the domain part of UIDs built away from a request."""
    return urlsplit(settings.PUBLIC_URL or "").netloc or "localhost"


def event_uid(kind: str, pk: int) -> str:
    """A UID stable between downloads and hosts, so a subscribed calendar updates its entries instead of adding
    copies."""
    return f"{kind}-{pk}@{public_host()}"


def _moment(value: date | datetime) -> date | datetime:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def calendar_ics(*, name: str, product: str, events: Iterable[CalendarEvent], now: datetime | None = None) -> bytes:
    """The VCALENDAR of ``events`` named ``name``; ``product`` ends the PRODID, e.g. ``"Consultations//EN"``."""
    calendar = Calendar()
    calendar.prodid = f"{PRODUCT}//{product}"
    calendar.version = "2.0"
    calendar.calscale = "GREGORIAN"
    calendar.method = "PUBLISH"
    # The library types NAME and X-WR-CALNAME as unknown and would write them unescaped; vText escapes.
    calendar.calendar_name = vText(name)
    stamp = (now or timezone.now()).astimezone(UTC)
    for event in events:
        component = Event.new(
            uid=event.uid,
            stamp=stamp,
            start=_moment(event.start),
            end=_moment(event.end),
            summary=event.title,
            location=event.location or None,
            description=event.description or None,
            url=event.url,
        )
        if event.rrule:
            component.add("rrule", vRecur(event.rrule))
        calendar.add_component(component)
    return calendar.to_ical()
