"""Hostile query strings on every public page and API list: never a server error, on SQLite or PostgreSQL.

NUL characters are the sharpest case: PostgreSQL refuses them in any text parameter, so a filter that passed one
through unchecked would turn into a 500 there (and only there).
"""

import pytest
from django.urls import reverse

from tests.plans.test_public_pages import build_region, page_urls

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = ["\x00", "a\x00b", "%", "'; DROP TABLE x; --", "<script>alert(1)</script>", "9" * 40, "-1", "²"]
PARAMETERS = ["q", "page", "region", "theme", "funder", "programme", "measure", "municipality", "organisation",
              "status", "year_from", "year_to", "sort", "kind", "plan", "page_size", "format"]  # fmt: skip


@pytest.fixture
def urls():
    urls = page_urls(build_region(1))
    with_api = {
        **urls,
        "api plans": reverse("api:plans"),
        "api activities": reverse("api:activities"),
        "api sections": reverse("api:sections"),
        "api indicators": reverse("api:indicators"),
        "api municipalities": reverse("api:municipalities"),
        "project export": reverse("projects:export"),
    }
    return with_api


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=repr)
def test_no_public_page_answers_a_hostile_parameter_with_a_server_error(client, urls, value):
    failures = []
    for name, url in urls.items():
        for parameter in PARAMETERS:
            status = client.get(url, {parameter: value}).status_code
            if status >= 500:
                failures.append((name, parameter, status))
    assert failures == []
