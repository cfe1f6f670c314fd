"""A real Celery worker against PostgreSQL and Redis, and what publishing does when Redis stops answering.

The worker tests are marked ``integration`` (see conftest.py: they need ``make test-integration``). The
silent-Redis tests need no service at all: they start their own fake Redis and run the project's settings
in a subprocess with ``REDIS_URL`` pointing at it, exactly as a web process would be configured, and count the
calls that reached it: one, after which the Redis circuit breaker (core/redis_breaker.py) turns
publishing away at once.
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

from core.models import Region
from pages.tasks import worker_health
from tests.factories import RegionFactory

BASE_DIR = Path(__file__).resolve().parents[2]


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
import json, sys
import django

django.setup()
import pybreaker
from core.redis_breaker import breaker
from pages.tasks import worker_health


class Count(pybreaker.CircuitBreakerListener):
    calls = 0

    def before_call(self, cb, func, *args, **kwargs):
        Count.calls += 1


breaker.add_listener(Count())
outcomes = []
for _ in range(2):
    try:
        worker_health.apply_async(ignore_result=sys.argv[1] == "ignore-result")
    except Exception as exc:
        outcomes.append({"error": type(exc).__name__, "redis_calls": Count.calls})
    else:
        outcomes.append({"error": None, "redis_calls": Count.calls})
print(json.dumps(outcomes))
"""


def publish_twice_with_project_settings(redis_url: str, var_dir: Path, *, ignore_result: bool) -> list[dict]:
    """Publish worker_health twice from a fresh process configured only by REDIS_URL; what each publish did."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
        "VAR_DIR": str(var_dir),
        "REDIS_URL": redis_url,
        "REDIS_TIMEOUT": "1",
    }
    mode = "ignore-result" if ignore_result else "with-result"
    # A hang guard, not a speed check: without socket timeouts kombu blocked here for over 100 s.
    try:
        completed = subprocess.run(
            [sys.executable, "-c", PUBLISH_SCRIPT, mode],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"Publishing ({mode}) was still blocked on the silent Redis after 60 s.")
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("ignore_result", [True, False], ids=["ignore-result", "with-result"])
def test_publishing_to_a_redis_that_never_answers_fails_once_and_then_without_asking_it(
    silent_redis, tmp_path, ignore_result
):
    # With a result kept, Celery first subscribes to the result's channel on the same Redis, then publishes.
    first, second = publish_twice_with_project_settings(silent_redis.url, tmp_path, ignore_result=ignore_result)

    assert silent_redis.accepted, "the client never connected, so no timeout was exercised"
    # kombu's OperationalError for the broker; the result backend's RuntimeError "Retry limit exceeded".
    assert first["error"] in {"OperationalError", "RuntimeError"} and first["redis_calls"] == 1, first
    # The breaker is open: the second publish fails at once, without another wait for the silent Redis.
    assert second == {"error": "CircuitBreakerError", "redis_calls": 1}
