"""The staff password reset under attack: mail bombing one address, probing which addresses have accounts, and
one client asking again and again."""

from django.utils.translation import gettext

from consultations.models import OutgoingMail

RESET = "/et/manage/password-reset/"
DONE = "/et/manage/password-reset/sent/"


def _reset_mails():
    return OutgoingMail.objects.filter(kind=OutgoingMail.Kind.PASSWORD)


def test_twelve_requests_for_one_address_queue_no_more_mails_than_its_limit(client, editor, mailoutbox, settings):
    settings.PASSWORD_RESET_RATE_EMAIL = "3/h"

    # From twelve client addresses, so that only the limit per e-mail address is in play.
    statuses = [
        client.post(RESET, {"email": editor.email.upper() if n % 2 else editor.email}, REMOTE_ADDR=f"10.0.3.{n}")
        for n in range(12)
    ]

    assert {response.status_code for response in statuses} == {302}
    assert {response["Location"] for response in statuses} == {DONE}  # the limit is not revealed
    assert _reset_mails().count() == 3
    assert mailoutbox == []


def test_known_and_unknown_addresses_get_the_same_answer_after_the_same_work(client, editor, mailoutbox):
    known = client.post(RESET, {"email": editor.email}, REMOTE_ADDR="10.0.4.1")
    unknown = client.post(RESET, {"email": "nobody@example.org"}, REMOTE_ADDR="10.0.4.2")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"]) == (302, DONE)
    assert known.content == unknown.content
    # Both compose the mail (templates rendered in the request); neither sends it from the request.
    assert "staff/account/password_reset_email.txt" in [template.name for template in unknown.templates]
    assert [t.name for t in known.templates] == [t.name for t in unknown.templates]
    assert mailoutbox == []
    assert [mail.to for mail in _reset_mails()] == [editor.email]


def test_reset_mail_is_queued_in_the_outgoing_table_and_sent_after_commit(
    client, editor, mailoutbox, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/en/manage/password-reset/", {"email": editor.email})

    assert response.status_code == 302
    assert mailoutbox == []
    queued = _reset_mails().get()
    assert (queued.to, queued.language, queued.sent_at) == (editor.email, "en", None)

    for callback in callbacks:
        callback()

    assert [message.to for message in mailoutbox] == [[editor.email]]
    queued.refresh_from_db()
    assert queued.sent_at is not None


def test_reset_link_points_to_the_public_address_not_to_the_host_asked_from(client, editor, settings):
    settings.PUBLIC_URL = "https://heaolu.example"
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]

    client.post(RESET, {"email": editor.email}, HTTP_HOST="attacker.example")

    body = _reset_mails().get().body
    assert "https://heaolu.example/et/manage/password-reset/" in body
    assert "attacker.example" not in body


def test_a_client_asking_too_often_is_told_to_wait_with_429_and_no_mail_is_queued(client, editor, db, settings):
    settings.PASSWORD_RESET_RATE_IP = "2/h"
    settings.PASSWORD_RESET_RATE_EMAIL = "100/h"

    for _ in range(2):
        assert client.post(RESET, {"email": editor.email}).status_code == 302
    response = client.post(RESET, {"email": editor.email})

    assert response.status_code == 429
    page = response.content.decode()
    assert gettext("Too many password reset requests were sent from here. Try again later.") in page
    assert f'value="{editor.email}"' in page  # what was typed stays
    assert _reset_mails().count() == 2
    # Another client is not held back.
    assert client.post(RESET, {"email": editor.email}, REMOTE_ADDR="10.0.5.1").status_code == 302
