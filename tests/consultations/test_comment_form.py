"""The public comment form: what is saved, what is refused (with a clear message), and what is kept on error."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from consultations.abuse import started_token
from consultations.models import Comment, CommenterContact, OutgoingMail
from tests.consultations.conftest import comment_data

pytestmark = pytest.mark.django_db


def nothing_saved():
    return not Comment.objects.exists() and not CommenterContact.objects.exists() and not OutgoingMail.objects.exists()


def test_form_page_shows_categories_limits_privacy_notice_and_consent(client, consultation):
    response = client.get(consultation.form_url)
    assert response.status_code == 200
    html = response.content.decode()
    for category in ("observation", "clarification", "solution", "recommendation"):
        assert f'value="{category}"' in html
    assert 'maxlength="5000"' in html
    assert 'id="privacy-notice"' in html
    assert 'name="consent"' in html
    assert 'name="website"' in html  # the honeypot
    assert "Cache-Control" not in response or "public" not in response["Cache-Control"]


def test_valid_comment_is_saved_pending_with_contact_apart_and_receipt_mail(
    client, consultation, django_capture_on_commit_callbacks, eager_celery
):
    data = comment_data(municipality=str(consultation.municipality.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(consultation.form_url, data)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.state == Comment.State.PENDING
    assert comment.section == consultation.ageing
    assert comment.author_name == "Mari Maasikas"
    assert comment.municipality == consultation.municipality
    assert comment.contact.email == "mari@example.org"
    receipt = client.get(response["Location"])
    assert comment.reference in receipt.content.decode()
    assert "mari@example.org" not in receipt.content.decode()
    assert len(mail.outbox) == 1
    assert comment.reference in mail.outbox[0].subject
    assert "/consultations/contact/" in mail.outbox[0].body  # the removal link


def test_comment_without_email_has_no_contact_and_no_mail(client, consultation):
    client.post(consultation.form_url, comment_data(email=""))
    comment = Comment.objects.get()
    assert not CommenterContact.objects.filter(comment=comment).exists()
    assert not OutgoingMail.objects.exists()


def test_post_moderated_window_publishes_at_once(client, post_moderated):
    client.post(post_moderated.form_url, comment_data())
    assert Comment.objects.get().state == Comment.State.PUBLISHED


def test_post_moderated_comment_with_many_links_waits_for_a_moderator(client, post_moderated):
    body = "Vaadake https://a.example https://b.example https://c.example ja www.d.example"
    client.post(post_moderated.form_url, comment_data(body=body))
    assert Comment.objects.get().state == Comment.State.PENDING


def test_post_moderated_comment_with_a_blocked_word_waits_for_a_moderator(client, post_moderated):
    client.post(post_moderated.form_url, comment_data(body="Parim CASINO pakkumine teile siin ja praegu"))
    assert Comment.objects.get().state == Comment.State.PENDING


BAD_INPUTS = {
    "empty": ({"body": ""}, "Write your comment."),
    "too short": ({"body": "lühike"}, "too short"),
    "too long": ({"body": "x" * 5001}, "too long"),
    "no category": ({"category": ""}, "Choose what kind"),
    "unknown category": ({"category": "complaint"}, "Select a valid choice"),
    "invalid e-mail": ({"email": "mari@"}, "valid e-mail address"),
    "script tag": ({"body": "Tere <script>alert(1)</script> kõigile siin"}, "HTML tags"),
    "tag in name": ({"author_name": "<b>Mari</b>"}, "may not contain"),
    "name too long": ({"author_name": "M" * 121}, "name is too long"),
    "no consent": ({"consent": ""}, "consent"),
    "honeypot filled": ({"website": "http://spam.example"}, "must be left empty"),
    "too fast": ({"started": lambda: started_token(time.time())}, "faster than a person"),
    "no fill token": ({"started": ""}, "faster than a person"),
    "forged fill token": ({"started": "123:abc"}, "faster than a person"),
    "unknown municipality": ({"municipality": "999999"}, "Choose a municipality"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_gets_a_clear_message_keeps_the_text_and_saves_nothing(client, consultation, case, settings):
    settings.LANGUAGE_CODE = "en"
    overrides, message = BAD_INPUTS[case]
    data = comment_data(**{key: value() if callable(value) else value for key, value in overrides.items()})
    response = client.post(consultation.form_url.replace("/et/", "/en/", 1), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert nothing_saved()
    if data["body"] and len(data["body"]) <= 5000 and "<" not in data["body"]:
        assert data["body"] in html  # what the person wrote is still there


def test_script_in_the_body_is_shown_back_escaped(client, consultation):
    response = client.post(consultation.form_url, comment_data(body="Tere <script>alert(1)</script> kõigile"))
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


def test_ten_megabyte_body_is_refused_before_it_is_read(client, consultation):
    response = client.post(consultation.form_url, comment_data(body="x" * 10 * 1024 * 1024))
    assert response.status_code == 413
    assert "too large" in response.content.decode() or "liiga" in response.content.decode()
    assert nothing_saved()


def test_a_content_length_that_is_no_number_is_refused_not_an_error(client, consultation):
    response = client.post(consultation.form_url, comment_data(), CONTENT_LENGTH="lots")
    assert response.status_code == 413
    assert nothing_saved()


def test_post_without_csrf_token_is_refused(consultation):
    client = Client(enforce_csrf_checks=True)
    response = client.post(consultation.form_url, comment_data())
    assert response.status_code == 403
    assert nothing_saved()


def test_post_with_csrf_token_from_the_form_is_accepted(consultation):
    client = Client(enforce_csrf_checks=True)
    client.get(consultation.form_url)
    token = client.cookies["csrftoken"].value
    response = client.post(consultation.form_url, comment_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_unknown_theme_is_a_clear_404(client, consultation):
    response = client.post(consultation.form_url.replace("vananemine", "no-such-theme"), comment_data())
    assert response.status_code == 404
    assert nothing_saved()


def test_theme_outside_the_windows_sections_is_a_clear_404(client, consultation):
    consultation.window.sections.set([consultation.learning])
    response = client.post(consultation.form_url, comment_data())
    assert response.status_code == 404
    assert nothing_saved()


def test_archived_theme_is_not_open_for_comments(client, consultation):
    consultation.ageing.archived_at = timezone.now()
    consultation.ageing.save()
    assert client.get(consultation.form_url).status_code == 404


def test_closed_window_refuses_and_keeps_the_text(client, consultation):
    consultation.window.opens_at = timezone.now() - timedelta(days=40)
    consultation.window.closes_at = timezone.now() - timedelta(days=1)
    consultation.window.save()
    data = comment_data()
    response = client.post(consultation.form_url, data)
    assert response.status_code == 409
    assert data["body"] in response.content.decode()
    assert nothing_saved()


def test_closed_window_form_page_says_so_and_has_no_form(client, consultation):
    consultation.window.opens_at = timezone.now() + timedelta(days=1)
    consultation.window.closes_at = timezone.now() + timedelta(days=10)
    consultation.window.save()
    response = client.get(consultation.form_url)
    assert response.status_code == 200
    assert 'name="body"' not in response.content.decode()


def test_window_that_closes_between_check_and_save_is_refused_by_the_service(client, consultation):
    with mock.patch("consultations.services.timezone.now", return_value=consultation.window.closes_at):
        response = client.post(consultation.form_url, comment_data())
    assert response.status_code == 409
    assert nothing_saved()


def test_draft_plan_window_is_not_found_for_visitors(client, consultation):
    consultation.plan.status = "draft"
    consultation.plan.save()
    assert client.get(consultation.form_url).status_code == 404
    assert client.get(consultation.window_url).status_code == 404


def test_each_visitor_gets_a_fresh_fill_time_token(client, consultation, clock):
    import re

    first = client.get(consultation.form_url).content.decode()
    clock.shift(2)  # signed tokens carry the second they were made
    second = Client().get(consultation.form_url).content.decode()

    token = re.compile(r'name="started" value="([^"]+)"')
    assert len(token.findall(first)) == len(token.findall(second)) == 1
    assert token.search(first).group(1) != token.search(second).group(1)


def test_a_municipality_of_another_region_is_refused_and_never_offered(client, consultation):
    from tests.factories import MunicipalityFactory

    elsewhere = MunicipalityFactory(name="Kaugemaa vald")
    response = client.post(consultation.form_url, comment_data(municipality=str(elsewhere.pk)))
    assert response.status_code == 400
    assert nothing_saved()
    html = response.content.decode()
    assert "Võru vald" in html and "Kaugemaa vald" not in html  # the choices are the region's own


FORM_TEXT = {
    # The button and the body's help text in each language (locale/*/LC_MESSAGES/django.mo).
    "et": ("Saada kommentaar", "10–5000 tähemärki"),
    "en": ("Send comment", "Between 10 and 5000 characters"),
    "fi": ("Lähetä kommentti", "10–5000 merkkiä"),
}


@pytest.mark.parametrize("first", ["et", "en", "fi"])
def test_the_form_is_in_the_language_of_its_address_whichever_language_was_shown_first(consultation, first):
    order = [first] + [language for language in FORM_TEXT if language != first]
    for language in order:
        html = Client().get(consultation.form_url.replace("/et/", f"/{language}/", 1)).content.decode()
        for other, texts in FORM_TEXT.items():
            for text in texts:
                assert (text in html) == (other == language), (language, text)


@pytest.mark.parametrize("language", ["en", "fi"])
def test_a_form_with_errors_has_no_estonian_interface_text_in_english_or_finnish(client, consultation, language):
    client.get(consultation.form_url)  # the Estonian form first, as a visitor before might have
    response = client.post(consultation.form_url.replace("/et/", f"/{language}/", 1), comment_data(body=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert FORM_TEXT[language][0] in html and FORM_TEXT[language][1] in html
    assert "Saada kommentaar" not in html and "tähemärki" not in html


def test_an_empty_form_sent_too_fast_shows_what_is_missing_not_the_too_fast_message(client, consultation):
    data = {"started": started_token(), "body": "", "category": "", "consent": "", "author_name": "", "email": ""}
    response = client.post(consultation.form_url.replace("/et/", "/en/", 1), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write your comment." in html and "Choose what kind of comment this is." in html
    assert "faster than a person" not in html


def test_an_invalid_comment_has_a_summary_linking_each_error_to_its_field(client, consultation):
    from tests.staff.test_error_summary import assert_summary_links_every_error

    data = comment_data(body="", category="", consent="")
    response = client.post(consultation.form_url.replace("/et/", "/en/", 1), data)
    page = assert_summary_links_every_error(response, "form")
    assert page.links == ["#id_category_0", "#id_body", "#id_consent"]  # a radio group: its first button
    # The consent box is described by the privacy notice and by its error message.
    assert page.ids["id_consent"][1]["aria-describedby"].split() == ["privacy-notice", "id_consent_error"]
    assert page.ids["id_category_0"][1]["aria-invalid"] == "true"
    assert "id_category_error" in page.ids


def test_a_comment_refused_as_too_fast_has_the_message_in_its_summary(client, consultation):
    from tests.staff.test_error_summary import Page

    response = client.post(consultation.form_url.replace("/et/", "/en/", 1), comment_data(started=""))
    page = Page(response.content.decode())
    assert page.summaries == 1 and page.links == []
    assert any("faster than a person" in item for item in page.unlinked)
