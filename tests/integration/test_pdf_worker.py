"""A theme sheet requested through its download address is rendered by a real worker, then downloaded.

Marked ``integration``: run by ``make test-integration`` (PostgreSQL, Redis and a Celery worker sharing the
database and the media folder with this process; see conftest.py).
"""

import time
from decimal import Decimal

import pytest
from django.urls import reverse

from plans import documents
from plans.models import Document
from tests.factories import ActivityFactory, CooperationPlanFactory, RegionFactory, ThemeFactory, ThemeSectionFactory


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_renders_a_requested_theme_sheet_and_the_download_returns_it(real_celery_app, client, monkeypatch):
    def not_here(**kwargs):
        raise AssertionError("rendered in the web process, not in the worker")

    monkeypatch.setattr(documents, "render_pdf", not_here)
    plan = CooperationPlanFactory(region=RegionFactory(slug="vorumaa"), slug="heaolu-2022", status="adopted")
    theme = ThemeFactory(slug="tervena-vananemine", name_et="Tervena vananemine")
    section = ThemeSectionFactory(plan=plan, theme=theme, title="Tervena vananemine")
    ActivityFactory(section=section, title="Eakate päevakeskused", budget=Decimal("12000"))
    # Redis outlives the tables emptied after each test: forget download look-ups of an earlier run's plan.
    documents.plan_downloads_changed(plan=plan)
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
