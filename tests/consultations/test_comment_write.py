"""On PostgreSQL a comment, its history row and its contact are written by one statement
(consultations/services.py: _comment_write); it must write exactly the rows the ORM writes."""

import pytest
from django.db import connection
from django.utils import timezone

from consultations import services
from consultations.models import Comment, CommenterContact

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement write is PostgreSQL's only"),
]

VARIABLE = {"id", "reference", "comment_id", "history_id", "created_at"}


def _rows(comment: Comment) -> tuple[dict, list[dict], list[dict]]:
    def without_variable(row: dict) -> dict:
        return {name: value for name, value in row.items() if name not in VARIABLE}

    return (
        without_variable(Comment.objects.filter(pk=comment.pk).values().get()),
        [without_variable(row) for row in Comment.history.model.objects.filter(id=comment.pk).values()],
        [without_variable(row) for row in CommenterContact.objects.filter(comment_id=comment.pk).values()],
    )


@pytest.mark.parametrize("email", ["mari@example.org", ""])
def test_the_one_statement_writes_the_rows_the_orm_writes(consultation, email):
    now = timezone.now()
    fields = {
        "window": consultation.window,
        "section": consultation.ageing,
        "category": Comment.Category.SOLUTION,
        "body": "Ühine transpordikorraldus kõigile valdadele.",
        "author_name": "Mari Maasikas",
        "municipality": consultation.municipality,
        "state": Comment.State.PUBLISHED,
        "submitted_at": now,
    }
    written = services._comment_write(fields=fields, reference="ONESTMT2", email=email, language="fi", now=now)

    by_orm = Comment(reference="ORMSAVE2", **fields)
    by_orm._history_date = now
    by_orm.save()
    if email:
        CommenterContact.objects.create(comment=by_orm, email=email, language="fi", receipt_owed=True)

    assert written.pk and not written._state.adding
    assert Comment.objects.get(pk=written.pk).reference == "ONESTMT2"
    comment_row, history_rows, contact_rows = _rows(written)
    assert (comment_row, history_rows, contact_rows) == _rows(by_orm)
    assert len(history_rows) == 1 and history_rows[0]["history_type"] == "+"
    assert len(contact_rows) == (1 if email else 0)
