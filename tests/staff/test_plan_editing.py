"""Editors write plans, milestones, theme sections, activities and indicators in the staff workspace."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from core.models import AuditEvent
from plans.models import Activity, CooperationPlan, IndicatorValue, Milestone, ThemeSection
from tests.factories import (
    ActivityFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    MunicipalityFactory,
    OrganisationFactory,
    StrategyDocumentFactory,
    ThemeFactory,
    ThemeSectionFactory,
)
from tests.staff.plan_forms import (
    activity_data,
    indicator_data,
    new_milestone,
    plan_data,
    plan_url,
    section_data,
)


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


# --- Region workspace ---------------------------------------------------------------------------------------------


def test_region_workspace_lists_the_regions_plans_with_drafts(as_editor, staff_world):
    response = as_editor.get(reverse("plans-staff:region", kwargs={"region": "vorumaa"}))

    assert response.status_code == 200
    assert staff_world.plan.title in response.content.decode()
    assert staff_world.other_plan.title not in response.content.decode()
    assert plan_url("plan-edit", staff_world.plan) in response.content.decode()


def test_viewer_sees_the_region_workspace_without_edit_links(client, staff_world):
    client.force_login(staff_world.users["viewer"])

    response = client.get(reverse("plans-staff:region", kwargs={"region": "vorumaa"}))

    assert response.status_code == 200
    assert plan_url("plan-edit", staff_world.plan) not in response.content.decode()


@pytest.mark.parametrize("extra_plans", [0, 5])
def test_region_workspace_query_count_does_not_grow_with_plans(
    as_editor, staff_world, extra_plans, django_assert_num_queries
):
    from tests.factories import CooperationPlanFactory

    for _ in range(extra_plans):
        plan = CooperationPlanFactory(region=staff_world.region)
        ThemeSectionFactory(plan=plan)
    url = reverse("plans-staff:region", kwargs={"region": "vorumaa"})
    # session, user, is-staff-member, region, role check, plans with counts, can-edit role check, the roles in the
    # region for the links the page offers (plans/templatetags/staff_access.py)
    with django_assert_num_queries(8):
        as_editor.get(url)


# --- Plans --------------------------------------------------------------------------------------------------------


def test_editor_creates_a_plan_as_a_draft(as_editor, staff_world):
    organisation = staff_world.plan.lead_organisation
    document = StrategyDocumentFactory()
    data = {
        "title": "Uus kava",
        "slug": "uus-kava",
        "language": "et",
        "start_year": "2026",
        "end_year": "2029",
        "lead_organisation": str(organisation.pk),
        "contact_role": "heaolujuht",
        "summary": "**Kokkuvõte**",
        "basis_documents": [str(document.pk)],
    }

    response = as_editor.post(reverse("plans-staff:plan-create", kwargs={"region": "vorumaa"}), data)

    plan = CooperationPlan.objects.get(region=staff_world.region, slug="uus-kava")
    assert response.status_code == 302
    assert response["Location"] == plan_url("plan-edit", plan)
    assert plan.status == CooperationPlan.Status.DRAFT
    assert plan.version == 1
    assert list(plan.basis_documents.all()) == [document]


def test_editor_saves_a_plan_with_a_new_milestone_and_deletes_another(as_editor, staff_world):
    plan = staff_world.plan
    old = MilestoneFactory(plan=plan, title="Vana ümarlaud")
    data = plan_data(plan, milestones=[new_milestone(title="Seminar septembris")], title="Muudetud kava")
    data["milestones-0-DELETE"] = "on"

    response = as_editor.post(plan_url("plan-edit", plan), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    plan.refresh_from_db()
    assert plan.title == "Muudetud kava"
    assert plan.version == 2
    assert list(plan.milestones.values_list("title", flat=True)) == ["Seminar septembris"]
    assert not Milestone.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_label="Vana ümarlaud").exists()


def test_plan_edit_page_query_count_does_not_grow_with_sections(as_editor, staff_world, django_assert_num_queries):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            as_editor.get(plan_url("plan-edit", staff_world.plan))
        return len(queries)

    few = count_queries()
    for _ in range(4):
        section = ThemeSectionFactory(plan=staff_world.plan)
        ActivityFactory(section=section)
        MilestoneFactory(plan=staff_world.plan)
    assert count_queries() == few


def test_slug_must_be_unique_in_the_region(as_editor, staff_world):
    from tests.factories import CooperationPlanFactory

    CooperationPlanFactory(region=staff_world.region, slug="teine")

    response = as_editor.post(plan_url("plan-edit", staff_world.plan), plan_data(staff_world.plan, slug="teine"))

    assert response.status_code == 200
    assert gettext("Another plan of this region already uses this address.") in response.content.decode()


# --- Sections -----------------------------------------------------------------------------------------------------


def test_editor_adds_a_theme_section_at_the_end(as_editor, staff_world):
    theme = ThemeFactory()
    data = section_data(ThemeSection(theme=theme, title="Tark juhtimine"), version="1")

    response = as_editor.post(plan_url("section-create", staff_world.plan), data)

    section = ThemeSection.objects.get(plan=staff_world.plan, theme=theme)
    assert response.status_code == 302
    assert section.position > staff_world.section.position


def test_a_plan_has_one_section_per_theme(as_editor, staff_world):
    data = section_data(staff_world.section, title="Teine sama teemaga")

    response = as_editor.post(plan_url("section-create", staff_world.plan), data)

    assert response.status_code == 200
    assert gettext("The plan already has a section on this theme.") in response.content.decode()


def test_editor_edits_a_section(as_editor, staff_world):
    section = staff_world.section

    response = as_editor.post(
        plan_url("section-edit", staff_world.plan, section=section.pk), section_data(section, goals="- üks\n- kaks")
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.goals == "- üks\n- kaks"
    assert section.version == 2


def test_section_preview_shows_unsaved_input_as_markdown_and_saves_nothing(as_editor, staff_world):
    section = staff_world.section
    url = plan_url("section-preview", staff_world.plan, section=section.pk)

    response = as_editor.post(
        url, section_data(section, title="Eelvaade", intro="x", challenges="**Tähtis** <script>alert(1)</script>")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Eelvaade" in html
    assert "<script>alert(1)</script>" not in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    section.refresh_from_db()
    assert section.title != "Eelvaade"


def test_section_preview_of_the_saved_draft(as_editor, staff_world):
    response = as_editor.get(plan_url("section-preview", staff_world.plan, section=staff_world.section.pk))

    assert response.status_code == 200
    assert staff_world.section.title in response.content.decode()
    assert staff_world.activity.title in response.content.decode()


def test_editor_moves_a_section_up(as_editor, staff_world):
    second = ThemeSectionFactory(plan=staff_world.plan)

    response = as_editor.post(
        plan_url("section-reorder", staff_world.plan), {"item": str(second.pk), "direction": "up"}
    )

    assert response.status_code == 302
    assert list(staff_world.plan.sections.values_list("pk", flat=True)) == [second.pk, staff_world.section.pk]


def test_a_bad_reorder_request_changes_nothing(as_editor, staff_world):
    second = ThemeSectionFactory(plan=staff_world.plan)

    as_editor.post(plan_url("section-reorder", staff_world.plan), {"item": "x", "direction": "sideways"})

    assert list(staff_world.plan.sections.values_list("pk", flat=True)) == [staff_world.section.pk, second.pk]


# --- Activities ---------------------------------------------------------------------------------------------------


def test_editor_adds_an_activity_with_partners_and_municipalities(as_editor, staff_world):
    region = staff_world.region
    responsible = OrganisationFactory(region=region)
    partner = OrganisationFactory(region=None)
    municipality = MunicipalityFactory(region=region)
    data = {
        "title": "Ühine eakate teenus",
        "responsible_organisation": str(responsible.pk),
        "partner_organisations": [str(partner.pk)],
        "municipalities": [str(municipality.pk)],
        "start_year": "2022",
        "end_year": "2025",
        "person_years": "1.5",
        "budget": "25000",
        "cooperation_form": Activity.CooperationForm.JOINT_SERVICE,
        "status": Activity.Status.PLANNED,
        "version": "1",
    }

    response = as_editor.post(plan_url("activity-create", staff_world.plan, section=staff_world.section.pk), data)

    created = Activity.objects.get(title="Ühine eakate teenus")
    assert response.status_code == 302
    assert created.budget == Decimal("25000.00")
    assert list(created.partner_organisations.all()) == [partner]
    assert list(created.municipalities.all()) == [municipality]


def test_municipalities_of_another_region_are_refused(as_editor, staff_world):
    foreign = MunicipalityFactory(region=staff_world.other_region)
    data = activity_data(staff_world.activity, municipalities=[str(foreign.pk)])

    response = as_editor.post(plan_url("activity-edit", staff_world.plan, activity=staff_world.activity.pk), data)

    assert response.status_code == 200
    assert not staff_world.activity.municipalities.exists()


def test_editor_edits_an_activity_and_history_records_it(as_editor, staff_world):
    activity = staff_world.activity

    response = as_editor.post(
        plan_url("activity-edit", staff_world.plan, activity=activity.pk),
        activity_data(activity, status=Activity.Status.IN_PROGRESS),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == Activity.Status.IN_PROGRESS
    assert activity.version == 2
    assert activity.history.first().history_user == staff_world.users["editor"]


@pytest.mark.parametrize("extra", [0, 6])
def test_activity_edit_page_query_count_does_not_grow_with_indicators(
    as_editor, staff_world, extra, django_assert_num_queries
):
    from tests.factories import IndicatorFactory

    for _ in range(extra):
        IndicatorFactory(activity=staff_world.activity)
    url = plan_url("activity-edit", staff_world.plan, activity=staff_world.activity.pk)
    # session, user, is-staff-member, plan, role, activity, 3 choice lists (responsible, partners, municipalities),
    # selected partners and municipalities, indicators
    with django_assert_num_queries(12):
        as_editor.get(url)


# --- Indicators ---------------------------------------------------------------------------------------------------


def test_editor_saves_an_indicator_with_yearly_values_and_deletes_one(as_editor, staff_world):
    indicator = staff_world.indicator
    old = IndicatorValueFactory(indicator=indicator, year=2021, value=Decimal("11"))
    data = indicator_data(indicator, values=[{"year": "2022", "value": "10.5"}], unit="protsenti")
    data["values-0-DELETE"] = "on"

    response = as_editor.post(plan_url("indicator-edit", staff_world.plan, indicator=indicator.pk), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    indicator.refresh_from_db()
    assert indicator.unit == "protsenti"
    assert list(indicator.values.values_list("year", "value")) == [(2022, Decimal("10.50"))]
    assert not IndicatorValue.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_id=str(old.pk)).exists()


def test_editor_adds_an_indicator(as_editor, staff_world):
    from plans.models import Indicator

    data = indicator_data(
        Indicator(
            name="Eakate osakaal",
            unit="%",
            source="Statistikaamet",
            baseline_year=2020,
            baseline_value=Decimal(20),
            target_year=2025,
            target_value=Decimal(25),
        ),
        version="1",
    )

    response = as_editor.post(plan_url("indicator-create", staff_world.plan, activity=staff_world.activity.pk), data)

    assert response.status_code == 302
    assert staff_world.activity.indicators.filter(name="Eakate osakaal").exists()


# --- Archive ------------------------------------------------------------------------------------------------------


def test_archiving_an_activity_hides_it_from_public_pages_but_keeps_the_row(client, as_editor, staff_world):
    plan = staff_world.plan
    activity = staff_world.activity
    public = activity.get_absolute_url()
    section_page = staff_world.section.get_absolute_url()

    response = as_editor.post(plan_url("activity-archive", plan, activity=activity.pk))
    # Archived in the draft; then the plan is adopted (a public plan's archiving goes through a change set).
    CooperationPlan.objects.filter(pk=plan.pk).update(status=CooperationPlan.Status.ADOPTED)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.archived_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ARCHIVE, object_id=str(activity.pk)).exists()
    client.logout()
    assert client.get(public).status_code == 404
    assert activity.title not in client.get(section_page).content.decode()


def test_archiving_a_section_hides_it_from_the_plan_page_and_restoring_shows_it_again(client, as_editor, staff_world):
    plan = staff_world.plan
    section = staff_world.section
    url = plan_url("section-archive", plan, section=section.pk)

    def public(status):  # a draft is edited directly; visitors see it once it is public
        CooperationPlan.objects.filter(pk=plan.pk).update(status=status)

    as_editor.post(url)
    public(CooperationPlan.Status.ADOPTED)
    client.logout()
    archived_page = client.get(plan.get_absolute_url()).content.decode()
    assert client.get(section.get_absolute_url()).status_code == 404
    client.force_login(staff_world.users["editor"])
    public(CooperationPlan.Status.DRAFT)
    as_editor.post(url, {"restore": "1"})
    public(CooperationPlan.Status.ADOPTED)
    client.logout()

    assert section.title not in archived_page
    assert ThemeSection.objects.filter(pk=section.pk, archived_at__isnull=True).exists()
    assert client.get(section.get_absolute_url()).status_code == 200


def test_archive_page_asks_before_archiving(as_editor, staff_world):
    response = as_editor.get(plan_url("section-archive", staff_world.plan, section=staff_world.section.pk))

    assert response.status_code == 200
    staff_world.section.refresh_from_db()
    assert staff_world.section.archived_at is None


# --- Access -------------------------------------------------------------------------------------------------------


def test_editor_of_another_region_cannot_save_this_regions_activity(client, staff_world):
    client.force_login(staff_world.users["outsider"])
    activity = staff_world.activity

    response = client.post(
        plan_url("activity-edit", staff_world.plan, activity=activity.pk), activity_data(activity, title="Võõras")
    )

    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.title != "Võõras"


def test_activity_of_another_plan_is_not_found_under_this_plan(as_editor, staff_world):
    other = ActivityFactory(section=ThemeSectionFactory(plan__region=staff_world.region))

    response = as_editor.get(plan_url("activity-edit", staff_world.plan, activity=other.pk))

    assert response.status_code == 404


def _queries_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_section_edit_page_query_count_does_not_grow_with_activities(as_editor, staff_world):
    url = plan_url("section-edit", staff_world.plan, section=staff_world.section.pk)
    few = _queries_of(as_editor, url)

    ActivityFactory.create_batch(5, section=staff_world.section)

    assert _queries_of(as_editor, url) == few


def test_indicator_edit_page_query_count_does_not_grow_with_values(as_editor, staff_world):
    url = plan_url("indicator-edit", staff_world.plan, indicator=staff_world.indicator.pk)
    few = _queries_of(as_editor, url)

    for year in range(2010, 2016):
        IndicatorValueFactory(indicator=staff_world.indicator, year=year)

    assert _queries_of(as_editor, url) == few


def test_section_preview_query_count_does_not_grow_with_activities(as_editor, staff_world):
    url = plan_url("section-preview", staff_world.plan, section=staff_world.section.pk)
    few = _queries_of(as_editor, url)

    ActivityFactory.create_batch(5, section=staff_world.section)

    assert _queries_of(as_editor, url) == few
