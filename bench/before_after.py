"""bench/pages.py for an earlier commit and for this tree side by side, in one run, taking turns page by page.

    .venv/bin/python bench/before_after.py --before REF [--seconds 3] [--connections 4] [--reuse] [--only NAME]

Checks REF out into a temporary git worktree, builds the large data set of bench/pages.py with each tree's own
code in a database of its own (welfare_bench_before, welfare_bench_after), starts gunicorn for both at once and
then loads each page type before, after, and the bare view of each, one after the other, so that a busy minute on
this shared machine falls on both. Prints requests per second and each page's ratio to its own bare view (the
target: 50 % or more for every cached page). Then both servers start again with the page cache off
(PUBLIC_PAGE_CACHE_SECONDS=0) and each page is rendered by one connection at a time: the median milliseconds of an
uncached render, before and after. Only 127.0.0.1 is requested. Not a test: it prints figures.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # bench/pages.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "postgres://postgres@127.0.0.1:5432/welfare_bench_{}"
REDIS = {"before": "redis://127.0.0.1:6379/12", "after": "redis://127.0.0.1:6379/13"}
URLS = """
import json, django
django.setup()
import bench.pages as pages
print(json.dumps(pages.page_urls()))
"""


def environment(tree: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE.format(tree),
        "REDIS_URL": REDIS[tree],
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_URL": "https://bench.invalid",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "BENCH_BARE_VIEW": "1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
    }


def build(tree: str, root: Path, reuse: bool) -> dict[str, str]:
    """The tree's own bench/pages.py builds its database (measuring no page); then its page addresses."""
    env = environment(tree)
    if not reuse:
        command = [sys.executable, "bench/pages.py", "--database-url", env["DATABASE_URL"], "--redis-url"]
        subprocess.run([*command, env["REDIS_URL"], "--only", "no page has this name"], cwd=root, env=env, check=True)
    found = subprocess.run([sys.executable, "-c", URLS], cwd=root, env=env, capture_output=True, text=True, check=True)
    return json.loads(found.stdout.strip().splitlines()[-1])


def start(tree: str, root: Path, **extra: str) -> tuple[subprocess.Popen, int]:
    port = pages.free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "welfare_portal.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--log-level", "warning"],
        cwd=root,
        env={**environment(tree), **extra},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    deadline = pages.time.monotonic() + 30
    while pages.time.monotonic() < deadline:
        try:
            if pages.fetch(port, "/healthz")[0] == 200:
                return server, port
        except OSError:
            pages.time.sleep(0.2)
    pages.stop(server)
    sys.exit(f"gunicorn of the {tree} tree did not answer /healthz within 30 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the earlier commit (any git revision)")
    parser.add_argument("--seconds", type=float, default=3, help="load time per page and tree (default 3)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="keep both databases of the last run")
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-before-") as scratch:
        before_root = Path(scratch) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(before_root), args.before], cwd=ROOT, check=True)
        servers = []
        try:
            urls = {"before": build("before", before_root, args.reuse), "after": build("after", ROOT, args.reuse)}
            names = [name for name in urls["after"] if name in urls["before"] and name != "search"]
            if args.only:
                names = [name for name in names if any(part in name for part in args.only)]
            ports = {}
            for tree, root in (("before", before_root), ("after", ROOT)):
                server, ports[tree] = start(tree, root)
                servers.append(server)
            print(f"load: Python threads, {args.connections} connections, {args.seconds:g} s a page and tree")
            rows = []
            for name in names:
                figures = {}
                for tree in ("before", "after"):
                    path = urls[tree][name]
                    status, size = pages.fetch(ports[tree], path)
                    if status != 200:
                        figures[tree] = None
                        continue
                    bare = f"/bench/bare?bytes={size}"
                    pages.fetch(ports[tree], bare)
                    rate = pages.load_with_threads(ports[tree], path, args.seconds, args.connections)[0]
                    bare_rate = pages.load_with_threads(ports[tree], bare, args.seconds, args.connections)[0]
                    figures[tree] = (rate, bare_rate)
                rows.append((name, figures))
                print(f"  measured {name}", file=sys.stderr)
            while servers:
                pages.stop(servers.pop())
            for tree, root in (("before", before_root), ("after", ROOT)):
                server, ports[tree] = start(tree, root, PUBLIC_PAGE_CACHE_SECONDS="0")
                servers.append(server)
            renders = []
            for name in names:
                medians = {}
                for tree in ("before", "after"):
                    if pages.fetch(ports[tree], urls[tree][name])[0] == 200:
                        medians[tree] = pages.load_with_threads(ports[tree], urls[tree][name], args.seconds, 1)[1]
                renders.append((name, medians))
                print(f"  rendered {name}", file=sys.stderr)
        finally:
            for server in servers:
                pages.stop(server)
            subprocess.run(["git", "worktree", "remove", "--force", str(before_root)], cwd=ROOT, check=False)

    header = f"{'page (cached for visitors)':<28}{'before r/s':>11}{'/bare':>7}{'after r/s':>11}{'/bare':>7}"
    header += f"{'after/before':>14}"
    print(f"before: {args.before}   after: this tree")
    print(header)
    print("-" * len(header))
    for name, figures in rows:
        before, after = figures.get("before"), figures.get("after")
        cells = []
        for figure in (before, after):
            cells.append(f"{figure[0]:>11.0f}{figure[0] / figure[1]:>7.0%}" if figure else f"{'-':>11}{'':>7}")
        change = f"{after[0] / before[0]:>14.2f}" if before and after else f"{'-':>14}"
        print(f"{name:<28}{cells[0]}{cells[1]}{change}")
    print()
    header = f"{'page (cache off, 1 connection)':<32}{'before p50 ms':>15}{'after p50 ms':>14}{'after/before':>14}"
    print(header)
    print("-" * len(header))
    for name, medians in renders:
        before, after = medians.get("before"), medians.get("after")
        change = f"{after / before:>14.2f}" if before and after else f"{'-':>14}"
        print(f"{name:<32}{before or float('nan'):>15.1f}{after or float('nan'):>14.1f}{change}")


if __name__ == "__main__":
    main()
