# ruff: noqa: F811  (the fixture imported from tests/consultations/conftest.py is a parameter of the tests)
"""The comment form refuses HTML however it is spelled, and keeps "<" in plain prose (issue 13, point 7)."""

import pytest

from consultations.abuse import has_markup
from consultations.models import Comment
from tests.consultations.conftest import comment_data, consultation  # noqa: F401  (fixture)

MARKUP = [
    "<img/src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "Tere <IMG\tSRC=x onerror=alert(1)> kõigile",
    "<a href='x'>siit</a>",
    "<script>alert(1)</script>",
    "<!-- peidus -->",
]
PLAIN = [
    "a < b",
    "<3",
    "vanus <5 ja >3 aastat",
    "5 <= 6 ja 7 >= 6",
    "R&D ja a &amp; b",
    "Esimene rida\r\nteine rida\r\n",
    "väike <õ> märk",
]


@pytest.mark.parametrize("text", MARKUP)
def test_markup_is_recognised_also_without_a_space_after_the_tag_name(text):
    assert has_markup(text)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_with_angle_brackets_is_not_markup(text):
    assert not has_markup(text)


def test_a_comment_with_an_img_tag_without_spaces_is_refused_and_the_text_kept(client, consultation):
    body = "Tere <img/src=x onerror=alert(1)> kõigile siin"

    response = client.post(consultation.form_url, comment_data(body=body))

    assert response.status_code == 400
    assert "HTML" in response.context["form"].errors["body"][0]
    assert response.context["form"]["body"].value() == body
    assert not Comment.objects.exists()


def test_a_comment_saying_a_is_less_than_b_is_accepted(client, consultation):
    response = client.post(consultation.form_url, comment_data(body="Kui a < b, siis <3 kõigile"))

    assert response.status_code == 302
    assert Comment.objects.get().body == "Kui a < b, siis <3 kõigile"
