"""Statistics sources fetched by a real Celery worker from a local stand-in for Sotkanet and Statistics Estonia.

The shared worker of ``make test-integration`` knows only the real services' addresses, so this test starts a
worker of its own (same DATABASE_URL and REDIS_URL) on a queue of its own, with SOTKANET_URL and PXWEB_URL
pointing at tests/fake_statistics_server.py, and sends ``monitoring.fetch_statistics_source`` there. Marked
``integration`` (see conftest.py).
"""

import os
import subprocess
import sys
import threading
import uuid
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from monitoring.models import StatisticsSource
from monitoring.statistics.tasks import fetch_statistics_source
from tests.factories import IndicatorFactory, StatisticsSourceFactory
from tests.fake_statistics_server import FakeStatisticsServer

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def statistics_worker(real_celery_app):
    """A worker whose statistics services are the fake server; yields its queue and the server."""
    with FakeStatisticsServer() as server:
        queue = f"statistics-test-{uuid.uuid4().hex[:8]}"
        env = {
            **os.environ,
            "SOTKANET_URL": server.sotkanet_url,
            "PXWEB_URL": server.pxweb_url,
            "STATISTICS_RETRY_BACKOFF_MS": "0",
            "STATISTICS_RETRIES": "2",
        }
        command = [
            *(sys.executable, "-m", "celery", "-A", "welfare_portal", "worker", "--pool=solo", "--loglevel=INFO"),
            *("--queues", queue, "--hostname", f"{queue}@%h", "--without-mingle", "--without-gossip"),
        ]
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        ready = threading.Event()
        log: list[str] = []

        def read_log():
            for line in process.stdout:
                log.append(line.decode(errors="replace"))
                if b" ready." in line:
                    ready.set()

        threading.Thread(target=read_log, daemon=True).start()
        if not ready.wait(60):
            process.kill()
            pytest.fail("The statistics test worker was not ready after 60 s:\n" + "".join(log[-40:]))
        yield SimpleNamespace(queue=queue, server=server, log=log)
        process.terminate()
        process.wait(timeout=30)


def fetch_in_worker(source, worker):
    """Send the fetch to the test worker and wait for its result (this call asks for one; the task's default is
    to store none), so the test reads the database after the worker wrote it, with no polling."""
    fetch_statistics_source.apply_async(args=[source.pk], queue=worker.queue, ignore_result=False).get(timeout=60)
    source.refresh_from_db()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_fetches_sotkanet_and_statistics_estonia_sources_and_stores_their_values(statistics_worker):
    sotkanet = StatisticsSourceFactory(
        indicator=IndicatorFactory(baseline_year=2020, target_year=2025),
        provider="sotkanet",
        dataset="186",
        query={"gender": "total"},
        area_code="12",
        municipality_codes={"joensuu": "167", "lieksa": "422", "kitee": "260"},
        country_code="358",
    )
    pxweb = StatisticsSourceFactory(
        indicator=IndicatorFactory(baseline_year=2020, target_year=2025),
        provider="pxweb",
        dataset="RV0240",
        query={"Sugu": "1", "Vanuserühm": "4"},
        area_code="0087",
        municipality_codes={"voru-linn": "0919", "voru-vald": "0917", "rouge-vald": "0698"},
        country_code="00",
    )
    statistics_worker.server.fail("/regions", 503, times=1)

    for source in (sotkanet, pxweb):
        fetch_in_worker(source, statistics_worker)

    log = "".join(statistics_worker.log[-40:])
    assert sotkanet.state == StatisticsSource.State.OK, (sotkanet.error_code, log)
    assert pxweb.state == StatisticsSource.State.OK, (pxweb.error_code, log)
    # 5 areas × 2020-2025 from Sotkanet; 5 areas × 2020-2024 from the table.
    assert sotkanet.values.count() == 30
    assert sotkanet.values.get(area_code="167", year=2023).value == Decimal("1066.5")
    assert pxweb.values.count() == 25
    assert pxweb.values.get(area_code="0087", year=2020).value == Decimal("8947")
    # The worker retried the 503 and asked again.
    regions = [path for method, path in statistics_worker.server.requests if path.endswith("/regions")]
    assert len(regions) == 2


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_worker_records_a_failed_fetch_and_stores_nothing(statistics_worker):
    source = StatisticsSourceFactory(
        indicator=IndicatorFactory(baseline_year=2020, target_year=2025),
        provider="sotkanet",
        dataset="999999",
        area_code="12",
        municipality_codes={},
        country_code="",
    )

    fetch_in_worker(source, statistics_worker)

    assert (source.state, source.error_code, source.error_params) == (
        "failed",
        "unknown_dataset",
        {"dataset": "999999"},
    )
    assert not source.values.exists()
