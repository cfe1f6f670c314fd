"""A project's events as an iCalendar file (RFC 5545).

Events have dates but no times (a training day in Elva), so they are all-day events: DTSTART and DTEND are DATE
values, which need no time zone, and DTEND is the day after the last day (RFC 5545 3.6.1: it is exclusive).
The UID is built from the event's primary key and the site's host, so a calendar that subscribed once updates
the same entries instead of adding copies.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

LINE_LIMIT = 75  # octets, without the CRLF


def escape_text(value: str) -> str:
    """TEXT per RFC 5545 3.3.11: backslash, semicolon and comma escaped; line breaks as \\n."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a CRLF and one space, never inside a character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = LINE_LIMIT if not parts else LINE_LIMIT - 1  # a continuation line starts with the space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def project_calendar(project, events, *, host: str, project_url: str, now: datetime | None = None) -> str:
    """The VCALENDAR text of ``events`` (of ``project``), with CRLF line ends."""
    stamp = _utc_stamp(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Welfare cooperation portal//Project events//ET",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(project.name)}",
    ]
    for event in events:
        last_day = event.end_date or event.date
        lines += [
            "BEGIN:VEVENT",
            f"UID:project-event-{event.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last_day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event.title)}",
        ]
        if event.place:
            lines.append(f"LOCATION:{escape_text(event.place)}")
        description = "\n\n".join(part for part in (event.description, project.name) if part)
        lines.append(f"DESCRIPTION:{escape_text(description)}")
        lines.append(f"URL:{project_url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
