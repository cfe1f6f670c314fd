"""The recorded Sotkanet and Statistics Estonia answers, served through ``responses`` to the real client code.

Addresses are made up (``.test``): nothing here can reach the network, and a request no mock matches fails.
"""

import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import responses

from tests.factories import IndicatorFactory, StatisticsSourceFactory
from tests.fake_statistics_server import FIXTURES, RecordedPxWeb, RecordedSotkanet

SOTKANET = "https://sotkanet.test/rest/1.1/"
PXWEB = "https://andmed.stat.test/api/v1/et/stat/"
VORU_MUNICIPALITIES = {
    "voru-linn": "0919",
    "voru-vald": "0917",
    "rouge-vald": "0698",
    "antsla-vald": "0142",
    "setomaa-vald": "0732",
}
POHJOIS_KARJALA_MUNICIPALITIES = {"joensuu": "167", "lieksa": "422", "kitee": "260"}


def recorded(provider: str, name: str):
    return json.loads((FIXTURES / provider / name).read_text(encoding="utf-8"))


def use_fake_addresses(settings) -> None:
    """Point the clients at the made-up addresses; retries do not wait."""
    settings.SOTKANET_URL = SOTKANET
    settings.PXWEB_URL = PXWEB
    settings.STATISTICS_RETRIES = 2
    settings.STATISTICS_RETRY_BACKOFF_MS = 0


def serve_sotkanet(mock, *, indicator=None, regions=None, data=None):
    """Register Sotkanet's three addresses; each argument replaces the recorded answer (a dict/list, or a
    ``responses`` keyword dict such as {"status": 503} or {"body": ReadTimeout()})."""
    recorded_service = RecordedSotkanet()

    def add(url, replacement, default):
        if replacement is None:
            mock.add(responses.GET, url, json=default)
        elif isinstance(replacement, dict) and {"status", "body"} & set(replacement):
            mock.add(responses.GET, url, **replacement)
        else:
            mock.add(responses.GET, url, json=replacement)

    add(SOTKANET + "indicators/186", indicator, recorded("sotkanet", "indicator_186.json"))
    add(SOTKANET + "regions", regions, recorded("sotkanet", "regions.json"))
    if data is None:

        def answer(request):
            query = parse_qs(urlsplit(request.url).query)
            years = {int(year) for year in query["years"]}
            rows = recorded_service.data(query["indicator"][0], years, query["genders"][0])
            return 200, {"Content-Type": "application/json"}, json.dumps(rows)

        mock.add_callback(responses.GET, SOTKANET + "json", callback=answer)
    else:
        add(SOTKANET + "json", data, None)


def serve_pxweb(mock, *, metadata=None, data=None):
    recorded_service = RecordedPxWeb()
    url = PXWEB + "RV0240"
    if metadata is None:
        mock.add(responses.GET, url, json=recorded_service.metadata("RV0240"))
    elif isinstance(metadata, dict) and {"status", "body"} & set(metadata):
        mock.add(responses.GET, url, **metadata)
    else:
        mock.add(responses.GET, url, json=metadata)
    if data is None:
        mock.add(responses.POST, url, json=recorded_service.data("RV0240", {"response": {"format": "json-stat2"}}))
    elif isinstance(data, dict) and {"status", "body"} & set(data) and "id" not in data:
        mock.add(responses.POST, url, **data)
    else:
        mock.add(responses.POST, url, json=data)


def sotkanet_source(**kwargs):
    indicator = IndicatorFactory(baseline_year=2020, target_year=2025, unit="/100 000")
    defaults = {
        "indicator": indicator,
        "provider": "sotkanet",
        "dataset": "186",
        "query": {"gender": "total"},
        "area_code": "12",
        "municipality_codes": dict(POHJOIS_KARJALA_MUNICIPALITIES),
        "country_code": "358",
    }
    return StatisticsSourceFactory(**{**defaults, **kwargs})


def pxweb_source(**kwargs):
    indicator = IndicatorFactory(baseline_year=2020, target_year=2025, unit="inimest")
    defaults = {
        "indicator": indicator,
        "provider": "pxweb",
        "dataset": "RV0240",
        "query": {"Sugu": "1", "Vanuserühm": "4"},
        "area_code": "0087",
        "municipality_codes": dict(VORU_MUNICIPALITIES),
        "country_code": "00",
    }
    return StatisticsSourceFactory(**{**defaults, **kwargs})


def values_of(source) -> dict[tuple[str, int], Decimal]:
    return {(value.area_code, value.year): value.value for value in source.values.all()}
