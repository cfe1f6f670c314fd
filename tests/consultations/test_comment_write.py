"""A comment, its history row and its contact are written by the ORM in one transaction, the same on every database
(consultations/services.py: comment_submit)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from consultations import services
from consultations.models import Comment, CommenterContact
from tests.consultations.conftest import comment_data
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

HISTORY_OWN = {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}


def _submit(consultation, **data):
    return services.comment_submit(
        window=consultation.window,
        section=consultation.ageing,
        data={
            "category": Comment.Category.SOLUTION,
            "body": "Ühine transpordikorraldus kõigile valdadele.",
            "author_name": "Mari Maasikas",
            "municipality": consultation.municipality,
            **data,
        },
        language="fi",
    )


def test_the_history_row_copies_the_comment_except_the_authors_name(consultation):
    comment = _submit(consultation, email="mari@example.org")

    history = Comment.history.filter(id=comment.pk).values().get()
    assert history["history_type"] == "+"
    assert "author_name" not in history  # the name is personal data: erased from the comment, never kept in history
    stored = Comment.objects.filter(pk=comment.pk).values().get()
    assert {name: value for name, value in history.items() if name not in HISTORY_OWN} == {
        name: value for name, value in stored.items() if name != "author_name"
    }


def test_a_comment_with_an_email_gets_a_contact_owed_its_receipt(consultation):
    comment = _submit(consultation, email=" mari@example.org ")

    contact = CommenterContact.objects.get()
    assert (contact.comment, contact.email, contact.language, contact.receipt_owed) == (
        comment,
        "mari@example.org",
        "fi",
        True,
    )


def test_a_comment_without_an_email_has_no_contact(consultation):
    _submit(consultation, email="")
    assert Comment.objects.count() == 1 and not CommenterContact.objects.exists()


def test_a_comment_sent_by_a_logged_in_user_names_them_in_its_history(client, consultation):
    # The PostgreSQL-only INSERT wrote no history user while SQLite's ORM write named them.
    user = UserFactory(staff=True)
    client.force_login(user)

    assert client.post(consultation.form_url, comment_data()).status_code == 302

    assert Comment.history.get().history_user == user


def test_a_clashing_reference_inside_a_callers_transaction_leaves_it_usable(consultation, monkeypatch):
    taken = CommentFactory(window=consultation.window, section=consultation.ageing).reference
    draws = iter([taken, "NEWREF23"])
    monkeypatch.setattr(services, "new_reference", lambda: next(draws))

    with transaction.atomic():
        comment = _submit(consultation, email="mari@example.org")
        assert Comment.objects.count() == 2  # the caller's transaction still runs queries

    assert comment.reference == "NEWREF23"
    assert Comment.history.filter(id=comment.pk).count() == 1
    assert CommenterContact.objects.get().comment == comment


def test_the_write_is_the_orms_on_every_database(consultation):
    with CaptureQueriesContext(connection) as captured:
        _submit(consultation, email="mari@example.org")

    writes = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("INSERT")]
    tables = [sql.split()[2].strip('"`') for sql in writes]
    assert tables == ["consultations_comment", "consultations_historicalcomment", "consultations_commentercontact"]
