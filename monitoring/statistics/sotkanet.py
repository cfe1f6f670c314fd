"""THL Sotkanet, REST API 1.1: an indicator's metadata, the regions and the data rows.

    GET indicators/{id}                                  {"id": 127, "data-updated": "2025-04-29", "title": {...}}
    GET regions                                          [{"id": 833, "code": "167", "category": "KUNTA", ...}]
    GET json?indicator=ID&years=Y&years=Y2&genders=total [{"indicator": 127, "region": 833, "year": 2023,
                                                           "gender": "total", "value": 9.4, "absValue": 712}]

Data rows name a region by Sotkanet's own id; the regions list maps it to the official code (municipality 167,
maakunta 12, whole country) within a category. The data answer covers every region of the country, so only the
wanted regions' rows are kept.
"""

import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal

import requests
from django.conf import settings
from django.core.cache import caches

from monitoring.models import StatisticValue
from monitoring.statistics import errors
from monitoring.statistics.base import Area, Fetched, Row, to_moment, to_value
from monitoring.statistics.errors import StatisticsError
from monitoring.statistics.http import request_json

GENDERS = ("total", "male", "female")
CATEGORY_FOR_KIND = {
    StatisticValue.AreaKind.MUNICIPALITY: "KUNTA",
    StatisticValue.AreaKind.REGION: "MAAKUNTA",
    StatisticValue.AreaKind.COUNTRY: "MAA",
}
# The regions list changes a few times a year and weighs some 200 kB: each worker process keeps it for an hour.
REGIONS_CACHE_SECONDS = 60 * 60
NAME_LANGUAGES = ("fi", "sv", "en")
# Sotkanet publishes in Finland: a bare "data-updated" date is a Finnish day.
ZONE = "Europe/Helsinki"


class SotkanetClient:
    def __init__(self, session: requests.Session, base_url: str | None = None):
        self.session = session
        base = base_url or settings.SOTKANET_URL
        self.base_url = base if base.endswith("/") else base + "/"

    def indicator(self, dataset: str) -> dict:
        """The indicator's metadata; unknown_dataset if Sotkanet has no such indicator."""
        if not dataset.isdigit():
            raise StatisticsError(errors.UNKNOWN_DATASET, dataset=dataset)
        not_found = StatisticsError(errors.UNKNOWN_DATASET, dataset=dataset)
        meta = request_json(self.session, "GET", f"{self.base_url}indicators/{dataset}", not_found=not_found)
        if not isinstance(meta, dict) or "id" not in meta:
            raise StatisticsError(errors.MALFORMED)
        if str(meta["id"]) != dataset:
            raise not_found
        return meta

    def regions(self) -> dict[str, tuple[int, str]]:
        """Sotkanet's region id and Finnish name by "CATEGORY:code", e.g. "KUNTA:167" → (833, "Joensuu")."""
        cache = caches["local"]
        key = "statistics:sotkanet:regions:" + hashlib.sha256(self.base_url.encode()).hexdigest()[:16]
        regions = cache.get(key)
        if regions is None:
            regions = self._regions_from_service()
            cache.set(key, regions, REGIONS_CACHE_SECONDS)
        return regions

    def _regions_from_service(self) -> dict[str, tuple[int, str]]:
        answer = request_json(self.session, "GET", f"{self.base_url}regions")
        if not isinstance(answer, list):
            raise StatisticsError(errors.MALFORMED)
        regions = {}
        for region in answer:
            try:
                region_id, code, category, title = region["id"], region["code"], region["category"], region["title"]
            except (KeyError, TypeError) as error:
                raise StatisticsError(errors.MALFORMED) from error
            if not isinstance(region_id, int) or not isinstance(code, str) or not isinstance(category, str):
                raise StatisticsError(errors.MALFORMED)
            name = _name(title) or code
            regions[f"{category}:{code}"] = (region_id, name)
        return regions

    def data(self, indicator: str, years: Iterable[int], gender: str) -> list:
        params = [("indicator", indicator), *(("years", year) for year in years), ("genders", gender)]
        answer = request_json(self.session, "GET", f"{self.base_url}json", params=params)
        if not isinstance(answer, list):
            raise StatisticsError(errors.MALFORMED)
        return answer


def _name(title) -> str:
    if isinstance(title, str):
        return title
    if isinstance(title, dict):
        for language in NAME_LANGUAGES:
            if isinstance(title.get(language), str) and title[language]:
                return title[language]
    return ""


def _rows(answer: list, *, wanted: dict[int, tuple[str, str]], years: set[int], gender: str) -> Iterator[Row]:
    for item in answer:
        if not isinstance(item, dict):
            raise StatisticsError(errors.MALFORMED)
        region, year = item.get("region"), item.get("year")
        if not isinstance(region, int) or not isinstance(year, int) or isinstance(year, bool):
            raise StatisticsError(errors.MALFORMED)
        raw = item.get("value")
        if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | Decimal)):
            raise StatisticsError(errors.MALFORMED)  # a broken answer fails whole, wherever the break is
        if region not in wanted or year not in years or item.get("gender", gender) != gender:
            continue
        value = to_value(raw)
        if value is None:
            continue
        code, name = wanted[region]
        yield Row(area_code=code, area_name=name, year=year, value=value)


def fetch(*, dataset: str, query: dict, areas: list[Area], years: list[int], session: requests.Session) -> Fetched:
    """The wanted areas' values of one Sotkanet indicator in the given years.

    ``query`` may hold "gender" (total, male or female; total by default) and "region_category", the Sotkanet
    category of the plan's own area (MAAKUNTA by default). An area code written "CATEGORY:code" names its own
    category, e.g. "HYVINVOINTIALUE:11".
    """
    gender = query.get("gender", "total")
    if gender not in GENDERS:
        raise StatisticsError(errors.LAYOUT_CHANGED, variable="gender")
    region_category = str(query.get("region_category") or CATEGORY_FOR_KIND[StatisticValue.AreaKind.REGION])
    client = SotkanetClient(session)
    meta = client.indicator(dataset)
    regions = client.regions()

    wanted: dict[int, tuple[str, str]] = {}
    unknown = []
    for area in areas:
        category = region_category if area.kind == StatisticValue.AreaKind.REGION else CATEGORY_FOR_KIND[area.kind]
        # A code may name its category itself: "HYVINVOINTIALUE:11" for a wellbeing services county.
        key = area.code.upper() if ":" in area.code else f"{category}:{area.code}"
        found = regions.get(key)
        if found is None:
            unknown.append(area.code)
        else:
            wanted[found[0]] = (area.code, found[1])
    if unknown:
        raise StatisticsError(errors.UNKNOWN_AREAS, codes=unknown)

    answer = client.data(dataset, years, gender)
    return Fetched(
        rows=_rows(answer, wanted=wanted, years=set(years), gender=gender),
        source_updated_at=to_moment(meta.get("data-updated"), ZONE),
    )
