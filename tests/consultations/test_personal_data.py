# ruff: noqa: F811  (fixtures imported from tests/staff/conftest.py are parameters of the tests)
"""One person's data by e-mail address: found, exported and erased by a moderator of the region, and logged."""

import csv
import io
import json

import pytest
from django.urls import reverse

from consultations.models import Comment, CommenterContact, OutgoingMail, Subscription
from core.models import AuditEvent
from tests.factories import (
    CommenterContactFactory,
    CommentFactory,
    ConsultationWindowFactory,
    SubscriptionFactory,
    ThemeSectionFactory,
)
from tests.staff.conftest import moderator, staff_world  # noqa: F401  (fixtures)


@pytest.fixture
def person(staff_world):
    """Mari's two comments in Võrumaa (one answered by mail), someone else's, and Mari's comment in Tartumaa."""
    world = staff_world
    world.comment.author_name = "Mari Maasikas"
    world.comment.save()
    CommenterContactFactory(comment=world.comment, email="Mari@Example.org")
    second = CommentFactory(window=world.window, section=world.section, published=True, author_name="Mari")
    CommenterContactFactory(comment=second, email="mari@example.org")
    OutgoingMail.objects.create(to="mari@example.org", kind="answer", subject="Vastus", body="…", comment=second)
    OutgoingMail.objects.create(
        to="mari@example.org", kind="receipt", subject="Kätte saadud", body="…", comment=world.comment, sent_at=None
    )
    other = CommentFactory(window=world.window, section=world.section, author_name="Jaan")
    CommenterContactFactory(comment=other, email="jaan@example.org")
    tartu_window = ConsultationWindowFactory(plan=world.other_plan)
    tartu = CommentFactory(window=tartu_window, section=ThemeSectionFactory(plan=world.other_plan), author_name="Mari")
    CommenterContactFactory(comment=tartu, email="mari@example.org")
    world.second, world.other, world.tartu = second, other, tartu
    return world


def url(world):
    return reverse("consultations-staff:personal-data", kwargs={"region": world.region.slug})


def test_moderator_finds_the_comments_left_with_an_address_in_any_letter_case(client, person, moderator):
    client.force_login(moderator)

    response = client.post(url(person), {"email": "mari@example.org", "action": "find"})

    assert {c.pk for c in response.context["found"].comments} == {person.comment.pk, person.second.pk}
    assert len(response.context["found"].mails) == 2


def test_an_invalid_address_is_refused_and_kept(client, person, moderator):
    client.force_login(moderator)

    response = client.post(url(person), {"email": "mari@", "action": "find"})

    assert response.status_code == 400
    assert 'value="mari@"' in response.content.decode()
    assert response.context["found"] is None


def test_json_export_holds_the_persons_comments_and_mails_and_is_logged_with_a_masked_address(
    client, person, moderator
):
    client.force_login(moderator)

    response = client.post(url(person), {"email": "mari@example.org", "action": "json"})

    document = json.loads(response.content)
    assert {c["reference"] for c in document["comments"]} == {person.comment.reference, person.second.reference}
    assert {m["subject"] for m in document["mails"]} == {"Vastus", "Kätte saadud"}
    assert person.other.body not in response.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.region_id == person.region.pk
    assert event.data["email"] == "m***@example.org" and "mari@example.org" not in str(event.data)


def test_csv_export_has_a_row_per_comment(client, person, moderator):
    client.force_login(moderator)

    response = client.post(url(person), {"email": "mari@example.org", "action": "csv"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["reference"] for row in rows) == sorted([person.comment.reference, person.second.reference])


def test_erasure_removes_address_mail_and_name_in_this_region_only_and_is_logged(client, person, moderator):
    client.force_login(moderator)

    response = client.post(url(person), {"email": "mari@example.org", "action": "erase", "confirm": "on"})

    assert response.status_code == 302
    assert set(CommenterContact.objects.values_list("email", flat=True)) == {"jaan@example.org", "mari@example.org"}
    assert CommenterContact.objects.get(email="mari@example.org").comment == person.tartu
    assert not OutgoingMail.objects.exists()
    names = dict(Comment.objects.values_list("pk", "author_name"))
    assert (names[person.comment.pk], names[person.second.pk]) == ("", "")
    assert (names[person.other.pk], names[person.tartu.pk]) == ("Jaan", "Mari")
    # The comments themselves stay, as part of the consultation's record.
    assert Comment.objects.count() == 4
    event = AuditEvent.objects.get(action=AuditEvent.Action.ERASE)
    assert event.data == {
        "code": "personal_data_erase",
        "email": "m***@example.org",
        "contacts": 2,
        "mails": 2,
        "names": 2,
        "subscriptions": 0,
    }


def test_a_subscription_alone_is_found_exported_and_erased_in_this_region_only(client, person, moderator):
    SubscriptionFactory(region=person.region, email="Tellija@example.org")
    SubscriptionFactory(region=person.other_region, email="tellija@example.org")
    client.force_login(moderator)

    found = client.post(url(person), {"email": "tellija@example.org", "action": "find"}).content.decode()
    exported = json.loads(client.post(url(person), {"email": "tellija@example.org", "action": "json"}).content)
    client.post(url(person), {"email": "tellija@example.org", "action": "erase", "confirm": "on"})

    assert 'value="erase"' in found  # the forms show though no comment was left with the address
    assert len(exported["subscriptions"]) == 1
    assert list(Subscription.objects.values_list("region", flat=True)) == [person.other_region.pk]


def test_erasure_needs_the_confirmation(client, person, moderator):
    client.force_login(moderator)

    response = client.post(url(person), {"email": "mari@example.org", "action": "erase"})

    assert response.status_code == 400
    assert response.context["erase_form"].errors["confirm"]
    assert CommenterContact.objects.count() == 4
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["editor", "viewer", "outsider"])
def test_who_is_not_a_moderator_of_the_region_can_neither_export_nor_erase(client, person, who):
    client.force_login(person.users[who])

    export = client.post(url(person), {"email": "mari@example.org", "action": "json"})
    erase = client.post(url(person), {"email": "mari@example.org", "action": "erase", "confirm": "on"})

    assert (export.status_code, erase.status_code) == (403, 403)
    assert CommenterContact.objects.count() == 4
    assert not AuditEvent.objects.exists()
