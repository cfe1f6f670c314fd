"""Atom feeds of plans and consultation windows: valid Atom, newest first, drafts hidden, fixed queries."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from plans.models import CooperationPlan
from tests.factories import ConsultationWindowFactory, CooperationPlanFactory, RegionFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output, in a test
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None  # or every entry must name one
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.find(f"{ATOM}{required}").text or "").strip(), required
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    return feed, entries


def test_plan_feed_lists_public_plans_newest_first_without_drafts(client):
    region = RegionFactory()
    older = CooperationPlanFactory(region=region, adopted=True, title="Vanem kava", summary="Vanem kokkuvõte.")
    newer = CooperationPlanFactory(region=region, consultation=True, title="Uuem kava")
    CooperationPlan.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=3))
    CooperationPlanFactory(region=region, title="Salajane mustand")
    _feed, entries = parse_atom(client.get(reverse("feeds:plans")))
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [str(newer), str(CooperationPlan.objects.get(pk=older.pk))]
    assert entries[1].find(f"{ATOM}summary").text == "Vanem kokkuvõte."
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver" + newer.get_absolute_url()
    assert "mustand" not in client.get(reverse("feeds:plans")).content.decode()


def test_plan_feed_follows_the_language_of_its_address(client):
    plan = CooperationPlanFactory(adopted=True)
    with translation.override("fi"):
        url = reverse("feeds:plans")
        plan_url = plan.get_absolute_url()
    assert url == "/fi/feeds/plans.atom"
    feed, entries = parse_atom(client.get(url))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fi"
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver" + plan_url


def test_consultation_feed_gives_opening_and_closing_times_and_hides_draft_plans(client):
    tallinn = ZoneInfo("Europe/Tallinn")
    window = ConsultationWindowFactory(
        title="Avalik arutelu",
        opens_at=datetime(2027, 3, 3, 9, 0, tzinfo=tallinn),
        closes_at=datetime(2027, 4, 6, 16, 0, tzinfo=tallinn),
    )
    ConsultationWindowFactory(plan__status=CooperationPlan.Status.DRAFT, title="Mustandi arutelu")
    _feed, entries = parse_atom(client.get(reverse("feeds:consultations")))
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}title").text.startswith("Avalik arutelu")
    summary = entry.find(f"{ATOM}summary").text
    # Day-of-month without a leading zero, as Estonian writes dates: "3. märts 2027".
    assert "3. märts 2027" in summary and "03." not in summary
    assert "6. aprill 2027" in summary and "16:00" in summary
    assert entry.find(f"{ATOM}link").get("href").endswith(window.get_absolute_url())


def test_consultation_feed_is_newest_window_first(client):
    plan = CooperationPlanFactory(consultation=True)
    old = ConsultationWindowFactory(plan=plan, closed=True, title="Vana")
    new = ConsultationWindowFactory(plan=plan, upcoming=True, title="Tulev")
    _, entries = parse_atom(client.get(reverse("feeds:consultations")))
    assert [e.find(f"{ATOM}title").text.split(" – ")[0] for e in entries] == [new.title, old.title]


def test_empty_feeds_are_still_valid_atom(client):
    for name in ("feeds:plans", "feeds:consultations"):
        _, entries = parse_atom(client.get(reverse(name)))
        assert entries == []


@pytest.mark.parametrize("size", [1, 5])
@pytest.mark.parametrize("name", ["feeds:plans", "feeds:consultations"])
def test_feed_costs_one_query_at_any_size(client, django_assert_num_queries, name, size):
    for _ in range(size):
        ConsultationWindowFactory()
    with django_assert_num_queries(1):
        assert client.get(reverse(name)).status_code == 200


def test_consultation_times_are_in_the_time_zone_of_the_plans_region(client):
    window = ConsultationWindowFactory(plan__region=RegionFactory(finnish=True))
    summary = parse_atom(client.get(reverse("feeds:consultations")))[1][0].find(f"{ATOM}summary").text
    helsinki = timezone.localtime(window.opens_at, ZoneInfo("Europe/Helsinki"))
    assert f"{helsinki:%H}:{helsinki:%M}" in summary
    assert f"({helsinki.tzname()})" in summary
