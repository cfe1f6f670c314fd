# ruff: noqa: F811  (fixtures imported from tests/staff/conftest.py are parameters of the tests)
"""The moderation queue and its acts: who may act, publish / reject with a reason / spam, bulk actions, workshop
input entered by staff, filters and the query budget."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from consultations.models import Comment
from consultations.moderation import workshop_comment_create
from core.models import AuditEvent
from tests.factories import CommentFactory, ConsultationWindowFactory, ThemeSectionFactory
from tests.staff.conftest import moderator, staff_world  # noqa: F401  (fixtures)


def moderate_url(world, comment=None):
    return reverse(
        "consultations-staff:comment-moderate",
        kwargs={"region": world.region.slug, "pk": (comment or world.comment).pk},
    )


def queue_url(world):
    return reverse("consultations-staff:queue", kwargs={"region": world.region.slug})


def test_anonymous_visitor_is_sent_to_log_in_from_the_queue(client, staff_world):
    response = client.get(queue_url(staff_world))

    assert response.status_code == 302
    assert reverse("staff:login") in response["Location"]


def test_moderator_of_the_region_publishes_a_comment_and_it_is_logged(client, staff_world, moderator):
    client.force_login(moderator)

    response = client.post(moderate_url(staff_world), {"action": "publish"})

    assert response.status_code == 302
    comment = Comment.objects.get(pk=staff_world.comment.pk)
    assert comment.state == Comment.State.PUBLISHED
    assert comment.moderated_by == moderator
    event = AuditEvent.objects.get(action=AuditEvent.Action.MODERATE)
    assert (event.object_id, event.region_id) == (str(comment.pk), staff_world.region.pk)
    assert event.data == {"code": "moderated", "state": "published"}


@pytest.mark.parametrize("who", ["outsider", "editor", "viewer", "project_editor", "no_role"])
def test_who_is_not_a_moderator_of_the_region_gets_403_and_changes_nothing(client, staff_world, who):
    client.force_login(staff_world.users[who])

    response = client.post(moderate_url(staff_world), {"action": "publish"})

    assert response.status_code == 403
    assert Comment.objects.get(pk=staff_world.comment.pk).state == Comment.State.PENDING
    assert not AuditEvent.objects.exists()


def test_viewer_reads_the_queue_but_sees_no_moderation_controls(client, staff_world):
    client.force_login(staff_world.users["viewer"])

    response = client.get(queue_url(staff_world))

    assert response.status_code == 200
    assert staff_world.comment.reference in response.content.decode()
    assert 'name="comments"' not in response.content.decode()


def test_rejecting_without_a_reason_keeps_the_comment_waiting_and_says_why(client, staff_world, moderator):
    client.force_login(moderator)

    response = client.post(moderate_url(staff_world), {"action": "reject", "reason": "   "})

    assert response.status_code == 400
    assert (
        "Give the reason for rejecting the comment." in response.content.decode()
        or response.context["reject_form"].errors
    )
    assert Comment.objects.get(pk=staff_world.comment.pk).state == Comment.State.PENDING


def test_rejecting_with_a_reason_stores_it(client, staff_world, moderator):
    client.force_login(moderator)

    client.post(moderate_url(staff_world), {"action": "reject", "reason": "Ei puuduta kava."})

    comment = Comment.objects.get(pk=staff_world.comment.pk)
    assert (comment.state, comment.rejection_reason) == (Comment.State.REJECTED, "Ei puuduta kava.")


def test_marking_as_spam_twice_logs_it_once(client, staff_world, moderator):
    client.force_login(moderator)

    client.post(moderate_url(staff_world), {"action": "spam"})
    client.post(moderate_url(staff_world), {"action": "spam"})

    assert Comment.objects.get(pk=staff_world.comment.pk).state == Comment.State.SPAM
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MODERATE).count() == 1


def test_bulk_publish_changes_every_chosen_comment_and_no_other(client, staff_world, moderator):
    chosen = CommentFactory.create_batch(3, window=staff_world.window, section=staff_world.section)
    client.force_login(moderator)

    response = client.post(
        reverse("consultations-staff:bulk", kwargs={"region": staff_world.region.slug}),
        {"action": "publish", "comments": [c.pk for c in chosen], "next": "?state=pending"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("/comments/?state=pending")
    assert set(Comment.objects.published().values_list("pk", flat=True)) == {c.pk for c in chosen}
    assert Comment.objects.get(pk=staff_world.comment.pk).state == Comment.State.PENDING


def test_bulk_reject_needs_a_reason(client, staff_world, moderator):
    client.force_login(moderator)

    response = client.post(
        reverse("consultations-staff:bulk", kwargs={"region": staff_world.region.slug}),
        {"action": "reject", "comments": [staff_world.comment.pk], "reason": ""},
        follow=True,
    )

    assert gettext("Give the reason for rejecting the comments.") in response.content.decode()
    assert Comment.objects.get(pk=staff_world.comment.pk).state == Comment.State.PENDING


def test_bulk_action_cannot_reach_comments_of_another_region(client, staff_world, moderator):
    other_window = ConsultationWindowFactory(plan=staff_world.other_plan)
    foreign = CommentFactory(window=other_window, section=ThemeSectionFactory(plan=staff_world.other_plan))
    client.force_login(moderator)

    client.post(
        reverse("consultations-staff:bulk", kwargs={"region": staff_world.region.slug}),
        {"action": "spam", "comments": [foreign.pk]},
    )

    assert Comment.objects.get(pk=foreign.pk).state == Comment.State.PENDING


def test_workshop_input_becomes_a_waiting_comment_tagged_with_its_workshop(client, staff_world, moderator):
    client.force_login(moderator)
    url = reverse(
        "consultations-staff:workshop-comment",
        kwargs={"region": staff_world.region.slug, "window": staff_world.window.pk},
    )

    response = client.post(
        url,
        {
            "source": "workshop",
            "workshop": staff_world.workshop.pk,
            "section": staff_world.section.pk,
            "category": "solution",
            "body": "Ühine transporditeenus eakatele.",
        },
    )

    assert response.status_code == 302
    comment = Comment.objects.get(body="Ühine transporditeenus eakatele.")
    assert (comment.source, comment.workshop, comment.state) == ("workshop", staff_world.workshop, "pending")


def test_workshop_input_without_its_workshop_is_refused_and_keeps_the_text(client, staff_world, moderator):
    client.force_login(moderator)
    url = reverse(
        "consultations-staff:workshop-comment",
        kwargs={"region": staff_world.region.slug, "window": staff_world.window.pk},
    )

    response = client.post(
        url, {"source": "workshop", "section": staff_world.section.pk, "category": "solution", "body": "Mõte."}
    )

    assert response.status_code == 400
    assert "Mõte." in response.content.decode()
    assert response.context["form"].errors["workshop"]
    assert Comment.objects.count() == 1


def test_queue_filters_by_state_and_category(client, staff_world, moderator):
    published = CommentFactory(
        window=staff_world.window, section=staff_world.section, published=True, category="solution"
    )
    client.force_login(moderator)

    response = client.get(queue_url(staff_world), {"state": "published", "category": "solution"})

    assert [c.pk for c in response.context["page"].object_list] == [published.pk]


@pytest.mark.parametrize("extra", [0, 30])
def test_queue_query_count_does_not_grow_with_comments(
    client, staff_world, moderator, django_assert_num_queries, extra
):
    CommentFactory.create_batch(extra, window=staff_world.window, section=staff_world.section)
    client.force_login(moderator)

    # session, user, staff member?, region, role in the region, count, moderator? (controls), filter choices
    # (windows, sections), the page of comments with window, section and workshop
    with django_assert_num_queries(10):
        response = client.get(queue_url(staff_world))

    assert response.status_code == 200


def test_staff_input_must_name_a_section_of_the_windows_plan(staff_world, moderator):
    foreign = ThemeSectionFactory(plan=staff_world.other_plan)

    with pytest.raises(ValidationError):
        workshop_comment_create(
            actor=moderator,
            window=staff_world.window,
            section=foreign,
            category="observation",
            body="Mõte.",
            workshop=staff_world.workshop,
        )
    assert Comment.objects.count() == 1


def test_the_queue_shows_waiting_comments_on_every_page_unless_asked_for_every_state(client, staff_world, moderator):
    published = CommentFactory(window=staff_world.window, section=staff_world.section, published=True)
    client.force_login(moderator)

    waiting = client.get(queue_url(staff_world), {"page": "1"}).context["page"].object_list
    every = client.get(queue_url(staff_world), {"state": ""}).context["page"].object_list

    assert [c.pk for c in waiting] == [staff_world.comment.pk]
    assert {c.pk for c in every} == {staff_world.comment.pk, published.pk}


def test_a_bad_filter_value_gives_the_queue_with_a_message_not_an_error(client, staff_world, moderator):
    client.force_login(moderator)

    response = client.get(queue_url(staff_world), {"window": "abc", "category": "nonsense"})

    assert response.status_code == 200
    assert response.context["filters"].errors


def test_comment_page_query_budget(client, staff_world, moderator, django_assert_num_queries):
    client.force_login(moderator)
    url = reverse(
        "consultations-staff:comment", kwargs={"region": staff_world.region.slug, "pk": staff_world.comment.pk}
    )

    # session, user, staff member?, the comment with window, plan, region, section, theme, municipality, workshop,
    # moderator and contact, role in the region, its response, moderator? (controls)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra", [0, 5])
def test_window_list_query_count_does_not_grow_with_windows(
    client, staff_world, moderator, django_assert_num_queries, extra
):
    ConsultationWindowFactory.create_batch(extra, plan=staff_world.plan)
    client.force_login(moderator)

    # session, user, staff member?, region, role in the region, plans, their windows, the user's roles for the
    # buttons the page shows ({% may %}: the create and edit links only for those who may use them)
    with django_assert_num_queries(8):
        response = client.get(reverse("consultations-staff:windows", kwargs={"region": staff_world.region.slug}))

    assert response.status_code == 200


def test_published_comments_of_a_post_moderated_window_wait_for_a_check_until_a_moderator_approves(
    client, staff_world, moderator
):
    unchecked = CommentFactory(window=staff_world.window, section=staff_world.section, state="published")
    client.force_login(moderator)

    before = client.get(queue_url(staff_world)).context["page"].object_list
    client.post(moderate_url(staff_world, unchecked), {"action": "publish"})
    after = client.get(queue_url(staff_world)).context["page"].object_list

    assert {c.pk for c in before} == {staff_world.comment.pk, unchecked.pk}
    assert [c.pk for c in after] == [staff_world.comment.pk]
    assert Comment.objects.get(pk=unchecked.pk).moderated_by == moderator
