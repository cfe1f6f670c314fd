"""monitoring.statistics.status: an indicator's series compared with its baseline and target."""

from decimal import Decimal

import pytest

from monitoring.statistics.status import path_value, statuses_for
from plans.models import Indicator
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    StatisticsSourceFactory,
    StatisticValueFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal


def _indicator(baseline="10", target="20", baseline_year=2020, target_year=2025, **kwargs):
    return IndicatorFactory(
        baseline_value=D(baseline),
        target_value=D(target),
        baseline_year=baseline_year,
        target_year=target_year,
        **kwargs,
    )


def _typed(indicator, **values):
    for year, value in values.items():
        IndicatorValueFactory(indicator=indicator, year=int(year.removeprefix("y")), value=D(value))


def _bound(indicator, *, direction="higher", rule="trend", **kwargs):
    return StatisticsSourceFactory(indicator=indicator, direction=direction, rule=rule, **kwargs)


def _fetched(source, kind="region", code=None, name="", **values):
    code = code or source.area_code
    for year, value in values.items():
        StatisticValueFactory(
            source=source, area_kind=kind, area_code=code, area_name=name, year=int(year[1:]), value=D(value)
        )


def _status(indicator, **kwargs):
    (status,) = statuses_for(Indicator.objects.filter(pk=indicator.pk), **kwargs)
    return status


# --- Manual indicators ------------------------------------------------------------------------------------------


def test_an_indicator_without_values_has_no_status_but_its_manual_series():
    status = _status(_indicator())

    assert status.manual and status.source is None
    assert [(s.kind, s.values) for s in status.series] == [("manual", {})]
    assert status.latest_year is status.latest_value is None
    assert status.change_since_baseline is status.distance_to_target is status.on_track is None


def test_a_value_only_in_the_baseline_year_is_not_enough_to_say_on_or_off_track():
    indicator = _indicator()
    _typed(indicator, y2020="10")

    status = _status(indicator)

    assert (status.latest_year, status.latest_value) == (2020, D("10"))
    assert status.on_track is None
    assert status.change_since_baseline is None
    assert status.distance_to_target == D("10")


def test_a_manual_indicator_moving_towards_a_higher_target_is_on_track():
    indicator = _indicator(baseline="10", target="20")
    _typed(indicator, y2021="11", y2022="12")

    status = _status(indicator)

    assert (status.latest_year, status.latest_value) == (2022, D("12"))
    assert status.change_since_baseline == D("2")
    assert status.distance_to_target == D("8")
    assert status.on_track is True


def test_a_manual_indicator_that_has_not_moved_from_its_baseline_is_off_track():
    indicator = _indicator(baseline="10", target="20")
    _typed(indicator, y2022="10")

    status = _status(indicator)

    assert status.change_since_baseline == D("0")
    assert status.on_track is False


def test_a_lower_target_than_the_baseline_makes_lower_better_for_a_manual_indicator():
    indicator = _indicator(baseline="12.5", target="10")
    _typed(indicator, y2022="11.5")

    status = _status(indicator)

    assert status.direction == "lower"
    assert status.change_since_baseline == D("-1.0")
    assert status.distance_to_target == D("1.5")
    assert status.on_track is True


def test_a_manual_indicator_rising_when_lower_is_better_is_off_track():
    indicator = _indicator(baseline="12.5", target="10")
    _typed(indicator, y2022="13")

    assert _status(indicator).on_track is False


def test_a_reached_target_is_on_track_with_no_distance_left():
    indicator = _indicator(baseline="10", target="20")
    _typed(indicator, y2023="25")

    status = _status(indicator)

    assert status.distance_to_target == D("0")
    assert status.on_track is True


def test_a_target_equal_to_the_baseline_is_kept_while_the_level_is_held():
    indicator = _indicator(baseline="95", target="95")
    _typed(indicator, y2022="95")

    assert _status(indicator).on_track is True


def test_the_year_leaves_out_later_values():
    indicator = _indicator(baseline="10", target="20")
    _typed(indicator, y2021="12", y2023="9")

    assert _status(indicator).on_track is False
    status = _status(indicator, year=2022)
    assert (status.latest_year, status.latest_value, status.on_track) == (2021, D("12"), True)
    assert list(status.own.values) == [2021]


def test_a_year_before_any_value_leaves_no_data():
    indicator = _indicator()
    _typed(indicator, y2022="15")

    status = _status(indicator, year=2020)

    assert status.latest_value is None and status.on_track is None


# --- Bound to a source ------------------------------------------------------------------------------------------


def test_a_bound_indicator_compares_the_regions_fetched_values_not_typed_ones():
    indicator = _indicator(baseline="10", target="20")
    _typed(indicator, y2022="5")  # typed before the binding: the source replaces it
    source = _bound(indicator)
    _fetched(source, name="Varsinais-Suomi", y2021="11", y2022="13")

    status = _status(indicator)

    assert not status.manual and status.source == source
    assert status.own.kind == "region" and status.own.name == "Varsinais-Suomi"
    assert (status.latest_year, status.latest_value, status.on_track) == (2022, D("13"), True)


def test_series_come_region_first_then_municipalities_by_name_then_the_country():
    indicator = _indicator()
    source = _bound(indicator, municipality_codes={"turku": "853", "aura": "019"})
    _fetched(source, kind="country", code="FI", name="Suomi", y2022="14")
    _fetched(source, kind="municipality", code="853", name="Turku", y2022="15")
    _fetched(source, kind="municipality", code="019", name="Aura", y2022="12")
    _fetched(source, name="Varsinais-Suomi", y2022="13")

    status = _status(indicator)

    assert [(s.kind, s.name) for s in status.series] == [
        ("region", "Varsinais-Suomi"),
        ("municipality", "Aura"),
        ("municipality", "Turku"),
        ("country", "Suomi"),
    ]
    assert status.value_in(status.municipality("turku")) == D("15")
    assert status.value_in(status.country) == D("14")
    assert status.municipality("nowhere") is None


def test_a_bound_indicator_without_fetched_values_has_an_empty_region_series():
    indicator = _indicator()
    _bound(indicator, area_code="MK02")

    status = _status(indicator)

    assert [(s.kind, s.code, s.values) for s in status.series] == [("region", "MK02", {})]
    assert status.on_track is None


def test_the_sources_direction_decides_lower_is_better():
    indicator = _indicator(baseline="10", target="8")
    source = _bound(indicator, direction="lower")
    _fetched(source, y2022="9")

    assert _status(indicator).on_track is True


def test_the_trend_rule_is_off_track_when_the_value_moves_the_wrong_way():
    indicator = _indicator(baseline="10", target="8")
    source = _bound(indicator, direction="lower")
    _fetched(source, y2022="10.5")

    status = _status(indicator)

    assert status.on_track is False
    assert status.distance_to_target == D("2.5")


def test_path_value_runs_straight_from_baseline_to_target():
    indicator = _indicator(baseline="10", target="20", baseline_year=2020, target_year=2025)

    assert path_value(indicator, 2019) == D("10")
    assert path_value(indicator, 2022) == D("14")
    assert path_value(indicator, 2025) == D("20")
    assert path_value(indicator, 2030) == D("20")


def test_path_value_of_a_target_in_the_baseline_year_is_the_target():
    indicator = _indicator(baseline="10", target="20", baseline_year=2020, target_year=2020)

    assert path_value(indicator, 2020) == D("20")


@pytest.mark.parametrize(
    ("value", "on_track"),
    [("13.9", False), ("14", True), ("14.1", True), ("11", False)],
)
def test_the_path_rule_wants_at_least_the_straight_line(value, on_track):
    indicator = _indicator(baseline="10", target="20", baseline_year=2020, target_year=2025)
    source = _bound(indicator, rule="path")
    _fetched(source, y2022=value)

    assert _status(indicator).on_track is on_track


@pytest.mark.parametrize(("value", "on_track"), [("9.2", True), ("9.3", False), ("12", False)])
def test_the_path_rule_when_lower_is_better(value, on_track):
    indicator = _indicator(baseline="10", target="8", baseline_year=2020, target_year=2025)
    source = _bound(indicator, direction="lower", rule="path")
    _fetched(source, y2022=value)  # the path is at 9.2 in 2022

    assert _status(indicator).on_track is on_track


def test_the_path_rule_after_the_target_year_wants_the_target():
    indicator = _indicator(baseline="10", target="20", baseline_year=2020, target_year=2025)
    source = _bound(indicator, rule="path")
    _fetched(source, y2026="19")

    assert _status(indicator).on_track is False


def test_rows_of_an_old_region_code_are_not_taken_for_the_plans_own():
    indicator = _indicator()
    source = _bound(indicator, area_code="MK02")
    _fetched(source, code="MK99", y2022="30")

    status = _status(indicator)

    assert status.own.code == "MK02" and status.own.values == {}


# --- Queries ----------------------------------------------------------------------------------------------------


def _many(count):
    for _ in range(count):
        manual = _indicator()
        _typed(manual, y2021="12")
        source = _bound(_indicator())
        _fetched(source, y2021="11", y2022="12")
        _fetched(source, kind="country", code="FI", y2022="13")


@pytest.mark.parametrize("count", [1, 6])
def test_statuses_cost_three_queries_whatever_the_number_of_indicators(count, django_assert_num_queries):
    _many(count)
    indicators = list(Indicator.objects.all())

    # 1 the sources, 2 their values, 3 the typed values of the indicators with no source.
    with django_assert_num_queries(3):
        statuses = statuses_for(indicators)

    assert len(statuses) == 2 * count
    assert sum(status.on_track is True for status in statuses) == 2 * count


def test_prefetched_indicators_cost_no_query(django_assert_num_queries):
    _many(3)
    indicators = list(Indicator.objects.prefetch_related("values", "statistics_source__values"))

    with django_assert_num_queries(0):
        statuses_for(indicators)
        statuses_for(indicators, year=2021)
