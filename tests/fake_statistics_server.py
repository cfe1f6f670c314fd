"""A local stand-in for THL Sotkanet and Statistics Estonia's PxWeb API, on a free loopback port.

    with FakeStatisticsServer() as server:           # the recorded answers in tests/monitoring/fixtures/
        settings.SOTKANET_URL, settings.PXWEB_URL = server.sotkanet_url, server.pxweb_url

    with FakeStatisticsServer(sotkanet=GeneratedSotkanet(indicators=500, years=20, regions=100)) as server: ...

Paths are shaped like the real services' (``/sotkanet/rest/1.1/indicators/186``, ``…/regions``,
``…/json?indicator=186&years=2020&genders=total``; ``/pxweb/api/v1/et/stat/RV0240`` GET for the metadata and POST
for the data), and so are the answers. ``fail(path_part, status, times)`` answers the next ``times`` requests
whose path contains ``path_part`` with that status, to show retries. Used by the integration test and by
bench/indicators.py.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "monitoring" / "fixtures"
SOTKANET_PREFIX = "/sotkanet/rest/1.1/"
PXWEB_PREFIX = "/pxweb/api/v1/et/stat/"


class RecordedSotkanet:
    """The recorded Sotkanet answers: indicator 186 in Pohjois-Karjala, its municipalities and the whole country."""

    def __init__(self, directory: Path = FIXTURES / "sotkanet"):
        self.directory = directory

    def _load(self, name: str):
        path = self.directory / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def indicator(self, indicator_id: str):
        return self._load(f"indicator_{indicator_id}.json") if indicator_id.isdigit() else None

    def regions(self):
        return self._load("regions.json")

    def data(self, indicator_id: str, years: set[int], gender: str):
        rows = self._load(f"data_{indicator_id}.json") if indicator_id.isdigit() else None
        if rows is None:
            return None
        # The real service answers only the asked years and gender.
        return [row for row in rows if row["year"] in years and row["gender"] == gender]


class GeneratedSotkanet:
    """A Sotkanet of ``indicators`` indicators with values for ``years`` years (up to 2026) in ``regions`` regions:
    the whole country (358), one maakunta (01) and municipalities 001, 002, ... Values are a function of the
    indicator, region and year, plus ``bump`` (change it and every value changes)."""

    def __init__(self, *, indicators: int, years: int, regions: int, bump: int = 0):
        self.indicator_count = indicators
        self.years = range(2027 - years, 2027)
        self.bump = bump
        self.region_list = [
            {"id": 1, "title": {"fi": "Koko maa"}, "code": "358", "category": "MAA", "memberOf": []},
            {"id": 2, "title": {"fi": "Maakunta"}, "code": "01", "category": "MAAKUNTA", "memberOf": [1]},
        ]
        self.region_list += [
            {"id": 1000 + n, "title": {"fi": f"Kunta {n}"}, "code": f"{n:03d}", "category": "KUNTA", "memberOf": [2, 1]}
            for n in range(1, regions - 1)
        ]

    @property
    def municipality_codes(self) -> list[str]:
        return [region["code"] for region in self.region_list if region["category"] == "KUNTA"]

    def indicator(self, indicator_id: str):
        if not indicator_id.isdigit() or not 1 <= int(indicator_id) <= self.indicator_count:
            return None
        return {"id": int(indicator_id), "data-updated": "2026-11-02", "title": {"fi": f"Indikaattori {indicator_id}"}}

    def regions(self):
        return self.region_list

    def value(self, indicator: int, region: int, year: int) -> float:
        return round((indicator * 7919 + region * 104729 + year * 13 + self.bump) % 100000 / 10, 1)

    def data(self, indicator_id: str, years: set[int], gender: str):
        if self.indicator(indicator_id) is None:
            return None
        indicator = int(indicator_id)
        return [
            {"indicator": indicator, "region": region["id"], "year": year, "gender": gender,
             "value": self.value(indicator, region["id"], year), "absValue": indicator + year}
            for year in sorted(years & set(self.years))
            for region in self.region_list
        ]  # fmt: skip


class RecordedPxWeb:
    """The recorded Statistics Estonia table RV0240: its metadata, and the answer for Võru county's areas."""

    def __init__(self, directory: Path = FIXTURES / "pxweb"):
        self.directory = directory

    def _load(self, name: str):
        path = self.directory / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def metadata(self, table: str):
        return self._load(f"{table}_metadata.json") if table.isalnum() else None

    def data(self, table: str, query: dict):
        if not table.isalnum() or query.get("response", {}).get("format") != "json-stat2":
            return None
        return self._load(f"{table}_data.json")


class FakeStatisticsServer:
    def __init__(self, *, sotkanet=None, pxweb=None):
        self.sotkanet = sotkanet or RecordedSotkanet()
        self.pxweb = pxweb or RecordedPxWeb()
        self.requests: list[tuple[str, str]] = []
        self._failures: list[list] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def sotkanet_url(self) -> str:
        return self.url + SOTKANET_PREFIX

    @property
    def pxweb_url(self) -> str:
        return self.url + PXWEB_PREFIX

    def fail(self, path_part: str, status: int, times: int = 1) -> None:
        with self._lock:
            self._failures.append([path_part, status, times])

    def _failure_for(self, path: str) -> int | None:
        with self._lock:
            for failure in self._failures:
                if failure[0] in path and failure[2] > 0:
                    failure[2] -= 1
                    return failure[1]
        return None

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, method: str, path: str, query: dict, body: bytes):
        """(status, JSON-able answer) for a request."""
        with self._lock:
            self.requests.append((method, path))
        failure = self._failure_for(path)
        if failure is not None:
            return failure, {"error": "fake failure"}
        if path.startswith(SOTKANET_PREFIX) and method == "GET":
            rest = path.removeprefix(SOTKANET_PREFIX)
            if rest == "regions":
                return 200, self.sotkanet.regions()
            if rest.startswith("indicators/"):
                found = self.sotkanet.indicator(rest.removeprefix("indicators/"))
                return (200, found) if found is not None else (404, {"error": "Not found"})
            if rest == "json":
                years = {int(year) for year in query.get("years", []) if year.isdigit()}
                gender = (query.get("genders") or ["total"])[0]
                found = self.sotkanet.data((query.get("indicator") or [""])[0], years, gender)
                return (200, found) if found is not None else (404, {"error": "Not found"})
        if path.startswith(PXWEB_PREFIX):
            table = path.removeprefix(PXWEB_PREFIX)
            if method == "GET":
                found = self.pxweb.metadata(table)
                return (200, found) if found is not None else (404, {"error": "Not found"})
            if method == "POST":
                try:
                    pxweb_query = json.loads(body)
                except ValueError:
                    return 400, {"error": "Bad request"}
                found = self.pxweb.data(table, pxweb_query)
                return (200, found) if found is not None else (400, {"error": "Bad request"})
        return 404, {"error": "Not found"}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self, method):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, answer = fake.answer(method, parts.path, parse_qs(parts.query), body)
                payload = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def log_message(self, format, *args):
                pass  # quiet: tests and the bench print what they need

        return Handler
