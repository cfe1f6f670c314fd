"""Concurrent commenters against gunicorn + PostgreSQL: accepted comments per second, and none lost or doubled.

    .venv/bin/python bench/comments.py [--seconds 60] [--submitters 16] [--workers 4] [--database-url URL]

Builds a scratch PostgreSQL database (welfare_bench_comments on 127.0.0.1, dropped and created again) with one
region, a plan of five themes and an open consultation window, serves it with gunicorn (sync workers, DEBUG=0,
Redis as cache and Celery broker as in production, no Celery worker: mail waits in the outgoing-mail table), and
runs submitter processes that each, in a loop, GET a theme's comment form (CSRF cookie, form tokens) and POST a
comment carrying a unique marker, half of them with an e-mail address. The rate limits and the minimum fill time
are lifted through the environment. Afterwards every accepted submission (a redirect to a receipt) is looked up
in the database by its marker: it must be there exactly once, under the reference its receipt named.
Prints accepted/s, lost and duplicated; the target is >= 50 accepted/s (far above a resident's peak need), 0 lost,
0 duplicated. Not a test.
"""

import argparse
import http.client
import multiprocessing
import os
import re
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import subprocess  # noqa: E402

from bench.pages import fetch, free_port, recreate_database, stop  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/welfare_bench_comments"
TARGET_PER_SECOND = 50
THEMES = 5

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED_INPUT = re.compile(r'name="started" value="([^"]+)"')
COOKIE = re.compile(r"csrftoken=([^;]+)")


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "welfare_portal.wsgi:application", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if fetch(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not answer /healthz within 30 s")


def build_data() -> list[str]:
    """One open, post-moderated window on a plan of five themes; returns the comment form paths."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone, translation

    from consultations.models import ConsultationWindow
    from core.models import Municipality, Organisation, Region
    from plans.models import CooperationPlan, ThemeSection
    from themes.models import Theme

    region = Region.objects.create(slug="vorumaa", name="Võrumaa")
    Municipality.objects.create(region=region, slug="voru-vald", name="Võru vald")
    centre = Organisation.objects.create(
        slug="vorumaa-arenduskeskus", name="Võrumaa Arenduskeskus", kind="development_centre", region=region
    )
    plan = CooperationPlan.objects.create(
        region=region,
        slug="heaolu",
        title="Võrumaa heaolu koostöökava",
        start_year=2026,
        end_year=2029,
        lead_organisation=centre,
        status="consultation",
    )
    themes = [
        Theme.objects.create(slug=f"teema-{k}", name_et=f"Teema {k}", name_en=f"Theme {k}", name_fi=f"Teema {k}")
        for k in range(THEMES)
    ]
    for k, theme in enumerate(themes):
        ThemeSection.objects.create(plan=plan, theme=theme, title=f"Teema {k}", goals="Eesmärgid.", position=k)
    now = timezone.now()
    window = ConsultationWindow.objects.create(
        plan=plan,
        title="Avalik arutelu",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        moderation_mode=ConsultationWindow.ModerationMode.POST,
    )
    with translation.override("et"):
        return [
            reverse(
                "consultations:comment-create",
                kwargs={"region": region.slug, "plan": plan.slug, "window": window.pk, "theme": theme.slug},
            )
            for theme in themes
        ]


def submitter(port: int, paths: list[str], seconds: float, number: int, results) -> None:
    """GET the form, POST a comment with a unique marker; repeat until the time is up. Reports what was accepted."""
    accepted, refused, errors = [], Counter(), 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookie = ""
    deadline = time.monotonic() + seconds
    sequence = 0
    while time.monotonic() < deadline:
        path = paths[sequence % len(paths)]
        marker = f"bench-{number}-{sequence}-{uuid.uuid4().hex}"
        sequence += 1
        try:
            began = time.monotonic()
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            html = response.read().decode()
            set_cookie = response.getheader("Set-Cookie") or ""
            if COOKIE.search(set_cookie):
                cookie = "csrftoken=" + COOKIE.search(set_cookie).group(1)
            got = time.monotonic()
            form = {
                "csrfmiddlewaretoken": CSRF_INPUT.search(html).group(1),
                "started": STARTED_INPUT.search(html).group(1),
                "category": "recommendation",
                "body": f"Ettepanek eakate transpordi kohta, tähis {marker}.",
                "author_name": f"Kommenteerija {number}",
                "email": f"c{number}-{sequence}@example.org" if sequence % 2 else "",
                "consent": "on",
                "website": "",
            }
            connection.request(
                "POST",
                path,
                body=urlencode(form),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": f"http://127.0.0.1:{port}{path}",
                },
            )
            response = connection.getresponse()
            response.read()
            if os.environ.get("BENCH_DEBUG"):
                print(
                    f"{number}: GET {got - began:.3f}s, POST {time.monotonic() - got:.3f}s: {response.status}",
                    file=sys.stderr,
                )
            location = response.getheader("Location") or ""
            if response.status == 302 and "/consultations/receipt/" in location:
                token = location.rstrip("/").rsplit("/", 1)[-1]
                accepted.append((marker, token.split(":", 1)[0]))
            else:
                refused[response.status] += 1
                if sum(refused.values()) <= 3:
                    print(f"submitter {number}: refused with {response.status} {location}", file=sys.stderr)
        except (OSError, http.client.HTTPException, AttributeError) as error:
            errors += 1
            if errors <= 3:
                print(f"submitter {number}: {type(error).__name__}: {error}", file=sys.stderr)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()
    results.put((accepted, dict(refused), errors))


def check(accepted: list[tuple[str, str]]) -> tuple[int, int, int]:
    """(lost, duplicated, wrong reference) among the accepted submissions, by their markers in the database."""
    from consultations.models import Comment

    stored = Counter()
    reference_of = {}
    for reference, body in Comment.objects.filter(body__contains="bench-").values_list("reference", "body"):
        marker = re.search(r"bench-[\w-]+", body).group(0)
        stored[marker] += 1
        reference_of[marker] = reference
    lost = sum(1 for marker, _reference in accepted if stored[marker] == 0)
    duplicated = sum(1 for count in stored.values() if count > 1)
    wrong = sum(1 for marker, reference in accepted if stored[marker] and reference_of[marker] != reference)
    return lost, duplicated, wrong


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--submitters", type=int, default=16, help="concurrent submitter processes (default 16)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14", help="cache and broker (emptied first)")
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
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
        # Lifted for the bench only: thousands of comments from one address in a minute.
        "CONSULTATION_COMMENT_RATE_IP": "100000000/m",
        "CONSULTATION_COMMENT_RATE_EMAIL": "100000000/m",
        "CONSULTATION_MIN_FILL_SECONDS": "0",
    }
    os.environ.update(env)
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    paths = build_data()
    connections.close_all()

    port = free_port()
    server = start_gunicorn(env, port, workers=args.workers)
    try:
        results = multiprocessing.Queue()
        processes = [
            multiprocessing.Process(target=submitter, args=(port, paths, args.seconds, n, results))
            for n in range(args.submitters)
        ]
        started = time.perf_counter()
        for process in processes:
            process.start()
        outcomes = [results.get() for _ in processes]
        elapsed = time.perf_counter() - started
        for process in processes:
            process.join()
    finally:
        stop(server)

    accepted = [item for outcome in outcomes for item in outcome[0]]
    refused = Counter()
    for outcome in outcomes:
        refused.update(outcome[1])
    errors = sum(outcome[2] for outcome in outcomes)
    lost, duplicated, wrong = check(accepted)
    rate = len(accepted) / elapsed
    print(
        f"gunicorn {args.workers} sync workers, DEBUG=0, PostgreSQL, Redis; {args.submitters} submitters, "
        f"{elapsed:.1f} s"
    )
    print(f"accepted: {len(accepted)} ({rate:.1f}/s, target >= {TARGET_PER_SECOND}/s)")
    print(f"refused: {dict(refused) or 0}; connection errors: {errors}")
    print(f"lost: {lost}; duplicated: {duplicated}; receipt naming another comment: {wrong}")
    ok = rate >= TARGET_PER_SECOND and lost == 0 and duplicated == 0 and wrong == 0
    print("OK" if ok else "BELOW TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
