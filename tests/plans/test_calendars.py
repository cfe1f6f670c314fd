"""The one iCalendar writer: what it writes reads back unchanged, folded, escaped and in UTC."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from core.calendars import CalendarEvent, calendar_ics, event_uid, public_host

STAMP = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
TRICKY = "Seminar: A, B; C\\D — õ ä ö ü š ž Õ Ä Ö Ü Š Ž\nteine rida\r\nkolmas rida"


def event(**overrides) -> CalendarEvent:
    fields = {
        "uid": "workshop-1@heaolu.example",
        "title": "Töötuba",
        "start": datetime(2027, 3, 10, 14, 0, tzinfo=ZoneInfo("Europe/Tallinn")),
        "end": datetime(2027, 3, 10, 16, 0, tzinfo=ZoneInfo("Europe/Tallinn")),
        "url": "https://heaolu.example/et/plans/vorumaa/kava/#workshop-1",
        "location": "Võru Kultuurimaja",
        "description": "Tutvustus",
    }
    return CalendarEvent(**(fields | overrides))


def write(*events: CalendarEvent, name: str = "Kava avalik arutelu") -> bytes:
    return calendar_ics(name=name, product="Consultations//EN", events=events, now=STAMP)


def read(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def unfolded(body: bytes) -> list[str]:
    return body.decode().replace("\r\n ", "").split("\r\n")


def test_every_field_of_every_event_reads_back():
    first = event()
    second = event(uid="workshop-2@heaolu.example", title="Veebitöötuba", location="", description="")
    calendar = read(write(first, second))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Welfare cooperation portal//Consultations//EN"
    assert calendar["METHOD"] == "PUBLISH" and calendar["CALSCALE"] == "GREGORIAN"
    parsed = calendar.events
    assert [e.uid for e in parsed] == ["workshop-1@heaolu.example", "workshop-2@heaolu.example"]
    assert parsed[0].summary == "Töötuba"
    assert parsed[0].start == datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
    assert parsed[0].end == datetime(2027, 3, 10, 14, 0, tzinfo=UTC)
    assert parsed[0].location == "Võru Kultuurimaja"
    assert parsed[0].description == "Tutvustus"
    assert parsed[0]["URL"] == "https://heaolu.example/et/plans/vorumaa/kava/#workshop-1"
    assert parsed[0].stamp == STAMP
    # Empty texts are left out rather than written as empty properties.
    assert "LOCATION" not in parsed[1] and "DESCRIPTION" not in parsed[1]


def test_commas_semicolons_backslashes_newlines_and_estonian_letters_survive_the_round_trip():
    body = write(
        event(title=TRICKY, location="Elva, Rannu; saal 2", description=TRICKY), name="Heaolu; tervis, koostöö"
    )
    (parsed,) = read(body).events
    expected = TRICKY.replace("\r\n", "\n")  # a CRLF inside a text is one line break, like LF
    assert parsed.summary == expected
    assert parsed.description == expected
    assert parsed.location == "Elva, Rannu; saal 2"
    lines = unfolded(body)
    assert "LOCATION:Elva\\, Rannu\\; saal 2" in lines
    assert "X-WR-CALNAME:Heaolu\\; tervis\\, koostöö" in lines
    assert not any(line.startswith(("teine", "kolmas")) for line in lines)  # no raw line break in a value


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    description = "Õpituba Võru, Põlva ja Valga maakonna ühistranspordist; žürii ja šokolaad. " * 8
    body = write(event(description=description))
    physical = body.split(b"\r\n")
    assert any(line.startswith(b" ") for line in physical)  # it was folded
    for line in physical:
        assert len(line) <= 75
        line.decode()  # each piece is whole UTF-8: no letter cut in two
    (parsed,) = read(body).events
    assert parsed.description == description


def test_lines_end_with_crlf_and_the_calendar_with_end_vcalendar():
    body = write(event())
    assert body.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")


def test_whole_days_are_dates_with_an_exclusive_end():
    body = write(event(start=date(2013, 2, 7), end=date(2013, 2, 9)))
    assert "DTSTART;VALUE=DATE:20130207" in unfolded(body)
    assert "DTEND;VALUE=DATE:20130209" in unfolded(body)
    (parsed,) = read(body).events
    assert (parsed.start, parsed.end) == (date(2013, 2, 7), date(2013, 2, 9))


# Both zones change on the last Sunday of March (03:00 → 04:00) and of October (04:00 → 03:00).
@pytest.mark.parametrize("zone", ["Europe/Tallinn", "Europe/Helsinki"])
@pytest.mark.parametrize(
    ("start", "end", "utc_start", "utc_end"),
    [
        # Spring: 01:30 EET to 05:30 EEST is three hours, not four.
        (
            datetime(2027, 3, 28, 1, 30),
            datetime(2027, 3, 28, 5, 30),
            datetime(2027, 3, 27, 23, 30, tzinfo=UTC),
            datetime(2027, 3, 28, 2, 30, tzinfo=UTC),
        ),
        # Autumn: 02:00 EEST to 05:00 EET is four hours; 03:30 happens twice.
        (
            datetime(2027, 10, 31, 2, 0),
            datetime(2027, 10, 31, 5, 0),
            datetime(2027, 10, 30, 23, 0, tzinfo=UTC),
            datetime(2027, 10, 31, 3, 0, tzinfo=UTC),
        ),
    ],
)
def test_an_event_across_a_dst_change_keeps_its_real_start_and_end(zone, start, end, utc_start, utc_end):
    local = ZoneInfo(zone)
    body = write(event(start=start.replace(tzinfo=local), end=end.replace(tzinfo=local)))
    lines = unfolded(body)
    assert f"DTSTART:{utc_start:%Y%m%dT%H%M%SZ}" in lines
    assert f"DTEND:{utc_end:%Y%m%dT%H%M%SZ}" in lines
    assert b"TZID" not in body and b"VTIMEZONE" not in body  # UTC needs no time zone definition
    (parsed,) = read(body).events
    assert (parsed.start, parsed.end) == (utc_start, utc_end)
    assert parsed.start.astimezone(local).replace(tzinfo=None) == start  # the wall-clock time in the region
    assert parsed.end.astimezone(local).replace(tzinfo=None) == end


def test_the_second_occurrence_of_an_autumn_hour_is_an_hour_later():
    first = datetime(2027, 10, 31, 3, 30, tzinfo=ZoneInfo("Europe/Tallinn"))
    second = first.replace(fold=1)
    (parsed,) = read(write(event(start=first, end=second + timedelta(minutes=30)))).events
    assert parsed.start == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert parsed.end == datetime(2027, 10, 31, 2, 0, tzinfo=UTC)


def test_a_fixed_moment_gives_a_fixed_stamp():
    assert "DTSTAMP:20260102T030405Z" in unfolded(write(event()))


def test_an_empty_calendar_has_no_events():
    body = write()
    assert b"BEGIN:VEVENT" not in body
    assert read(body).events == []


@pytest.mark.parametrize(
    ("public_url", "host"),
    [("https://heaolu.example", "heaolu.example"), ("http://localhost:8000", "localhost:8000"), ("", "localhost")],
)
def test_uids_are_built_from_public_url(settings, public_url, host):
    settings.PUBLIC_URL = public_url
    assert public_host() == host
    assert event_uid("workshop", 7) == f"workshop-7@{host}"
    assert event_uid("project-event", 7) == f"project-event-7@{host}"
