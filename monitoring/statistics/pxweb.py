"""Statistics Estonia's PxWeb API v1: a table's metadata, a data query and its JSON-stat 2.0 answer.

    GET  {table}   {"title": ..., "variables": [{"code": "Aasta", "text": "aasta", "values": ["2022", ...],
                                                 "valueTexts": ["2022", ...], "time": true}, ...]}
    POST {table}   {"query": [{"code": "Maakond", "selection": {"filter": "item", "values": ["0087"]}}, ...],
                    "response": {"format": "json-stat2"}}
                   → {"class": "dataset", "id": [...], "size": [...], "dimension": {...}, "value": [...],
                      "updated": "2024-03-15T06:00:00Z", "role": {"time": ["Aasta"]}}

The area variable is the one whose values hold the source's area codes, the year variable the one marked
``time``; every other variable is chosen by the source's ``query`` ({variable code: value code}, one value
each), left out where the table allows it (``elimination``) or fixed where it has one value. The answer is
checked strictly against JSON-stat 2.0: a table that no longer fits fails the fetch with a reason, never with
wrong numbers.
"""

import math
from collections.abc import Iterator

import requests
from django.conf import settings

from monitoring.statistics import errors
from monitoring.statistics.base import Area, Fetched, Row, to_moment, to_value, year_of
from monitoring.statistics.errors import StatisticsError
from monitoring.statistics.http import request_json

# JSON-stat's "updated" without a zone is read as Estonian time.
ZONE = "Europe/Tallinn"


class PxWebClient:
    def __init__(self, session: requests.Session, base_url: str | None = None):
        self.session = session
        base = base_url or settings.PXWEB_URL
        self.base_url = base if base.endswith("/") else base + "/"

    def table_url(self, table: str) -> str:
        # A table code is letters and digits (RV0240); anything else cannot be a table and must not become a path.
        if not table or not table.replace("_", "").isalnum():
            raise StatisticsError(errors.UNKNOWN_DATASET, dataset=table)
        return f"{self.base_url}{table}"

    def metadata(self, table: str) -> list[dict]:
        """The table's variables, checked: each has a code, values and as many value texts."""
        not_found = StatisticsError(errors.UNKNOWN_DATASET, dataset=table)
        answer = request_json(self.session, "GET", self.table_url(table), not_found=not_found)
        if not isinstance(answer, dict) or not isinstance(answer.get("variables"), list):
            raise StatisticsError(errors.MALFORMED)
        variables = answer["variables"]
        for variable in variables:
            if not (
                isinstance(variable, dict)
                and isinstance(variable.get("code"), str)
                and _strings(variable.get("values"))
                and _strings(variable.get("valueTexts"))
                and len(variable["values"]) == len(variable["valueTexts"])
            ):
                raise StatisticsError(errors.MALFORMED)
        return variables

    def data(self, table: str, query: list[dict]) -> dict:
        body = {"query": query, "response": {"format": "json-stat2"}}
        return request_json(self.session, "POST", self.table_url(table), json=body)


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _time_variable(variables: list[dict]) -> dict:
    for variable in variables:
        if variable.get("time") is True:
            return variable
    raise StatisticsError(errors.LAYOUT_CHANGED, variable="time")


def _area_variable(variables: list[dict], areas: list[Area], skip: set[str]) -> dict:
    """The variable holding the most of the wanted area codes; unknown_areas if none holds them all."""
    codes = [area.code for area in areas]
    best, best_count = None, 0
    for variable in variables:
        if variable["code"] in skip:
            continue
        count = len(set(codes) & set(variable["values"]))
        if count > best_count:
            best, best_count = variable, count
    if best is None:
        raise StatisticsError(errors.UNKNOWN_AREAS, codes=codes)
    missing = [code for code in codes if code not in best["values"]]
    if missing:
        raise StatisticsError(errors.UNKNOWN_AREAS, codes=missing)
    return best


def _selected_values(raw) -> list[str]:
    # One value per variable: the answer must have one number per area and year, never a sum made here.
    values = [raw] if isinstance(raw, str | int) else raw
    if not isinstance(values, list) or len(values) != 1:
        raise TypeError
    return [str(value) for value in values]


def build_query(variables: list[dict], *, query: dict, areas: list[Area], years: list[int]):
    """The PxWeb query for the areas and years, and the area and time variables' codes.

    Raises layout_changed for a chosen variable or value the table no longer has, or a variable that needs a choice.
    """
    time_variable = _time_variable(variables)
    by_code = {variable["code"]: variable for variable in variables}
    chosen: dict[str, list[str]] = {}
    for code, raw in query.items():
        variable = by_code.get(code)
        try:
            values = _selected_values(raw)
        except TypeError:
            raise StatisticsError(errors.LAYOUT_CHANGED, variable=str(code)) from None
        if variable is None or variable is time_variable or not set(values) <= set(variable["values"]):
            raise StatisticsError(errors.LAYOUT_CHANGED, variable=str(code))
        chosen[code] = values

    area_variable = _area_variable(variables, areas, skip={time_variable["code"], *chosen})
    table_years = [value for value in time_variable["values"] if year_of(value) in set(years)]
    if not table_years:
        raise StatisticsError(errors.NO_VALUES)

    selections = [
        (area_variable["code"], [area.code for area in areas]),
        (time_variable["code"], table_years),
    ]
    for variable in variables:
        code = variable["code"]
        if code in (area_variable["code"], time_variable["code"]):
            continue
        if code in chosen:
            selections.append((code, chosen[code]))
        elif variable.get("elimination") is True:
            continue  # summed over by the service
        elif len(variable["values"]) == 1:
            selections.append((code, variable["values"]))
        else:
            raise StatisticsError(errors.LAYOUT_CHANGED, variable=code)
    pxweb_query = [{"code": code, "selection": {"filter": "item", "values": values}} for code, values in selections]
    return pxweb_query, area_variable, time_variable


def _category_codes(dimension, size: int) -> list[str]:
    """A dimension's category codes in order (JSON-stat allows the index as an array or as code → position)."""
    if not isinstance(dimension, dict) or not isinstance(dimension.get("category"), dict):
        raise StatisticsError(errors.NOT_JSON_STAT)
    index = dimension["category"].get("index")
    if index is None and size == 1 and isinstance(dimension["category"].get("label"), dict):
        index = list(dimension["category"]["label"])  # JSON-stat: a single category may go without an index
    if _strings(index):
        codes = list(index)
    elif isinstance(index, dict) and all(isinstance(pos, int) and not isinstance(pos, bool) for pos in index.values()):
        codes = [None] * len(index)
        for code, pos in index.items():
            if not 0 <= pos < len(index) or codes[pos] is not None:
                raise StatisticsError(errors.NOT_JSON_STAT)
            codes[pos] = code
    else:
        raise StatisticsError(errors.NOT_JSON_STAT)
    if len(codes) != size or len(set(codes)) != size:
        raise StatisticsError(errors.NOT_JSON_STAT)
    return codes


def parse_json_stat(answer, *, area_code: str, time_code: str, names: dict[str, str]):
    """Rows of a JSON-stat 2.0 dataset over an area and a time dimension; every other dimension must have size 1.

    Returns (rows iterator, updated). Values are in row-major order: the last dimension changes fastest.
    """
    if not isinstance(answer, dict) or answer.get("class", "dataset") != "dataset":
        raise StatisticsError(errors.NOT_JSON_STAT)
    ids, sizes, dimensions, values = answer.get("id"), answer.get("size"), answer.get("dimension"), answer.get("value")
    if not (
        _strings(ids)
        and isinstance(sizes, list)
        and all(isinstance(size, int) and not isinstance(size, bool) and size >= 0 for size in sizes)
        and len(ids) == len(sizes)
        and len(set(ids)) == len(ids)
        and isinstance(dimensions, dict)
        and all(dimension_id in dimensions for dimension_id in ids)
    ):
        raise StatisticsError(errors.NOT_JSON_STAT)
    total = math.prod(sizes)
    if isinstance(values, list):
        if len(values) != total:
            raise StatisticsError(errors.NOT_JSON_STAT)
    elif isinstance(values, dict):
        # The sparse form: {"position": value}; absent positions are missing values.
        if not all(key.isdigit() and int(key) < total for key in values):
            raise StatisticsError(errors.NOT_JSON_STAT)
    else:
        raise StatisticsError(errors.NOT_JSON_STAT)
    codes = {
        dimension_id: _category_codes(dimensions[dimension_id], size)
        for dimension_id, size in zip(ids, sizes, strict=True)
    }

    role_time = (answer.get("role") or {}).get("time") if isinstance(answer.get("role"), dict) else None
    if time_code not in codes and _strings(role_time) and len(role_time) == 1:
        time_code = role_time[0]
    for needed in (area_code, time_code):
        if needed not in codes:
            raise StatisticsError(errors.LAYOUT_CHANGED, variable=needed)
    for dimension_id, size in zip(ids, sizes, strict=True):
        if dimension_id not in (area_code, time_code) and size != 1:
            raise StatisticsError(errors.LAYOUT_CHANGED, variable=dimension_id)

    strides = {}
    stride = 1
    for dimension_id, size in reversed(list(zip(ids, sizes, strict=True))):
        strides[dimension_id] = stride
        stride *= size
    labels = dimensions[area_code]["category"].get("label")
    labels = labels if isinstance(labels, dict) else {}

    def rows() -> Iterator[Row]:
        for area_pos, code in enumerate(codes[area_code]):
            name = labels.get(code) if isinstance(labels.get(code), str) else names.get(code, code)
            for time_pos, period in enumerate(codes[time_code]):
                year = year_of(period)
                if year is None:
                    raise StatisticsError(errors.NOT_JSON_STAT)
                position = area_pos * strides[area_code] + time_pos * strides[time_code]
                raw = values[position] if isinstance(values, list) else values.get(str(position))
                value = _json_stat_value(raw)
                if value is not None:
                    yield Row(area_code=code, area_name=name, year=year, value=value)

    return rows(), to_moment(answer.get("updated"), ZONE)


def _json_stat_value(raw):
    try:
        return to_value(raw)
    except StatisticsError:
        raise StatisticsError(errors.NOT_JSON_STAT) from None


def fetch(*, dataset: str, query: dict, areas: list[Area], years: list[int], session: requests.Session) -> Fetched:
    """The wanted areas' values of one Statistics Estonia table in the given years."""
    client = PxWebClient(session)
    variables = client.metadata(dataset)
    pxweb_query, area_variable, time_variable = build_query(variables, query=query, areas=areas, years=years)
    answer = client.data(dataset, pxweb_query)
    names = dict(zip(area_variable["values"], area_variable["valueTexts"], strict=True))
    rows, updated = parse_json_stat(
        answer, area_code=area_variable["code"], time_code=time_variable["code"], names=names
    )
    wanted = {area.code for area in areas}
    wanted_years = set(years)
    return Fetched(
        rows=(row for row in rows if row.area_code in wanted and row.year in wanted_years),
        source_updated_at=updated,
    )
