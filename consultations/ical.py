"""iCalendar (RFC 5545) of a consultation window's workshops, written by hand: a few fields need no library."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from .models import ConsultationWindow, Workshop


def _text(value: str) -> str:
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def workshops_ical(window: ConsultationWindow, workshops: list[Workshop], *, now: datetime | None = None) -> str:
    host = settings.PUBLIC_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"
    stamp = _utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Welfare cooperation portal//Consultations//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(window.title)}",
    ]
    for workshop in workshops:
        url = settings.PUBLIC_URL + workshop.get_absolute_url()
        description = "\n\n".join(
            part for part in (workshop.description, workshop.web_link, workshop.registration_link) if part
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:workshop-{workshop.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(workshop.starts_at)}",
            f"DTEND:{_utc(workshop.ends_at)}",
            f"SUMMARY:{_text(workshop.title)}",
            f"LOCATION:{_text(workshop.place or workshop.web_link)}",
            f"DESCRIPTION:{_text(description)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
