"""Every staff URL × every role: an editor of Võrumaa gets 403 on a Tartumaa plan, anonymous visitors are sent
to log in, people without a role get 403, and a new staff URL fails here until a matrix lists it.

The matrices are tests/staff/matrix_<app>.py; their vocabulary is tests/staff/matrix.py.
"""

import importlib
import pkgutil
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.staff
from tests.staff.matrix import StaffPage


def _matrices():
    for module in pkgutil.iter_modules(tests.staff.__path__):
        if module.name.startswith("matrix_"):
            yield importlib.import_module(f"tests.staff.{module.name}")


PAGES: list[StaffPage] = [page for matrix in _matrices() for page in matrix.PAGES]
PUBLIC: set[str] = set().union(*(getattr(matrix, "PUBLIC", set()) for matrix in _matrices()))


def _staff_url_names(patterns=None, namespace="", prefix=""):
    """The names of every URL whose path (after the language prefix) starts with manage/."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _staff_url_names(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            path = route.split("/", 1)[1] if route.startswith(("et/", "en/", "fi/", "^et/")) else route
            # i18n_patterns' prefix is a LocalePrefixPattern, whose str() is the language code and a slash.
            if path.startswith("manage/") or route.startswith("manage/"):
                yield namespace + pattern.name


STAFF_URL_NAMES = sorted(set(_staff_url_names()))
WHO = ["anonymous", "no_role", "outsider", "editor", "moderator", "project_editor", "viewer", "reviewer", "superuser"]


def test_staff_urls_are_found():
    assert "staff:dashboard" in STAFF_URL_NAMES
    assert "plans-staff:documents" in STAFF_URL_NAMES


def test_every_staff_url_is_in_a_permission_matrix():
    listed = {page.name for page in PAGES} | PUBLIC
    missing = [name for name in STAFF_URL_NAMES if name not in listed]
    assert not missing, f"add these to a tests/staff/matrix_<app>.py: {missing}"


def test_no_staff_url_is_listed_twice():
    names = [page.name for page in PAGES]
    assert len(names) == len(set(names))


def _expected(page: StaffPage, who: str) -> int:
    if who == "anonymous":
        return 302
    if who == "superuser":
        return page.ok_status
    if who == "no_role":
        return 403
    if who == "outsider":
        return page.ok_status if not page.region_scoped else 403
    return page.ok_status if who in page.allowed else 403


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
@pytest.mark.parametrize("who", WHO)
def test_staff_page_answers_each_role_as_the_matrix_says(client, staff_world, page, who):
    if who != "anonymous":
        client.force_login(staff_world.users[who])
    url = reverse(page.name, kwargs=page.kwargs(staff_world))
    if page.query:
        url += "?" + urlencode(page.query)

    response = client.get(url)

    assert response.status_code == _expected(page, who), f"{who} GET {url}"
    if response.status_code == 200:
        # Drafts and personal data must not stay in a browser's or a proxy's cache.
        assert "no-store" in response.get("Cache-Control", ""), f"{url} may be cached"
    if who == "anonymous":
        assert reverse("staff:login") in response["Location"]


@pytest.mark.parametrize("page", [p for p in PAGES if p.region_scoped], ids=lambda page: page.name)
def test_anonymous_post_to_a_staff_page_changes_nothing_and_asks_to_log_in(client, staff_world, page):
    url = reverse(page.name, kwargs=page.kwargs(staff_world))

    response = client.post(url, {"title": "x"})

    assert response.status_code in (302, 405)
