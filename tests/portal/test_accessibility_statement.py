"""The accessibility statement and its feedback channel, and the error pages."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from pages import services
from pages.forms import MESSAGE_MAX_LENGTH
from pages.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db


def url(language="et"):
    with translation.override(language):
        return reverse("accessibility")


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_statement_is_served_in_each_language(client, language):
    response = client.get(url(language))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_feedback_is_saved_and_the_visitor_thanked(
    client, django_capture_on_commit_callbacks, mailoutbox, settings, eager_celery
):
    settings.ADMINS = ["admin@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(), {"page_url": "/et/projects/", "message": "Tabel ei mahu telefoni ekraanile."})
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.page_url, feedback.language) == ("/et/projects/", "et")
    assert len(mailoutbox) == 1  # the administrators hear of it (eager task in the embedded default)
    assert "Tabel ei mahu" in mailoutbox[0].body


def test_page_the_visitor_came_from_is_filled_in(client):
    response = client.get(url(), {"page": "/et/plans/vorumaa/"})
    assert 'value="/et/plans/vorumaa/"' in response.content.decode()


def test_empty_feedback_is_refused_with_a_message_in_the_visitors_language(client):
    response = client.post(url("en"), {"page_url": "/en/", "message": "   ", "email": "me@example.org"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please describe the problem." in html
    assert 'value="me@example.org"' in html  # nothing typed is lost
    assert not AccessibilityFeedback.objects.exists()


def test_too_long_feedback_is_refused_and_kept_in_the_form(client):
    message = "x" * (MESSAGE_MAX_LENGTH + 1)
    response = client.post(url("en"), {"message": message})
    assert response.status_code == 200
    assert "Please shorten the message" in response.content.decode()
    assert message in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()


def test_invalid_email_is_refused_and_the_message_kept(client):
    response = client.post(url("en"), {"message": "Kontrast on liiga väike.", "email": "not an address"})
    assert response.status_code == 200
    assert "Kontrast on liiga väike." in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()


def test_invalid_feedback_has_an_error_summary_linking_to_the_field_and_an_error_title(client):
    html = client.post(url("en"), {"message": "Kontrast on liiga väike.", "email": "not an address"}).content.decode()
    assert "data-error-summary" in html and 'href="#id_email"' in html
    assert "<title>Error: " in html


def test_script_in_feedback_is_stored_as_text_and_never_rendered(client, admin_client):
    client.post(url(), {"message": "<script>alert(1)</script>"})
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "<script>alert(1)</script>"
    page = admin_client.get(reverse("admin:pages_accessibilityfeedback_change", args=[feedback.pk]))
    assert "<script>alert(1)</script>" not in page.content.decode()


def test_filled_honeypot_is_thanked_but_not_saved(client):
    response = client.post(url(), {"message": "Buy now", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not AccessibilityFeedback.objects.exists()


def test_feedback_is_kept_when_the_notification_cannot_be_queued(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(services.mail_admins_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(), {"message": "Fookus ei ole nähtav."})
    assert response.status_code == 302
    assert AccessibilityFeedback.objects.filter(message="Fookus ei ole nähtav.").exists()


def test_unknown_page_gets_a_404_page_in_the_visitors_language_with_a_way_back(client):
    response = client.get("/fi/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert 'href="/fi/"' in html


def test_server_error_page_stands_alone_in_the_active_language():
    with translation.override("fi"):
        html = render_to_string("500.html")
    assert '<html lang="fi">' in html
    assert 'href="/fi/"' in html
