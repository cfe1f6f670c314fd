"""Error reports (core/error_reporting.py), sent for real to a fake Sentry on 127.0.0.1 that keeps what it
is sent: an error in a view arrives as one report, without the resident's data."""

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
import sentry_sdk
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponseServerError
from django.test import RequestFactory
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from core.error_reporting import error_reporting_init

RESIDENT = {
    "body": "Minu ema vajab koduhooldust kaks korda nädalas.",
    "author_name": "Mari Maasikas",
    "email": "mari.maasikas@example.ee",
}
SESSION_COOKIE = "resident-session-7f3a9c"
CLIENT_ADDRESS = "203.0.113.77"


@csrf_exempt  # the request comes without the form page's token
def comment_that_fails(request):
    request.POST.get("body")  # the form is read, as a comment view reads it, before the failure
    raise RuntimeError("The comment could not be saved")


def server_error(request):
    return HttpResponseServerError("Server error")


urlpatterns = [path("comment/", comment_that_fails)]
# The portal's 500 page links to pages this URLconf does not have.
handler500 = server_error


@pytest.fixture
def fake_sentry():
    """An HTTP server that accepts Sentry envelopes and keeps each one, uncompressed."""
    envelopes: list[bytes] = []

    class Envelopes(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            elif self.headers.get("Content-Encoding") == "br":
                import brotli  # sentry-sdk compresses with Brotli only where it is installed

                body = brotli.decompress(body)
            envelopes.append(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Envelopes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(dsn=f"http://publickey@127.0.0.1:{server.server_port}/1", envelopes=envelopes)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def error_reporting(fake_sentry, monkeypatch):
    """Error reporting started as settings.py starts it, and stopped afterwards so no other test reports."""
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    assert error_reporting_init(dsn=fake_sentry.dsn, environment="test")
    yield fake_sentry
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def items(envelope: bytes) -> list[tuple[dict, bytes]]:
    """(item header, payload) pairs of a Sentry envelope: a header line, then per item a header and its payload."""
    lines = envelope.split(b"\n")
    found = []
    position = 1
    while position + 1 < len(lines) and lines[position]:
        found.append((json.loads(lines[position]), lines[position + 1]))
        position += 2
    return found


def post_through_the_wsgi_handler(url: str, data: dict, headers: dict) -> tuple[str, dict]:
    """POST as a WSGI server (gunicorn, runserver) does, through the handler that sentry-sdk instruments."""
    environ = RequestFactory().post(url, data, headers=headers).environ
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=status, headers=dict(response_headers))

    # As Django's test client does: the handler would otherwise close the test's database connection, which
    # holds the test's transaction (with CONN_MAX_AGE=0 on PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, start_response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], started["headers"]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_an_error_in_a_view_is_reported_once_without_the_residents_data(error_reporting):
    status, headers = post_through_the_wsgi_handler(
        "/comment/", RESIDENT, headers={"Cookie": f"sessionid={SESSION_COOKIE}", "X-Forwarded-For": CLIENT_ADDRESS}
    )
    sentry_sdk.flush(timeout=10)

    assert status.startswith("500")
    events = [
        json.loads(payload)
        for envelope in error_reporting.envelopes
        for header, payload in items(envelope)
        if header["type"] == "event"
    ]
    assert len(events) == 1
    [event] = events
    [exception] = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "The comment could not be saved")
    assert event["environment"] == "test"
    assert event["tags"]["request_id"] == headers["X-Request-ID"]
    request = event["request"]
    assert (request["method"], request["url"]) == ("POST", "http://testserver/comment/")
    assert not request.get("data") and "cookies" not in request and "user" not in event
    # Traces are off: errors only.
    assert {header["type"] for envelope in error_reporting.envelopes for header, _ in items(envelope)} <= {
        "event",
        "session",
        "sessions",
        "client_report",
    }
    everything_sent = b"".join(error_reporting.envelopes).decode()
    for secret in [*RESIDENT.values(), SESSION_COOKIE, CLIENT_ADDRESS]:
        assert secret not in everything_sent


def test_without_a_dsn_error_reporting_does_not_start():
    assert error_reporting_init(dsn="") is False
    assert not sentry_sdk.get_client().is_active()
