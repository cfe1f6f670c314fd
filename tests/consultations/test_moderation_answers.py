# ruff: noqa: F811  (fixtures imported from tests/staff/conftest.py are parameters of the tests)
"""Answers: a decision with a reason, traceable to the plan change; shown only when published; the commenter is
mailed once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from consultations.models import Comment, ConsultationWindow, OutgoingMail, Response
from core.models import AuditEvent
from plans.models import CooperationPlan
from tests.factories import (
    ActivityFactory,
    CommenterContactFactory,
    CommentFactory,
    ResponseFactory,
    ThemeSectionFactory,
)
from tests.staff.conftest import moderator, staff_world  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _plan_in_consultation(staff_world):
    # A draft plan's pages, the feedback table too, are not public.
    staff_world.plan.status = CooperationPlan.Status.CONSULTATION
    staff_world.plan.save()


def answer_url(world, comment=None):
    return reverse(
        "consultations-staff:comment-answer", kwargs={"region": world.region.slug, "pk": (comment or world.comment).pk}
    )


def feedback_url(world):
    return reverse(
        "consultations:feedback",
        kwargs={"region": world.region.slug, "plan": world.plan.slug, "window": world.window.pk},
    )


def test_a_draft_answer_is_not_shown_on_the_public_feedback_table(client, staff_world, moderator):
    staff_world.comment.state = Comment.State.PUBLISHED
    staff_world.comment.save()
    client.force_login(moderator)

    client.post(answer_url(staff_world), {"decision": "noted", "reason": "Lisatud tegevus.", "save": ""})
    client.logout()

    page = client.get(feedback_url(staff_world)).content.decode()
    assert Response.objects.get().published_at is None
    assert staff_world.comment.body in page
    assert "Lisatud tegevus." not in page


def test_an_answer_from_before_change_sets_is_published_with_the_link_to_the_change(client, staff_world, moderator):
    # Given when the plan was edited in place: "taken into account" without a change set, kept as it is.
    ResponseFactory(comment=staff_world.comment, decision="taken", changed_activity=staff_world.activity)
    client.force_login(moderator)

    client.post(
        answer_url(staff_world),
        {
            "decision": "taken",
            "reason": "Lisatud tegevus.",
            "changed_activity": staff_world.activity.pk,
            "publish": "",
        },
    )
    client.logout()

    page = client.get(feedback_url(staff_world)).content.decode()
    assert "Lisatud tegevus." in page
    assert staff_world.activity.get_absolute_url() in page
    # Publishing the answer published the comment that was still waiting.
    assert Comment.objects.get(pk=staff_world.comment.pk).state == Comment.State.PUBLISHED


def test_an_answer_without_a_reason_is_refused_and_keeps_the_decision(client, staff_world, moderator):
    client.force_login(moderator)

    response = client.post(answer_url(staff_world), {"decision": "partly", "reason": "  ", "publish": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert response.context["form"]["decision"].value() == "partly"
    assert not Response.objects.exists()


def test_the_changed_activity_must_belong_to_the_comments_plan(client, staff_world, moderator):
    foreign = ActivityFactory(section=ThemeSectionFactory(plan=staff_world.other_plan))
    client.force_login(moderator)

    response = client.post(
        answer_url(staff_world), {"decision": "taken", "reason": "Muudetud.", "changed_activity": foreign.pk}
    )

    assert response.status_code == 400
    assert gettext("Choose an activity of the plan the comment is on.") in str(response.context["form"].errors)
    assert not Response.objects.exists()


def test_the_changed_activity_must_be_in_the_changed_section(client, staff_world, moderator):
    other_section = ThemeSectionFactory(plan=staff_world.plan)
    client.force_login(moderator)

    response = client.post(
        answer_url(staff_world),
        {
            "decision": "taken",
            "reason": "Muudetud.",
            "changed_section": other_section.pk,
            "changed_activity": staff_world.activity.pk,
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["changed_activity"]


def test_the_commenter_is_mailed_once_when_the_answer_is_first_published(
    client, staff_world, moderator, django_capture_on_commit_callbacks
):
    CommenterContactFactory(comment=staff_world.comment, email="mari@example.org")
    client.force_login(moderator)
    data = {"decision": "noted", "reason": "Võetud teadmiseks.", "publish": ""}

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(answer_url(staff_world), data)
        client.post(answer_url(staff_world), {**data, "reason": "Võetud teadmiseks, täpsustatud."})

    mails = list(OutgoingMail.objects.all())
    assert [(mail.to, mail.kind) for mail in mails] == [("mari@example.org", OutgoingMail.Kind.ANSWER)]
    assert "Võetud teadmiseks." in mails[0].body
    assert feedback_url(staff_world).replace("/et/", "/") in mails[0].body.replace("/et/", "/")
    assert sum("mail_queue" in callback.__qualname__ for callback in callbacks) == 1


def test_publishing_the_windows_answers_skips_drafts_of_waiting_comments_and_mails_once(client, staff_world, moderator):
    published = CommentFactory(window=staff_world.window, section=staff_world.section, published=True)
    CommenterContactFactory(comment=published, email="jaan@example.org")
    ResponseFactory(comment=published)
    ResponseFactory(comment=staff_world.comment)  # the comment is still waiting: not published by this button
    client.force_login(moderator)
    url = reverse(
        "consultations-staff:responses-publish",
        kwargs={"region": staff_world.region.slug, "window": staff_world.window.pk},
    )

    client.post(url)
    client.post(url)

    assert set(Response.objects.filter(published_at__isnull=False).values_list("comment", flat=True)) == {published.pk}
    assert OutgoingMail.objects.filter(to="jaan@example.org").count() == 1


def test_answers_to_rejected_comments_are_never_published(client, staff_world, moderator):
    rejected = CommentFactory(window=staff_world.window, section=staff_world.section, rejected=True)
    client.force_login(moderator)

    client.post(answer_url(staff_world, rejected), {"decision": "not_taken", "reason": "Ei.", "publish": ""})

    assert Response.objects.get().published_at is None
    assert Comment.objects.get(pk=rejected.pk).state == Comment.State.REJECTED


def test_publishing_the_feedback_of_a_closed_window_marks_it_once_and_logs_it(client, staff_world, moderator):
    ConsultationWindow.objects.filter(pk=staff_world.window.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(moderator)
    url = reverse(
        "consultations-staff:responses-publish",
        kwargs={"region": staff_world.region.slug, "window": staff_world.window.pk},
    )

    client.post(url)
    first = ConsultationWindow.objects.get(pk=staff_world.window.pk).feedback_published_at
    client.post(url)

    assert first is not None
    assert ConsultationWindow.objects.get(pk=staff_world.window.pk).feedback_published_at == first
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISH).count() == 1
    page = client.get(feedback_url(staff_world)).content.decode()
    assert "consultation-" in page and ".pdf" in page


def test_the_feedback_of_an_open_window_is_not_marked_published(client, staff_world, moderator):
    client.force_login(moderator)

    client.post(
        reverse(
            "consultations-staff:responses-publish",
            kwargs={"region": staff_world.region.slug, "window": staff_world.window.pk},
        )
    )

    assert ConsultationWindow.objects.get(pk=staff_world.window.pk).feedback_published_at is None
