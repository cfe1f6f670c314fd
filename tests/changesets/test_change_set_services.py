"""The change-set services: a public plan is edited in a working copy, and publishing applies it all at once."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from plans import changesets
from plans.changesets import (
    COMPARED_IN_DATABASE,
    ChangeSetRefused,
    change_set_publish,
    change_set_rebase,
    change_set_start,
    changes,
)
from plans.models import (
    Activity,
    ChangeSet,
    CooperationPlan,
    Indicator,
    IndicatorValue,
    Milestone,
    ThemeSection,
)
from plans.tasks import delete_spent_working_copies
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    ThemeSectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = CooperationPlanFactory(status=CooperationPlan.Status.CONSULTATION)
    section = ThemeSectionFactory(plan=plan, title="Vaimne tervis")
    activity = ActivityFactory(section=section, title="Tugiisikute võrgustik", person_years=Decimal("0.75"))
    activity.municipalities.set([MunicipalityFactory(region=plan.region, name="Rõuge vald")])
    indicator = IndicatorFactory(activity=activity, name="Tugiisikute arv")
    IndicatorValueFactory(indicator=indicator, year=2024, value=Decimal("3"))
    MilestoneFactory(plan=plan, title="Ümarlaud")
    return plan


def _copy_of(change_set, model, **lookup):
    return model.objects.get(**{changesets.CONTENT[model]: change_set.working_copy.pk}, **lookup)


def _submit(change_set, user):
    return changesets.change_set_submit(change_set=change_set, actor=user)


def test_starting_a_change_set_copies_the_plan_into_a_hidden_draft(plan):
    editor = UserFactory()
    change_set = change_set_start(plan=plan, title="Muudatused pärast suvist arutelu", actor=editor)
    copy = change_set.working_copy
    assert copy.status == CooperationPlan.Status.DRAFT
    assert copy.working_copy_of == plan
    assert list(CooperationPlan.objects.originals()) == [plan]
    copied = _copy_of(change_set, Activity, title="Tugiisikute võrgustik")
    assert [m.name for m in copied.municipalities.all()] == ["Rõuge vald"]
    assert _copy_of(change_set, IndicatorValue).value == Decimal("3")
    assert changes(change_set) == []


def test_edits_in_the_copy_leave_the_public_plan_alone_until_published(plan, django_capture_on_commit_callbacks):
    editor, reviewer = UserFactory(), UserFactory()
    change_set = change_set_start(plan=plan, title="Muudatused", actor=editor)
    activity = _copy_of(change_set, Activity)
    activity.person_years = Decimal("1.25")
    activity.save()
    partner = OrganisationFactory(name="Võru Sotsiaalkeskus")
    activity.partner_organisations.add(partner)
    new_section = ThemeSection.objects.create(
        plan=change_set.working_copy, theme=ThemeFactory(), title="Liikuvus", position=5
    )
    Activity.objects.create(
        section=new_section,
        title="Ühistransport",
        responsible_organisation=partner,
        start_year=2025,
        end_year=2026,
        cooperation_form=Activity.CooperationForm.NETWORK,
    )
    _copy_of(change_set, Milestone).delete()

    public = Activity.objects.get(section__plan=plan)
    assert public.person_years == Decimal("0.75")
    found = changes(change_set)
    assert {(c.model.__name__, c.action) for c in found} == {
        ("Activity", "changed"),
        ("ThemeSection", "added"),
        ("Activity", "added"),
        ("Milestone", "removed"),
    }

    change_set = _submit(change_set, editor)
    with django_capture_on_commit_callbacks() as callbacks:
        change_set_publish(change_set=change_set, actor=reviewer, seen=changesets.fingerprint(changes(change_set)))
    # The spent working copy is deleted by a task once the transaction commits; here the task's work runs inline.
    assert delete_spent_working_copies.delay in callbacks
    changesets.working_copies_delete()

    public.refresh_from_db()
    assert public.person_years == Decimal("1.25")
    assert list(public.partner_organisations.all()) == [partner]
    assert plan.sections.get(title="Liikuvus").activities.get().title == "Ühistransport"
    assert not Milestone.objects.filter(plan=plan).exists()
    change_set.refresh_from_db()
    assert change_set.state == ChangeSet.State.PUBLISHED
    assert change_set.working_copy is None
    assert not CooperationPlan.objects.filter(working_copy_of=plan).exists()
    assert {entry["action"] for entry in change_set.published_changes} == {"changed", "added", "removed"}
    (removed,) = [entry for entry in change_set.published_changes if entry["action"] == "removed"]
    assert removed["id"] is not None and removed["label"] == "Ümarlaud"


def test_a_stale_review_cannot_publish(plan):
    editor, reviewer = UserFactory(), UserFactory()
    change_set = change_set_start(plan=plan, title="Muudatused", actor=editor)
    copy = change_set.working_copy
    copy.summary = "Uus kokkuvõte"
    copy.save()
    change_set = _submit(change_set, editor)
    seen = changesets.fingerprint(changes(change_set))
    copy.refresh_from_db()
    copy.purpose = "Ka eesmärk muutus"
    copy.save()
    with translation.override("en"), pytest.raises(ChangeSetRefused, match="changed since you opened it"):
        change_set_publish(change_set=change_set, actor=reviewer, seen=seen)
    plan.refresh_from_db()
    assert plan.summary != "Uus kokkuvõte"


def test_another_published_change_set_is_rebased_where_fields_do_not_overlap(plan):
    editor, reviewer = UserFactory(), UserFactory()
    first = change_set_start(plan=plan, title="Esimene", actor=editor)
    second = change_set_start(plan=plan, title="Teine", actor=editor)
    a = _copy_of(first, Activity)
    a.title, a.description = "Uus pealkiri", "Esimese kirjeldus"
    a.save()
    b = _copy_of(second, Activity)
    b.rationale, b.description = "Teise põhjendus", "Teise kirjeldus"
    b.save()
    first = _submit(first, editor)
    change_set_publish(change_set=first, actor=reviewer, seen=changesets.fingerprint(changes(first)))

    change_set_rebase(second)
    b.refresh_from_db()
    assert b.title == "Uus pealkiri"  # brought in: only the public side changed it
    assert b.rationale == "Teise põhjendus"
    (change,) = changes(second)
    assert [f.name for f in change.conflicts] == ["description"]
    second = _submit(second, editor)
    with translation.override("en"), pytest.raises(ChangeSetRefused, match="no longer apply"):
        change_set_publish(change_set=second, actor=reviewer, seen=changesets.fingerprint(changes(second)))

    changesets.conflict_resolve(change_set=second, row=change.row, name="description", keep="mine", actor=editor)
    change_set_publish(change_set=second, actor=reviewer, seen=changesets.fingerprint(changes(second)))
    public = Activity.objects.get(section__plan=plan)
    assert (public.title, public.description, public.rationale) == (
        "Uus pealkiri",
        "Teise kirjeldus",
        "Teise põhjendus",
    )


def test_publishing_empties_the_page_cache_once(plan, django_capture_on_commit_callbacks):
    editor, reviewer = UserFactory(), UserFactory()
    change_set = change_set_start(plan=plan, title="Muudatused", actor=editor)
    for value in IndicatorValue.objects.filter(indicator__activity__section__plan=change_set.working_copy):
        value.value += 1
        value.save()
    activity = _copy_of(change_set, Activity)
    activity.title = "Muudetud"
    activity.save()
    change_set = _submit(change_set, editor)
    with django_capture_on_commit_callbacks() as callbacks:
        change_set_publish(change_set=change_set, actor=reviewer, seen=changesets.fingerprint(changes(change_set)))
    names = [getattr(callback, "__name__", "") for callback in callbacks]
    assert names.count("public_pages_changed") == 1


def _page_cache_emptied(callbacks) -> int:
    return [getattr(callback, "__name__", "") for callback in callbacks].count("public_pages_changed")


def test_editing_a_working_copy_keeps_the_public_page_cache(plan, django_capture_on_commit_callbacks):
    editor, partner = UserFactory(), OrganisationFactory(name="Partner")
    with django_capture_on_commit_callbacks() as starting:
        change_set = change_set_start(plan=plan, title="Muudatused", actor=editor)
    with django_capture_on_commit_callbacks() as editing:
        copy = change_set.working_copy
        copy.summary = "Uus kokkuvõte"
        copy.save()
        _copy_of(change_set, Milestone).delete()
        section = _copy_of(change_set, ThemeSection)
        section.title = "Vaimne tervis ja heaolu"
        section.save()
        activity = _copy_of(change_set, Activity)
        activity.title = "Muudetud"
        activity.save()
        activity.partner_organisations.add(partner)
        indicator = activity.indicators.get()
        indicator.name = "Tugiisikute arv aastas"
        indicator.save()
        IndicatorValueFactory(indicator=indicator, year=2025, value=Decimal("4"))
    assert _page_cache_emptied(starting) == 0
    assert _page_cache_emptied(editing) == 0

    with django_capture_on_commit_callbacks() as public_edit:  # the public plan itself still empties it
        public = Activity.objects.get(section__plan=plan)
        public.title = "Otse muudetud"
        public.save()
    assert _page_cache_emptied(public_edit) == 1


def test_deleting_the_spent_working_copy_after_publishing_keeps_the_page_cache(
    plan, django_capture_on_commit_callbacks
):
    editor, reviewer = UserFactory(), UserFactory()
    change_set = change_set_start(plan=plan, title="Muudatused", actor=editor)
    activity = _copy_of(change_set, Activity)
    activity.title = "Muudetud"
    activity.save()
    change_set = _submit(change_set, editor)
    change_set_publish(change_set=change_set, actor=reviewer, seen=changesets.fingerprint(changes(change_set)))
    with django_capture_on_commit_callbacks() as deleting:
        assert changesets.working_copies_delete() == 1
    assert _page_cache_emptied(deleting) == 0  # publishing emptied it once; the copy was never on a public page


def test_a_published_change_set_is_undone_by_a_new_one(plan):
    editor, reviewer = UserFactory(), UserFactory()
    change_set = change_set_start(plan=plan, title="Muudatused", actor=editor)
    activity = _copy_of(change_set, Activity)
    activity.title = "Uus pealkiri"
    activity.save()
    activity.partner_organisations.add(OrganisationFactory(name="Partner"))
    ThemeSection.objects.create(plan=change_set.working_copy, theme=ThemeFactory(), title="Lisatud teema")
    _copy_of(change_set, Milestone).delete()
    change_set = _submit(change_set, editor)
    change_set_publish(change_set=change_set, actor=reviewer, seen=changesets.fingerprint(changes(change_set)))
    change_set.refresh_from_db()

    undo, left = changesets.change_set_start_undo(published=change_set, actor=editor)
    assert left == 0
    undo = _submit(undo, editor)
    change_set_publish(change_set=undo, actor=reviewer, seen=changesets.fingerprint(changes(undo)))

    public = Activity.objects.get(section__plan=plan)
    assert public.title == "Tugiisikute võrgustik"
    assert not public.partner_organisations.exists()
    assert plan.sections.get(title="Lisatud teema").archived_at is not None
    assert Milestone.objects.get(plan=plan).title == "Ümarlaud"


def test_discarding_deletes_the_working_copy_and_keeps_the_public_plan(plan, django_capture_on_commit_callbacks):
    editor = UserFactory()
    change_set = change_set_start(plan=plan, title="Proov", actor=editor)
    copy = change_set.working_copy
    with django_capture_on_commit_callbacks() as callbacks:
        changesets.change_set_discard(change_set=change_set, actor=editor)
    assert delete_spent_working_copies.delay in callbacks
    changesets.working_copies_delete()
    assert not CooperationPlan.objects.filter(pk=copy.pk).exists()
    change_set.refresh_from_db()
    assert change_set.state == ChangeSet.State.DISCARDED
    assert CooperationPlan.objects.get(pk=plan.pk).title == plan.title


def test_a_working_copy_left_behind_by_a_lost_task_is_swept(plan):
    editor = UserFactory()
    change_set = change_set_start(plan=plan, title="Proov", actor=editor)
    kept = change_set_start(plan=plan, title="Pooleli", actor=editor)
    changesets.change_set_discard(change_set=change_set, actor=editor)  # its task never ran (no commit here)

    assert changesets.working_copies_delete() == 1
    assert list(CooperationPlan.objects.filter(working_copy_of=plan)) == [kept.working_copy]


def test_each_kind_of_value_changed_in_the_copy_is_found_and_nothing_else(plan):
    # changes() lets the database leave out the indicators and values whose columns still equal their base (compared
    # as text) and compares the plan's other rows in Python: a change of each kind of column (decimal, number from
    # empty, date, time, yes/no, text) and of a list alone must still be found, and rows left alone or put back
    # must not.
    change_set = change_set_start(plan=plan, title="Muudatused", actor=UserFactory())
    value = _copy_of(change_set, IndicatorValue)
    value.value = Decimal("3.5")
    value.save()
    indicator = _copy_of(change_set, Indicator)
    indicator.baseline_value, indicator.target_year, indicator.is_example = Decimal("12.5"), 2031, True
    indicator.save()
    milestone = _copy_of(change_set, Milestone)
    milestone.starts_on, milestone.date_label = date(2021, 6, 18), "Juuni"
    milestone.save()
    section = _copy_of(change_set, ThemeSection)
    section.archived_at = datetime(2030, 1, 2, 3, 4, 5, 600000, tzinfo=UTC)
    section.save()
    _copy_of(change_set, Activity).municipalities.clear()  # the list alone: the activity's columns stay as they were

    found = {(c.model.__name__, c.action): sorted(f.name for f in c.fields) for c in changes(change_set)}
    assert found == {
        ("IndicatorValue", "changed"): ["value"],
        ("Indicator", "changed"): ["is_example", "target_year"],  # 12.5 is the 12.50 it was
        ("Milestone", "changed"): ["date_label", "starts_on"],
        ("ThemeSection", "changed"): ["archived_at"],
        ("Activity", "changed"): ["municipalities"],
    }
    value.value = Decimal("3.00")
    value.save()
    assert ("IndicatorValue", "changed") not in {(c.model.__name__, c.action) for c in changes(change_set)}


def test_the_rows_compared_in_the_database_have_no_lists():
    # _unchanged() compares columns only: a model with a many-to-many field must be compared in Python.
    assert all(not model._meta.many_to_many for model in COMPARED_IN_DATABASE)
