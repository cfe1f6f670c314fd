"""The statistics clients' reading of answers: JSON-stat 2.0 in its allowed forms, values, dates, the session."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from monitoring.statistics import errors
from monitoring.statistics.base import Area, to_moment, to_value
from monitoring.statistics.errors import StatisticsError
from monitoring.statistics.http import make_session, timeouts
from monitoring.statistics.pxweb import build_query, parse_json_stat
from tests.monitoring.statistics_answers import recorded

D = Decimal


def dataset(**changes):
    answer = {
        "class": "dataset",
        "id": ["Aasta", "Maakond"],
        "size": [2, 2],
        "dimension": {
            "Aasta": {"category": {"index": ["2022", "2023"]}},
            "Maakond": {"category": {"index": {"0087": 0, "0082": 1}, "label": {"0087": "Võru maakond"}}},
        },
        "value": [1, 2, 3, D("4.5")],
    }
    answer.update(changes)
    return answer


def rows_of(answer, **kwargs):
    rows, updated = parse_json_stat(answer, area_code="Maakond", time_code="Aasta", names={"0082": "Valga"}, **kwargs)
    return {(row.area_code, row.year): (row.area_name, row.value) for row in rows}, updated


def test_json_stat_values_are_read_in_row_major_order_with_an_index_as_list_or_mapping():
    rows, updated = rows_of(dataset())

    assert rows == {
        ("0087", 2022): ("Võru maakond", D("1.0000")),
        ("0082", 2022): ("Valga", D("2.0000")),
        ("0087", 2023): ("Võru maakond", D("3.0000")),
        ("0082", 2023): ("Valga", D("4.5000")),
    }
    assert updated is None


def test_json_stat_sparse_values_leave_the_missing_positions_out():
    rows, _ = rows_of(dataset(value={"0": 1, "3": 4}))

    assert set(rows) == {("0087", 2022), ("0082", 2023)}


def test_json_stat_time_dimension_is_found_by_its_role_when_renamed():
    answer = dataset(id=["Vaatlusperiood", "Maakond"], role={"time": ["Vaatlusperiood"]})
    answer["dimension"]["Vaatlusperiood"] = answer["dimension"].pop("Aasta")

    rows, _ = rows_of(answer)

    assert len(rows) == 4


@pytest.mark.parametrize(
    "changes",
    [
        {"class": "collection"},
        {"size": [2]},
        {"size": [2, "2"]},
        {"value": [1, 2, 3]},
        {"value": {"9": 1}},
        {"value": [1, 2, 3, "4"]},
        {"dimension": {"Aasta": {"category": {"index": ["2022", "2023"]}}}},
        {"id": ["Aasta", "Aasta"]},
    ],
    ids=["not-a-dataset", "id-size-lengths", "size-not-int", "too-few", "sparse-out-of-range", "string-value",
         "dimension-missing", "repeated-id"],
)  # fmt: skip
def test_json_stat_that_breaks_the_format_is_refused(changes):
    with pytest.raises(StatisticsError) as raised:
        rows, _ = rows_of(dataset(**changes))
        list(rows)

    assert raised.value.code == errors.NOT_JSON_STAT


def test_json_stat_quarters_instead_of_years_are_refused():
    answer = dataset()
    answer["dimension"]["Aasta"]["category"]["index"] = ["2022K1", "2022K2"]

    with pytest.raises(StatisticsError) as raised:
        list(rows_of(answer)[0])

    assert raised.value.code == errors.NOT_JSON_STAT


def test_a_pxweb_query_needs_a_choice_for_a_variable_the_table_cannot_leave_out():
    variables = recorded("pxweb", "RV0240_metadata.json")["variables"]
    variables[3].pop("elimination")

    with pytest.raises(StatisticsError) as raised:
        build_query(variables, query={"Sugu": "1"}, areas=[Area("region", "0087")], years=[2022])

    assert (raised.value.code, raised.value.params) == (errors.LAYOUT_CHANGED, {"variable": "Vanuserühm"})


def test_a_pxweb_query_leaves_out_variables_the_table_sums_over():
    variables = recorded("pxweb", "RV0240_metadata.json")["variables"]

    query, area, time = build_query(variables, query={}, areas=[Area("region", "0087")], years=[2022, 2030])

    assert [item["code"] for item in query] == ["Haldusüksus", "Aasta"]
    assert (area["code"], time["code"]) == ("Haldusüksus", "Aasta")
    assert query[1]["selection"]["values"] == ["2022"]


def test_a_pxweb_value_the_table_no_longer_has_is_a_changed_layout():
    variables = recorded("pxweb", "RV0240_metadata.json")["variables"]

    with pytest.raises(StatisticsError) as raised:
        build_query(variables, query={"Sugu": "9"}, areas=[Area("region", "0087")], years=[2022])

    assert raised.value.params == {"variable": "Sugu"}


@pytest.mark.parametrize("raw", [True, "12", 10**12, D("NaN")])
def test_values_that_are_not_storable_numbers_are_malformed(raw):
    with pytest.raises(StatisticsError):
        to_value(raw)


def test_values_are_rounded_to_the_stored_four_places():
    assert to_value(D("0.123456")) == D("0.1235")
    assert to_value(None) is None


def test_a_bare_date_is_read_as_midnight_in_the_services_zone():
    assert to_moment("2025-04-29", "Europe/Helsinki") == datetime(2025, 4, 29, tzinfo=ZoneInfo("Europe/Helsinki"))
    assert to_moment("not a date", "Europe/Helsinki") is None
    assert to_moment(None, "Europe/Helsinki") is None


def test_the_session_retries_gets_and_posts_on_busy_and_failing_servers(settings):
    settings.STATISTICS_RETRIES = 4
    settings.STATISTICS_TIMEOUT_SECONDS = 30

    session = make_session()

    retry = session.get_adapter("https://example.org").max_retries
    assert retry.total == 4
    assert set(retry.status_forcelist) == {429, 500, 502, 503, 504}
    assert {"GET", "POST"} <= set(retry.allowed_methods)
    assert "welfare-portal" in session.headers["User-Agent"]
    assert timeouts() == (10.0, 30.0)


def test_a_pxweb_selection_of_two_values_is_refused_as_it_would_not_give_one_number():
    variables = recorded("pxweb", "RV0240_metadata.json")["variables"]

    with pytest.raises(StatisticsError) as raised:
        build_query(variables, query={"Sugu": ["2", "3"]}, areas=[Area("region", "0087")], years=[2022])

    assert raised.value.params == {"variable": "Sugu"}
