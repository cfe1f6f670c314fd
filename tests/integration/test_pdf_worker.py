"""A theme sheet requested through its download address is rendered by a real worker, then downloaded; a render
whose worker process is killed (kill -9) is rendered again by the redelivered task.

Marked ``integration``: run by ``make test-integration`` (PostgreSQL, Redis and a Celery worker sharing the
database and the media folder with this process; see conftest.py).
"""

import contextlib
import os
import signal
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from documents import downloads
from documents import rendering as document_rendering
from documents.models import Document
from tests.factories import ActivityFactory, CooperationPlanFactory, RegionFactory, ThemeFactory, ThemeSectionFactory


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_renders_a_requested_theme_sheet_and_the_download_returns_it(real_celery_app, client, monkeypatch):
    def not_here(**kwargs):
        raise AssertionError("rendered in the web process, not in the worker")

    monkeypatch.setattr(document_rendering, "render_pdf", not_here)
    plan = CooperationPlanFactory(region=RegionFactory(slug="vorumaa"), slug="heaolu-2022", status="adopted")
    theme = ThemeFactory(slug="tervena-vananemine", name_et="Tervena vananemine")
    section = ThemeSectionFactory(plan=plan, theme=theme, title="Tervena vananemine")
    ActivityFactory(section=section, title="Eakate päevakeskused", budget=Decimal("12000"))
    # Redis outlives the tables emptied after each test: forget download look-ups of an earlier run's plan.
    downloads.plan_downloads_changed(plan=plan)
    url = reverse("plans:theme-sheet-pdf", kwargs={"region": "vorumaa", "plan": "heaolu-2022", "theme": theme.slug})

    first = client.get(url)
    assert first.status_code == 202  # queued for the worker; the request never renders

    deadline = time.monotonic() + 60
    document = Document.objects.get()
    while document.state not in {Document.State.READY, Document.State.FAILED} and time.monotonic() < deadline:
        time.sleep(0.2)
        document.refresh_from_db()
    assert document.state == Document.State.READY, document.error

    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert len(body) == document.size
    assert response["ETag"] == f'"{document.source_hash}"'
    document.file.storage.delete(document.file.name)


# --- A render killed mid-way (kill -9 of the pool process) ---------------------------------------------------


@pytest.fixture
def held_image():
    """A local HTTP server whose first image request hangs until the test is done: a render that is in progress.

    Yields (url, rendering, client_ports): ``rendering`` is set when a render asks for the image, and
    ``client_ports`` holds the local ports of the renders' connections (to find the rendering process).
    """
    rendering, done, client_ports = threading.Event(), threading.Event(), []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            client_ports.append(self.client_address[1])
            if len(client_ports) == 1:
                rendering.set()
                done.wait(30)
            self.send_error(404)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/held.png", rendering, client_ports
    done.set()
    server.shutdown()
    server.server_close()


def _process_with_connection_from(port: int) -> int:
    """The process that owns the loopback TCP connection whose local port is ``port`` (Linux /proc)."""
    inodes = set()
    with open("/proc/net/tcp") as table:
        for line in list(table)[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                        return int(pid)
    raise AssertionError(f"No process holds the connection from port {port}.")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_render_whose_worker_process_is_killed_is_rendered_by_the_redelivered_task(
    real_celery_app, held_image, settings
):
    from documents.tasks import render_document
    from welfare_portal import settings as project_settings

    settings.CACHES = project_settings.CACHES  # the worker's Redis, where it finds the source to render
    url, rendering, client_ports = held_image
    plan = CooperationPlanFactory(region=RegionFactory(slug="vorumaa"), slug="heaolu-2022", status="adopted")
    section = ThemeSectionFactory(plan=plan, theme=ThemeFactory(slug="tervena-vananemine"), title="Tervena vananemine")
    # A document whose cached source holds an image that never arrives: the worker is caught mid-render.
    html = (
        '<html lang="et"><head><title>Teemaleht</title></head>'
        f'<body><p>Teemaleht</p><img src="{url}" alt=""></body></html>'
    )
    source_hash = document_rendering._source_hash(kind="theme_sheet", scope="", language="et", html=html)
    document_rendering._remember_source(source_hash, html)
    document = Document.objects.create(
        plan=plan, kind="theme_sheet", section=section, language="et", source_hash=source_hash
    )

    task = render_document.delay(document.pk)
    assert rendering.wait(30), "the worker did not start the render"
    os.kill(_process_with_connection_from(client_ports[0]), signal.SIGKILL)

    # acks_late + reject_on_worker_lost: the same task comes back at once and takes over its own claim (the
    # lease is 60 s and no beat runs here, so only the redelivery can render it within this bound).
    deadline = time.monotonic() + 30
    document.refresh_from_db()
    while document.state != Document.State.READY and time.monotonic() < deadline:
        time.sleep(0.2)
        document.refresh_from_db()
    assert document.state == Document.State.READY, (document.state, document.error)
    assert document.attempt == task.id
    assert len(client_ports) == 2  # rendered twice: the killed render and the redelivered one
    document.file.storage.delete(document.file.name)
