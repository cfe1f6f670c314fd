"""A plan goes draft → in consultation → adopted → archived (and back to draft from consultation); publishing
brings its PDFs up to date once the change is committed."""

import pytest

from core.models import AuditEvent
from plans import changesets, services
from plans.models import CooperationPlan
from tests.staff.plan_forms import activity_data, plan_url

Status = CooperationPlan.Status


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def published(monkeypatch):
    """The plans plan_published was called for (instead of requesting PDFs)."""
    calls = []
    monkeypatch.setattr(services, "plan_published", lambda *, plan: calls.append(plan.pk))
    monkeypatch.setattr(changesets, "plan_published", lambda *, plan: calls.append(plan.pk))
    return calls


def move(client, plan, status, version=None):
    return client.post(
        plan_url("plan-status", plan), {"status": status, "version": str(version or plan.version), "confirm": "1"}
    )


def test_publishing_a_draft_records_who_and_when_and_refreshes_pdfs_on_commit(
    as_editor, staff_world, published, django_capture_on_commit_callbacks
):
    plan = staff_world.plan

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = move(as_editor, plan, Status.CONSULTATION)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.CONSULTATION
    assert plan.status_changed_by == staff_world.users["editor"]
    assert plan.status_changed_at is not None
    assert published == [plan.pk]
    assert callbacks
    event = AuditEvent.objects.get(action=AuditEvent.Action.STATUS, object_id=str(plan.pk))
    assert event.actor == staff_world.users["editor"]
    assert event.region == staff_world.region


def test_the_whole_workflow_and_back_to_draft_from_consultation(as_editor, staff_world, published):
    plan = staff_world.plan
    for status in [Status.CONSULTATION, Status.DRAFT, Status.CONSULTATION, Status.ADOPTED, Status.ARCHIVED]:
        plan.refresh_from_db()
        move(as_editor, plan, status)
        plan.refresh_from_db()
        assert plan.status == status

    assert AuditEvent.objects.filter(action=AuditEvent.Action.STATUS).count() == 5


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.DRAFT, Status.ADOPTED),
        (Status.DRAFT, Status.ARCHIVED),
        (Status.ADOPTED, Status.DRAFT),
        (Status.ARCHIVED, Status.DRAFT),
        (Status.DRAFT, Status.DRAFT),
    ],
)
def test_a_transition_outside_the_workflow_is_refused_with_a_message(as_editor, staff_world, start, target):
    plan = staff_world.plan
    CooperationPlan.objects.filter(pk=plan.pk).update(status=start)
    plan.refresh_from_db()

    response = as_editor.post(
        plan_url("plan-status", plan), {"status": target, "version": plan.version, "confirm": "1"}, follow=True
    )

    plan.refresh_from_db()
    assert plan.status == start
    assert "cannot go from" in response.content.decode() or "ei saa" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STATUS).exists()


def test_an_unknown_status_is_a_form_error_not_a_500(as_editor, staff_world):
    response = as_editor.post(plan_url("plan-status", staff_world.plan), {"status": "published", "version": "1"})

    assert response.status_code == 400
    staff_world.plan.refresh_from_db()
    assert staff_world.plan.status == Status.DRAFT


def test_a_status_change_from_a_stale_page_is_refused(as_editor, staff_world):
    plan = staff_world.plan
    CooperationPlan.objects.filter(pk=plan.pk).update(version=5)

    response = move(as_editor, plan, Status.CONSULTATION, version=1)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


def test_publishing_a_change_set_of_a_public_plan_refreshes_its_pdfs_once(
    client, staff_world, published, django_capture_on_commit_callbacks
):
    change_set = staff_world.change_set  # its editor changed the summary and sent it for review
    plan = staff_world.public_plan
    client.force_login(staff_world.users["reviewer"])
    url = plan_url("change-set-publish", plan, pk=change_set.pk)
    seen = client.get(url).context["fingerprint"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"seen": seen, "confirm": "1"})

    assert published == [plan.pk]


def test_editing_an_activity_of_a_public_plan_publishes_nothing(
    as_editor, staff_world, published, django_capture_on_commit_callbacks
):
    plan = staff_world.plan
    CooperationPlan.objects.filter(pk=plan.pk).update(status=Status.ADOPTED)
    activity = staff_world.activity

    with django_capture_on_commit_callbacks(execute=True):
        response = as_editor.post(
            plan_url("activity-edit", plan, activity=activity.pk), activity_data(activity, title="Uus")
        )

    assert response.status_code == 409  # its edits go into a change set
    assert published == []


def test_editing_a_draft_plan_does_not_publish_anything(
    as_editor, staff_world, published, django_capture_on_commit_callbacks
):
    activity = staff_world.activity

    with django_capture_on_commit_callbacks(execute=True):
        as_editor.post(
            plan_url("activity-edit", staff_world.plan, activity=activity.pk), activity_data(activity, title="Uus")
        )

    activity.refresh_from_db()
    assert activity.title == "Uus"
    assert published == []


def test_nothing_is_published_when_the_transaction_does_not_commit(as_editor, staff_world, published):
    # Without django_capture_on_commit_callbacks the test's transaction never commits: no PDFs are requested.
    move(as_editor, staff_world.plan, Status.CONSULTATION)

    assert published == []


def test_real_publishing_requests_the_plans_pdfs(
    as_editor, staff_world, django_capture_on_commit_callbacks, monkeypatch
):
    from documents import rendering

    requested = []
    monkeypatch.setattr(rendering, "document_request", lambda **kwargs: requested.append(kwargs["kind"]))

    with django_capture_on_commit_callbacks(execute=True):
        move(as_editor, staff_world.plan, Status.CONSULTATION)

    assert sorted(requested) == ["plan_summary", "theme_sheet"]
