"""Fetching statistics sources: the real clients against recorded Sotkanet and Statistics Estonia answers."""

import json
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import requests
import responses
from django.utils import timezone, translation

from monitoring.models import StatisticsSource, StatisticValue
from monitoring.statistics import fetch as fetch_module
from monitoring.statistics.errors import error_message
from monitoring.statistics.fetch import due_sources, fetch_source
from monitoring.statistics.tasks import fetch_due_statistics, fetch_statistics_source
from tests.fake_statistics_server import FakeStatisticsServer
from tests.monitoring.statistics_answers import (
    SOTKANET,
    pxweb_source,
    recorded,
    serve_pxweb,
    serve_sotkanet,
    sotkanet_source,
    use_fake_addresses,
    values_of,
)

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def statistics_settings(settings):
    use_fake_addresses(settings)
    return settings


@pytest.fixture
def mocked(statistics_settings):
    """Recorded answers served by ``responses``; a request no mock matches fails, so nothing reaches the network."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def history_count(source) -> int:
    return StatisticValue.history.filter(source_id=source.pk).count()


# --- Sotkanet ----------------------------------------------------------------------------------------------------


def test_sotkanet_values_of_the_region_its_municipalities_and_the_country_are_stored(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source()

    assert fetch_source(source) is True

    values = values_of(source)
    # Five areas, 2020-2025 recorded; 2026 and 2027 are asked for (this year is 2027) but have no data yet.
    assert len(values) == 5 * 6
    assert values["167", 2023] == D("1066.5000")
    # Maakunta 12, not the wellbeing services county that shares its code.
    assert values["12", 2020] == D("1299.4000")
    joensuu = source.values.get(area_code="167", year=2023)
    assert (joensuu.area_kind, joensuu.area_name) == ("municipality", "Joensuu")
    assert source.values.get(area_code="358", year=2020).area_kind == "country"
    source.refresh_from_db()
    assert source.state == StatisticsSource.State.OK
    assert source.source_updated_at == datetime(2025, 4, 29, tzinfo=ZoneInfo("Europe/Helsinki"))
    assert source.last_success_at == source.last_attempt_at
    assert (source.error_code, source.error_params) == ("", {})


def test_sotkanet_is_asked_for_every_year_from_the_baseline_to_this_year_in_total(mocked):
    serve_sotkanet(mocked)

    fetch_source(sotkanet_source())

    data_call = next(call for call in mocked.calls if "/json" in call.request.url)
    asked = data_call.request.url.split("?", 1)[1]
    assert asked == "indicator=186&" + "&".join(f"years={y}" for y in range(2020, 2028)) + "&genders=total"
    assert data_call.request.headers["User-Agent"].startswith("welfare-portal/")


def test_a_wellbeing_services_county_is_found_by_its_category_prefix(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source(area_code="HYVINVOINTIALUE:12", municipality_codes={}, country_code="")

    fetch_source(source)

    assert values_of(source)["HYVINVOINTIALUE:12", 2020] == D("1297.8000")


# --- Statistics Estonia ------------------------------------------------------------------------------------------


def test_pxweb_values_of_voru_county_and_its_municipalities_are_stored(mocked):
    serve_pxweb(mocked)
    source = pxweb_source()

    assert fetch_source(source) is True

    values = values_of(source)
    # Seven areas, 2020-2024 in the table; Setomaa 2020 is missing in the answer (null).
    assert len(values) == 7 * 5 - 1
    assert ("0732", 2020) not in values
    voru_linn = source.values.get(area_code="0919", year=2024)
    assert (voru_linn.area_kind, voru_linn.area_name) == ("municipality", "Võru linn")
    assert source.values.get(area_code="0087", year=2020).value == D("8947")
    source.refresh_from_db()
    assert source.state == StatisticsSource.State.OK
    assert source.source_updated_at == datetime(2024, 5, 29, 5, tzinfo=ZoneInfo("UTC"))


def test_pxweb_is_asked_for_the_areas_the_tables_years_and_the_chosen_values(mocked):
    serve_pxweb(mocked)

    fetch_source(pxweb_source())

    post = next(call for call in mocked.calls if call.request.method == "POST")
    body = json.loads(post.request.body)
    assert body["response"] == {"format": "json-stat2"}
    selections = {item["code"]: item["selection"] for item in body["query"]}
    assert selections["Haldusüksus"] == {
        "filter": "item",
        "values": ["0087", "0919", "0917", "0698", "0142", "0732", "00"],
    }
    # 2025-2027 are not in the table yet, so they are not asked for.
    assert selections["Aasta"]["values"] == ["2020", "2021", "2022", "2023", "2024"]
    assert selections["Sugu"]["values"] == ["1"]
    assert selections["Vanuserühm"]["values"] == ["4"]


def test_json_stat_in_another_dimension_order_gives_the_same_values(mocked):
    answer = recorded("pxweb", "RV0240_data.json")
    # Areas first, then years: the values re-laid in row-major order for the new order.
    years, areas = answer["size"][0], answer["size"][1]
    old = answer["value"]
    answer["value"] = [old[year * areas + area] for area in range(areas) for year in range(years)]
    answer["id"] = ["Haldusüksus", "Aasta", "Sugu", "Vanuserühm"]
    answer["size"] = [areas, years, 1, 1]
    serve_pxweb(mocked, data=answer)
    source = pxweb_source()

    fetch_source(source)

    assert values_of(source)["0087", 2020] == D("8947")
    assert values_of(source)["0919", 2024] == D("3021") + 4 * 37 - 6


# --- Changes and history -----------------------------------------------------------------------------------------


def test_a_changed_value_is_saved_and_the_old_one_stays_in_history(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source()
    fetch_source(source)
    rows = recorded("sotkanet", "data_186.json")
    for row in rows:
        if row["region"] == 170 and row["year"] == 2023:
            row["value"] = 1070.1
    mocked.replace(responses.GET, SOTKANET + "json", json=[row for row in rows if row["year"] >= 2020])

    later = timezone.now() + timedelta(days=8)

    assert fetch_source(source, now=later) is True

    joensuu = source.values.get(area_code="167", year=2023)
    assert joensuu.value == D("1070.1000")
    assert joensuu.fetched_at == later
    assert joensuu.history.latest().fetched_at == later
    assert [record.value for record in joensuu.history.order_by("history_date")] == [D("1066.5000"), D("1070.1000")]
    assert joensuu.history.latest().history_type == "~"


def test_unchanged_values_are_not_saved_again(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source()
    fetch_source(source)
    first_fetched = source.values.get(area_code="167", year=2023).fetched_at
    before = history_count(source)

    assert fetch_source(source, now=timezone.now() + timedelta(days=8)) is True

    assert history_count(source) == before == 30
    assert source.values.get(area_code="167", year=2023).fetched_at == first_fetched
    source.refresh_from_db()
    assert source.last_success_at > first_fetched


def test_a_value_no_longer_in_the_answer_is_kept(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source()
    fetch_source(source)
    rows = [row for row in recorded("sotkanet", "data_186.json") if row["year"] != 2020]
    mocked.replace(responses.GET, SOTKANET + "json", json=rows)

    fetch_source(source)

    assert values_of(source)["167", 2020] == D("1043.8000") + D("0.8")


# --- Failures ----------------------------------------------------------------------------------------------------


def assert_failed(source, code, params=None):
    source.refresh_from_db()
    assert source.state == StatisticsSource.State.FAILED
    assert source.error_code == code
    if params is not None:
        assert source.error_params == params
    assert source.last_attempt_at is not None


def test_a_4xx_answer_fails_the_source_with_its_status(mocked):
    serve_sotkanet(mocked, regions={"status": 403})
    source = sotkanet_source()

    assert fetch_source(source) is False

    assert_failed(source, "http_status", {"status": 403})
    assert not source.values.exists()


def test_an_indicator_sotkanet_does_not_have_is_named(mocked):
    serve_sotkanet(mocked, indicator={"status": 404})
    source = sotkanet_source()

    fetch_source(source)

    assert_failed(source, "unknown_dataset", {"dataset": "186"})


def test_a_5xx_answer_is_retried_then_fails(mocked):
    serve_sotkanet(mocked, data={"status": 503})
    source = sotkanet_source()

    fetch_source(source)

    assert_failed(source, "http_status", {"status": 503})
    # The first try and STATISTICS_RETRIES (2) more.
    assert sum("/json" in call.request.url for call in mocked.calls) == 3


def test_a_5xx_answer_that_recovers_on_a_retry_is_stored(mocked):
    mocked.add(responses.GET, SOTKANET + "regions", status=502)
    serve_sotkanet(mocked)
    source = sotkanet_source()

    assert fetch_source(source) is True

    assert len(values_of(source)) == 30


def test_a_timeout_fails_the_source_as_timed_out(mocked):
    serve_sotkanet(mocked, data={"body": requests.exceptions.ReadTimeout()})
    source = sotkanet_source()

    fetch_source(source)

    assert_failed(source, "timeout", {})


def test_a_service_that_cannot_be_reached_fails_the_source(mocked):
    serve_pxweb(mocked, metadata={"body": requests.exceptions.ConnectionError()})
    source = pxweb_source()

    fetch_source(source)

    assert_failed(source, "unreachable", {})


def test_an_answer_that_is_not_json_fails_the_source(mocked):
    mocked.add(responses.GET, SOTKANET + "indicators/186", body="<html>Huoltokatko</html>", status=200)
    source = sotkanet_source()

    fetch_source(source)

    assert_failed(source, "not_json")


def test_json_stat_with_fewer_values_than_its_size_fails(mocked):
    answer = recorded("pxweb", "RV0240_data.json")
    answer["value"].pop()
    serve_pxweb(mocked, data=answer)
    source = pxweb_source()

    fetch_source(source)

    assert_failed(source, "not_json_stat")
    assert not source.values.exists()


def test_json_stat_whose_index_does_not_match_its_size_fails(mocked):
    answer = recorded("pxweb", "RV0240_data.json")
    del answer["dimension"]["Haldusüksus"]["category"]["index"]["0919"]
    serve_pxweb(mocked, data=answer)
    source = pxweb_source()

    fetch_source(source)

    assert_failed(source, "not_json_stat")


def test_an_unknown_municipality_code_is_named(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source(municipality_codes={"joensuu": "167", "tuntematon": "999"})

    fetch_source(source)

    assert_failed(source, "unknown_areas", {"codes": ["999"]})
    assert not any("/json" in call.request.url for call in mocked.calls)


def test_an_area_code_the_table_does_not_have_is_named(mocked):
    serve_pxweb(mocked)
    source = pxweb_source(municipality_codes={"voru-linn": "0919", "vana-vald": "0913"})

    fetch_source(source)

    assert_failed(source, "unknown_areas", {"codes": ["0913"]})


def test_a_table_that_lost_a_chosen_variable_fails_as_changed_layout(mocked):
    metadata = recorded("pxweb", "RV0240_metadata.json")
    metadata["variables"] = [variable for variable in metadata["variables"] if variable["code"] != "Vanuserühm"]
    serve_pxweb(mocked, metadata=metadata)
    source = pxweb_source()

    fetch_source(source)

    assert_failed(source, "layout_changed", {"variable": "Vanuserühm"})


def test_an_answer_over_a_dimension_that_was_not_chosen_fails_as_changed_layout(mocked):
    answer = recorded("pxweb", "RV0240_data.json")
    answer["id"].append("Rahvus")
    answer["size"].append(2)
    answer["dimension"]["Rahvus"] = {"category": {"index": {"1": 0, "2": 1}}}
    answer["value"] = [value for value in answer["value"] for _ in range(2)]
    serve_pxweb(mocked, data=answer)
    source = pxweb_source()

    fetch_source(source)

    assert_failed(source, "layout_changed", {"variable": "Rahvus"})


def test_an_answer_without_values_for_the_areas_fails_as_no_values(mocked):
    serve_sotkanet(mocked, data=[])
    source = sotkanet_source()

    fetch_source(source)

    assert_failed(source, "no_values", {})


def test_a_failed_fetch_keeps_the_old_values_and_writes_nothing(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source()
    fetch_source(source)
    success = StatisticsSource.objects.get(pk=source.pk).last_success_at
    before = values_of(source), history_count(source)
    # Every value changed, but one row near the end is broken: none of the changes may be stored.
    rows = [dict(row, value=row["value"] + 1) for row in recorded("sotkanet", "data_186.json")]
    rows[-3]["value"] = "n/a"
    mocked.replace(responses.GET, SOTKANET + "json", json=rows)

    assert fetch_source(source, now=timezone.now() + timedelta(days=8)) is False

    assert (values_of(source), history_count(source)) == before
    assert_failed(source, "malformed")
    assert source.last_success_at == success


def test_an_answer_with_one_area_and_year_twice_is_malformed(mocked):
    rows = recorded("sotkanet", "data_186.json")
    serve_sotkanet(mocked, data=[*rows, dict(rows[5], value=1.5)])
    source = sotkanet_source()

    fetch_source(source)

    assert_failed(source, "malformed")
    assert not source.values.exists()


def test_the_error_is_stored_as_a_code_and_worded_in_the_readers_language(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source(municipality_codes={"a": "998", "b": "999"})

    fetch_source(source)

    source.refresh_from_db()
    assert json.loads(json.dumps(source.error_params)) == {"codes": ["998", "999"]}
    with translation.override("en"):
        assert error_message(source.error_code, source.error_params) == (
            "The statistics service does not know the area codes 998, 999."
        )
    for language in ("et", "fi"):
        with translation.override(language):
            assert "998, 999" in error_message(source.error_code, source.error_params)


def test_an_error_code_this_version_does_not_know_still_reads_as_a_sentence():
    with translation.override("en"):
        assert error_message("gone_away", {}) == "The last fetch failed (gone_away)."
        assert error_message("http_status", {}) == "The last fetch failed (http_status)."


def test_a_failure_leaves_a_staff_edit_made_meanwhile(mocked):
    serve_sotkanet(mocked, indicator={"status": 404})
    source = sotkanet_source()
    StatisticsSource.objects.filter(pk=source.pk).update(dataset="187", version=2)

    fetch_source(source)

    source.refresh_from_db()
    assert (source.dataset, source.version, source.error_code) == ("187", 2, "unknown_dataset")


def test_values_fetched_for_a_source_staff_changed_meanwhile_are_not_stored(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source()
    StatisticsSource.objects.filter(pk=source.pk).update(area_code="01", version=2)

    assert fetch_source(source) is False

    assert not source.values.exists()
    assert StatisticsSource.objects.get(pk=source.pk).state == StatisticsSource.State.NEW


def test_values_are_stored_when_staff_changed_only_what_does_not_decide_them(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source()
    StatisticsSource.objects.filter(pk=source.pk).update(direction="lower", version=2)

    assert fetch_source(source) is True

    assert StatisticsSource.objects.get(pk=source.pk).direction == "lower"


# --- Retries against a real HTTP server --------------------------------------------------------------------------


def test_the_session_retries_a_503_from_a_real_server(statistics_settings):
    with FakeStatisticsServer() as server:
        statistics_settings.SOTKANET_URL = server.sotkanet_url
        server.fail("/regions", 503, times=2)
        source = sotkanet_source()

        assert fetch_source(source) is True

    assert [path for method, path in server.requests if path.endswith("/regions")] == ["/sotkanet/rest/1.1/regions"] * 3
    assert len(values_of(source)) == 30


def test_a_real_server_failing_every_retry_fails_the_source(statistics_settings):
    with FakeStatisticsServer() as server:
        statistics_settings.PXWEB_URL = server.pxweb_url
        server.fail("/RV0240", 500, times=10)
        source = pxweb_source()

        fetch_source(source)

    assert len(server.requests) == 3
    assert_failed(source, "http_status", {"status": 500})


# --- When and what -----------------------------------------------------------------------------------------------


def test_due_sources_are_those_never_tried_or_tried_longer_ago_than_the_interval(settings):
    settings.STATISTICS_FETCH_INTERVAL_HOURS = 24 * 7
    now = timezone.now()
    never = sotkanet_source()
    old = sotkanet_source(last_attempt_at=now - timedelta(days=8))
    recent = sotkanet_source(last_attempt_at=now - timedelta(days=6))
    failed_recently = sotkanet_source(last_attempt_at=now - timedelta(hours=1), state="failed")

    due = set(due_sources(now))

    assert due == {never, old}
    assert recent not in due and failed_recently not in due


def test_the_due_task_fetches_every_due_source_and_one_failure_stops_none(mocked, eager_celery, monkeypatch):
    serve_sotkanet(mocked)
    serve_pxweb(mocked, data={"status": 500})
    ok = sotkanet_source()
    failing = pxweb_source()
    not_due = sotkanet_source(last_attempt_at=timezone.now() - timedelta(hours=1))
    broken = sotkanet_source()
    real_fetch = fetch_module.fetch_source

    def fetch_or_break(source, **kwargs):
        if source.pk == broken.pk:
            raise RuntimeError("a bug")
        return real_fetch(source, **kwargs)

    monkeypatch.setattr(fetch_module, "fetch_source", fetch_or_break)

    # The broken one's error is logged (it raised in this process, the tasks being eager) and the loop goes on.
    assert fetch_due_statistics() == 2

    states = dict(StatisticsSource.objects.values_list("pk", "state"))
    assert states[ok.pk] == "ok"
    assert states[failing.pk] == "failed"
    assert states[not_due.pk] == "new"
    assert values_of(ok)


def test_the_due_task_skips_a_source_fetched_since_it_was_queued(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source(last_attempt_at=timezone.now())

    assert fetch_statistics_source(source.pk, only_if_due=True) is False

    assert not mocked.calls


def test_the_single_source_task_fetches_by_id_whenever_asked(mocked, eager_celery):
    serve_sotkanet(mocked)
    source = sotkanet_source(last_attempt_at=timezone.now(), state="ok")

    assert fetch_statistics_source.delay(source.pk).get() is True

    assert len(values_of(source)) == 30
    assert fetch_statistics_source(source.pk + 1000) is False


def test_years_run_to_the_target_year_when_it_is_later_than_this_year(mocked):
    serve_sotkanet(mocked)
    source = sotkanet_source()
    source.indicator.target_year = 2030
    source.indicator.save()

    fetch_source(source)

    data_call = next(call for call in mocked.calls if "/json" in call.request.url)
    assert data_call.request.url.endswith("years=2029&years=2030&genders=total")


def test_new_values_ask_again_for_the_annual_reports_made_of_their_years_and_later(
    mocked, monkeypatch, django_capture_on_commit_callbacks
):
    from documents.models import Document
    from monitoring.report import services as report_services
    from tests.factories import DocumentFactory

    serve_sotkanet(mocked)
    source = sotkanet_source()
    plan = source.indicator.activity.section.plan
    plan.status = plan.Status.ADOPTED
    plan.save()
    for year in ("2019", "2023"):
        DocumentFactory(plan=plan, kind=Document.Kind.ANNUAL_REPORT, scope=year)
    asked = []
    monkeypatch.setattr(report_services, "document_request", lambda **kwargs: asked.append(kwargs["scope"]))

    with django_capture_on_commit_callbacks(execute=True):
        fetch_source(source)
    with django_capture_on_commit_callbacks(execute=True):
        fetch_source(source)  # the same answers: nothing changed, nothing asked again

    # The first values are of 2020: the report of 2019 charts none of them.
    assert asked == ["2023"]
