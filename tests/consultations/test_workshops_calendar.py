"""A window's workshops as an .ics file, read back with icalendar: every field, in the region's own time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from plans.models import CooperationPlan
from tests.factories import ConsultationWindowFactory, CooperationPlanFactory, RegionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def ics_url(window) -> str:
    plan = window.plan
    return reverse(
        "consultations:workshops-ics", kwargs={"region": plan.region.slug, "plan": plan.slug, "window": window.pk}
    )


def test_every_workshop_reads_back_with_its_fields(client, consultation, settings):
    settings.PUBLIC_URL = "https://heaolu.example"
    online = WorkshopFactory(
        window=consultation.window,
        title="Veebitöötuba; teine, pikem pealkiri õäöüšž",
        description="Päevakava:\n1) sissejuhatus, 2) arutelu; 3) kokkuvõte",
        registration_link="https://forms.example.org/heaolu",
        online=True,
    )
    response = client.get(ics_url(consultation.window))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="workshops-{consultation.window.pk}.ics"'
    calendar = Calendar.from_ical(response.content)
    assert calendar["PRODID"] == "-//Welfare cooperation portal//Consultations//EN"
    by_uid = {event.uid: event for event in calendar.events}
    assert set(by_uid) == {
        f"workshop-{consultation.workshop.pk}@heaolu.example",
        f"workshop-{online.pk}@heaolu.example",
    }

    in_place = by_uid[f"workshop-{consultation.workshop.pk}@heaolu.example"]
    assert in_place.summary == "Töötuba Võrus, kultuurimajas"
    assert in_place.location == "Võru Kultuurimaja"
    # iCalendar has whole seconds.
    assert in_place.start == consultation.workshop.starts_at.replace(microsecond=0)
    assert in_place.end == consultation.workshop.ends_at.replace(microsecond=0)
    assert in_place["URL"] == "https://heaolu.example" + consultation.workshop.get_absolute_url()
    assert "DESCRIPTION" not in in_place  # nothing to say beyond the title and place
    assert in_place.stamp.tzinfo is not None and in_place.stamp.utcoffset().total_seconds() == 0

    on_the_web = by_uid[f"workshop-{online.pk}@heaolu.example"]
    assert on_the_web.summary == "Veebitöötuba; teine, pikem pealkiri õäöüšž"
    assert on_the_web.location == "https://meet.example.org/heaolu"  # no place: the web link is where it happens
    assert on_the_web.description == (
        "Päevakava:\n1) sissejuhatus, 2) arutelu; 3) kokkuvõte\n\n"
        "https://meet.example.org/heaolu\n\nhttps://forms.example.org/heaolu"
    )


@pytest.mark.parametrize(
    ("finnish", "zone"), [(False, "Europe/Tallinn"), (True, "Europe/Helsinki")], ids=["tallinn", "helsinki"]
)
def test_a_workshop_on_the_night_clocks_go_forward_keeps_the_regions_wall_clock_times(client, finnish, zone):
    region = RegionFactory(finnish=finnish)
    assert region.zone == ZoneInfo(zone)
    plan = CooperationPlanFactory(region=region, status=CooperationPlan.Status.CONSULTATION)
    window = ConsultationWindowFactory(plan=plan)
    local = region.zone
    WorkshopFactory(
        window=window,
        starts_at=datetime(2027, 3, 28, 1, 30, tzinfo=local),
        ends_at=datetime(2027, 3, 28, 5, 30, tzinfo=local),
    )
    body = client.get(ics_url(window)).content
    (event,) = Calendar.from_ical(body).events
    # 01:30 EET and 05:30 EEST: three hours apart, written in UTC so no client needs a VTIMEZONE.
    assert event.start == datetime(2027, 3, 27, 23, 30, tzinfo=UTC)
    assert event.end == datetime(2027, 3, 28, 2, 30, tzinfo=UTC)
    assert event.start.astimezone(local).hour == 1 and event.end.astimezone(local).hour == 5
    assert b"TZID" not in body
