"""A plan's status change and a history restore happen only after the editor confirms them on a page that says
what they will change."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from core.models import AuditEvent
from plans import services
from plans.models import Activity, CooperationPlan
from tests.factories import StrategyDocumentFactory, UserFactory
from tests.staff.plan_forms import plan_url

Status = CooperationPlan.Status


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def no_pdfs(monkeypatch):
    monkeypatch.setattr(services, "plan_published", lambda *, plan: None)


def _restore_url(activity, history_id, language="et"):
    with translation.override(language):
        return reverse(
            "staff:history-restore", kwargs={"label": "plans.activity", "pk": activity.pk, "history_id": history_id}
        )


@pytest.fixture
def changed_activity(staff_world):
    """The world's activity, its title and budget changed once by a colleague."""
    activity = staff_world.activity
    activity.title = "Eakate transpordi ühishange"
    activity.budget = Decimal("12500.50")
    activity._history_user = UserFactory(username="kolleeg@vorumaa.example")
    activity.save()
    return activity


# --- Status changes ---------------------------------------------------------------------------------------------


def test_the_first_status_post_only_asks_for_confirmation_and_says_what_publishing_means(as_editor, staff_world):
    plan = staff_world.plan

    response = as_editor.post(plan_url("plan-status", plan), {"status": Status.CONSULTATION, "version": plan.version})

    assert response.status_code == 200
    assert response.templates[0].name == "staff/plans/plan_status_confirm.html"
    html = response.content.decode()
    assert 'name="confirm" value="1"' in html
    assert f'name="version" value="{plan.version}"' in html
    assert plan_url("plan-edit", plan) in html
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STATUS).exists()


@pytest.mark.parametrize(
    ("start", "target"),
    [(Status.DRAFT, Status.CONSULTATION), (Status.CONSULTATION, Status.ADOPTED), (Status.CONSULTATION, Status.DRAFT)],
)
def test_each_allowed_step_has_its_own_consequence_text(as_editor, staff_world, start, target):
    CooperationPlan.objects.filter(pk=staff_world.plan.pk).update(status=start)
    plan = CooperationPlan.objects.get(pk=staff_world.plan.pk)

    response = as_editor.post(plan_url("plan-status", plan), {"status": target, "version": plan.version})

    assert response.status_code == 200
    assert response.context["consequence"] in response.content.decode()
    assert response.context["target"] == target


def test_the_confirmed_status_post_changes_the_status(as_editor, staff_world):
    plan = staff_world.plan

    response = as_editor.post(
        plan_url("plan-status", plan), {"status": Status.CONSULTATION, "version": plan.version, "confirm": "1"}
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.CONSULTATION
    assert AuditEvent.objects.filter(action=AuditEvent.Action.STATUS).count() == 1


def test_a_confirmation_from_a_stale_page_changes_nothing(as_editor, staff_world):
    plan = staff_world.plan
    as_editor.post(plan_url("plan-status", plan), {"status": Status.CONSULTATION, "version": plan.version})
    # Someone else saves the plan while the confirmation page is open.
    CooperationPlan.objects.filter(pk=plan.pk).update(version=plan.version + 1)

    response = as_editor.post(
        plan_url("plan-status", plan),
        {"status": Status.CONSULTATION, "version": plan.version, "confirm": "1"},
        follow=True,
    )

    assert "Someone else changed the plan meanwhile" in response.content.decode() or "vahepeal" in (
        response.content.decode()
    )
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


@pytest.mark.parametrize("confirm", [None, "1"])
def test_a_step_outside_the_workflow_is_refused_confirmed_or_not(as_editor, staff_world, confirm):
    plan = staff_world.plan
    data = {"status": Status.ADOPTED, "version": plan.version} | ({"confirm": confirm} if confirm else {})

    response = as_editor.post(plan_url("plan-status", plan), data, follow=True)

    html = response.content.decode()
    assert "cannot go from" in html or "ei saa" in html
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.STATUS).exists()


# --- Restores ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_the_restore_page_lists_the_fields_the_restore_changes_with_both_values(as_editor, changed_activity, language):
    original = changed_activity.history.earliest()

    response = as_editor.get(_restore_url(changed_activity, original.history_id, language))

    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        title, budget, description = (
            str(capfirst(Activity._meta.get_field(name).verbose_name)) for name in ("title", "budget", "description")
        )
    changes = {change.name: change for change in response.context["changes"]}
    assert set(changes) == {title, budget}
    # From the value now to the version's value.
    assert changes[title].old == "Eakate transpordi ühishange"
    assert changes[title].new == original.title
    assert f">{title}</th>" in html and f">{budget}</th>" in html and f">{description}</th>" not in html
    assert "Eakate transpordi ühishange" in html and original.title in html
    assert 'name="confirm" value="1"' in html


def test_a_restore_post_without_confirmation_changes_nothing(as_editor, changed_activity):
    original = changed_activity.history.earliest()
    versions_before = changed_activity.history.count()

    response = as_editor.post(_restore_url(changed_activity, original.history_id))

    assert response.status_code == 200
    assert Activity.objects.get(pk=changed_activity.pk).title == "Eakate transpordi ühishange"
    assert changed_activity.history.count() == versions_before
    assert not AuditEvent.objects.exists()


def test_the_confirmed_restore_brings_the_version_back(as_editor, changed_activity):
    original = changed_activity.history.earliest()

    response = as_editor.post(_restore_url(changed_activity, original.history_id), {"confirm": "1"})

    assert response.status_code == 302
    assert Activity.objects.get(pk=changed_activity.pk).title == original.title
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESTORE).count() == 1


def test_the_history_page_links_to_the_confirmation_instead_of_restoring(as_editor, changed_activity):
    original = changed_activity.history.earliest()
    history = reverse("staff:history", kwargs={"label": "plans.activity", "pk": changed_activity.pk})

    html = as_editor.get(history).content.decode()

    assert f'href="{_restore_url(changed_activity, original.history_id)}"' in html
    assert 'method="post"' not in html.split("<main", 1)[-1]


def test_a_viewer_may_not_open_the_restore_confirmation(client, staff_world, changed_activity):
    client.force_login(staff_world.users["viewer"])
    original = changed_activity.history.earliest()

    assert client.get(_restore_url(changed_activity, original.history_id)).status_code == 403
    assert client.post(_restore_url(changed_activity, original.history_id), {"confirm": "1"}).status_code == 403
    assert Activity.objects.get(pk=changed_activity.pk).title == "Eakate transpordi ühishange"


def test_an_unknown_version_is_404(as_editor, staff_world):
    assert as_editor.get(_restore_url(staff_world.activity, 999_999)).status_code == 404


def test_a_get_with_a_status_shows_the_same_confirmation_and_changes_nothing(as_editor, staff_world):
    plan = staff_world.plan

    response = as_editor.get(plan_url("plan-status", plan) + "?status=consultation")

    assert response.status_code == 200
    assert response.context["target"] == Status.CONSULTATION
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


def test_the_restore_page_shows_a_list_as_who_comes_back_and_who_goes(as_editor, staff_world):
    plan = staff_world.plan
    plan.basis_documents.set([StrategyDocumentFactory(title="Eesti 2035")])
    before = plan.history.latest()
    plan.basis_documents.set([StrategyDocumentFactory(title="Võrumaa arengustrateegia 2035+")])
    url = reverse(
        "staff:history-restore",
        kwargs={"label": "plans.cooperationplan", "pk": plan.pk, "history_id": before.history_id},
    )

    response = as_editor.get(url)

    assert response.status_code == 200
    [change] = [change for change in response.context["changes"] if change.is_list]
    assert (change.added, change.removed) == (["Eesti 2035"], ["Võrumaa arengustrateegia 2035+"])
