"""Requests per second and latency of each public page type on a large data set, beside a bare view.

    .venv/bin/python bench/pages.py [--seconds 5] [--connections 4] [--reuse] [--database-url URL] [--only search]

Builds a scratch PostgreSQL database (welfare_bench on 127.0.0.1, dropped and created again unless --reuse) with
15 regions, 80 municipalities, 60 plans, 3 000 activities, 10 000 funded projects and 100 000 comments, serves it
with gunicorn (2 sync workers, DEBUG=0) on a free local port and loads each page type for a fixed time with wrk
(or, without wrk, a small keep-alive load generator in threads). Each page is printed beside a *bare* view of
the same server that renders a static template of the same size with no query (routed only with
BENCH_BARE_VIEW=1): the ratio page/bare says how close the page comes to what the stack itself can serve.
The target is 50 % or more. Only 127.0.0.1 is ever requested. Not a test: it prints figures.
"""

import argparse
import http.client
import itertools
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/welfare_bench"
TARGET_RATIO = 0.5

SIZES = {
    "regions": 15,
    "municipalities": 80,
    "plans": 60,
    "sections_per_plan": 5,
    "activities": 3000,
    "projects": 10_000,
    "comments": 100_000,
}


# --- The database ---------------------------------------------------------------------------------------------


def recreate_database(database_url: str) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"welfare_bench\w*|test_\w+", name):
        sys.exit(f"Refusing to drop {name!r}: the bench database's name must start with welfare_bench or test_.")
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def build_data() -> dict:
    """Fill the database with bulk inserts (no history rows, no signals); returns counts of what it made."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from consultations.models import Comment, ConsultationWindow
    from core.models import Municipality, Organisation, Region
    from plans.models import Activity, CooperationPlan, Indicator, IndicatorValue, Milestone, ThemeSection
    from projects.models import (
        Funder,
        Measure,
        Programme,
        Project,
        ProjectComponent,
        ProjectEvent,
        ProjectOutput,
        ProjectPartner,
    )
    from themes.models import Theme

    batch = 5000
    now = timezone.now()
    text = "Omavalitsuste ühine tegevus eakate, noorte ja perede heaolu toetamiseks maakonnas. " * 3

    themes = Theme.objects.bulk_create(
        Theme(slug=f"teema-{i}", name_et=f"Teema {i}", name_en=f"Theme {i}", name_fi=f"Teema {i} fi", position=i)
        for i in range(8)
    )
    regions = Region.objects.bulk_create(
        Region(slug=f"maakond-{i:02d}", name=f"Maakond {i:02d}") for i in range(SIZES["regions"])
    )
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=regions[i % len(regions)], slug=f"vald-{i:03d}", name=f"Vald {i:03d}")
        for i in range(SIZES["municipalities"])
    )
    centres = Organisation.objects.bulk_create(
        Organisation(slug=f"arenduskeskus-{i:02d}", name=f"Arenduskeskus {i:02d}", kind="development_centre", region=r)
        for i, r in enumerate(regions)
    )
    governments = Organisation.objects.bulk_create(
        Organisation(
            slug=f"{m.slug}-valitsus", name=f"{m.name} valitsus", kind="municipality", region=m.region, municipality=m
        )
        for m in municipalities
    )
    ngos = Organisation.objects.bulk_create(
        Organisation(slug=f"mtu-{i:03d}", name=f"MTÜ {i:03d}", kind="ngo", region=regions[i % len(regions)])
        for i in range(300)
    )
    statuses = ["adopted", "consultation", "archived", "adopted"]
    plans = CooperationPlan.objects.bulk_create(
        CooperationPlan(
            region=regions[i % len(regions)],
            slug=f"kava-{i:02d}",
            title=f"Heaolu koostöökava {i:02d}",
            summary=text,
            purpose=text,
            start_year=2018 + i % 6,
            end_year=2021 + i % 6,
            lead_organisation=centres[i % len(regions)],
            contact_role="heaolu juht",
            # Every fifteenth plan is a draft, so that hiding drafts costs what it costs in production.
            status="draft" if i % 15 == 14 else statuses[i % 4],
        )
        for i in range(SIZES["plans"])
    )
    Milestone.objects.bulk_create(
        Milestone(plan=p, kind="round_table", title=f"Ümarlaud {k}", starts_on=date(2021, 1 + k, 17))
        for p in plans
        for k in range(4)
    )
    sections = ThemeSection.objects.bulk_create(
        ThemeSection(plan=p, theme=themes[k], title=f"Teema {k}", intro=text, challenges=text, goals=text, position=k)
        for p in plans
        for k in range(SIZES["sections_per_plan"])
    )
    per_section = SIZES["activities"] // len(sections)
    municipalities_of = {r.pk: [m for m in municipalities if m.region_id == r.pk] for r in regions}
    plan_by_id = {p.pk: p for p in plans}
    activities = Activity.objects.bulk_create(
        (
            Activity(
                section=s,
                title=f"Koostöötegevus {s.pk}-{k}",
                description=text,
                rationale=text,
                responsible_organisation=centres[plan_by_id[s.plan_id].region_id % len(centres)],
                start_year=2022,
                end_year=2024,
                person_years=Decimal("0.50"),
                budget=Decimal("29952.00"),
                cooperation_form="network",
                position=k,
            )
            for s in sections
            for k in range(per_section)
        ),
        batch_size=batch,
    )
    section_by_id = {s.pk: s for s in sections}
    region_of_activity = {a.pk: plan_by_id[section_by_id[a.section_id].plan_id].region_id for a in activities}
    Activity.municipalities.through.objects.bulk_create(
        (
            Activity.municipalities.through(activity_id=a.pk, municipality_id=m.pk)
            for a in activities
            for m in municipalities_of[region_of_activity[a.pk]][:3]
        ),
        batch_size=batch,
    )
    Activity.partner_organisations.through.objects.bulk_create(
        (
            Activity.partner_organisations.through(activity_id=a.pk, organisation_id=ngos[(a.pk + k) % len(ngos)].pk)
            for a in activities
            for k in range(2)
        ),
        batch_size=batch,
    )
    indicators = Indicator.objects.bulk_create(
        (
            Indicator(
                activity=a,
                name=f"Näitaja {a.pk}",
                unit="%",
                source="Statistikaamet",
                baseline_year=2020,
                baseline_value=Decimal("12.50"),
                target_year=2025,
                target_value=Decimal("10.00"),
            )
            for a in activities
        ),
        batch_size=batch,
    )
    IndicatorValue.objects.bulk_create(
        (IndicatorValue(indicator=i, year=y, value=Decimal("11.75")) for i in indicators for y in (2022, 2023)),
        batch_size=batch,
    )
    windows = ConsultationWindow.objects.bulk_create(
        ConsultationWindow(
            plan=p,
            title=f"Avalik arutelu {p.slug}",
            intro=text,
            opens_at=now - timedelta(days=1 if p.status == "consultation" else 400),
            closes_at=now + timedelta(days=30) if p.status == "consultation" else now - timedelta(days=370),
        )
        for p in plans
    )
    sections_of_plan = {p.pk: [s for s in sections if s.plan_id == p.pk] for p in plans}
    Comment.objects.bulk_create(
        (
            Comment(
                window=windows[i % len(windows)],
                section=sections_of_plan[windows[i % len(windows)].plan_id][
                    i // len(windows) % SIZES["sections_per_plan"]
                ],
                reference=f"B{i:07d}",
                category="observation",
                body=text,
                state="published" if i % 3 else "pending",
                submitted_at=windows[i % len(windows)].opens_at + timedelta(seconds=i),
            )
            for i in range(SIZES["comments"])
        ),
        batch_size=batch,
    )
    funders = Funder.objects.bulk_create(Funder(slug=f"rahastaja-{i}", name=f"Rahastaja {i}") for i in range(3))
    programmes = Programme.objects.bulk_create(
        Programme(funder=f, slug=f"programm-{f.slug}", name=f"Programm {f.name}") for f in funders
    )
    measures = Measure.objects.bulk_create(
        Measure(funder=p.funder, programme=p, slug=f"meede-{p.pk}-{k}", name=f"Meede {p.pk}-{k}")
        for p in programmes
        for k in range(2)
    )
    projects = Project.objects.bulk_create(
        (
            Project(
                region=regions[i % len(regions)],
                slug=f"projekt-{i:05d}",
                code=f"2014-2021.{i}",
                name=f"Koostööprojekt {i:05d}",
                goal=text,
                results=text,
                funder=measures[i % len(measures)].funder,
                programme=measures[i % len(measures)].programme,
                measure=measures[i % len(measures)],
                start_date=date(2015, 1, 1) + timedelta(days=i % 2500),
                end_date=date(2015, 1, 1) + timedelta(days=i % 2500 + 500),
                total_cost=Decimal("29952.00"),
                grant_amount=Decimal("25000.00"),
                manager_role="projektijuht",
                archived=i % 50 == 49,
            )
            for i in range(SIZES["projects"])
        ),
        batch_size=batch,
    )
    activities_of_region = {}
    for a in activities:
        activities_of_region.setdefault(region_of_activity[a.pk], []).append(a)
    Project.activities.through.objects.bulk_create(
        (
            Project.activities.through(
                project_id=p.pk, activity_id=activities_of_region[p.region_id][(p.pk + k) % 50].pk
            )
            for p in projects
            for k in range(2)
        ),
        batch_size=batch,
    )
    Project.themes.through.objects.bulk_create(
        (Project.themes.through(project_id=p.pk, theme_id=themes[p.pk % 5].pk) for p in projects), batch_size=batch
    )
    ProjectPartner.objects.bulk_create(
        (
            ProjectPartner(project=p, organisation=organisation, role=role, position=k)
            for p in projects
            for k, (organisation, role) in enumerate(
                [(governments[p.pk % len(governments)], "beneficiary"), (ngos[p.pk % len(ngos)], "partner")]
            )
        ),
        batch_size=batch,
    )
    ProjectComponent.objects.bulk_create(
        (
            ProjectComponent(project=p, title=f"Tööosa {k}", description=text, position=k)
            for p in projects
            for k in range(2)
        ),
        batch_size=batch,
    )
    ProjectEvent.objects.bulk_create(
        (
            ProjectEvent(
                project=p, title=f"Koolitus {k}", date=p.start_date + timedelta(days=30 * (k + 1)), place="Elva"
            )
            for p in projects
            for k in range(2)
        ),
        batch_size=batch,
    )
    ProjectOutput.objects.bulk_create(
        (ProjectOutput(project=p, title="Analüüs", description=text) for p in projects), batch_size=batch
    )
    return {
        "regions": len(regions),
        "municipalities": len(municipalities),
        "organisations": len(centres) + len(governments) + len(ngos),
        "plans": len(plans),
        "activities": len(activities),
        "projects": len(projects),
        "comments": Comment.objects.count(),
    }


def page_urls() -> dict[str, str]:
    """One address per public page type, on the busiest objects; page types not routed (yet) are left out."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from core.models import Municipality, Organisation
    from pages.sitemaps import ProjectSitemap
    from plans.models import Activity, CooperationPlan
    from projects.models import Project

    plan = CooperationPlan.objects.public().select_related("region").order_by("pk").first()
    section = plan.sections.select_related("theme").order_by("position").first()
    activity = Activity.objects.filter(section=section).order_by("pk").first()
    organisation = Organisation.objects.annotate(n=Count("responsible_activities")).order_by("-n", "pk").first()
    project = Project.objects.public().select_related("region").order_by("pk").first()
    municipality = Municipality.objects.select_related("region").order_by("pk").first()
    optional = {
        "section": ("plans:section", {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}),
        "activity": (
            "plans:activity",
            {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug, "pk": activity.pk},
        ),
        "municipality": ("plans:municipality", {"region": municipality.region.slug, "slug": municipality.slug}),
        "search": ("search", None),
    }
    with translation.override("et"):
        urls = {
            "home": reverse("home"),
            "region": plan.region.get_absolute_url(),
            "plan": plan.get_absolute_url(),
            "theme": section.theme.get_absolute_url(),
            "organisation": organisation.get_absolute_url(),
            "project list": reverse("projects:list"),
            "project": project.get_absolute_url(),
            "API plans": reverse("api:plans"),
            "API activities": reverse("api:activities"),
            "feed plans": reverse("feeds:plans"),
            "feed consult.": reverse("feeds:consultations"),
            "sitemap index": reverse("sitemap"),
            "sitemap projects": reverse("sitemap-section", kwargs={"section": "projects"}),
            # the deepest OFFSET of the paged sitemaps
            "sitemap proj. last": reverse("sitemap-section", kwargs={"section": "projects"})
            + f"?p={ProjectSitemap().paginator.num_pages}",
        }
        for name, (url_name, kwargs) in optional.items():
            try:
                urls[name] = reverse(url_name, kwargs=kwargs)
            except NoReverseMatch:
                print(f"skipped {name}: {url_name} is not routed")
        if "search" in urls:
            urls["search"] += "?q=eakate"
    return urls


# --- The server -----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "welfare_portal.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _size = fetch(port, "/healthz")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not answer /healthz within 30 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def fetch(port: int, path: str) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


# --- Load -----------------------------------------------------------------------------------------------------


def load_with_wrk(port: int, path: str, seconds: float, connections: int) -> tuple[float, float, float]:
    threads = min(2, connections)
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "10s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{path} answered errors under load:\n{output}")

    def millis(label):
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, millis("50%"), millis("99%")


def load_with_threads(port: int, path, seconds: float, connections: int) -> tuple[float, float, float]:
    """Each thread keeps one connection alive and requests until the time is up.

    ``path`` is an address, or a function of a request's number giving its address (a new one each time).
    """
    address = path if callable(path) else lambda _number: path
    numbers = itertools.count()
    timings: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            connection.request("GET", address(next(numbers)))
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                errors.append(str(response.status))
                break
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()
        timings.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{path} answered {errors[0]} under load")
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return len(timings) / elapsed, statistics.median(timings) * 1000, p99 * 1000


# --- Main -----------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5, help="load time per page (default 5)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent keep-alive connections (default 4)")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run instead of rebuilding")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="Redis for the cache, as in production (emptied first); '' for each process's own memory",
    )
    parser.add_argument("--threads", action="store_true", help="use the Python load generator even if wrk is here")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="measure only pages whose name contains NAME"
    )
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_URL": "https://bench.invalid",  # DEBUG=0 refuses a missing or local address
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "BENCH_BARE_VIEW": "1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
    }
    os.environ.update(env)

    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()  # no pages cached by an earlier run
    if not args.reuse:
        recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    if not args.reuse:
        call_command("migrate", verbosity=0)
        counts = build_data()
        print(f"built in {time.perf_counter() - started:.1f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    urls = page_urls()
    if args.only:
        urls = {name: path for name, path in urls.items() if any(part in name for part in args.only)}
    from django.db import connections

    connections.close_all()

    use_wrk = shutil.which("wrk") and not args.threads
    load = load_with_wrk if use_wrk else load_with_threads
    print(
        f"load: {'wrk' if use_wrk else 'Python threads'}, {args.connections} connections, {args.seconds:g} s a page; "
        "gunicorn 2 sync workers, DEBUG=0, PostgreSQL"
    )
    port = free_port()
    server = start_gunicorn(env, port)
    rows = []
    try:
        # A query nobody asked before is never in the page cache: every request adds a new parameter to the address.
        search = urls.pop("search", None)
        if search:
            urls["search, same query (cached)"] = search
        for name, path in urls.items():
            status, size = fetch(port, path)
            if status != 200:
                print(f"skipped {name}: {path} answered {status}")
                continue
            bare = f"/bench/bare?bytes={size}"
            for warm in (path, bare):
                fetch(port, warm)
            page_rate, page_p50, page_p99 = load(port, path, args.seconds, args.connections)
            bare_rate, bare_p50, bare_p99 = load(port, bare, args.seconds, args.connections)
            rows.append((name, size, page_rate, page_p50, page_p99, bare_rate, bare_p50, bare_p99))
            print(f"  measured {name}", file=sys.stderr)
        if search:
            name, size = "search, new query", fetch(port, search)[1]
            bare = f"/bench/bare?bytes={size}"
            page_rate, page_p50, page_p99 = load_with_threads(
                port, lambda number: f"{search}&n={number}", args.seconds, args.connections
            )
            bare_rate, bare_p50, bare_p99 = load_with_threads(port, bare, args.seconds, args.connections)
            rows.append((name, size, page_rate, page_p50, page_p99, bare_rate, bare_p50, bare_p99))
            print(f"  measured {name} (Python threads: wrk requests one address)", file=sys.stderr)
    finally:
        stop(server)

    header = (
        f"{'page':<30}{'KiB':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'bare r/s':>10}{'bare p50':>10}{'bare p99':>10}{'page/bare':>11}  target"
    )
    print(header)
    print("-" * len(header))
    for name, size, rate, p50, p99, bare_rate, bare_p50, bare_p99 in rows:
        ratio = rate / bare_rate if bare_rate else float("nan")
        verdict = "ok" if ratio >= TARGET_RATIO else f"< {TARGET_RATIO:.0%}"
        print(
            f"{name:<30}{size / 1024:>7.1f}{rate:>9.0f}{p50:>9.1f}{p99:>9.1f}{bare_rate:>10.0f}{bare_p50:>10.1f}"
            f"{bare_p99:>10.1f}{ratio:>10.0%}  {verdict}"
        )


if __name__ == "__main__":
    main()
