"""Median server time of rendering the public pages on the demo data, with the page cache off, and their ratio to a
baseline in the same run.

    .venv/bin/python bench/public_pages.py [--requests 50] [--cached]

Runs against a throw-away SQLite database in a temporary VAR_DIR (the embedded default), loads the demo
data, then requests each page through Django's test client (the whole middleware and template stack, no
network). The page cache is off (PUBLIC_PAGE_CACHE_SECONDS=0): every request renders the page, so the figures and
query counts are those of the views and templates, not of the cache. ``--cached`` also times each page served
from the page cache, in a column of its own. The baseline is /healthz, a view that does one query and one cache
round trip: a ratio of 5 means the page costs five times that. Figures vary with the machine's load; compare
ratios, not seconds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def median_seconds(client, url: str, requests: int) -> float:
    for _ in range(3):  # warm the template loader and the connection (and, when on, fill the page cache)
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per page (default 50)")
    parser.add_argument("--cached", action="store_true", help="also time each page served from the page cache")
    args = parser.parse_args()

    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="wp-bench-")
    os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"  # rendering is measured, not the page cache
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # not a request line per request among the figures
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "welfare_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
    from django.utils import translation

    from plans.models import CooperationPlan
    from projects.models import Project

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    with translation.override("et"):
        plan = CooperationPlan.objects.get(region__slug="vorumaa")
        project = Project.objects.order_by("pk").first()
        pages = {
            "baseline /healthz": "/healthz",
            "home": "/et/",
            "region": plan.region.get_absolute_url(),
            "plan": plan.get_absolute_url(),
            "theme": plan.sections.first().theme.get_absolute_url(),
            "organisation": plan.lead_organisation.get_absolute_url(),
            "project list": "/et/projects/",
            "project": project.get_absolute_url(),
        }
    client = Client()
    results = {}
    for name, url in pages.items():
        median = median_seconds(client, url, args.requests)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # read now: the next request empties the log it is read from
        cached = None
        if args.cached and name != "baseline /healthz":
            with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
                cached = median_seconds(client, url, args.requests)
        results[name] = (median, query_count, len(response.content), cached)
    baseline = results["baseline /healthz"][0]
    print("Page cache off: every request renders its page (PUBLIC_PAGE_CACHE_SECONDS=0).")
    print(f"{'page':<20}{'median ms':>10}{'ratio':>8}{'queries':>9}{'KiB':>7}" + (f"{'cached ms':>11}" * args.cached))
    for name, (median, queries, size, cached) in results.items():
        row = f"{name:<20}{median * 1000:>10.2f}{median / baseline:>8.1f}{queries:>9}{size / 1024:>7.1f}"
        if args.cached:
            row += f"{cached * 1000:>11.2f}" if cached is not None else f"{'':>11}"
        print(row)
    if args.cached:
        print("cached ms: the same page served from the page cache (PUBLIC_PAGE_CACHE_SECONDS=60), not rendered.")


if __name__ == "__main__":
    main()
