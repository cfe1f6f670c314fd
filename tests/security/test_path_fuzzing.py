"""Every route's path parameters, filled with hostile values: a 4xx answer, never a server error (issue 13, point 5).

A NUL is the sharpest case: PostgreSQL refuses it in any text parameter, so a ``<str:…>`` lookup that passed one
through gave a 500 there (CI runs this file on PostgreSQL too). The routes are read from the resolver itself, so a
new route is covered without touching this file; the language-prefixed ones are walked once, in Estonian.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils import translation

from tests.factories import UserFactory

HOSTILE_VALUES = {"nul": "\x00", "overlong": "x" * 10_000, "non-ascii": "õ€𝄞"}
ROUTE_PARAMETER = re.compile(r"<(?:[^>:]+:)?[^>]+>")
REGEX_GROUP = re.compile(r"\(\?P<[^>]+>(?:[^()]|\([^()]*\))*\)")


def _routes(patterns, prefix=""):
    """The address template of every route with a parameter, the parameters marked "{}"."""
    for pattern in patterns:
        text = str(pattern.pattern)
        if isinstance(pattern.pattern, RegexPattern):
            text = REGEX_GROUP.sub("{}", text).removeprefix("^").removesuffix("$").removesuffix("\\Z")
        else:
            text = ROUTE_PARAMETER.sub("{}", text)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + text)
        elif isinstance(pattern, URLPattern) and "{}" in prefix + text:
            yield prefix + text


def _addresses(value):
    with translation.override("et"):
        templates = sorted(set(_routes(get_resolver().url_patterns)))
    return {template: "/" + quote(template.replace("{}", value)) for template in templates}


def test_the_walk_finds_the_routes_with_token_parameters():
    templates = _addresses("{}")

    assert "/et/consultations/subscriptions/%7B%7D/confirm/" in templates.values()
    assert len(templates) > 30


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "superuser"])
@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
def test_no_route_answers_a_hostile_path_parameter_with_a_server_error(client, who, value):
    if who == "superuser":
        client.force_login(UserFactory(superuser=True))
    answers = {template: client.get(address).status_code for template, address in _addresses(value).items()}

    # A redirect is an answer too: to the log-in page, or the admin's "no such object" back to its index.
    assert {template: status for template, status in answers.items() if status >= 500} == {}
    if value == "\x00":
        assert {template: status for template, status in answers.items() if status != 404} == {}
