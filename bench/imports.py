"""How long the project import takes to refuse a file far over its row cap, against a small import in the same run.

    .venv/bin/python bench/imports.py [--repeat 5]

Runs against a throw-away SQLite database in a temporary VAR_DIR with the demo data. The baseline is a dry run of
the registry's own CSV export (a few rows, read, checked and matched against the database); the measured cases are
that export repeated to 50 000 rows, as CSV (cut at the 5 MB cap, at a line end) and as XLSX. Both must be refused
at once, before any row is looked up: tests/projects/test_import.py asserts that no query runs, this script shows
what it costs. Prints the median of --repeat runs and its ratio to the baseline. Not a test.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROWS = 50_000


def median_seconds(repeat: int, call) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (default 5)")
    args = parser.parse_args()

    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="wp-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "welfare_portal.settings")
    import django

    django.setup()
    import openpyxl
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import translation

    from core.models import Region
    from core.spreadsheets import dataset_for_spreadsheets
    from projects.exports import export_dataset
    from projects.imports import MAX_BYTES, project_import
    from projects.models import Project

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    translation.activate("en")
    region = Region.objects.get(slug="laane-virumaa")
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    dataset = dataset_for_spreadsheets(export_dataset(Project.objects.filter(region=region)))
    small = dataset.export("csv").encode()

    header, *rows = small.decode().splitlines(keepends=True)
    big = (header + "".join(rows[n % len(rows)] for n in range(ROWS))).encode()
    big = big[: big.rfind(b"\n", 0, MAX_BYTES) + 1]  # under the byte cap, so the row cap is what refuses it
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(dataset.headers))
    for n in range(ROWS):
        sheet.append(list(dataset[n % len(dataset)]))
    out = io.BytesIO()
    workbook.save(out)
    big_xlsx = out.getvalue()

    def run(data, name):
        return lambda: project_import(region=region, file=data, file_name=name, dry_run=True, user=user)

    baseline = median_seconds(args.repeat, run(small, "small.csv"))
    print(f"baseline: dry run of the registry export ({len(dataset)} rows): {baseline * 1000:.1f} ms")
    for label, data, name in (
        (f"CSV of {big.count(b'\n') - 1} rows ({len(big) / 2**20:.1f} MB)", big, "big.csv"),
        (f"XLSX of {ROWS} rows ({len(big_xlsx) / 2**20:.1f} MB)", big_xlsx, "big.xlsx"),
    ):
        result = run(data, name)()
        assert result.file_errors, f"{label} was not refused"
        seconds = median_seconds(args.repeat, run(data, name))
        print(f"refused {label}: {seconds * 1000:.1f} ms, {seconds / baseline:.1f}x the baseline")


if __name__ == "__main__":
    main()
