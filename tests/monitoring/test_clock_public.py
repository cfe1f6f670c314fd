"""The annual clock on the public site: the tasks month by month in every language, the year wheel with its text
alternative, the iCalendar feed of yearly events, links to it, and a query count that does not grow."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from core.models import RegionRole
from tests.factories import ClockTaskFactory, RegionFactory

Role = RegionRole.Role
pytestmark = pytest.mark.django_db


def url(name, region, language="et"):
    with translation.override(language):
        return reverse(f"monitoring:{name}", kwargs={"region": region.slug})


@pytest.fixture
def region():
    return RegionFactory(slug="vorumaa", name="Võrumaa")


@pytest.fixture
def tasks(region):
    # Entered out of order: the page sorts them by month and day, the whole month first.
    return [
        ClockTaskFactory(region=region, title="Eelarve ettepanekud", month=9, day=15, responsible_role=Role.EDITOR),
        ClockTaskFactory(region=region, title="Aastaaruanne", month=3, day=None, responsible_role=Role.REPORTER),
        ClockTaskFactory(region=region, title="Aruteluring", month=3, day=20, responsible_role=Role.MODERATOR),
        ClockTaskFactory(region=region, title="Liigaasta", month=2, day=29, description="Ainult **täna**."),
    ]


def positions(page: str, *texts: str) -> list[int]:
    return [page.index(text) for text in texts]


@pytest.mark.parametrize(
    ("language", "editor", "moderator", "march"),
    [
        ("et", "toimetaja", "modereerija", "Märts"),
        ("en", "editor", "moderator", "March"),
        ("fi", "muokkaaja", "moderaattori", "Maaliskuu"),
    ],
)
def test_the_page_lists_tasks_in_month_order_with_roles_in_the_interface_language(
    client, region, tasks, language, editor, moderator, march
):
    response = client.get(url("annual-clock", region, language))

    assert response.status_code == 200
    page = response.content.decode()
    found = positions(page, "Liigaasta", "Aastaaruanne", "Aruteluring", "Eelarve ettepanekud")
    assert found == sorted(found)
    assert f'id="month-3">{march}' in page
    assert f'<dd class="d-inline ms-0">{editor}</dd>' in page
    assert f'<dd class="d-inline ms-0">{moderator}</dd>' in page
    assert "<strong>täna</strong>" in page  # the description is Markdown
    if language != "et":
        assert '<strong lang="et">Liigaasta</strong>' in page  # content keeps its own language


def test_a_task_for_the_whole_month_says_so_and_a_dated_one_gives_its_day(client, region, tasks):
    page = client.get(url("annual-clock", region, "en")).content.decode()

    assert "during the month" in page
    assert "20 March" in page and "29 February" in page


def test_the_year_wheel_is_an_image_with_a_title_and_a_description(client, region, tasks):
    page = client.get(url("annual-clock", region, "en")).content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 360" width="100%" role="img"' in page
    assert 'aria-labelledby="clock-wheel-title clock-wheel-desc"' in page
    assert '<title id="clock-wheel-title">Year wheel of the annual clock of Võrumaa</title>' in page
    desc = page[page.index('<desc id="clock-wheel-desc">') : page.index("</desc>")]
    assert "February: 1 task" in desc and "March: 2 tasks" in desc and "April: 0 tasks" in desc
    # The test clock stands on 4 March 2027 in Tallinn: March is the current month, named as well as tinted.
    assert "The current month, March, is outlined" in desc
    assert "current month" in page[page.index('id="month-3"') :][:200]
    assert page.count("<path ") == 13  # twelve months and the current month's outline
    assert "<script" not in page[page.index("<svg") : page.index("</svg>")]


def test_the_current_month_follows_the_regions_time_zone(client, clock):
    # 31 March 2027 22:30 UTC is already 1 April in Helsinki (and in Tallinn), still March in Lisbon.
    helsinki = RegionFactory(finnish=True, slug="kainuu")
    lisbon = RegionFactory(slug="lisboa", timezone="Europe/Lisbon")
    clock.move_to("2027-03-31T22:30:00+00:00")

    assert "The current month, April," in client.get(url("annual-clock", helsinki, "en")).content.decode()
    assert "The current month, March," in client.get(url("annual-clock", lisbon, "en")).content.decode()


def test_a_region_without_tasks_says_so(client, region):
    page = client.get(url("annual-clock", region, "en")).content.decode()

    assert "No tasks have been entered in the annual clock yet." in page


def test_an_unknown_region_is_404_and_a_post_is_refused(client, region):
    assert client.get(reverse("monitoring:annual-clock", kwargs={"region": "atlantis"})).status_code == 404
    assert client.post(url("annual-clock", region)).status_code == 405
    assert client.post(url("annual-clock-ics", region)).status_code == 405


def test_the_public_region_page_links_to_the_clock(client, region):
    page = client.get(region.get_absolute_url()).content.decode()

    assert url("annual-clock", region) in page


def test_the_clock_page_links_to_its_calendar_feed(client, region, tasks):
    page = client.get(url("annual-clock", region)).content.decode()

    assert f'href="{url("annual-clock-ics", region)}"' in page


def test_the_sitemap_lists_the_clocks_of_regions_with_tasks(client, region, tasks):
    empty = RegionFactory(slug="tuhi")
    xml = client.get(reverse("sitemap-section", kwargs={"section": "annual-clocks"})).content.decode()

    for language in ("et", "en", "fi"):
        assert "http://testserver" + url("annual-clock", region, language) in xml
    assert url("annual-clock", empty) not in xml


# --- iCalendar ------------------------------------------------------------------------------------------------


def read_feed(client, region):
    response = client.get(url("annual-clock-ics", region, "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, Calendar.from_ical(response.content)


def test_each_task_is_a_yearly_event_with_a_stable_uid(client, region, tasks, settings):
    settings.PUBLIC_URL = "https://heaolu.example"
    body, calendar = read_feed(client, region)

    events = {event.summary: event for event in calendar.events}
    assert set(events) == {"Eelarve ettepanekud", "Aastaaruanne", "Aruteluring", "Liigaasta"}
    for event in events.values():
        assert event["RRULE"]["FREQ"] == ["YEARLY"]
    budget = events["Eelarve ettepanekud"]
    assert (budget.start, budget.end) == (date(2025, 9, 15), date(2025, 9, 16))
    assert budget.uid == f"clock-task-{tasks[0].pk}@heaolu.example"
    assert "Responsible: editor" in budget.description
    # No day: the whole month.
    report = events["Aastaaruanne"]
    assert (report.start, report.end) == (date(2025, 3, 1), date(2025, 4, 1))
    # 29 February: the last day of February every year, as the reminders count it.
    leap = events["Liigaasta"]
    assert leap.start == date(2025, 2, 28)
    assert leap["RRULE"]["BYMONTH"] == [2] and leap["RRULE"]["BYMONTHDAY"] == [-1]
    assert b"RRULE:FREQ=YEARLY" in body

    _again, calendar_again = read_feed(client, region)
    assert [e.uid for e in calendar_again.events] == [e.uid for e in calendar.events]


def test_an_edited_task_keeps_its_uid(client, region, tasks):
    _body, before = read_feed(client, region)
    tasks[0].title = "Eelarve, uus nimi"
    tasks[0].save()

    _body, after = read_feed(client, region)

    assert {e.uid for e in before.events} == {e.uid for e in after.events}


def test_other_calendars_keep_their_output_without_a_recurrence(client):
    from core.calendars import CalendarEvent, calendar_ics

    body = calendar_ics(
        name="x",
        product="Consultations//EN",
        events=[CalendarEvent(uid="a@b", title="t", start=date(2027, 1, 1), end=date(2027, 1, 2), url="https://x")],
    )

    assert b"RRULE" not in body


# --- Query budget ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 12])
def test_the_page_and_the_feed_cost_two_queries_at_any_size(client, region, django_assert_num_queries, size):
    for month in range(1, size + 1):
        ClockTaskFactory(region=region, month=month, day=None if month % 2 else 10)
    # the region, its tasks
    with django_assert_num_queries(2):
        assert client.get(url("annual-clock", region)).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(url("annual-clock-ics", region)).status_code == 200
