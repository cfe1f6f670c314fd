"""An editor prepares a change set of a public plan in the staff workspace; a reviewer publishes it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import RegionRole
from plans import changesets
from plans.models import Activity, ChangeSet, CooperationPlan
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    RegionFactory,
    ThemeSectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Role = RegionRole.Role


@pytest.fixture
def world():
    region = RegionFactory(slug="vorumaa")
    plan = CooperationPlanFactory(region=region, slug="kava", consultation=True)
    section = ThemeSectionFactory(plan=plan, title="Vaimne tervis")
    activity = ActivityFactory(section=section, title="Tugiisikud", person_years=Decimal("0.50"))
    editor, reviewer = UserFactory(username="toimetaja"), UserFactory(username="ulevaataja")
    RegionRole.objects.create(user=editor, region=region, role=Role.EDITOR)
    RegionRole.objects.create(user=reviewer, region=region, role=Role.REVIEWER)
    return type(
        "World", (), {"region": region, "plan": plan, "activity": activity, "editor": editor, "reviewer": reviewer}
    )


def _staff(name, plan, **kwargs):
    return reverse(f"plans-staff:{name}", kwargs={"region": plan.region.slug, "plan": plan.slug, **kwargs})


def _start(client, world, title="Muudatused pärast suvist arutelu"):
    client.force_login(world.editor)
    response = client.post(_staff("change-sets", world.plan), {"title": title, "description": "Arutelu tulemused."})
    change_set = ChangeSet.objects.get(plan=world.plan, title=title)
    assert response.status_code == 302
    assert response["Location"] == _staff("plan-edit", change_set.working_copy)
    return change_set


def _activity_form(activity, **changes):
    data = {
        "version": activity.version,
        "title": activity.title,
        "description": activity.description,
        "rationale": activity.rationale,
        "responsible_organisation": activity.responsible_organisation_id,
        "start_year": activity.start_year,
        "end_year": activity.end_year,
        "person_years": str(activity.person_years).replace(".", ","),
        "budget": "",
        "funding_source": activity.funding_source,
        "cooperation_form": activity.cooperation_form,
        "status": activity.status,
    }
    data.update(changes)
    return data


def test_editing_a_public_plan_directly_leads_to_its_change_sets(client, world):
    client.force_login(world.editor)
    response = client.get(_staff("activity-edit", world.plan, activity=world.activity.pk))
    assert response.status_code == 302
    assert response["Location"] == _staff("change-sets", world.plan)


def test_a_post_to_the_public_plan_saves_nothing_and_keeps_what_was_typed(client, world):
    client.force_login(world.editor)
    data = _activity_form(world.activity, title="Tugiisikute võrgustik kõigis valdades")
    response = client.post(_staff("activity-edit", world.plan, activity=world.activity.pk), data)
    assert response.status_code == 409
    assert "Tugiisikute võrgustik kõigis valdades" in response.content.decode()
    world.activity.refresh_from_db()
    assert world.activity.title == "Tugiisikud"


def test_a_change_set_without_a_name_is_refused_with_a_message(client, world):
    client.force_login(world.editor)
    response = client.post(_staff("change-sets", world.plan), {"title": "", "description": "Kirjeldus jääb alles"})
    assert response.status_code == 400
    assert "Kirjeldus jääb alles" in response.content.decode()
    assert not ChangeSet.objects.exists()


def test_an_edit_in_the_change_set_leaves_the_public_page_unchanged_until_published(
    client, world, django_capture_on_commit_callbacks
):
    change_set = _start(client, world)
    copy_activity = Activity.objects.get(section__plan=change_set.working_copy)
    response = client.post(
        _staff("activity-edit", change_set.working_copy, activity=copy_activity.pk),
        _activity_form(copy_activity, title="Tugiisikute võrgustik", person_years="0,75"),
    )
    assert response.status_code == 302
    client.logout()
    public = client.get(world.plan.get_absolute_url()).content.decode()
    assert "Tugiisikute võrgustik" not in public

    client.force_login(world.editor)
    assert client.post(_staff("change-set-submit", world.plan, pk=change_set.pk)).status_code == 302
    # The editor who prepared it may not publish it.
    assert client.get(_staff("change-set-publish", world.plan, pk=change_set.pk)).status_code == 403

    client.force_login(world.reviewer)
    page = client.get(_staff("change-set", world.plan, pk=change_set.pk))
    assert "Tugiisikute võrgustik" in page.content.decode()
    seen = page.context["fingerprint"]
    confirm = client.get(_staff("change-set-publish", world.plan, pk=change_set.pk), {"seen": seen})
    assert confirm.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the page cache is emptied when publishing commits
        response = client.post(
            _staff("change-set-publish", world.plan, pk=change_set.pk), {"seen": seen, "confirm": "1"}
        )
    assert response.status_code == 302

    world.activity.refresh_from_db()
    assert (world.activity.title, world.activity.person_years) == ("Tugiisikute võrgustik", Decimal("0.75"))
    client.logout()
    assert "Tugiisikute võrgustik" in client.get(world.plan.get_absolute_url()).content.decode()


def test_a_stale_tab_cannot_publish(client, world):
    change_set = _start(client, world)
    copy = change_set.working_copy
    copy.summary = "Esimene muudatus"
    copy.save()
    changesets.change_set_submit(change_set=change_set, actor=world.editor)
    client.force_login(world.reviewer)
    seen = client.get(_staff("change-set", world.plan, pk=change_set.pk)).context["fingerprint"]
    copy.refresh_from_db()
    copy.summary = "Muudetud pärast ülevaatamist"
    copy.save()

    response = client.post(
        _staff("change-set-publish", world.plan, pk=change_set.pk), {"seen": seen, "confirm": "1"}, follow=True
    )
    assert "changed since you opened it" in response.content.decode() or "muutunud" in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.summary != "Muudetud pärast ülevaatamist"
    change_set.refresh_from_db()
    assert change_set.state == ChangeSet.State.IN_REVIEW


def test_sending_back_asks_why_and_reopens_the_change_set(client, world):
    change_set = _start(client, world)
    copy = change_set.working_copy
    copy.summary = "Uus"
    copy.save()
    changesets.change_set_submit(change_set=change_set, actor=world.editor)
    client.force_login(world.reviewer)
    response = client.post(_staff("change-set-return", world.plan, pk=change_set.pk), {"return-text": ""})
    assert response.status_code == 400
    response = client.post(_staff("change-set-return", world.plan, pk=change_set.pk), {"return-text": "Lisa põhjus."})
    assert response.status_code == 302
    change_set.refresh_from_db()
    assert change_set.state == ChangeSet.State.OPEN
    assert change_set.notes.last().text == "Lisa põhjus."


def test_a_change_set_in_review_cannot_be_edited(client, world):
    change_set = _start(client, world)
    copy_activity = Activity.objects.get(section__plan=change_set.working_copy)
    copy_activity.title = "Muudetud"
    copy_activity.save()
    changesets.change_set_submit(change_set=change_set, actor=world.editor)
    response = client.post(
        _staff("activity-edit", change_set.working_copy, activity=copy_activity.pk),
        _activity_form(copy_activity, title="Hiline muudatus"),
    )
    assert response.status_code == 409
    assert "Hiline muudatus" in response.content.decode()


def test_a_region_may_let_editors_publish_their_own_change_sets(client, world):
    world.region.change_sets_self_approval = True
    world.region.save()
    RegionRole.objects.create(user=world.editor, region=world.region, role=Role.REVIEWER)
    change_set = _start(client, world)
    copy = change_set.working_copy
    copy.summary = "Uus"
    copy.save()
    changesets.change_set_submit(change_set=change_set, actor=world.editor)
    assert client.get(_staff("change-set-publish", world.plan, pk=change_set.pk)).status_code == 200


def test_a_working_copy_is_listed_nowhere_and_never_changes_status(client, world):
    change_set = _start(client, world)
    assert list(CooperationPlan.objects.originals().filter(region=world.region)) == [world.plan]
    response = client.get(reverse("plans-staff:region", kwargs={"region": world.region.slug}))
    assert world.plan.slug in response.content.decode()
    assert change_set.working_copy.slug not in response.content.decode()
    assert client.get(_staff("plan-status", change_set.working_copy)).status_code == 404


def test_non_overlapping_edits_of_two_editors_in_one_change_set_both_survive(client, world):
    change_set = _start(client, world)
    other = UserFactory(username="teine")
    RegionRole.objects.create(user=other, region=world.region, role=Role.EDITOR)
    copy_activity = Activity.objects.get(section__plan=change_set.working_copy)
    url = _staff("activity-edit", change_set.working_copy, activity=copy_activity.pk)
    first = _activity_form(copy_activity, title="Uus pealkiri")
    second = _activity_form(copy_activity, description="Uus kirjeldus")
    assert client.post(url, first).status_code == 302
    client.force_login(other)
    assert client.post(url, second).status_code == 302
    copy_activity.refresh_from_db()
    assert (copy_activity.title, copy_activity.description) == ("Uus pealkiri", "Uus kirjeldus")


def test_a_working_copy_keeps_the_public_plans_address_and_says_which_change_set_it_is(client, world):
    change_set = _start(client, world)
    html = client.get(_staff("plan-edit", change_set.working_copy)).content.decode()
    assert 'name="slug"' not in html
    assert change_set.title in html
