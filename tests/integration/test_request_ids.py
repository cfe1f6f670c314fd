"""A real worker logs a task under the id of the request that published it (core/request_log.py), and a
task published outside any request under its own task id.

The worker's log is the file `make test-integration` sends it to (WORKER_LOG); the tests read it until the task's
line appears, up to a deadline.
"""

import json
import os
import re
import time
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from pages.tasks import worker_health

BASE_DIR = Path(__file__).resolve().parents[2]
WORKER_LOG = BASE_DIR / os.environ.get("WORKER_LOG", "var/celery-worker-integration.log")
DEADLINE_SECONDS = 30


def publish(request):
    return HttpResponse(worker_health.delay().id)


urlpatterns = [path("publish/", publish)]


def worker_line(task_id: str) -> str:
    """The worker's line saying the task succeeded, once it is there."""
    if not WORKER_LOG.exists():
        pytest.fail(f"No worker log at {WORKER_LOG}: run `make test-integration`, which writes it (WORKER_LOG).")
    wanted = f"worker_health[{task_id}] succeeded"
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        for line in WORKER_LOG.read_text(errors="replace").splitlines():
            if wanted in line:
                return line
        time.sleep(0.2)  # the worker has not written it yet: read again until the deadline
    pytest.fail(f"The worker did not log {wanted!r} within {DEADLINE_SECONDS} s (log: {WORKER_LOG}).")


def request_id_of(line: str) -> str:
    """The request id of a worker log line, plain (`... INFO [id] logger message`) or JSON."""
    if line.startswith("{"):
        return json.loads(line)["request_id"]
    return re.search(r" [A-Z]+ \[([^\]]*)\] ", line).group(1)


@pytest.mark.integration
@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_the_worker_logs_a_task_under_the_id_of_the_request_that_published_it(real_celery_app):
    response = Client().get("/publish/")
    task_id = response.content.decode()

    assert request_id_of(worker_line(task_id)) == response["X-Request-ID"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_worker_logs_a_task_published_outside_a_request_under_its_own_id(real_celery_app):
    task_id = worker_health.delay().id

    assert request_id_of(worker_line(task_id)) == task_id
