"""The public "changes since the consultation" page of a plan."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from consultations.models import ConsultationWindow
from plans.models import Activity, CooperationPlan
from tests.factories import (
    ActivityFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ThemeSectionFactory,
    UserFactory,
)


def _url(plan):
    return reverse("plans:changes", kwargs={"region": plan.region.slug, "plan": plan.slug})


@pytest.fixture
def consulted_plan(db):
    """An adopted plan whose consultation closed; its content then was saved before the window closed."""
    plan = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED)
    section = ThemeSectionFactory(plan=plan, title="Tervena vananemine", goals="Vanad eesmärgid")
    antsla = MunicipalityFactory(region=plan.region, name="Antsla vald")
    kept = ActivityFactory(
        section=section, title="Eakate nõustamine", budget=Decimal("1000.00"), municipalities=[antsla]
    )
    dropped = ActivityFactory(section=section, title="Ära jäetud tegevus")
    window = ConsultationWindowFactory(plan=plan, closed=True)
    # Everything above was saved "now"; move its history back to before the window closed.
    before = window.closes_at - timedelta(days=1)
    for model_obj in [plan, section, kept, dropped]:
        model_obj.history.update(history_date=before)
    return plan, section, kept, dropped, window


def _change_after_the_consultation(plan, section, kept, dropped):
    editor = UserFactory(username="toimetaja@vorumaa.example")
    section.goals = "Uued eesmärgid"
    section._history_user = editor
    section.save()
    kept.budget = Decimal("2500.00")
    kept.responsible_organisation = OrganisationFactory(name="Võru Vallavalitsus")
    kept.save()
    # The lists: a partner joins, and the activity moves from one municipality to another.
    kept.partner_organisations.add(OrganisationFactory(name="MTÜ Eakate Abi"))
    kept.municipalities.set([MunicipalityFactory(region=plan.region, name="Rõuge vald")])
    dropped.archived_at = timezone.now()
    dropped.save()
    ActivityFactory(section=section, title="Uus tegevus")


def test_changes_page_lists_field_changes_added_and_removed_activities(client, consulted_plan):
    plan, section, kept, dropped, window = consulted_plan
    _change_after_the_consultation(plan, section, kept, dropped)

    response = client.get(_url(plan))

    assert response.status_code == 200
    [group] = response.context["groups"]
    assert group.section.state == "changed"
    assert [(c.old, c.new) for c in group.section.changes] == [("Vanad eesmärgid", "Uued eesmärgid")]
    states = {change.title: change.state for change in group.activities}
    assert states == {"Eakate nõustamine": "changed", "Ära jäetud tegevus": "removed", "Uus tegevus": "added"}
    html = response.content.decode()
    assert "Võru Vallavalitsus" in html
    assert window.title in html
    assert "toimetaja@vorumaa.example" not in html  # no staff names on a public page


def test_content_unchanged_since_the_consultation_says_so(client, consulted_plan):
    plan, *_rest = consulted_plan

    response = client.get(_url(plan))

    assert response.status_code == 200
    assert response.context["groups"] == []


def test_without_a_closed_window_it_compares_with_the_start_of_the_consultation(client, db):
    plan = CooperationPlanFactory(status=CooperationPlan.Status.CONSULTATION)
    section = ThemeSectionFactory(plan=plan, title="Õppiv inimene")
    plan.history.update(history_date=timezone.now() - timedelta(days=3))
    section.history.update(history_date=timezone.now() - timedelta(days=3))
    section.title = "Õppiv inimene elukaarel"
    section.save()

    response = client.get(_url(plan))

    assert response.context["window"] is None
    [group] = response.context["groups"]
    assert group.section.changes[0].new == "Õppiv inimene elukaarel"


def test_plan_never_in_consultation_has_nothing_to_compare(client, db):
    plan = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED)

    response = client.get(_url(plan))

    assert response.status_code == 200
    assert response.context["since"] is None


def test_draft_plan_has_no_public_changes_page(client, db):
    plan = CooperationPlanFactory(status=CooperationPlan.Status.DRAFT)

    assert client.get(_url(plan)).status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_changes_page_query_count_does_not_grow_with_content(client, consulted_plan, django_assert_num_queries, size):
    plan, section, kept, dropped, _window = consulted_plan
    for i in range(size):
        other = ThemeSectionFactory(plan=plan)
        ActivityFactory(section=other, title=f"Uus {i}", responsible_organisation=OrganisationFactory())
    _change_after_the_consultation(plan, section, kept, dropped)
    # the plan, the last closed window, whether the plan's history reaches back to its close, sections now and
    # then, activities now and then, the activities' partners and municipalities now and then (a query per list
    # and moment), the names of the organisations and of the municipalities the changes mention
    with django_assert_num_queries(13):
        assert client.get(_url(plan)).status_code == 200


def test_plan_whose_history_begins_after_the_close_says_so_instead_of_listing_everything_as_added(client, db):
    window = ConsultationWindowFactory(closed=True, plan__status=CooperationPlan.Status.CONSULTATION)
    # Entered (or loaded) after the consultation had closed: nothing is known of its state at the close.
    ActivityFactory(section=ThemeSectionFactory(plan=window.plan), title="Eakate nõustamine")

    response = client.get(_url(window.plan).replace("/et/", "/en/", 1))

    assert response.status_code == 200
    assert response.context["history_known"] is False
    assert response.context["groups"] == []
    html = response.content.decode()
    assert "recorded history begins later" in html
    assert "Eakate nõustamine" not in html


def test_demo_plan_lists_the_changes_made_after_its_consultation_closed_not_the_whole_plan(client, db, clock):
    from demo.loader import demo_data_load, demo_records

    closed, _open = demo_records("consultations.ConsultationWindow")

    demo_data_load()
    clock.shift(timedelta(days=30))  # a month later: the answer is the same
    plan = CooperationPlan.objects.get(region__slug="vorumaa")

    response = client.get(_url(plan))

    assert response.status_code == 200
    assert response.context["window"] == ConsultationWindow.objects.get(plan=plan, title=closed["title"])
    changes = {
        (change.title, change.state)
        for group in response.context["groups"]
        for change in [group.section, *group.activities]
        if change is not None
    }
    assert changes == {
        ("Õppiv inimene elukaarel", "changed"),
        ("Eakate kogukonnapõhise toe võrgustik", "changed"),
        ("Nõudetranspordi ühine korraldus", "changed"),
    }
    [transport] = [c for g in response.context["groups"] for c in g.activities if c.title.startswith("Nõude")]
    assert [(c.old, c.new) for c in transport.changes] == [
        (
            "Liinivedu täiendab kogu maakonnas ühtsetel tingimustel nõudetransport, mida saab tellida veebis.",
            "Liinivedu täiendab kogu maakonnas ühtsetel tingimustel nõudetransport, mida saab tellida veebis ja "
            "telefoni teel. Pärast avalikku arutelu lisati katsepiirkonda Setomaa valla külad.",
        )
    ]


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_partner_added_and_municipality_removed_after_the_consultation_show_as_added_and_removed(
    client, consulted_plan, language
):
    plan, section, kept, dropped, _window = consulted_plan
    _change_after_the_consultation(plan, section, kept, dropped)

    with translation.override(language):
        response = client.get(_url(plan))
        added, removed = gettext("Added"), gettext("removed")
        partners = capfirst(Activity._meta.get_field("partner_organisations").verbose_name)
        municipalities = capfirst(Activity._meta.get_field("municipalities").verbose_name)

    assert response.status_code == 200
    [group] = response.context["groups"]
    [change] = [c for c in group.activities if c.title == "Eakate nõustamine"]
    lists = {c.name: (c.added, c.removed) for c in change.changes if c.is_list}
    assert lists == {partners: (["MTÜ Eakate Abi"], []), municipalities: (["Rõuge vald"], ["Antsla vald"])}
    html = response.content.decode()
    # An organisation's name is content in the plan's language; a municipality's is a proper name.
    partner = "<ins>MTÜ Eakate Abi</ins>" if language == plan.language else f'<ins lang="{plan.language}">MTÜ'
    assert f"{added}: {partner}" in html
    assert f"{added}: <ins>Rõuge vald</ins>; {removed}: <del>Antsla vald</del>" in html


def test_lists_unchanged_since_the_consultation_are_not_listed(client, consulted_plan):
    plan, _section, kept, _dropped, _window = consulted_plan
    kept.budget = Decimal("2500.00")
    kept.save()
    # Setting the same list again records a version but changes nothing in it.
    kept.municipalities.set(list(kept.municipalities.all()))

    response = client.get(_url(plan))

    [group] = response.context["groups"]
    [change] = group.activities
    assert [c.is_list for c in change.changes] == [False]
