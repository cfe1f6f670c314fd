"""A project's events as iCalendar: all-day events, escaped text, folded lines, stable UIDs."""

from datetime import UTC, date, datetime

import pytest

from projects.ical import escape_text, fold, project_calendar
from tests.factories import ProjectEventFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    project = ProjectFactory(name="Elva koolitused", slug="elva-koolitused")
    for day in (date(2012, 11, 22), date(2012, 12, 6), date(2013, 2, 7)):
        ProjectEventFactory(project=project, title="Koolituspäev", date=day, place="Elva, Rannu")
    return project


def ics_url(project) -> str:
    return f"{project.get_absolute_url()}events.ics"


def unfolded(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_events_ics_is_a_calendar_of_all_day_events(client, project):
    response = client.get(ics_url(project))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    lines = unfolded(body)
    assert lines.count("BEGIN:VEVENT") == 3
    assert "DTSTART;VALUE=DATE:20121122" in lines
    assert "DTEND;VALUE=DATE:20121123" in lines  # exclusive: the day after
    assert "DTSTART;VALUE=DATE:20130207" in lines
    assert "LOCATION:Elva\\, Rannu" in lines
    assert "SUMMARY:Koolituspäev" in lines
    stamps = [line for line in lines if line.startswith("DTSTAMP:")]
    assert len(stamps) == 3 and all(
        line.endswith("Z") and len(line) == len("DTSTAMP:20121122T120000Z") for line in stamps
    )
    assert f"URL:http://testserver{project.get_absolute_url()}" in lines


def test_uids_are_unique_and_stable_between_downloads(client, project):
    first = [line for line in unfolded(client.get(ics_url(project)).content.decode()) if line.startswith("UID:")]
    second = [line for line in unfolded(client.get(ics_url(project)).content.decode()) if line.startswith("UID:")]
    assert first == second
    assert len(set(first)) == 3
    assert all(line.endswith("@testserver") for line in first)


def test_an_event_over_several_days_ends_the_day_after_its_last_day():
    project = ProjectFactory()
    ProjectEventFactory(project=project, date=date(2013, 2, 7), end_date=date(2013, 2, 8))
    body = project_calendar(project, project.events.all(), host="example.org", project_url="https://example.org/p/")
    assert "DTEND;VALUE=DATE:20130209" in unfolded(body)


def test_text_is_escaped_per_rfc_5545():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    assert escape_text("x\r\ny") == "x\\ny"


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "õ" * 100
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(parts) == line


def test_a_fixed_moment_gives_a_fixed_stamp():
    project = ProjectFactory()
    ProjectEventFactory(project=project)
    body = project_calendar(
        project, project.events.all(), host="h", project_url="u", now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    )
    assert "DTSTAMP:20260102T030405Z" in unfolded(body)


def test_description_and_title_with_special_characters_survive(client):
    project = ProjectFactory(name="Heaolu; tervis, koostöö")
    ProjectEventFactory(project=project, title="Seminar: A, B; C", description="Rida 1\nRida 2")
    lines = unfolded(client.get(ics_url(project)).content.decode())
    assert "SUMMARY:Seminar: A\\, B\\; C" in lines
    assert "DESCRIPTION:Rida 1\\nRida 2\\n\\nHeaolu\\; tervis\\, koostöö" in lines


def test_archived_or_unknown_project_has_no_calendar(client, project):
    assert client.get("/et/projects/nowhere/nothing/events.ics").status_code == 404
    project.archived = True
    project.save()
    assert client.get(ics_url(project)).status_code == 404


def test_a_project_without_events_gives_an_empty_calendar(client):
    project = ProjectFactory()
    body = client.get(ics_url(project)).content.decode()
    assert "BEGIN:VEVENT" not in body
    assert body.endswith("END:VCALENDAR\r\n")
