"""Fetching and storing statistics sources: time per 1 000 values against only downloading them, and memory.

    .venv/bin/python bench/indicators.py [--indicators 500] [--years 20] [--regions 100] [--memory-at 50]
                                         [--database-url postgres://postgres@127.0.0.1:5432/welfare_bench_indicators]

A local fake Sotkanet (tests/fake_statistics_server.py) serves ``--indicators`` indicators × ``--years`` years ×
``--regions`` regions (the whole country, one maakunta, the rest municipalities); each indicator is bound to a
source wanting all of those regions, so every value of the service is stored. Runs on a throw-away SQLite
database in a temporary VAR_DIR, or on a scratch PostgreSQL database (--database-url; dropped and created again,
its name must start with welfare_bench or test_), with DEBUG=0.

Baseline: download and parse every indicator's answer through the real client (sotkanet.fetch), storing nothing.
Measured, each over all sources in turn: the first fetch (every value new: rows and history rows created), a
fetch of the same answers (nothing changed: nothing written), and a fetch after every value changed (rows
updated, one history row each). Prints seconds per 1 000 values and the ratio to the baseline, then the peak of
Python memory (tracemalloc) over the first --memory-at sources and over all of them during one more changed
fetch: equal peaks show memory flat in the number of indicators. Not a test.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(database_url: str | None) -> None:
    os.environ.update(
        {
            "VAR_DIR": tempfile.mkdtemp(prefix="wp-bench-indicators-"),
            "DEBUG": "0",  # with DEBUG on, Django keeps the last 9 000 queries: not the memory being measured
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "PUBLIC_URL": "https://bench.invalid",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_MANIFEST": "0",
            "LOG_LEVEL": "WARNING",
            "STATISTICS_RETRY_BACKOFF_MS": "0",
            "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
        }
    )
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"):
        os.environ.pop(name, None)
    if database_url:
        from bench.pages import recreate_database

        recreate_database(database_url)
        os.environ["DATABASE_URL"] = database_url


def make_sources(count: int, years: range, municipality_codes: list[str]) -> list:
    from monitoring.models import StatisticsSource
    from tests.factories import ActivityFactory, IndicatorFactory

    activity = ActivityFactory()
    codes = {f"kunta-{code}": code for code in municipality_codes}
    sources = []
    for number in range(1, count + 1):
        indicator = IndicatorFactory(activity=activity, baseline_year=years.start, target_year=years.stop - 1)
        sources.append(
            StatisticsSource.objects.create(
                indicator=indicator,
                provider="sotkanet",
                dataset=str(number),
                query={"gender": "total"},
                area_code="01",
                municipality_codes=codes,
                country_code="358",
            )
        )
    return sources


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=500, help="indicators, one source each (default 500)")
    parser.add_argument("--years", type=int, default=20, help="years per indicator (default 20)")
    parser.add_argument("--regions", type=int, default=100, help="regions per indicator (default 100)")
    parser.add_argument("--memory-at", type=int, default=50, help="sources of the first memory figure (default 50)")
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (default: SQLite in a temporary dir)")
    args = parser.parse_args()
    configure(args.database_url)

    from tests.fake_statistics_server import FakeStatisticsServer, GeneratedSotkanet

    service = GeneratedSotkanet(indicators=args.indicators, years=args.years, regions=args.regions)
    with FakeStatisticsServer(sotkanet=service) as server:
        os.environ["SOTKANET_URL"] = server.sotkanet_url
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from monitoring.models import StatisticValue
        from monitoring.statistics import sotkanet
        from monitoring.statistics.fetch import fetch_source, wanted_areas, wanted_years
        from monitoring.statistics.http import make_session

        call_command("migrate", verbosity=0)
        sources = make_sources(args.indicators, service.years, service.municipality_codes)
        session = make_session()
        now = timezone.now()
        years = wanted_years(sources[0], now)
        total = args.indicators * len(years) * len(wanted_areas(sources[0]))
        print(
            f"{args.indicators} indicators × {len(years)} years × {len(wanted_areas(sources[0]))} regions = "
            f"{total} values; {connection.vendor}, DEBUG=0"
        )

        def run(label, each, baseline=None):
            started = time.perf_counter()
            for source in sources:
                each(source)
            seconds = time.perf_counter() - started
            per_thousand = seconds / total * 1000
            ratio = f", {per_thousand / baseline:.1f}x the baseline" if baseline else ""
            print(f"{label}: {seconds:.1f} s, {per_thousand * 1000:.1f} ms per 1 000 values{ratio}")
            return per_thousand

        def download_only(source):
            fetched = sotkanet.fetch(
                dataset=source.dataset, query=source.query, areas=wanted_areas(source), years=years, session=session
            )
            assert len(list(fetched.rows)) == len(years) * len(wanted_areas(source))

        def store(moment):
            def each(source):
                assert fetch_source(source, now=moment, session=session), source.error_code

            return each

        baseline = run("baseline: download and parse only", download_only)
        run("first fetch: every value new", store(now), baseline)
        assert StatisticValue.objects.count() == total
        run("same answers again: nothing changed", store(now + timedelta(days=8)), baseline)
        service.bump = 1
        run("every value changed", store(now + timedelta(days=16)), baseline)
        assert StatisticValue.history.count() == 2 * total

        service.bump = 2
        tracemalloc.start()
        first_peak = None
        for number, source in enumerate(sources, start=1):
            store(now + timedelta(days=24))(source)
            if number == min(args.memory_at, len(sources)):
                first_peak = tracemalloc.get_traced_memory()[1]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"peak Python memory while fetching (every value changed): {first_peak / 2**20:.1f} MiB over the first "
            f"{min(args.memory_at, len(sources))} sources, {peak / 2**20:.1f} MiB over all {len(sources)} "
            f"({peak / first_peak:.2f}x)"
        )


if __name__ == "__main__":
    main()
