# ruff: noqa: F811  (the fixture imported from tests/consultations/conftest.py is a parameter of the tests)
"""The fill-time token of the comment form is good for one comment only (issue 13, point 8)."""

import re

import pytest
from django.test import Client

from consultations.models import Comment
from tests.consultations.conftest import comment_data, consultation  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

STARTED_INPUT = re.compile(r'name="started" value="([^"]+)"')
SEND_AGAIN = "faster than a person"


def _english(url: str) -> str:
    return url.replace("/et/", "/en/", 1)


def test_a_token_used_for_one_comment_is_refused_for_a_second_keeping_what_was_typed(client, consultation):
    data = comment_data()
    assert client.post(consultation.form_url, data).status_code == 302

    again = {**data, "body": "Teine kommentaar sama vormi märgiga, mida skript kordab."}
    response = client.post(_english(consultation.form_url), again)

    assert response.status_code == 400
    assert SEND_AGAIN in response.content.decode()
    assert again["body"] in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_form_shown_again_after_a_reused_token_carries_a_fresh_one_that_works(client, consultation, clock):
    data = comment_data()
    client.post(consultation.form_url, data)
    refused = client.post(consultation.form_url, {**data, "body": "Teine kommentaar, saadetud uuesti vormilt."})
    fresh = STARTED_INPUT.search(refused.content.decode()).group(1)
    assert fresh != data["started"]

    clock.shift(60)
    response = client.post(
        consultation.form_url, {**data, "body": "Teine kommentaar, saadetud uuesti vormilt.", "started": fresh}
    )

    assert response.status_code == 302
    assert Comment.objects.count() == 2


def test_each_visitor_of_the_form_gets_a_token_of_their_own_for_one_comment(consultation, clock):
    visitors = [Client(), Client()]
    tokens = [STARTED_INPUT.search(v.get(consultation.form_url).content.decode()).group(1) for v in visitors]
    assert tokens[0] != tokens[1]

    clock.shift(60)
    answers = [
        v.post(consultation.form_url, comment_data(started=t)).status_code
        for v, t in zip(visitors, tokens, strict=True)
    ]
    reused = visitors[1].post(consultation.form_url, comment_data(started=tokens[1])).status_code

    assert answers == [302, 302]
    assert reused == 400
    assert Comment.objects.count() == 2
