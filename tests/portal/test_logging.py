"""Logs: one line per request with its id (also in the logs of the tasks it starts), each line once, JSON on request,
and no chatter from WeasyPrint.

In-process tests read what the configured console handler would print (its formatter and filters on a stream of
the test's own). Whether a line comes out twice depends on how the whole process configured logging, so those
cases start a fresh Python: configured as runserver and gunicorn do it, or runserver itself.
"""

import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from accounts.tasks import prune_login_records, prune_sessions
from core.request_log import HEADER
from documents.rendering import render_pdf
from welfare_portal.celery import app

BASE_DIR = Path(__file__).resolve().parents[2]


def enqueue_in_process(request):
    prune_login_records.delay()
    return HttpResponse("queued")


def publish_to_memory_broker(request):
    # A task without a result: publishing it involves no result store, only the broker.
    with app.connection_for_write("memory://") as connection:
        result = prune_sessions.apply_async(connection=connection)
    return HttpResponse(result.id)


urlpatterns = [
    path("enqueue/", enqueue_in_process),
    path("publish/", publish_to_memory_broker),
]


@pytest.fixture
def log_lines():
    """What the console handler prints from now on, as a function returning the lines so far."""
    console = logging.getHandlerByName("console")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: stream.getvalue().splitlines()
    root.removeHandler(handler)


def request_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if " log_request_id.middleware " in line]


@pytest.mark.django_db
def test_each_request_is_logged_once_with_its_id_status_and_duration(client, log_lines):
    response = client.get("/healthz")

    [line] = log_lines()
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert f"[{request_id}] log_request_id.middleware method=GET path=/healthz status=200" in line
    assert re.search(r" duration_ms=\d+$", line)


@pytest.mark.django_db
def test_a_page_not_found_is_one_request_line_not_a_warning_besides(client, log_lines):
    response = client.get("/et/no-such-page/")

    assert response.status_code == 404
    [line] = log_lines()
    assert "path=/et/no-such-page/ status=404" in line


def test_the_request_line_names_the_logged_in_user_by_id(admin_client, admin_user, log_lines):
    admin_client.get("/healthz")

    [line] = request_lines(log_lines())
    assert f" user={admin_user.pk} " in line


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_used_only_when_its_header_is_configured(settings, log_lines):
    unconfigured = Client().get("/healthz", headers={"X-Request-ID": "edge-42"})
    settings.LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
    from_proxy = Client().get("/healthz", headers={"X-Request-ID": "edge-42"})
    without_header = Client().get("/healthz")

    assert unconfigured["X-Request-ID"] != "edge-42"
    assert from_proxy["X-Request-ID"] == "edge-42"
    assert re.fullmatch(r"[0-9a-f]{32}", without_header["X-Request-ID"])
    assert [line.split("] ")[0].rsplit("[", 1)[1] for line in request_lines(log_lines())] == [
        unconfigured["X-Request-ID"],
        "edge-42",
        without_header["X-Request-ID"],
    ]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_task_run_in_process_logs_under_the_id_of_the_request_that_started_it(client, eager_celery, log_lines):
    response = client.get("/enqueue/")

    request_id = response["X-Request-ID"]
    lines = log_lines()
    assert any(f"[{request_id}] accounts.housekeeping Pruned log-in records" in line for line in lines)
    # The task's end did not take the id away from the rest of the request.
    assert [f"[{request_id}]" in line for line in request_lines(lines)] == [True]


@pytest.fixture
def memory_queue():
    """Tasks are published (not run in-process) to the in-memory broker, whose queue the test reads."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    with app.connection_for_read("memory://") as connection:
        queue = connection.SimpleQueue(app.conf.task_default_queue)
        queue.clear()
        yield queue
        queue.clear()
        queue.close()
    app.conf.task_always_eager = saved


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_task_published_during_a_request_carries_the_request_id_in_its_message(client, memory_queue):
    response = client.get("/publish/")

    message = memory_queue.get(timeout=5)
    message.ack()
    assert message.headers["id"] == response.content.decode()
    assert message.headers[HEADER] == response["X-Request-ID"]


def test_a_task_published_outside_any_request_carries_no_request_id(memory_queue):
    with app.connection_for_write("memory://") as connection:
        prune_sessions.apply_async(connection=connection)

    message = memory_queue.get(timeout=5)
    message.ack()
    # The worker then logs it under its own task id (tests/integration/test_request_ids.py).
    assert HEADER not in message.headers


def test_rendering_a_pdf_logs_nothing_below_warning(caplog):
    pdf, pages = render_pdf(html="<h1>Heaolu</h1><p>Eakate nõustamine ja tugi.</p>", base_url=str(BASE_DIR))

    assert pdf.startswith(b"%PDF") and pages == 1
    chatter = [
        (record.name, record.getMessage())
        for record in caplog.records
        if record.name.startswith(("weasyprint", "fontTools")) and record.levelno < logging.WARNING
    ]
    assert chatter == []


# --- Whole processes ----------------------------------------------------------------------------------------------


def fresh_env(var_dir: Path, **env: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
        "DEBUG": "1",
        # Never the developer's var/: the embedded default creates its SQLite database here.
        "VAR_DIR": str(var_dir),
        **env,
    }


# Set up as runserver and gunicorn do: django.setup(), then again for the WSGI application, which configures
# logging a second time. Then one request, and what Django logs about failed requests and runserver's access line.
CONFIGURED_TWICE_SCRIPT = """
import logging
import django
from django.core.wsgi import get_wsgi_application

django.setup()
get_wsgi_application()
from django.test import Client

response = Client().get("/healthz", HTTP_HOST="localhost")
print(response["X-Request-ID"])
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").error("Internal Server Error: /boom", exc_info=True)
logging.getLogger("django.request").warning("Not Found: /nope")
logging.getLogger("django.server").info('"GET /healthz HTTP/1.1" 200 49')
logging.getLogger("weasyprint.progress").info("Step 1 - Fetching and parsing HTML")
"""


def run_configured_twice(tmp_path, log_format: str) -> tuple[str, list[str]]:
    completed = subprocess.run(
        [sys.executable, "-c", CONFIGURED_TWICE_SCRIPT],
        cwd=BASE_DIR,
        env=fresh_env(tmp_path, LOG_FORMAT=log_format),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip(), completed.stderr.splitlines()


def test_json_logs_are_one_object_per_line_each_written_once(tmp_path):
    request_id, lines = run_configured_twice(tmp_path, "json")

    records = [json.loads(line) for line in lines]
    assert [(r["logger"], r["level"]) for r in records] == [
        ("log_request_id.middleware", "INFO"),
        ("django.request", "ERROR"),
    ]
    request, error = records
    assert request["request_id"] == request_id
    assert request["message"].startswith("method=GET path=/healthz status=200 ")
    assert set(request) >= {"time", "level", "logger", "message", "request_id"}
    assert error["request_id"] == "-"
    assert error["exc_info"].startswith("Traceback") and "ZeroDivisionError" in error["exc_info"]


def test_plain_logs_write_each_record_once(tmp_path):
    request_id, lines = run_configured_twice(tmp_path, "plain")

    starts = [line for line in lines if re.match(r"\d{4}-\d\d-\d\d ", line)]
    assert len(starts) == 2
    assert f"INFO [{request_id}] log_request_id.middleware method=GET path=/healthz status=200" in starts[0]
    assert "ERROR [-] django.request Internal Server Error: /boom" in starts[1]
    assert lines[-1] == "ZeroDivisionError: division by zero"


def test_runserver_writes_one_line_per_request(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE_DIR,
        env=fresh_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    answered = []
    try:
        deadline = time.monotonic() + 60
        while not answered and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
                    answered.append(response.headers["X-Request-ID"])
            except OSError:
                time.sleep(0.1)  # not listening yet: poll again until the deadline
        assert answered, "runserver did not answer within 60 s"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz?again=1", timeout=10) as response:
            answered.append(response.headers["X-Request-ID"])
    finally:
        server.terminate()
        _stdout, stderr = server.communicate(timeout=30)

    lines = stderr.splitlines()
    # runserver's own access line ("GET /healthz HTTP/1.1" 200) is not among them.
    assert len(lines) == len(answered) == 2
    for line, request_id in zip(lines, answered, strict=True):
        assert f"INFO [{request_id}] log_request_id.middleware method=GET path=/healthz status=200" in line
