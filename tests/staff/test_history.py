"""History pages: every version with who, when and a readable diff; restoring a version (recorded and audited)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from core.models import AuditEvent
from plans.models import Activity
from tests.factories import OrganisationFactory, UserFactory


def _url(label, pk):
    return reverse("staff:history", kwargs={"label": label, "pk": pk})


def _restore_url(label, pk, history_id):
    return reverse("staff:history-restore", kwargs={"label": label, "pk": pk, "history_id": history_id})


@pytest.fixture
def changed_activity(staff_world):
    """The world's activity, changed once by a colleague: title, budget, status, organisation and partners."""
    activity = staff_world.activity
    colleague = UserFactory(username="kolleeg@vorumaa.example")
    activity.title = "Eakate transpordi ühishange"
    activity.budget = Decimal("12500.50")
    activity.status = Activity.Status.IN_PROGRESS
    activity.responsible_organisation = OrganisationFactory(name="Võru Vallavalitsus")
    activity._history_user = colleague
    activity.save()
    activity.partner_organisations.set([OrganisationFactory(name="MTÜ Eakate Abi")])
    return activity


def test_history_page_lists_versions_with_who_and_a_readable_diff(client, editor, changed_activity):
    client.force_login(editor)

    response = client.get(_url("plans.activity", changed_activity.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert "kolleeg@vorumaa.example" in html
    # Setting the partners saved a version of its own, after the colleague's edit.
    partners_set, edited = response.context["versions"][:2]
    assert partners_set.is_current
    changes = {change.name: (change.old, change.new) for change in edited.changes}
    # verbose names (in the page's language), choices' labels, foreign keys and many-to-many rows by name
    with translation.override("et"):
        name = {f: capfirst(Activity._meta.get_field(f).verbose_name) for f in ["title", "status", "budget"]}
        name |= {f: capfirst(Activity._meta.get_field(f).verbose_name) for f in ["responsible_organisation"]}
        name |= {"partners": capfirst(Activity._meta.get_field("partner_organisations").verbose_name)}
        in_progress = str(Activity.Status.IN_PROGRESS.label)
    assert changes[name["title"]][1] == "Eakate transpordi ühishange"
    assert changes[name["status"]][1] == in_progress
    assert changes[name["responsible_organisation"]][1] == "Võru Vallavalitsus"
    assert changes[name["responsible_organisation"]][0] == str(
        OrganisationFactory._meta.model.objects.get(pk=changed_activity.history.earliest().responsible_organisation_id)
    )
    assert changes[name["budget"]] == ("12000,00", "12500,50")  # Estonian decimal commas
    assert [(c.name, c.old, c.new) for c in partners_set.changes] == [(name["partners"], "–", "MTÜ Eakate Abi")]


def test_history_page_query_count_does_not_grow_with_versions(client, editor, staff_world, django_assert_num_queries):
    client.force_login(editor)
    activity = staff_world.activity
    url = _url("plans.activity", activity.pk)
    # session, user, staff check, the activity, the role in its region, the versions, the two many-to-many
    # fields' rows, the names of the organisations and of the theme section mentioned (one query per related
    # model, however many versions name them), the restore right
    for round_ in range(2):
        for i in range(4):
            activity.title = f"Versioon {round_}-{i}"
            activity.responsible_organisation = OrganisationFactory()
            activity.save()
        with django_assert_num_queries(11):
            assert client.get(url).status_code == 200


def test_editor_restores_a_version_which_becomes_a_new_version_and_an_audit_event(
    client, editor, staff_world, changed_activity
):
    original = changed_activity.history.earliest()
    versions_before = changed_activity.history.count()
    version_before = Activity.objects.get(pk=changed_activity.pk).version
    client.force_login(editor)

    response = client.post(_restore_url("plans.activity", changed_activity.pk, original.history_id), {"confirm": "1"})

    assert response.status_code == 302
    restored = Activity.objects.get(pk=changed_activity.pk)
    assert restored.title == original.title
    assert restored.status == original.status
    assert list(restored.partner_organisations.all()) == []
    assert restored.version == version_before + 1
    assert changed_activity.history.count() > versions_before
    newest = changed_activity.history.latest()
    assert newest.history_user == editor
    assert newest.history_change_reason
    event = AuditEvent.objects.get(action=AuditEvent.Action.RESTORE)
    assert event.actor == editor
    assert event.region == staff_world.region
    assert event.object_id == str(changed_activity.pk)


def test_viewer_may_read_history_but_not_restore(client, staff_world, changed_activity):
    client.force_login(staff_world.users["viewer"])
    original = changed_activity.history.earliest()

    assert client.get(_url("plans.activity", changed_activity.pk)).status_code == 200
    response = client.post(_restore_url("plans.activity", changed_activity.pk, original.history_id), {"confirm": "1"})

    assert response.status_code == 403
    assert Activity.objects.get(pk=changed_activity.pk).title == "Eakate transpordi ühishange"
    assert not AuditEvent.objects.exists()


def test_viewer_sees_no_restore_button(client, staff_world, changed_activity):
    client.force_login(staff_world.users["viewer"])

    response = client.get(_url("plans.activity", changed_activity.pk))

    assert not response.context["may_restore"]
    assert b"/restore/" not in response.content


def test_editor_of_other_region_gets_403(client, outsider, changed_activity):
    client.force_login(outsider)

    assert client.get(_url("plans.activity", changed_activity.pk)).status_code == 403
    original = changed_activity.history.earliest()
    assert (
        client.post(
            _restore_url("plans.activity", changed_activity.pk, original.history_id), {"confirm": "1"}
        ).status_code
        == 403
    )


def test_project_restore_needs_the_project_editor_role(client, staff_world):
    project = staff_world.project
    old_name = project.name
    project.name = "Uus nimi"
    project.save()
    first = project.history.earliest()

    client.force_login(staff_world.users["editor"])
    assert (
        client.post(_restore_url("projects.project", project.pk, first.history_id), {"confirm": "1"}).status_code == 403
    )

    client.force_login(staff_world.users["project_editor"])
    assert (
        client.post(_restore_url("projects.project", project.pk, first.history_id), {"confirm": "1"}).status_code == 302
    )
    project.refresh_from_db()
    assert project.name == old_name


@pytest.mark.parametrize(
    "label", ["plans.cooperationplan", "plans.themesection", "plans.indicator", "projects.project"]
)
def test_history_page_works_for_each_kind_of_object(client, editor, staff_world, label):
    obj = {
        "plans.cooperationplan": staff_world.plan,
        "plans.themesection": staff_world.section,
        "plans.indicator": staff_world.indicator,
        "projects.project": staff_world.project,
    }[label]
    client.force_login(editor)

    assert client.get(_url(label, obj.pk)).status_code == 200


def test_unknown_kind_or_object_or_version_is_404(client, editor, staff_world):
    client.force_login(editor)

    assert client.get(_url("core.region", staff_world.region.pk)).status_code == 404
    assert client.get(_url("auth.user", editor.pk)).status_code == 404
    assert client.get(_url("plans.activity", 999_999)).status_code == 404
    assert client.get(_restore_url("plans.activity", staff_world.activity.pk, 999_999)).status_code == 404
    assert (
        client.post(_restore_url("plans.activity", staff_world.activity.pk, 999_999), {"confirm": "1"}).status_code
        == 404
    )


def test_a_get_on_the_restore_address_only_asks_for_confirmation(client, editor, staff_world):
    client.force_login(editor)
    activity = staff_world.activity
    version = activity.history.latest()
    versions_before = activity.history.count()

    response = client.get(_restore_url("plans.activity", activity.pk, version.history_id))

    assert response.status_code == 200
    assert activity.history.count() == versions_before


def test_restoring_a_plan_version_with_another_status_is_audited_as_a_status_change_too(client, editor, staff_world):
    plan = staff_world.plan
    first = plan.history.earliest()
    plan.status = "adopted"
    plan.save()
    client.force_login(editor)

    client.post(_restore_url("plans.cooperationplan", plan.pk, first.history_id), {"confirm": "1"})

    plan.refresh_from_db()
    assert plan.status == first.status
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESTORE, object_id=str(plan.pk)).exists()
    assert AuditEvent.objects.get(action=AuditEvent.Action.STATUS).data == {
        "code": "status",
        "from": "adopted",
        "to": first.status,
    }


def test_restoring_plan_content_refreshes_the_plans_pdfs_after_commit(
    client, editor, changed_activity, monkeypatch, django_capture_on_commit_callbacks
):
    from plans import history

    refreshed = []
    monkeypatch.setattr(history, "plan_published", lambda *, plan: refreshed.append(plan.pk))
    client.force_login(editor)
    original = changed_activity.history.earliest()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_restore_url("plans.activity", changed_activity.pk, original.history_id), {"confirm": "1"})

    assert refreshed == [changed_activity.section.plan_id]
