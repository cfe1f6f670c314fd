"""Server time decides: one second before a window closes a comment is taken, one second after it is refused —
in Tallinn and in Helsinki, on the night the clocks go forward and the night they go back."""

from datetime import UTC, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from consultations.models import Comment
from consultations.services import window_state
from tests.consultations.conftest import comment_data
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

# Clocks go forward at 03:00 local on 29 March 2026 and back at 04:00 local on 25 October 2026 (EET/EEST).
MOMENTS = {
    "Tallinn, spring forward": ("Europe/Tallinn", datetime(2026, 3, 29, 4, 0)),
    "Tallinn, fall back": ("Europe/Tallinn", datetime(2026, 10, 25, 3, 30, fold=1)),
    "Helsinki, spring forward": ("Europe/Helsinki", datetime(2026, 3, 29, 4, 0)),
    "Helsinki, fall back": ("Europe/Helsinki", datetime(2026, 10, 25, 3, 30, fold=1)),
    "Tallinn, ordinary midnight": ("Europe/Tallinn", datetime(2026, 8, 31, 23, 59, 59)),
}


def _window_closing_at(consultation, zone, local_close):
    if zone == "Europe/Helsinki":
        consultation.region.country, consultation.region.timezone = "FI", zone
        consultation.region.save()
    # In UTC: arithmetic on a local time is wall-clock arithmetic, which is off by an hour across a change.
    closes = local_close.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    consultation.window.opens_at = closes - timedelta(days=30)
    consultation.window.closes_at = closes
    consultation.window.save()
    return closes


@pytest.mark.parametrize("moment", MOMENTS, ids=list(MOMENTS))
def test_comment_one_second_before_closing_is_saved(client, consultation, moment):
    closes = _window_closing_at(consultation, *MOMENTS[moment])
    with mock.patch("django.utils.timezone.now", return_value=closes - timedelta(seconds=1)):
        response = client.post(consultation.form_url, comment_data())
    assert response.status_code == 302
    assert Comment.objects.get().submitted_at == closes - timedelta(seconds=1)


@pytest.mark.parametrize("moment", MOMENTS, ids=list(MOMENTS))
def test_comment_at_and_one_second_after_closing_is_refused(client, consultation, moment):
    closes = _window_closing_at(consultation, *MOMENTS[moment])
    for now in (closes, closes + timedelta(seconds=1)):
        with mock.patch("django.utils.timezone.now", return_value=now):
            response = client.post(consultation.form_url, comment_data())
        assert response.status_code == 409
    assert not Comment.objects.exists()


@pytest.mark.parametrize("moment", MOMENTS, ids=list(MOMENTS))
def test_comment_one_second_before_opening_is_refused_and_at_opening_saved(client, consultation, moment):
    zone, local = MOMENTS[moment]
    opens = local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    consultation.region.timezone = zone
    consultation.region.save()
    consultation.window.opens_at, consultation.window.closes_at = opens, opens + timedelta(days=30)
    consultation.window.save()
    with mock.patch("django.utils.timezone.now", return_value=opens - timedelta(seconds=1)):
        assert client.post(consultation.form_url, comment_data()).status_code == 409
    with mock.patch("django.utils.timezone.now", return_value=opens):
        assert client.post(consultation.form_url, comment_data()).status_code == 302
    assert Comment.objects.count() == 1


def test_window_page_shows_closing_in_the_regions_zone_across_the_spring_change(client, consultation):
    closes = _window_closing_at(consultation, "Europe/Tallinn", datetime(2026, 3, 29, 4, 0))
    with mock.patch("django.utils.timezone.now", return_value=closes - timedelta(hours=2)):
        html = client.get(consultation.window_url).content.decode()
    # 04:00 EEST is 01:00 UTC; two hours before it was 02:00 EET (before the change) — one hour of wall clock.
    assert "04:00" in html
    assert "Europe/Tallinn" in html


def test_finnish_region_shows_helsinki_time(client, consultation):
    _window_closing_at(consultation, "Europe/Helsinki", datetime(2026, 10, 25, 3, 30, fold=1))
    html = client.get(consultation.window_url).content.decode()
    assert "03:30" in html
    assert "Europe/Helsinki" in html


def test_a_regions_zone_falls_back_to_its_country_then_to_the_sites():
    assert RegionFactory.build(country="FI", timezone="No/Such_Zone").zone.key == "Europe/Helsinki"
    assert RegionFactory.build(country="EE", timezone="").zone.key == "Europe/Tallinn"
    assert RegionFactory.build(country="XX", timezone="").zone.key == settings.TIME_ZONE


def test_window_state_names_each_side_of_the_edges(consultation):
    window = consultation.window
    assert window_state(window, window.opens_at - timedelta(seconds=1)) == "upcoming"
    assert window_state(window, window.opens_at) == "open"
    assert window_state(window, window.closes_at - timedelta(seconds=1)) == "open"
    assert window_state(window, window.closes_at) == "closed"
