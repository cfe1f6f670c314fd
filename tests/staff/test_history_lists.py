"""History of many-to-many lists (an activity's partners and municipalities, a plan's basis documents): shown as
who was added and who removed, and brought back by a restore."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from plans.models import Activity, CooperationPlan
from tests.factories import MunicipalityFactory, OrganisationFactory, StrategyDocumentFactory


def _url(label, pk):
    return reverse("staff:history", kwargs={"label": label, "pk": pk})


def _restore_url(label, pk, history_id):
    return reverse("staff:history-restore", kwargs={"label": label, "pk": pk, "history_id": history_id})


@pytest.fixture
def moved_activity(staff_world):
    """The world's activity in Antsla vald, then moved to Rõuge vald with a new partner."""
    activity = staff_world.activity
    activity.municipalities.set([MunicipalityFactory(region=staff_world.region, name="Antsla vald")])
    before = activity.history.latest()
    activity.municipalities.set([MunicipalityFactory(region=staff_world.region, name="Rõuge vald")])
    activity.partner_organisations.add(OrganisationFactory(name="MTÜ Eakate Abi"))
    return activity, before


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_history_page_shows_list_changes_as_added_and_removed(client, editor, moved_activity, language):
    activity, _before = moved_activity
    client.force_login(editor)

    with translation.override(language):
        response = client.get(_url("plans.activity", activity.pk))
        added, removed = gettext("Added"), gettext("Removed")
        municipalities = capfirst(Activity._meta.get_field("municipalities").verbose_name)

    assert response.status_code == 200
    changes = [change for version in response.context["versions"] for change in version.changes if change.is_list]
    # Django's set() removes first, then adds: two versions.
    assert [(c.added, c.removed) for c in changes if c.name == municipalities][:2] == [
        (["Rõuge vald"], []),
        ([], ["Antsla vald"]),
    ]
    html = response.content.decode()
    assert f"{added}: <ins>Rõuge vald</ins>" in html
    assert f"{removed}: <del>Antsla vald</del>" in html
    assert f"{added}: <ins>MTÜ Eakate Abi</ins>" in html


def test_restoring_an_activity_version_brings_its_old_lists_back(client, editor, moved_activity):
    activity, before = moved_activity
    client.force_login(editor)

    response = client.post(_restore_url("plans.activity", activity.pk, before.history_id), {"confirm": "1"})

    assert response.status_code == 302
    assert [m.name for m in activity.municipalities.all()] == ["Antsla vald"]
    assert list(activity.partner_organisations.all()) == []
    # The restored lists are in the history too: the newest version has the old lists.
    newest = activity.history.latest()
    assert [row.municipality.name for row in newest.municipalities.all()] == ["Antsla vald"]


def test_plan_history_keeps_its_basis_documents_and_a_restore_brings_them_back(client, editor, staff_world):
    plan = staff_world.plan
    plan.basis_documents.set([StrategyDocumentFactory(title="Eesti 2035")])
    before = plan.history.latest()
    plan.basis_documents.set([StrategyDocumentFactory(title="Võrumaa arengustrateegia 2035+")])
    client.force_login(editor)

    page = client.get(_url("plans.cooperationplan", plan.pk))
    restore = client.post(_restore_url("plans.cooperationplan", plan.pk, before.history_id), {"confirm": "1"})

    assert page.status_code == 200
    [newest, *_older] = page.context["versions"]
    assert [(c.added, c.removed) for c in newest.changes] == [(["Võrumaa arengustrateegia 2035+"], [])]
    assert restore.status_code == 302
    assert [d.title for d in CooperationPlan.objects.get(pk=plan.pk).basis_documents.all()] == ["Eesti 2035"]


@pytest.mark.parametrize("size", [1, 4])
def test_history_page_query_count_with_list_changes_does_not_grow(
    client, editor, staff_world, django_assert_num_queries, size
):
    activity = staff_world.activity
    for i in range(size):
        activity.municipalities.add(MunicipalityFactory(region=staff_world.region, name=f"Vald {i}"))
        activity.partner_organisations.add(OrganisationFactory())
    client.force_login(editor)
    # session, user, staff check, the activity, the role in its region, the versions, the two lists' rows, the
    # names of the organisations, of the theme section and of the municipalities mentioned, the restore right
    with django_assert_num_queries(12):
        assert client.get(_url("plans.activity", activity.pk)).status_code == 200
