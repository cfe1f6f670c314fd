"""One way to talk to the statistics services: a requests session that retries, times out and names the portal."""

from decimal import Decimal

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from monitoring.statistics import errors
from monitoring.statistics.errors import StatisticsError

RETRY_STATUSES = (429, 500, 502, 503, 504)


def user_agent() -> str:
    # Open data services ask callers to say who they are and how to reach them.
    return f"welfare-portal/1.0 (cooperation plan follow-up; {settings.DEFAULT_FROM_EMAIL})"


def timeouts() -> tuple[float, float]:
    """(connect, read) in seconds: connecting never waits longer than reading."""
    read = float(settings.STATISTICS_TIMEOUT_SECONDS)
    return min(read, 10.0), read


def make_session() -> requests.Session:
    """A session whose every request is retried on a lost connection and on 429/5xx, with growing pauses."""
    retry = Retry(
        total=settings.STATISTICS_RETRIES,
        backoff_factor=settings.STATISTICS_RETRY_BACKOFF_MS / 1000,
        status_forcelist=RETRY_STATUSES,
        # The PxWeb data query is a POST that only reads: as safe to repeat as a GET.
        allowed_methods=frozenset({"GET", "POST"}),
        # After the last retry the answer itself is returned, so the error can name its status.
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers.update({"User-Agent": user_agent(), "Accept": "application/json"})
    return session


def request_json(
    session: requests.Session,
    method: str,
    url: str,
    *,
    params=None,
    json=None,
    not_found: StatisticsError | None = None,
):
    """The answer's JSON with decimals as ``Decimal``; every failure becomes a StatisticsError.

    ``not_found`` is raised for a 404 (and 400, which PxWeb answers for a table it does not have), when given.
    """
    try:
        response = session.request(method, url, params=params, json=json, timeout=timeouts())
    except requests.Timeout as error:
        raise StatisticsError(errors.TIMEOUT) from error
    except requests.RequestException as error:
        raise StatisticsError(errors.UNREACHABLE) from error
    with response:
        if not_found is not None and response.status_code in (400, 404):
            raise not_found
        if response.status_code != 200:
            raise StatisticsError(errors.HTTP_STATUS, status=response.status_code)
        try:
            # Exact decimals: a value 0.1 must not become 0.1000000000000000055.
            return response.json(parse_float=Decimal)
        except requests.JSONDecodeError as error:
            raise StatisticsError(errors.NOT_JSON) from error
        except requests.RequestException as error:
            # The body broke off while it was being read.
            raise StatisticsError(errors.UNREACHABLE) from error
