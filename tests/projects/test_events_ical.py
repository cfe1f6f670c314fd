"""A project's events as iCalendar: all-day events, escaped text, folded lines, stable UIDs."""

from datetime import date

import pytest
from icalendar import Calendar

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


def test_uids_are_unique_stable_between_downloads_and_name_the_public_host(client, project, settings):
    settings.PUBLIC_URL = "https://heaolu.example"
    first = [line for line in unfolded(client.get(ics_url(project)).content.decode()) if line.startswith("UID:")]
    second = [line for line in unfolded(client.get(ics_url(project)).content.decode()) if line.startswith("UID:")]
    assert first == second
    assert len(set(first)) == 3
    assert all(line.endswith("@heaolu.example") for line in first)  # not the host this request came to


def test_an_event_over_several_days_ends_the_day_after_its_last_day(client):
    project = ProjectFactory()
    ProjectEventFactory(project=project, date=date(2013, 2, 7), end_date=date(2013, 2, 8))
    assert "DTEND;VALUE=DATE:20130209" in unfolded(client.get(ics_url(project)).content.decode())


def test_every_event_reads_back_with_its_fields(client, settings):
    settings.PUBLIC_URL = "https://heaolu.example"
    project = ProjectFactory(name="Heaolu; tervis, koostöö", slug="heaolu")
    long_description = "Õppepäev Elvas: žürii, šokolaad; ühine lõuna.\nTeine rida. " * 5
    first = ProjectEventFactory(
        project=project, title="Seminar: A, B; C õäöüšž", date=date(2013, 2, 7), description=long_description
    )
    second = ProjectEventFactory(
        project=project, title="Koolitus", date=date(2013, 3, 1), end_date=date(2013, 3, 2), place=""
    )
    response = client.get(ics_url(project))
    assert response["Content-Disposition"] == 'inline; filename="heaolu-events.ics"'
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    calendar = Calendar.from_ical(response.content)
    assert calendar["PRODID"] == "-//Welfare cooperation portal//Project events//ET"
    parsed = calendar.events
    assert [event.uid for event in parsed] == [
        f"project-event-{first.pk}@heaolu.example",
        f"project-event-{second.pk}@heaolu.example",
    ]
    assert parsed[0].summary == "Seminar: A, B; C õäöüšž"
    assert (parsed[0].start, parsed[0].end) == (date(2013, 2, 7), date(2013, 2, 8))
    assert parsed[0].location == "Elva"
    assert parsed[0].description == long_description + "\n\nHeaolu; tervis, koostöö"
    assert parsed[0]["URL"] == f"http://testserver{project.get_absolute_url()}"
    assert (parsed[1].start, parsed[1].end) == (date(2013, 3, 1), date(2013, 3, 3))
    assert "LOCATION" not in parsed[1]
    assert parsed[1].description == "Heaolu; tervis, koostöö"


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
