import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from tests.factories import RegionFactory

# Every test runs on the same day: a single-digit day of the month (the feed test once looked for "04" in
# "4. detsember" and failed on days 1-9), on a weekday morning in Tallinn, well away from midnight and DST changes.
TEST_NOW = datetime(2027, 3, 4, 10, 30, tzinfo=ZoneInfo("Europe/Tallinn"))


@pytest.fixture(autouse=True)
def clock(request):
    """The clock every test starts from: TEST_NOW, ticking on from there. ``clock.shift(seconds)`` moves it on.

    Integration tests are left on the real clock: their Celery worker runs in another process, which a frozen
    clock in this one cannot reach.
    """
    if request.node.get_closest_marker("integration"):
        yield None
        return
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The default PBKDF2 hasher spends ~0.3 s per password; tests never need a strong hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def region(db):
    return RegionFactory(slug="vorumaa", name="Võrumaa")


@pytest.fixture
def other_region(db):
    return RegionFactory(slug="laane-virumaa", name="Lääne-Virumaa")


@pytest.fixture
def anonymous_client(client):
    return client


@pytest.fixture
def superuser_client(admin_client):
    """A client logged in (force_login) as pytest-django's ``admin_user``, a superuser."""
    return admin_client


@pytest.fixture(autouse=True)
def _cache_of_its_own(settings):
    # Whole pages are cached (core/page_cache.py) and every test reuses the same addresses: each test
    # gets an empty cache of its own, so that no test sees another's pages (nor a shared Redis under xdist).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex},
    }


@pytest.fixture(autouse=True)
def _no_request_id_left_over():
    # A view or task called outside Django's request cycle (RequestFactory, an eager task) leaves the thread's
    # request id set; the next test in this thread starts without one.
    from log_request_id import local

    if hasattr(local, "request_id"):
        del local.request_id


@pytest.fixture(autouse=True)
def _redis_breaker_closed():
    # A test that made Redis fail leaves the process-wide breaker open; the next test starts with it closed.
    from core.redis_breaker import breaker

    breaker.close()
    yield
    breaker.close()


@pytest.fixture(autouse=True)
def _estonian_interface():
    # Requests activate their URL's language in this thread and leave it active; every test starts in Estonian,
    # the default, so that reverse() and get_absolute_url() do not depend on the test that ran before.
    with translation.override("et"):
        yield


@pytest.fixture
def eager_celery():
    """Tasks run in-process for this test, also where REDIS_URL makes them go to a broker (CI's second stage)."""
    from welfare_portal.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
