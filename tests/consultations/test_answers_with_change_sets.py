"""Answers that hold: on a public plan, "taken into account" names the change set that makes the change; the public
pages promise the change until the change set is published and then link to it; subscribers hear of it once."""

import csv
import io
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from consultations import moderation
from consultations.models import Comment, OutgoingMail, Response
from core.models import RegionRole
from documents.models import Document
from documents.rendering import absolute_url, document_source
from plans.changesets import (
    ChangeSetRefused,
    change_set_discard,
    change_set_publish,
    change_set_start,
    change_set_submit,
    changes,
    fingerprint,
    working_copies_delete,
)
from plans.models import Activity, ChangeSet, CooperationPlan, ThemeSection
from tests.factories import (
    ActivityFactory,
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    SubscriptionFactory,
    ThemeSectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TITLE = "Muudatused pärast suvist arutelu"


@pytest.fixture
def world(region):
    plan = CooperationPlanFactory(region=region, slug="heaolu", status=CooperationPlan.Status.CONSULTATION)
    section = ThemeSectionFactory(plan=plan, title="Väärikas vananemine", theme__slug="vananemine")
    activity = ActivityFactory(section=section, title="Eakate transport")
    other = ActivityFactory(section=section, title="Eakate päevakeskus")
    window = ConsultationWindowFactory(plan=plan, title="Kava avalik arutelu")
    comment = CommentFactory(window=window, section=section, state=Comment.State.PUBLISHED, body="Lisage vedu.")
    moderator = UserFactory(username="moderaator@vorumaa.example")
    RegionRole.objects.create(user=moderator, region=region, role=RegionRole.Role.MODERATOR)
    change_set = change_set_start(
        plan=plan, title=TITLE, description="Eakate transport laieneb valdadesse.", actor=UserFactory()
    )
    return SimpleNamespace(
        region=region,
        plan=plan,
        section=section,
        activity=activity,
        other=other,
        window=window,
        comment=comment,
        moderator=moderator,
        change_set=change_set,
    )


def copy_of(change_set, obj):
    """The working copy's row of a public activity."""
    return Activity.objects.get(section__plan=change_set.working_copy, title=obj.title)


def change_activity(world):
    copy = copy_of(world.change_set, world.activity)
    copy.description = "Vedu kõigis valdades."
    copy.save()
    return copy


def add_activity(world):
    section = ThemeSection.objects.get(plan=world.change_set.working_copy)
    return ActivityFactory(
        section=section, title="Nõudetransport", responsible_organisation=world.activity.responsible_organisation
    )


def publish(change_set):
    change_set = change_set_submit(change_set=change_set, actor=UserFactory())
    published = change_set_publish(change_set=change_set, actor=UserFactory(), seen=fingerprint(changes(change_set)))
    working_copies_delete()  # what the task does once publishing commits
    return published


def answer(world, **kwargs):
    values = {"decision": "taken", "reason": "Vedu laieneb kõigisse valdadesse.", "change_set": world.change_set}
    values.update(kwargs)
    return moderation.response_save(actor=world.moderator, comment=world.comment, publish=True, **values)


def answer_url(world):
    with translation.override("en"):
        return reverse(
            "consultations-staff:comment-answer", kwargs={"region": world.region.slug, "pk": world.comment.pk}
        )


def public_url(world, name):
    with translation.override("en"):
        kwargs = {"region": world.region.slug, "plan": world.plan.slug, "window": world.window.pk}
        return reverse(f"consultations:{name}", kwargs=kwargs)


def change_link(change_set, model, pk, language="en"):
    with translation.override(language):
        return f"{change_set.get_absolute_url()}#change-{model}-{pk}"


# The change set's title is the plan's content (Estonian) inside an English sentence.
PROMISE = f'will be taken into account in “<span lang="et">{TITLE}</span>”'


# --- Refused answers --------------------------------------------------------------------------------------------


def test_taken_on_a_public_plan_without_a_change_set_is_refused_and_keeps_what_was_typed(client, world):
    client.force_login(world.moderator)

    response = client.post(
        answer_url(world), {"decision": "taken", "reason": "Arvestame ettepanekut.", "change_set": "", "save": ""}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "changes only through a change set" in page
    assert "Arvestame ettepanekut." in page
    assert not Response.objects.exists()


def test_a_change_set_of_another_plan_is_refused(client, world):
    other_plan = CooperationPlanFactory(region=world.region, status=CooperationPlan.Status.CONSULTATION)
    ThemeSectionFactory(plan=other_plan)
    foreign = change_set_start(plan=other_plan, title="Teise kava muudatused", actor=UserFactory())
    client.force_login(world.moderator)

    response = client.post(
        answer_url(world),
        {"decision": "taken", "reason": "Arvestame ettepanekut.", "change_set": foreign.pk, "save": ""},
    )

    assert response.status_code == 400
    assert "Choose a change set of the plan the comment is on" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        answer(world, change_set=foreign)
    assert "change_set" in refused.value.error_dict
    assert not Response.objects.exists()


def test_a_discarded_change_set_is_refused(client, world):
    change_set_discard(change_set=world.change_set, actor=UserFactory())
    client.force_login(world.moderator)

    response = client.post(
        answer_url(world),
        {"decision": "taken", "reason": "Arvestame ettepanekut.", "change_set": world.change_set.pk, "save": ""},
    )

    assert response.status_code == 400
    assert "has not been discarded" in response.content.decode()
    with translation.override("en"), pytest.raises(ValidationError, match="was discarded"):
        answer(world)
    assert not Response.objects.exists()


def test_an_activity_the_change_set_does_not_change_is_refused_by_field(client, world):
    change_activity(world)
    client.force_login(world.moderator)

    response = client.post(
        answer_url(world),
        {
            "decision": "taken",
            "reason": "Arvestame ettepanekut.",
            "change_set": world.change_set.pk,
            "changed_activity": world.other.pk,
            "save": "",
        },
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert "does not add or change “Eakate päevakeskus”" in form.errors["changed_activity"][0]
    assert not Response.objects.exists()


def test_a_change_set_on_an_answer_that_does_not_take_the_comment_into_account_is_refused(world):
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="Only an answer that takes the comment into account"),
    ):
        answer(world, decision="noted")


def test_an_answer_from_before_change_sets_may_be_saved_again_with_its_decision_but_not_changed_to_taken(world):
    Response.objects.create(comment=world.comment, decision="partly", reason="Vana vastus.")

    kept = answer(world, decision="partly", change_set=None, reason="Vana vastus, parandatud.")
    assert (kept.decision, kept.change_set) == ("partly", None)
    with translation.override("en"), pytest.raises(ValidationError, match="changes only through a change set"):
        answer(world, decision="taken", change_set=None)


# --- The promise, then the link -----------------------------------------------------------------------------------


def test_an_answer_says_will_be_taken_into_account_until_the_change_set_is_published_then_links_to_it(client, world):
    change_activity(world)
    client.force_login(world.moderator)
    posted = client.post(
        answer_url(world),
        {
            "decision": "taken",
            "reason": "Vedu laieneb kõigisse valdadesse.",
            "change_set": world.change_set.pk,
            "changed_activity": world.activity.pk,
            "publish": "",
        },
    )
    assert posted.status_code == 302
    with translation.override("en"):
        detail = reverse("consultations-staff:comment", kwargs={"region": world.region.slug, "pk": world.comment.pk})
    staff_page = client.get(detail).content.decode()
    assert TITLE in staff_page and "being prepared" in staff_page
    client.logout()
    assert Response.objects.get().published_at is not None

    for name in ("window", "feedback"):
        page = client.get(public_url(world, name)).content.decode()
        assert PROMISE in page, name
        assert "#change-activity-" not in page

    publish(world.change_set)

    link = change_link(world.change_set, "activity", world.activity.pk)
    for name in ("window", "feedback"):
        page = client.get(public_url(world, name)).content.decode()
        assert "will be taken into account" not in page, name
        assert "taken into account" in page
        assert link in page, name
    with translation.override("en"):
        activity_page = client.get(world.activity.get_absolute_url()).content.decode()
    assert link in activity_page


def test_an_activity_the_change_set_adds_is_named_by_its_copy_and_followed_to_its_public_row(client, world):
    added = add_activity(world)
    client.force_login(world.moderator)
    form = client.get(answer_url(world)).context["form"]
    offered = {pk.value: label for pk, label in form.fields["changed_activity"].choices if pk}
    assert offered[added.pk] == f"{added.section.title}: Nõudetransport (new in “{TITLE}”)"
    # The copies of the public rows are not offered: a changed activity is named by its public row.
    assert copy_of(world.change_set, world.activity).pk not in offered

    # Named with the public section it is added to (its working copy holds the activity).
    posted = client.post(
        answer_url(world),
        {
            "decision": "partly",
            "reason": "Nõudetransport lisandub.",
            "change_set": world.change_set.pk,
            "changed_section": world.section.pk,
            "changed_activity": added.pk,
            "save": "",
        },
    )
    assert posted.status_code == 302
    response = Response.objects.get()
    assert (response.changed_section, response.changed_activity) == (world.section, added)

    publish(world.change_set)

    response.refresh_from_db()
    public = Activity.objects.get(section__plan=world.plan, title="Nõudetransport")
    assert (response.changed_section, response.changed_activity) == (world.section, public)
    with translation.override("et"):
        assert response.change_path == change_link(world.change_set, "activity", public.pk, "et")
    assert not Activity.objects.filter(pk=added.pk).exists()


def test_a_published_change_set_may_be_named_with_what_it_changed(world):
    change_activity(world)
    publish(world.change_set)

    response = answer(world, changed_activity=world.activity)

    with translation.override("et"):
        assert response.change_path == change_link(world.change_set, "activity", world.activity.pk, "et")
    with translation.override("en"), pytest.raises(ValidationError, match="does not add or change"):
        answer(world, changed_activity=world.other)


def test_a_change_set_that_answers_name_cannot_be_discarded(world):
    change_activity(world)
    answer(world, changed_activity=world.activity)

    with translation.override("en"), pytest.raises(ChangeSetRefused, match="cannot be discarded"):
        change_set_discard(change_set=world.change_set, actor=UserFactory())

    world.change_set.refresh_from_db()
    assert world.change_set.state == ChangeSet.State.OPEN
    assert world.change_set.working_copy is not None


# --- Feedback table and report ------------------------------------------------------------------------------------


def test_the_feedback_csv_names_the_change_set_and_links_to_the_change_once_published(client, world):
    change_activity(world)
    answer(world, changed_activity=world.activity)

    def row():
        content = client.get(public_url(world, "feedback-csv")).content.decode("utf-8-sig")
        header, first = list(csv.reader(io.StringIO(content)))[:2]
        return dict(zip(header, first, strict=True))

    before = row()
    assert before["Decision"] == f"will be taken into account in “{TITLE}”"
    assert (before["Change set"], before["Change set published"], before["Link to the change"]) == (
        TITLE,
        "not yet",
        "",
    )

    publish(world.change_set)

    after = row()
    assert after["Decision"] == "taken into account"
    assert after["Change set"] == TITLE and after["Change set published"] != "not yet"
    assert after["Link to the change"] == "http://testserver" + change_link(
        world.change_set, "activity", world.activity.pk
    )


def test_the_consultation_report_links_to_the_change_and_is_drawn_again_when_it_is_published(
    world, django_capture_on_commit_callbacks
):
    change_activity(world)
    answer(world, changed_activity=world.activity)
    world.window.feedback_published_at = world.window.closes_at
    world.window.save()
    kind, scope = Document.Kind.CONSULTATION_REPORT, str(world.window.pk)

    _source, before, _hash = document_source(plan=world.plan, kind=kind, scope=scope, language="en")
    assert PROMISE in before
    assert "not published yet" in before

    with (
        mock.patch("documents.tasks.render_document.delay") as render,
        django_capture_on_commit_callbacks(execute=True),
    ):
        publish(world.change_set)

    report = Document.objects.get(plan=world.plan, kind=kind, scope=scope)
    assert mock.call(report.pk) in render.call_args_list

    with translation.override("en"):
        link = absolute_url(change_link(world.change_set, "activity", world.activity.pk))
    _source, after, _hash = document_source(plan=world.plan, kind=kind, scope=scope, language="en")
    assert f'href="{link}"' in after
    assert TITLE in after and "not published yet" not in after


# --- Subscribers ----------------------------------------------------------------------------------------------


def test_subscribers_are_mailed_once_each_in_their_language_when_the_change_set_is_published(
    world, django_capture_on_commit_callbacks
):
    SubscriptionFactory(
        region=world.region, email="mari@example.org", language="et", confirmed_at=world.plan.created_at
    )
    SubscriptionFactory(
        region=world.region, email="aino@example.org", language="fi", confirmed_at=world.plan.created_at
    )
    SubscriptionFactory(region=world.region, email="kinnitamata@example.org", confirmed_at=None)
    SubscriptionFactory(email="teine@example.org", confirmed_at=world.plan.created_at)  # another region
    change_activity(world)
    change_set = change_set_submit(change_set=world.change_set, actor=UserFactory())
    assert not OutgoingMail.objects.exists()

    with django_capture_on_commit_callbacks() as callbacks:
        change_set_publish(change_set=change_set, actor=UserFactory(), seen=fingerprint(changes(change_set)))

    mails = {mail.to: mail for mail in OutgoingMail.objects.filter(kind=OutgoingMail.Kind.CHANGES)}
    assert set(mails) == {"mari@example.org", "aino@example.org"}
    assert OutgoingMail.objects.count() == 2
    assert callbacks  # sent after commit
    finnish = mails["aino@example.org"]
    assert finnish.language == "fi"
    with translation.override("fi"):
        changelog = absolute_url(change_set.get_absolute_url())
    assert changelog in finnish.body and "/fi/" in changelog
    assert TITLE in finnish.body and "Eakate transport laieneb valdadesse." in finnish.body
    assert world.plan.title in finnish.subject
    assert finnish.list_unsubscribe and finnish.list_unsubscribe in finnish.body
    assert "/fi/" in finnish.list_unsubscribe
    assert mails["mari@example.org"].list_unsubscribe != finnish.list_unsubscribe

    # Publishing again is refused: nobody is mailed twice.
    with pytest.raises(ChangeSetRefused):
        change_set_publish(change_set=change_set, actor=UserFactory(), seen=fingerprint(changes(change_set)))
    assert OutgoingMail.objects.count() == 2
