"""Median server time of the public pages on the demo data, and their ratio to a baseline in the same run.

    .venv/bin/python bench/public_pages.py [--requests 50]

Runs against a throw-away SQLite database in a temporary VAR_DIR (the embedded default), loads the demo
data, then requests each page through Django's test client (the whole middleware and template stack, no
network). The baseline is /healthz, a view that does one query and one cache round trip: a ratio of 5 means
the page costs five times that. Figures vary with the machine's load; compare ratios, not seconds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per page (default 50)")
    args = parser.parse_args()

    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="wp-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "welfare_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
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
        for _ in range(3):  # warm the template loader and the connection
            assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[name] = (statistics.median(timings), len(queries), len(response.content))
    baseline = results["baseline /healthz"][0]
    print(f"{'page':<20}{'median ms':>10}{'ratio':>8}{'queries':>9}{'KiB':>7}")
    for name, (median, queries, size) in results.items():
        print(f"{name:<20}{median * 1000:>10.2f}{median / baseline:>8.1f}{queries:>9}{size / 1024:>7.1f}")


if __name__ == "__main__":
    main()
