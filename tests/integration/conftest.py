"""Integration tests: a real Celery worker, PostgreSQL and Redis.

Tests marked ``integration`` run only with ``RUN_INTEGRATION=1`` (``make test-integration``, or ``.ci/run``);
otherwise they are skipped, so ``make test`` needs nothing but Python.

**One database for the tests and the worker.** pytest-django normally creates ``test_<name>`` and points the
test process at it, but the worker runs in another process and knows only ``DATABASE_URL``. So here the
``django_db_setup`` fixture is overridden: these tests use the database ``DATABASE_URL`` names, which must
already exist and be migrated (``make test-integration`` migrates it; ``.ci/run`` drops and creates
``welfare_ci`` first), and the worker is started with the same ``DATABASE_URL``. The tests use
``django_db(transaction=True)``, so what they write is committed and visible to the worker, and Django
empties every table after each test: hence the database must be a scratch one, which is checked below.
"""

import os
import signal
import socket
import subprocess
import threading
from types import SimpleNamespace

import dj_database_url
import pytest

SCRATCH_DATABASE_HINT = "its name must end in _ci or start with test_"


def _integration_enabled() -> bool:
    return os.environ.get("RUN_INTEGRATION") == "1"


def pytest_collection_modifyitems(config, items):
    if _integration_enabled():
        return
    skip = pytest.mark.skip(
        reason="integration test: needs PostgreSQL, Redis and a Celery worker; run `make test-integration` "
        "(or set RUN_INTEGRATION=1 with DATABASE_URL, REDIS_URL and a worker running)"
    )
    here = os.path.dirname(__file__)
    for item in items:
        if item.get_closest_marker("integration") and str(item.path).startswith(here):
            item.add_marker(skip)


def _require_integration_environment() -> str:
    """Return the database name, or fail with what is missing."""
    from django.db import connection

    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if missing:
        pytest.fail(f"RUN_INTEGRATION=1 needs {' and '.join(missing)} (the worker must use the same ones).")
    if connection.vendor != "postgresql":
        pytest.fail(f"Integration tests run on PostgreSQL, not {connection.vendor}.")
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail("Integration tests share one database with the worker: run them alone, without -n.")
    name = connection.settings_dict["NAME"]
    expected = dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]
    if name != expected:
        pytest.fail(
            f"The tests are on {name!r} but the worker uses {expected!r}: pytest-django already switched to its "
            "test database for other tests in this session. Run integration tests alone: pytest -m integration."
        )
    if not (name.endswith("_ci") or name.startswith("test_")):
        pytest.fail(f"Integration tests empty the database {name!r} after each test: {SCRATCH_DATABASE_HINT}.")
    return name


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    """Use the existing, migrated database from DATABASE_URL instead of creating ``test_<name>``."""
    if not _integration_enabled():
        # Only reached if an unmarked test here asks for the database: keep pytest-django's usual behaviour.
        pytest.skip("tests in tests/integration/ that use the database need RUN_INTEGRATION=1")
    _require_integration_environment()
    with django_db_blocker.unblock():
        from django.db import connection

        # A clear message now beats a "relation does not exist" in the middle of a test.
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
            (migrated,) = cursor.fetchone()
        if not migrated:
            pytest.fail(f"{connection.settings_dict['NAME']!r} is not migrated: run `manage.py migrate` first.")
    yield


@pytest.fixture
def real_celery_app():
    """The project's Celery app, publishing for real even if another fixture made tasks eager."""
    from welfare_portal.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = eager


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of the test's own on a free port, which the test may stop (SIGSTOP) and continue (SIGCONT)
    without touching the Redis that the worker and other tests use."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
    )
    for line in process.stdout:
        if "Ready to accept connections" in line:
            break
    else:
        pytest.fail(f"redis-server on port {port} exited with {process.wait()} before it was ready")
    # Keep reading its log, or a full pipe would stop it in a way of its own.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    yield SimpleNamespace(url=f"redis://127.0.0.1:{port}/0", pid=process.pid)
    os.kill(process.pid, signal.SIGCONT)
    process.terminate()
    process.wait(timeout=30)
