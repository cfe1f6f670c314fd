# ruff: noqa: F811  (the fixture imported from tests/consultations/conftest.py is a parameter of the test)
"""A Redis that hangs (SIGSTOP) costs a web process one REDIS_TIMEOUT, not one per call; the rate limits hold
meanwhile and pages come from the database (issue 13, faults 12 and 13).

The requests run in a process of their own (redis_hang_visitor.py) configured by REDIS_URL like a web process,
so the cache, the rate limits and task publishing all use the test's own Redis, which it stops and continues.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from consultations.models import Comment
from documents.models import Document
from tests.consultations.conftest import consultation  # noqa: F401  (fixture)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]


def run_visitor(redis, urls: dict, tmp_path) -> list[dict]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "VAR_DIR": str(tmp_path),
        "REDIS_URL": redis.url,
        "REDIS_TIMEOUT": "1",
        "CONSULTATION_COMMENT_RATE_EMAIL": "2/h",
    }
    # A hang guard, not a speed check: the visitor's requests would each wait 1 s without the breaker.
    completed = subprocess.run(
        [sys.executable, "-m", "tests.integration.redis_hang_visitor", str(redis.pid), json.dumps(urls)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_a_hung_redis_costs_one_timeout_then_pages_comments_and_limits_go_on_without_it(
    own_redis,
    consultation,
    tmp_path,
):
    kwargs = {"region": consultation.region.slug, "plan": consultation.plan.slug}
    urls = {
        "form": consultation.form_url,
        "pages": [
            reverse("plans:detail", kwargs=kwargs),
            reverse("plans:section", kwargs={**kwargs, "theme": "vananemine"}),
            consultation.window_url,
        ],
        "pdf": reverse("plans:theme-sheet-pdf", kwargs={**kwargs, "theme": "vananemine"}),
    }

    visits = {visit["name"]: visit for visit in run_visitor(own_redis, urls, tmp_path)}

    assert visits["form page, Redis answering"]["redis_calls"] >= 1
    hung = [visit for name, visit in visits.items() if "Redis" not in name]
    assert hung[0]["redis_calls"] == 1, hung  # one call waited for the timeout and opened the breaker
    assert [visit for visit in hung[1:] if visit["redis_calls"]] == []  # the rest never asked the hung Redis

    assert visits["form page"]["status"] == 200
    assert visits["first comment"]["status"] == visits["second comment"]["status"] == 302
    assert visits["third comment, over the limit"]["status"] == 429  # counted in the process meanwhile
    assert all(visits[url]["status"] == 200 for url in urls["pages"])
    assert visits["PDF request"]["status"] == 202  # recorded as queued: the sweep publishes it later
    assert Comment.objects.count() == 2
    assert Document.objects.get().state == Document.State.QUEUED

    # After the pause, one trial call finds Redis answering again and the breaker closes.
    assert visits["form page, Redis back"]["status"] == 200
    assert visits["form page, Redis back"]["redis_calls"] >= 1
    assert visits["form page, Redis back again"]["redis_calls"] >= 1
