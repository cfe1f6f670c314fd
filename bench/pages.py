"""Requests per second, latency, CPU time and queries of every page type, public and staff, beside a bare view.

    .venv/bin/python bench/pages.py [--scale large|national] [--uncached] [--seconds 5] [--connections 4]
                                    [--reuse] [--memory 10000] [--only NAME]

Uses the data set of bench/dataset.py in a scratch PostgreSQL database (``large``: 15 regions, 3 000 activities,
10 000 projects, 100 000 comments; ``national``: 36 regions, 180 plans, 9 000 activities, 30 000 indicators with
20 yearly values, 30 000 projects, 300 000 comments, progress and change sets), built unless ``--reuse`` finds it.
Each page type is measured twice:

* in this process, through Django's test client (the whole middleware and template stack, no network): the median
  and 99th percentile of the CPU time of a request (``time.process_time``; the database's own work runs in
  PostgreSQL and is not in it, but its wall time is in the p50 beside it) and the number of queries;
* under load, served by gunicorn (2 sync workers, DEBUG=0) on a free local port, with wrk (or, without wrk, a
  small keep-alive load generator in threads): requests/s, p50 and p99, beside a *bare* view of the same server
  that renders a static template of the same size with no query (routed only with BENCH_BARE_VIEW=1). The ratio
  page/bare says how close the page comes to what the stack itself can serve.

``--uncached`` turns the public page cache off (PUBLIC_PAGE_CACHE_SECONDS=0): every request renders the page, and
the target is 100 ms of CPU or less for every page type, with a median of 50 ms or less. Cached, the target is a
page/bare ratio of 50 % or more. Staff pages are requested as the region's editor or moderator (a session cookie).
``--memory N`` then requests every page type in turn N times in all and prints each gunicorn worker's resident
memory at the start, every 1 000 requests and at the end. Only 127.0.0.1 is ever requested. Not a test: it
prints figures.
"""

import argparse
import dataclasses
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

import dataset  # noqa: E402 - bench/dataset.py, beside this file

DATABASE_URLS = {
    "large": "postgres://postgres@127.0.0.1:5432/welfare_bench",
    "national": "postgres://postgres@127.0.0.1:5432/welfare_bench_national",
}
TARGET_RATIO = 0.5
TARGET_CPU_MS, TARGET_MEDIAN_CPU_MS = 100, 50


# --- The pages ------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Page:
    name: str
    path: str
    user: str | None = None  # a username: requested with that person's session


def busiest_region():
    """The region whose current plan has a change set being prepared and the next plan an open consultation."""
    from core.models import Region
    from plans.models import ChangeSet

    found = Region.objects.filter(
        plans__change_sets__state=ChangeSet.State.OPEN, plans__status="adopted", plans__working_copy_of=None
    ).order_by("pk")
    return found.first() or Region.objects.order_by("pk").first()


def page_urls() -> dict[str, str]:
    """One address per public page type, on the busiest objects (bench/before_after.py asks for these)."""
    return {page.name: page.path for page in pages() if page.user is None}


def pages() -> list[Page]:
    """Every page type, public and staff, on the busiest objects; page types not routed (yet) are left out."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from consultations.models import Comment, ConsultationWindow
    from core.models import Organisation
    from pages.sitemaps import ProjectSitemap
    from plans.models import Activity, ChangeSet, CooperationPlan
    from projects.models import Project

    region = busiest_region()
    plan = CooperationPlan.objects.originals().public().filter(region=region).order_by("-status", "-start_year").first()
    plan = CooperationPlan.objects.originals().filter(region=region, status="adopted").first() or plan
    section = plan.sections.select_related("theme").order_by("position").first()
    activity = Activity.objects.filter(section=section, indicators__isnull=False).order_by("pk").first()
    organisation = Organisation.objects.annotate(n=Count("responsible_activities")).order_by("-n", "pk").first()
    project = Project.objects.public().filter(region=region).select_related("region").order_by("pk").first()
    municipality = region.municipalities.order_by("pk").first()
    window = ConsultationWindow.objects.filter(plan__region=region).annotate(n=Count("comments")).order_by("-n").first()
    open_window = ConsultationWindow.objects.open_now().filter(plan__region=region).select_related("plan").first()
    published = ChangeSet.objects.filter(plan=plan, state=ChangeSet.State.PUBLISHED).order_by("pk").first()
    open_change_set = ChangeSet.objects.filter(plan=plan, state=ChangeSet.State.OPEN).select_related("working_copy")
    open_change_set = open_change_set.order_by("pk").first()
    users = get_user_model().objects
    editor = users.filter(region_roles__region=region, region_roles__role="editor").first()
    moderator = users.filter(region_roles__region=region, region_roles__role="moderator").first()
    project_editor = users.filter(region_roles__region=region, region_roles__role="project_editor").first()
    comment = Comment.objects.filter(window=window).order_by("pk").first()
    report_year = min(plan.end_year, 2025)

    plan_kwargs = {"region": region.slug, "plan": plan.slug}
    section_kwargs = {**plan_kwargs, "theme": section.theme.slug}
    window_kwargs = {"region": region.slug, "plan": window.plan.slug, "window": window.pk}
    wanted = [
        ("home", "home", None, None),
        ("region", "plans:region", {"region": region.slug}, None),
        ("plan", "plans:detail", plan_kwargs, None),
        ("section", "plans:section", section_kwargs, None),
        ("activity", "plans:activity", {**section_kwargs, "pk": activity.pk}, None),
        ("municipality", "plans:municipality", {"region": region.slug, "slug": municipality.slug}, None),
        ("organisation", "plans:organisation", {"slug": organisation.slug}, None),
        ("plan changes", "plans:changes", plan_kwargs, None),
        ("changelog", "plans:change-sets", plan_kwargs, None),
        ("annual report", "monitoring:annual-report", {**plan_kwargs, "year": report_year}, None),
        ("annual rep. theme", "monitoring:annual-report-theme", {**section_kwargs, "year": report_year}, None),
        ("annual clock", "monitoring:annual-clock", {"region": region.slug}, None),
        ("project list", "projects:list", None, None),
        ("project", "projects:detail", {"region": region.slug, "slug": project.slug}, None),
        ("funder", "projects:funder", {"funder": project.funder.slug}, None),
        ("consultation", "consultations:window", window_kwargs, None),
        ("feedback table", "consultations:feedback", window_kwargs, None),
        ("API plans", "api:plans", None, None),
        ("API activities", "api:activities", None, None),
        ("feed plans", "feeds:plans", None, None),
        ("feed consult.", "feeds:consultations", None, None),
        ("sitemap index", "sitemap", None, None),
        ("sitemap projects", "sitemap-section", {"section": "projects"}, None),
        ("staff dashboard", "staff:dashboard", None, editor),
        ("staff region", "plans-staff:region", {"region": region.slug}, editor),
        ("staff projects", "projects-staff:list", {"region": region.slug}, project_editor),
        ("progress of a year", "monitoring-staff:progress", {**plan_kwargs, "year": report_year}, editor),
        ("moderation queue", "consultations-staff:queue", {"region": region.slug}, moderator),
        ("comment (staff)", "consultations-staff:comment", {"region": region.slug, "pk": comment.pk}, moderator),
    ]
    if published is not None:
        wanted.append(("change set (public)", "plans:change-set", {**plan_kwargs, "pk": published.pk}, None))
    if open_window is not None:
        form_kwargs = {
            "region": region.slug,
            "plan": open_window.plan.slug,
            "window": open_window.pk,
            "theme": open_window.plan.sections.order_by("position").first().theme.slug,
        }
        wanted.append(("comment form", "consultations:comment-create", form_kwargs, None))
    if open_change_set is not None:
        copy = open_change_set.working_copy
        copy_kwargs = {"region": region.slug, "plan": copy.slug}
        copy_section = copy.sections.order_by("position").first()
        copy_activity = Activity.objects.filter(section=copy_section, indicators__isnull=False).order_by("pk").first()
        wanted += [
            ("change set (staff)", "plans-staff:change-set", {**plan_kwargs, "pk": open_change_set.pk}, editor),
            ("change-set preview", "plans:detail", copy_kwargs, editor),
            ("plan editor", "plans-staff:plan-edit", copy_kwargs, editor),
            ("section editor", "plans-staff:section-edit", {**copy_kwargs, "section": copy_section.pk}, editor),
            ("activity editor", "plans-staff:activity-edit", {**copy_kwargs, "activity": copy_activity.pk}, editor),
        ]
    found = []
    with translation.override("et"):
        for name, url_name, kwargs, user in wanted:
            try:
                path = reverse(url_name, kwargs=kwargs)
            except NoReverseMatch:
                print(f"skipped {name}: {url_name} is not routed")
                continue
            if name == "moderation queue":
                path += "?state="  # every state: the longest list
            found.append(Page(name, path, user.username if user else None))
        sitemap = reverse("sitemap-section", kwargs={"section": "projects"})
        # the deepest OFFSET of the paged sitemaps
        found.append(Page("sitemap proj. last", f"{sitemap}?p={ProjectSitemap().paginator.num_pages}"))
        found.append(Page("search", reverse("search") + "?q=eakate"))
    return found


# --- In this process ------------------------------------------------------------------------------------------


def in_process(page_list: list[Page], runs: int) -> dict[str, tuple[float, float, float, int]]:
    """Per page: median and p99 CPU ms, median wall ms and queries, through the test client."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}

    def client_of(username):
        if username not in clients:
            clients[username] = Client(HTTP_HOST="127.0.0.1")
            if username:
                clients[username].force_login(get_user_model().objects.get(username=username))
        return clients[username]

    figures = {}
    for page in page_list:
        client = client_of(page.user)
        numbers = itertools.count()

        def address(page=page, numbers=numbers):
            # a search asks a new query each time: never in the page cache
            return f"{page.path}&n={next(numbers)}" if page.name == "search" else page.path

        for _ in range(2):
            response = client.get(address())
            assert response.status_code == 200, (page.name, page.path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(address())
        count = len(queries)  # now: the next request empties the connection's log of queries
        cpu, wall = [], []
        for _ in range(runs):
            started_cpu, started = time.process_time(), time.perf_counter()
            client.get(address())
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        cpu.sort()
        figures[page.name] = (
            statistics.median(cpu),
            cpu[min(len(cpu) - 1, int(len(cpu) * 0.99))],
            statistics.median(wall),
            count,
        )
        print(f"  {page.name}: {figures[page.name][0]:.1f} ms CPU, {count} queries", file=sys.stderr)
    return figures


def session_headers(page_list: list[Page]) -> dict[str | None, dict]:
    """A Cookie header per user the pages name (sessions in the database or cache the server shares)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    headers = {None: {}}
    for username in {page.user for page in page_list if page.user}:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=username))
        headers[username] = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        }
    return headers


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


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


# --- Load -----------------------------------------------------------------------------------------------------


def load_with_wrk(
    port: int, path: str, seconds: float, connections: int, headers: dict | None = None
) -> tuple[float, float, float]:
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
            *itertools.chain.from_iterable(("-H", f"{name}: {value}") for name, value in (headers or {}).items()),
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


def load_with_threads(
    port: int, path, seconds: float, connections: int, headers: dict | None = None
) -> tuple[float, float, float]:
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
            connection.request("GET", address(next(numbers)), headers=headers or {})
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


# --- Memory ---------------------------------------------------------------------------------------------------


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_mib(pid: int) -> float:
    found = re.search(r"^VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    return int(found.group(1)) / 1024


def memory(port: int, server: subprocess.Popen, page_list: list[Page], headers: dict, requests: int) -> None:
    """Every page type in turn, ``requests`` in all on two connections; each worker's RSS every 1 000 requests."""
    pids = worker_pids(server)
    numbers = itertools.count()
    samples = [[rss_mib(pid) for pid in pids]]
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (number := next(numbers)) < requests:
            page = page_list[number % len(page_list)]
            path = f"{page.path}&n={number}" if page.name == "search" else page.path
            connection.request("GET", path, headers=headers[page.user])
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            if (number + 1) % 1000 == 0:
                with lock:
                    samples.append([rss_mib(pid) for pid in pids])
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"\nworker memory over {requests} requests ({len(page_list)} page types in turn), RSS MiB:")
    print("requests " + "".join(f"{f'worker {pid}':>16}" for pid in pids))
    for k, sample in enumerate(samples):
        print(f"{k * 1000:>8} " + "".join(f"{value:>16.1f}" for value in sample))
    # Growth per 1 000 requests after the first thousand (which fills the template and translation caches).
    for i, pid in enumerate(pids):
        later = [sample[i] for sample in samples[1:]]
        growth = (later[-1] - later[0]) / max(1, len(later) - 1) if len(later) > 1 else float("nan")
        print(
            f"worker {pid}: start {samples[0][i]:.1f} MiB, after 1 000 {later[0]:.1f} MiB, end {later[-1]:.1f} MiB, "
            f"growth {growth:+.2f} MiB per 1 000 requests after the first 1 000"
        )


# --- Main -----------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=dataset.SCALES, default="large", help="data set (default large)")
    parser.add_argument("--uncached", action="store_true", help="page cache off: every request renders the page")
    parser.add_argument("--seconds", type=float, default=5, help="load time per page (default 5)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent keep-alive connections (default 4)")
    parser.add_argument("--runs", type=int, default=20, help="requests per page in this process (default 20)")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run if it has the scale")
    parser.add_argument("--database-url", help="default: welfare_bench (large) or welfare_bench_national on 127.0.0.1")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="Redis for the cache, as in production (emptied first); '' for each process's own memory",
    )
    parser.add_argument("--threads", action="store_true", help="use the Python load generator even if wrk is here")
    parser.add_argument("--memory", type=int, default=0, metavar="N", help="then N requests over all page types")
    parser.add_argument("--no-load", action="store_true", help="measure in this process only (no gunicorn)")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="measure only pages whose name contains NAME"
    )
    args = parser.parse_args()
    database_url = args.database_url or DATABASE_URLS[args.scale]

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_URL": "https://bench.invalid",  # DEBUG=0 refuses a missing or local address
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "STATIC_MANIFEST": "0",
        "BENCH_BARE_VIEW": "1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
    }
    if args.uncached:
        env["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    os.environ.update(env)

    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()  # no pages cached by an earlier run
    started = time.perf_counter()
    counts = dataset.ensure(database_url, args.scale, args.reuse)
    if counts is not None:
        print(f"built in {time.perf_counter() - started:.0f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    page_list = pages()
    if args.only:
        page_list = [page for page in page_list if any(part in page.name for part in args.only)]
    if not page_list:
        return
    print(
        f"{args.scale} data set, page cache {'off' if args.uncached else 'on'}; in process: {args.runs} requests a page"
    )
    figures = in_process(page_list, args.runs)
    headers = session_headers(page_list)
    from django.db import connections

    connections.close_all()

    rows = []
    server = None
    if not args.no_load:
        use_wrk = shutil.which("wrk") and not args.threads
        load = load_with_wrk if use_wrk else load_with_threads
        print(
            f"load: {'wrk' if use_wrk else 'Python threads'}, {args.connections} connections, {args.seconds:g} s a "
            "page; gunicorn 2 sync workers, DEBUG=0, PostgreSQL"
        )
        port = free_port()
        server = start_gunicorn(env, port)
    try:
        for page in page_list if server else []:
            header = headers[page.user]
            status, size = fetch(port, page.path, header)
            if status != 200:
                print(f"skipped {page.name}: {page.path} answered {status}")
                continue
            bare = f"/bench/bare?bytes={size}"
            for warm in (page.path, bare):
                fetch(port, warm, header)
            if page.name == "search":  # a new query each time (wrk requests one address)
                page_rate, page_p50, page_p99 = load_with_threads(
                    port, lambda number, path=page.path: f"{path}&n={number}", args.seconds, args.connections
                )
                bare_rate = load_with_threads(port, bare, args.seconds, args.connections)[0]
            else:
                page_rate, page_p50, page_p99 = load(port, page.path, args.seconds, args.connections, header)
                bare_rate = load(port, bare, args.seconds, args.connections)[0]
            rows.append((page.name, size, page_rate, page_p50, page_p99, bare_rate))
            print(f"  measured {page.name}", file=sys.stderr)
        if server and args.memory:
            memory(port, server, page_list, headers, args.memory)
    finally:
        if server:
            stop(server)

    loads = {row[0]: row for row in rows}
    header = (
        f"{'page':<22}{'queries':>8}{'CPU ms':>8}{'CPU p99':>8}{'wall ms':>8}"
        f"{'KiB':>7}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'bare r/s':>9}{'page/bare':>10}  target"
    )
    print()
    print(header)
    print("-" * len(header))
    for page in page_list:
        cpu, cpu_p99, wall, queries = figures[page.name]
        line = f"{page.name:<22}{queries:>8}{cpu:>8.1f}{cpu_p99:>8.1f}{wall:>8.1f}"
        ratio = None
        if page.name in loads:
            _name, size, rate, p50, p99, bare_rate = loads[page.name]
            ratio = rate / bare_rate if bare_rate else float("nan")
            line += f"{size / 1024:>7.1f}{rate:>8.0f}{p50:>8.1f}{p99:>8.1f}{bare_rate:>9.0f}{ratio:>10.0%}"
        else:
            line += " " * 50
        if args.uncached:
            line += "  ok" if cpu_p99 <= TARGET_CPU_MS else f"  > {TARGET_CPU_MS} ms"
        elif ratio is not None:
            line += "  ok" if ratio >= TARGET_RATIO else f"  < {TARGET_RATIO:.0%}"
        print(line)
    if args.uncached:
        median = statistics.median(figures[page.name][0] for page in page_list)
        worst = max(page_list, key=lambda page: figures[page.name][1])
        print(
            f"median of the pages' CPU ms: {median:.1f} (target <= {TARGET_MEDIAN_CPU_MS}); the slowest p99: "
            f"{worst.name} {figures[worst.name][1]:.1f} ms (target <= {TARGET_CPU_MS})"
        )


if __name__ == "__main__":
    main()
