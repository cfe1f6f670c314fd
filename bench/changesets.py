"""Publishing a change set: time and queries against the number of edits; and the staff preview of its copy.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/welfare_bench .venv/bin/python bench/changesets.py [--runs 5]
    .venv/bin/python bench/changesets.py [--runs 5]          # without DATABASE_URL: a throw-away SQLite

With DATABASE_URL the scratch PostgreSQL database it names is dropped and created again (bench/pages.py's
recreate_database: its name must start with welfare_bench or test_) and left behind for a look afterwards (drop it
with ``psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE welfare_bench'``); without it, SQLite in a temporary VAR_DIR.
The VAR_DIR is removed at the end. DEBUG=0, the page cache off (PUBLIC_PAGE_CACHE_SECONDS=0),
Celery not eager on an in-memory broker, as with Redis in production: the PDFs requested when publishing commits
are queued, not rendered. The first line says which database was measured.

Publishing. Each run builds a fresh plan in consultation (8 theme sections, 80 activities with 2 partners and 3
municipalities each, 160 indicators with 5 yearly values each, 10 milestones), starts a change set, makes N edits
in the working copy with ordinary saves (a fixed mix: activity fields, partner lists, indicator targets, yearly
values changed, added and deleted, milestones, a new theme section with activities, activities removed with their
indicators and values; each edit on an object of its own, so N edits are N changed objects), submits it, and times
``change_set_publish`` and counts its queries (CaptureQueriesContext). N is 50, 100 and 200, taking turns; medians
of --runs. "after commit" is the part of it that runs once the transaction has committed (``plan_published``: the
PDFs' source build and queueing). Target: < 2 s for 200 edits on PostgreSQL, queries at most linear in the edits,
one transaction. A removed activity counts 13 edits: itself, its 2 indicators and their 10 values.

One transaction: since Django 4.2 the captured queries include the BEGIN and COMMIT of atomic() (SAVEPOINT and
RELEASE for the nested blocks inside it). Up to the after-commit work they must hold exactly one BEGIN, the first
query, and one COMMIT, followed by reads only: every write of the publish commits together. ("after commit":
every query after that COMMIT; the document requests there have transactions of their own.)

Preview. A change set of 200 edits stays open; the plan page (plans:detail) is requested through Django's test
client for a visitor (the public plan) and for an editor of the region (force_login: the working copy's own
address, change_set.working_copy.get_absolute_url()), taking turns, --requests each; the medians and their ratio
(target <= 2x). The editor on the public plan is shown too: what being logged in costs, apart from the copy.

Not a test: it prints figures, which vary with the machine's load; compare the ratios.
"""

import argparse
import os
import shutil
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.indicators import configure  # noqa: E402  (environment, scratch database; DEBUG=0)

SIZES = (50, 100, 200)
TARGET_SECONDS = 2.0
TARGET_PREVIEW_RATIO = 2.0
SECTIONS, ACTIVITIES_PER_SECTION, INDICATORS_PER_ACTIVITY, YEARS, MILESTONES = 8, 10, 2, range(2020, 2025), 10
REMOVED_OBJECTS = 1 + INDICATORS_PER_ACTIVITY * (1 + len(YEARS))  # a removed activity, its indicators and values
# The mix of 200 edits (scaled down for fewer): every edit changes one object of its own.
MIX = {
    "activity fields": 24,
    "partner lists": 20,
    "activities removed": 26,  # 2 activities with their 2 indicators and 10 values: 13 objects each
    "indicator targets": 40,
    "values changed": 40,
    "values added": 20,
    "values deleted": 10,
    "milestones": 10,
    "new section + activities": 10,
}


def setup() -> None:
    database_url = os.environ.get("DATABASE_URL")
    configure(database_url)
    os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host
    call_command("migrate", verbosity=0)


def build_world():
    """The region, its staff, themes (one more than a plan uses), organisations and municipalities."""
    from django.contrib.auth import get_user_model

    from core.models import Municipality, Organisation, Region, RegionRole
    from themes.models import Theme

    region = Region.objects.create(slug="bench-maakond", name="Bench maakond")
    themes = Theme.objects.bulk_create(
        Theme(slug=f"bench-teema-{i}", name_et=f"Teema {i}", name_en=f"Theme {i}", name_fi=f"Teema {i}", position=i)
        for i in range(SECTIONS + 1)
    )
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, slug=f"bench-vald-{i}", name=f"Vald {i}") for i in range(12)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(slug=f"bench-mtu-{i}", name=f"MTÜ {i}", kind="ngo", region=region) for i in range(20)
    )
    users = get_user_model().objects
    editor = users.create_user("bench-editor", "editor@example.org", "x")
    reviewer = users.create_user("bench-reviewer", "reviewer@example.org", "x")
    RegionRole.objects.create(user=editor, region=region, role=RegionRole.Role.EDITOR)
    RegionRole.objects.create(user=reviewer, region=region, role=RegionRole.Role.REVIEWER)
    return {
        "region": region,
        "themes": themes,
        "municipalities": municipalities,
        "organisations": organisations,
        "editor": editor,
        "reviewer": reviewer,
    }


def build_plan(world, number: int):
    """A plan in consultation of the size above, with bulk inserts."""
    from datetime import date

    from plans.models import Activity, CooperationPlan, Indicator, IndicatorValue, Milestone, ThemeSection

    text = "Omavalitsused korraldavad teenuse ühiselt ja jagavad spetsialisti; osalejaid on oodatust rohkem. " * 3
    organisations, municipalities = world["organisations"], world["municipalities"]
    plan = CooperationPlan.objects.create(
        region=world["region"],
        slug=f"kava-{number}",
        title=f"Heaolu koostöökava {number}",
        summary=text,
        purpose=text,
        start_year=2024,
        end_year=2028,
        lead_organisation=organisations[0],
        contact_role="heaolu juht",
        status=CooperationPlan.Status.CONSULTATION,
    )
    Milestone.objects.bulk_create(
        Milestone(plan=plan, kind="round_table", title=f"Ümarlaud {k}", starts_on=date(2024, 1 + k, 15))
        for k in range(MILESTONES)
    )
    sections = ThemeSection.objects.bulk_create(
        ThemeSection(plan=plan, theme=world["themes"][k], title=f"Teema {k}", intro=text, goals=text, position=k)
        for k in range(SECTIONS)
    )
    activities = Activity.objects.bulk_create(
        Activity(
            section=section,
            title=f"Koostöötegevus {section.position}-{k}",
            description=text,
            responsible_organisation=organisations[k % len(organisations)],
            start_year=2024,
            end_year=2027,
            person_years=Decimal("0.50"),
            budget=Decimal("12500.00"),
            cooperation_form=Activity.CooperationForm.JOINT_SERVICE,
            position=k,
        )
        for section in sections
        for k in range(ACTIVITIES_PER_SECTION)
    )
    through = Activity.partner_organisations.through
    through.objects.bulk_create(
        through(activity_id=a.pk, organisation_id=organisations[(i + k) % len(organisations)].pk)
        for i, a in enumerate(activities)
        for k in (1, 2)
    )
    through = Activity.municipalities.through
    through.objects.bulk_create(
        through(activity_id=a.pk, municipality_id=municipalities[(i + k) % len(municipalities)].pk)
        for i, a in enumerate(activities)
        for k in range(3)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            activity=a,
            name=f"Teenust kasutanud inimeste arv {a.pk}-{k}",
            unit="inimest",
            source="Statistikaamet",
            baseline_year=2020,
            baseline_value=Decimal("120"),
            target_year=2028,
            target_value=Decimal("180"),
            position=k,
        )
        for a in activities
        for k in range(INDICATORS_PER_ACTIVITY)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=i, year=year, value=Decimal(100 + year % 100)) for i in indicators for year in YEARS
    )
    return plan


def counts(edits: int) -> dict[str, int]:
    """The mix for ``edits`` edits, in proportion to MIX, summing to ``edits``."""
    scaled = {kind: max(1, round(n * edits / sum(MIX.values()))) for kind, n in MIX.items()}
    scaled["activities removed"] = REMOVED_OBJECTS * max(1, round(scaled["activities removed"] / REMOVED_OBJECTS))
    scaled["activity fields"] += edits - sum(scaled.values())
    return scaled


def make_edits(change_set, world, edits: int) -> None:
    """``edits`` edits in the working copy, as the staff editor saves them (one save each, with history)."""
    from plans.models import Activity, Indicator, IndicatorValue, Milestone, ThemeSection

    copy = change_set.working_copy
    mix = counts(edits)
    activities = list(Activity.objects.filter(section__plan=copy).order_by("section__position", "position"))
    indicators = list(Indicator.objects.filter(activity__section__plan=copy).order_by("activity_id", "position"))
    organisations = world["organisations"]
    # Activities: the first for their fields, the next for their partner lists.
    for activity in activities[: mix["activity fields"]]:
        activity.title += " (täpsustatud)"
        activity.budget = Decimal("15000.00")
        activity.save()
    start = mix["activity fields"]
    for activity in activities[start : start + mix["partner lists"]]:
        activity.partner_organisations.remove(activity.partner_organisations.all()[0])
        activity.partner_organisations.add(organisations[-1])
    # The last activities are removed, with their indicators and values (none of them edited below).
    for activity in activities[len(activities) - mix["activities removed"] // REMOVED_OBJECTS :]:
        activity.delete()
    # Indicators: the first for targets; then values of other indicators, one value each.
    for indicator in indicators[: mix["indicator targets"]]:
        indicator.target_value = Decimal("200")
        indicator.save()
    rest = iter(indicators[mix["indicator targets"] :])
    for _ in range(mix["values changed"]):
        value = next(rest).values.get(year=YEARS[-1])
        value.value += 7
        value.save()
    for _ in range(mix["values added"]):
        IndicatorValue.objects.create(indicator=next(rest), year=YEARS[-1] + 1, value=Decimal("150"))
    for _ in range(mix["values deleted"]):
        next(rest).values.get(year=YEARS[0]).delete()
    for milestone in Milestone.objects.filter(plan=copy).order_by("pk")[: mix["milestones"]]:
        milestone.description = "Kokkuvõte ja osalejate nimekiri lisatud."
        milestone.save()
    section = ThemeSection.objects.create(
        plan=copy, theme=world["themes"][SECTIONS], title="Liikuvus", intro="Uus teema pärast arutelu.", position=99
    )
    for k in range(mix["new section + activities"] - 1):
        activity = Activity.objects.create(
            section=section,
            title=f"Ühistransport {k}",
            responsible_organisation=organisations[k % len(organisations)],
            start_year=2025,
            end_year=2027,
            cooperation_form=Activity.CooperationForm.NETWORK,
            position=k,
        )
        activity.partner_organisations.set(organisations[:2])
        activity.municipalities.set(world["municipalities"][:3])


def publish_once(world, number: int, edits: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from plans import changesets

    plan = build_plan(world, number)
    change_set = changesets.change_set_start(plan=plan, title=f"Muudatused {number}", actor=world["editor"])
    make_edits(change_set, world, edits)
    change_set = changesets.change_set_submit(change_set=change_set, actor=world["editor"])
    found = changesets.changes(change_set)
    seen = changesets.fingerprint(found)

    after = {"seconds": 0.0, "start": None}
    published = changesets.plan_published

    def timed_plan_published(**kwargs):
        started = time.perf_counter()
        after["start"] = len(queries) if after["start"] is None else after["start"]
        published(**kwargs)
        after["seconds"] += time.perf_counter() - started

    reset_queries()  # the query log keeps 9 000: empty it, or a later capture reads the wrong slice
    changesets.plan_published = timed_plan_published
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            changesets.change_set_publish(change_set=change_set, actor=world["reviewer"], seen=seen)
            seconds = time.perf_counter() - started
    finally:
        changesets.plan_published = published
    sql = [query["sql"] for query in queries.captured_queries]
    # Django logs BEGIN and COMMIT among the queries. Before the after-commit work (PDF requests, each in a
    # transaction of its own): one BEGIN, first; one COMMIT; after it only reads (the plan for plan_published).
    publishing = sql[: after["start"]]
    commit = publishing.index("COMMIT") if "COMMIT" in publishing else len(publishing)
    return {
        "objects": len(found),
        "seconds": seconds,
        "after seconds": after["seconds"],
        "queries": len(sql),
        "after queries": len(sql) - commit - 1,
        "one transaction": publishing[0].startswith("BEGIN")  # SQLite's is BEGIN IMMEDIATE
        and sum(statement.startswith("BEGIN") for statement in publishing) == publishing.count("COMMIT") == 1
        and all(statement.startswith("SELECT") for statement in publishing[commit + 1 :]),
        "sql": sql,
    }


def copy_delete_once(world, number: int) -> tuple[float, int]:
    """What deleting an unchanged working copy costs, as the task after publishing does: (seconds, queries)."""
    from django.db import connection, reset_queries, transaction
    from django.test.utils import CaptureQueriesContext

    from core.page_cache import one_change
    from plans import changesets

    plan = build_plan(world, number)
    change_set = changesets.change_set_start(plan=plan, title=f"Kustutatav {number}", actor=world["editor"])
    copy = change_set.working_copy
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        with transaction.atomic(), one_change():
            copy.delete()
        seconds = time.perf_counter() - started
    return seconds, len(queries)


def query_kinds(sql: list[str]) -> Counter:
    """Queries by statement and table: where a publish spends its queries."""
    import re

    kinds = Counter()
    for statement in sql:
        verb = statement.split(None, 1)[0].upper()
        table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', statement, re.I)
        kinds[f"{verb} {table.group(1) if table else ''}".strip()] += 1
    return kinds


def preview(world, requests: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from plans import changesets

    plan = build_plan(world, 0)
    change_set = changesets.change_set_start(plan=plan, title="Eelvaade", actor=world["editor"])
    make_edits(change_set, world, SIZES[-1])
    with translation.override("et"):
        public_url = plan.get_absolute_url()
        copy_url = change_set.working_copy.get_absolute_url()
    visitor, editor = Client(), Client()
    editor.force_login(world["editor"])
    sides = {
        "visitor, public plan": (visitor, public_url),
        "editor, working copy": (editor, copy_url),
        "editor, public plan": (editor, public_url),
    }
    timings = {name: [] for name in sides}
    query_counts, sizes = {}, {}
    for name, (client, url) in sides.items():
        for _ in range(3):  # warm the template loader and the connection
            assert client.get(url).status_code == 200, (name, url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_counts[name], sizes[name] = len(queries), len(response.content)
    for _ in range(requests):
        for name, (client, url) in sides.items():
            started = time.perf_counter()
            client.get(url)
            timings[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    baseline = medians["visitor, public plan"]
    print(f"\nPreview: the plan page uncached (PUBLIC_PAGE_CACHE_SECONDS=0), medians of {requests} requests each")
    print(f"{'':<24}{'median ms':>10}{'queries':>9}{'KiB':>7}{'ratio':>7}")
    for name, median in medians.items():
        size, ratio = sizes[name] / 1024, median / baseline
        print(f"{name:<24}{median * 1000:>10.1f}{query_counts[name]:>9}{size:>7.0f}{ratio:>7.2f}")
    ratio = medians["editor, working copy"] / baseline
    verdict = "within" if ratio <= TARGET_PREVIEW_RATIO else "OVER"
    print(f"preview / public page {ratio:.2f}x: {verdict} the target of {TARGET_PREVIEW_RATIO:g}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="publishes of each size (default 5)")
    parser.add_argument("--requests", type=int, default=20, help="requests of each preview side (default 20)")
    parser.add_argument("--queries", action="store_true", help="list the queries of a 200-edit publish by table")
    args = parser.parse_args()
    setup()
    from django.db import connection

    world = build_world()
    vendor = connection.vendor
    where = f"PostgreSQL {connection.pg_version // 10000}" if vendor == "postgresql" else "SQLite (throw-away)"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Measured on {where}; DEBUG=0, Celery queued, page cache off; load {load} on {os.cpu_count()} cores")
    print(
        f"plan: {SECTIONS} sections, {SECTIONS * ACTIVITIES_PER_SECTION} activities, "
        f"{SECTIONS * ACTIVITIES_PER_SECTION * INDICATORS_PER_ACTIVITY} indicators × {len(YEARS)} values, "
        f"{MILESTONES} milestones; mix of 200 edits: " + ", ".join(f"{k} {n}" for k, n in MIX.items())
    )
    results = {edits: [] for edits in SIZES}
    number = 0
    publish_once(world, 10_000, SIZES[0])  # warm: imports, first queries
    deletes = []
    for _ in range(args.runs):
        for edits in SIZES:
            number += 1
            results[edits].append(publish_once(world, number, edits))
        number += 1
        deletes.append(copy_delete_once(world, number))

    print(f"\nchange_set_publish, medians of {args.runs} runs (each on a fresh plan and change set)")
    print(
        f"{'edits':>6}{'objects':>8}{'seconds':>9}{'after commit':>14}{'queries':>9}{'after commit':>14}"
        f"{'per edit':>10}{'one transaction':>17}"
    )
    for edits, runs in results.items():
        median = {key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "sql"}
        one = "yes" if all(run["one transaction"] for run in runs) else "NO"
        print(
            f"{edits:>6}{median['objects']:>8.0f}{median['seconds']:>9.3f}{median['after seconds']:>14.3f}"
            f"{median['queries']:>9.0f}{median['after queries']:>14.0f}{median['queries'] / edits:>10.2f}"
            f"{one:>17}"
        )
    largest = results[SIZES[-1]]
    slope = (
        statistics.median(r["queries"] for r in largest) - statistics.median(r["queries"] for r in results[SIZES[0]])
    ) / (SIZES[-1] - SIZES[0])
    print(f"queries per added edit ({SIZES[0]} -> {SIZES[-1]}): {slope:.2f}")
    # The target is the publishing transaction: what runs after it commits is the PDFs' queueing.
    seconds = statistics.median(r["seconds"] - r["after seconds"] for r in largest)
    one = all(r["one transaction"] for runs in results.values() for r in runs)
    verdict = "within" if seconds < TARGET_SECONDS else "OVER"
    print(
        f"{SIZES[-1]} edits: the transaction {seconds:.3f} s, {verdict} the target of < {TARGET_SECONDS:g} s"
        + ("" if vendor == "postgresql" else " (the target is for PostgreSQL)")
        + f"; one transaction: {'yes' if one else 'NO'}"
    )
    seconds, queries = statistics.median(d[0] for d in deletes), statistics.median(d[1] for d in deletes)
    print(
        f"not in it: deleting the spent working copy (a task once publishing commits; its history writes a row per "
        f"deleted object): {seconds:.3f} s, {queries:.0f} queries, in a run of its own (the same for any number of "
        f"edits)"
    )
    if args.queries:
        print(f"\nqueries of one {SIZES[-1]}-edit publish, by statement and table:")
        for kind, count in query_kinds(largest[-1]["sql"]).most_common():
            print(f"{count:>6}  {kind}")

    preview(world, args.requests)
    shutil.rmtree(os.environ["VAR_DIR"], ignore_errors=True)  # the SQLite database, if any, with it


if __name__ == "__main__":
    main()
