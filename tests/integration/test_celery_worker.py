"""A real Celery worker against PostgreSQL and Redis, and what publishing does when Redis stops answering.

The worker tests are marked ``integration`` (see conftest.py: they need ``make test-integration``). The
silent-Redis tests need no service at all: they start their own fake Redis and run the project's settings
in a subprocess with ``REDIS_URL`` pointing at it, exactly as a web process would be configured.
"""

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from plans.models import Region
from tests.factories import RegionFactory
from welfare_portal.tasks import worker_health

BASE_DIR = Path(__file__).resolve().parents[2]

# A request that enqueues work must give up on a dead broker within this bound, not hang a gunicorn worker.
# It is generous: the settings use 3 s socket timeouts, and Django's start-up is not counted.
PUBLISH_BOUND_SECONDS = 15


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_reports_that_it_reaches_postgresql(real_celery_app):
    result = worker_health.delay().get(timeout=30)

    assert result["database"] == "postgresql"
    # A worker's node name (name@host), so the task did not run eagerly in this process.
    assert "@" in result["worker"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_sees_rows_the_test_committed(real_celery_app):
    before = Region.objects.count()
    RegionFactory(slug="tartumaa", name="Tartumaa")
    RegionFactory(slug="pohjois-karjala", name="Pohjois-Karjala")

    result = worker_health.delay().get(timeout=30)

    assert result["regions"] == before + 2


# --- A Redis that accepts connections and never answers -----------------------------------------------------


@pytest.fixture
def silent_redis():
    """A TCP server on a free loopback port that accepts every connection and never sends a byte."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted=accepted)
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    server.close()


PUBLISH_SCRIPT = """
import json, sys, time
import django

django.setup()
from welfare_portal.tasks import worker_health

started = time.monotonic()
try:
    worker_health.apply_async(ignore_result=sys.argv[1] == "ignore-result")
except Exception as exc:
    outcome = {"error": type(exc).__name__, "message": str(exc).strip()}
else:
    outcome = {"error": None}
outcome["seconds"] = round(time.monotonic() - started, 2)
print(json.dumps(outcome))
"""


def publish_with_project_settings(redis_url: str, var_dir: Path, *, ignore_result: bool) -> dict:
    """Publish worker_health from a fresh process configured only by REDIS_URL; return what happened."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
        "VAR_DIR": str(var_dir),
        "REDIS_URL": redis_url,
    }
    mode = "ignore-result" if ignore_result else "with-result"
    # The process gets the bound plus time to start Django; past that it is killed and the test fails.
    timeout = PUBLISH_BOUND_SECONDS + 5
    try:
        completed = subprocess.run(
            [sys.executable, "-c", PUBLISH_SCRIPT, mode],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"Publishing ({mode}) was still blocked on the silent Redis after {timeout} s.")
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_publishing_to_a_redis_that_never_answers_fails_within_seconds(silent_redis, tmp_path):
    # The broker half of .delay(): kombu's producer, bounded by CELERY_BROKER_TRANSPORT_OPTIONS' socket timeouts.
    # Without them (kombu's default) this blocked for over 100 s.
    outcome = publish_with_project_settings(silent_redis.url, tmp_path, ignore_result=True)

    assert silent_redis.accepted, "the client never connected, so no timeout was exercised"
    assert outcome["error"] is not None, "publishing to a Redis that never answers cannot succeed"
    assert outcome["seconds"] < PUBLISH_BOUND_SECONDS, outcome


@pytest.mark.integration
def test_delay_with_a_result_backend_on_a_redis_that_never_answers_fails_within_seconds(silent_redis, tmp_path):
    # The whole of .delay() for a task whose result is kept: Celery first subscribes to the result's channel on
    # the result backend (the same Redis), then publishes. This is what a web request calling .delay() waits for.
    outcome = publish_with_project_settings(silent_redis.url, tmp_path, ignore_result=False)

    assert outcome["error"] is not None, "publishing to a Redis that never answers cannot succeed"
    assert outcome["seconds"] < PUBLISH_BOUND_SECONDS, outcome
