"""The plan and section editors are in steps (?step=): each a page with a form of only its fields and its own Save;
saving one step leaves the others' fields as they are, and the version still guards the whole plan. Also: short
inputs for numbers, clear workflow buttons, the dashboard listing one save once, and breadcrumbs that do not
repeat the workspace's own navigation."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import RegionRole
from plans import services
from plans.changesets import change_set_start
from plans.models import Activity, CooperationPlan, Milestone, ThemeSection
from tests.factories import (
    ActivityFactory,
    MilestoneFactory,
    MunicipalityFactory,
    OrganisationFactory,
    StrategyDocumentFactory,
    ThemeSectionFactory,
    UserFactory,
)
from tests.staff.plan_forms import (
    activity_data,
    new_milestone,
    plan_data,
    plan_step_data,
    plan_url,
    section_step_data,
    step_url,
)

DASHBOARD = "/et/manage/"


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def anna_and_ben(staff_world):
    anna, ben = Client(), Client()
    anna.force_login(staff_world.users["editor"])
    second = UserFactory(username="ben@vorumaa.example", first_name="Ben", last_name="Tamm")
    RegionRole.objects.create(user=second, region=staff_world.region, role=RegionRole.Role.EDITOR)
    ben.force_login(second)
    return anna, ben


def _step_nav(html):
    """(label, is current) of each link of the editor's step navigation."""
    nav = re.search(r'<nav class="editor-steps[^"]*" aria-label="[^"]+">(.*?)</nav>', html, re.S).group(1)
    return [(label, "aria-current" in attrs) for attrs, label in re.findall(r"<a ([^>]*)>([^<]+)</a>", nav)]


def _form_fields(html, form_id):
    form = re.search(rf'<form [^>]*id="{form_id}".*?</form>', html, re.S).group(0)
    return set(re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', form)) - {"csrfmiddlewaretoken"}


# --- The plan editor's steps ----------------------------------------------------------------------------------


def test_plan_editor_opens_on_its_first_step_with_a_navigation_marking_it(as_editor, staff_world):
    html = as_editor.get(plan_url("plan-edit", staff_world.plan)).content.decode()

    steps = _step_nav(html)
    assert len(steps) == 5
    assert [current for _, current in steps] == [True, False, False, False, False]
    assert _form_fields(html, "plan-form") == {
        "title",
        "slug",
        "language",
        "start_year",
        "end_year",
        "lead_organisation",
        "contact_role",
        "version",
    }


@pytest.mark.parametrize(
    ("step", "fields"),
    [
        ("texts", {"summary", "purpose", "audience", "expected_result", "version"}),
        ("documents", {"basis_documents", "initial-basis_documents", "version"}),
    ],
)
def test_each_plan_step_shows_only_its_fields(as_editor, staff_world, step, fields):
    staff_world.plan.basis_documents.add(StrategyDocumentFactory())
    html = as_editor.get(step_url("plan-edit", staff_world.plan, step)).content.decode()

    assert _form_fields(html, "plan-form") == fields
    assert [current for _, current in _step_nav(html)].count(True) == 1


def test_milestones_step_has_the_formset_and_no_plan_field(as_editor, staff_world):
    MilestoneFactory(plan=staff_world.plan, title="Ümarlaud")

    html = as_editor.get(step_url("plan-edit", staff_world.plan, "milestones")).content.decode()

    fields = _form_fields(html, "plan-form")
    assert "version" in fields and "title" not in fields and "summary" not in fields
    assert "milestones-0-title" in fields and "milestones-TOTAL_FORMS" in fields


def test_sections_step_lists_the_sections_without_a_plan_form(as_editor, staff_world):
    html = as_editor.get(step_url("plan-edit", staff_world.plan, "sections")).content.decode()

    assert 'id="plan-form"' not in html
    assert staff_world.section.title in html
    assert plan_url("section-create", staff_world.plan) in html


def test_sections_step_query_count_does_not_grow_with_sections(as_editor, staff_world):
    url = step_url("plan-edit", staff_world.plan, "sections")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert as_editor.get(url).status_code == 200
        return len(queries)

    few = count_queries()
    for _ in range(4):
        ActivityFactory(section=ThemeSectionFactory(plan=staff_world.plan))
    assert count_queries() == few


def test_basics_step_saves_its_fields_and_leaves_the_others_as_they_are(as_editor, staff_world):
    plan = staff_world.plan
    document = StrategyDocumentFactory()
    plan.basis_documents.add(document)
    MilestoneFactory(plan=plan, title="Ümarlaud")
    summary = plan.summary
    data = plan_step_data(plan, "basics", title="Uus pealkiri", end_year=str(plan.start_year + 2))
    data["summary"] = "Ei kuulu sellesse sammu"  # not a field of the step: ignored

    response = as_editor.post(step_url("plan-edit", plan, "basics"), data)

    assert response.status_code == 302
    assert response["Location"] == step_url("plan-edit", plan, "basics")
    plan.refresh_from_db()
    assert (plan.title, plan.end_year, plan.summary) == ("Uus pealkiri", plan.start_year + 2, summary)
    assert plan.version == 2
    assert list(plan.basis_documents.all()) == [document]
    assert list(plan.milestones.values_list("title", flat=True)) == ["Ümarlaud"]


def test_texts_step_saves_the_texts_and_keeps_the_basis_documents(as_editor, staff_world):
    plan = staff_world.plan
    document = StrategyDocumentFactory()
    plan.basis_documents.add(document)
    title = plan.title

    response = as_editor.post(
        step_url("plan-edit", plan, "texts"), plan_step_data(plan, "texts", summary="**Uus** kokkuvõte")
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.summary, plan.title) == ("**Uus** kokkuvõte", title)
    assert list(plan.basis_documents.all()) == [document]


def test_documents_step_saves_the_basis_documents(as_editor, staff_world):
    plan = staff_world.plan
    document = StrategyDocumentFactory()

    response = as_editor.post(
        step_url("plan-edit", plan, "documents"),
        plan_step_data(plan, "documents", basis_documents=[str(document.pk)]),
    )

    assert response.status_code == 302
    assert list(CooperationPlan.objects.get(pk=plan.pk).basis_documents.all()) == [document]


def test_milestones_step_adds_a_milestone_and_changes_no_plan_field(as_editor, staff_world):
    plan = staff_world.plan
    title = plan.title

    response = as_editor.post(
        step_url("plan-edit", plan, "milestones"),
        plan_step_data(plan, "milestones", milestones=[new_milestone(title="Seminar septembris")]),
    )

    assert response.status_code == 302
    assert response["Location"] == step_url("plan-edit", plan, "milestones")
    plan.refresh_from_db()
    assert plan.title == title and plan.version == 2
    assert list(plan.milestones.values_list("title", flat=True)) == ["Seminar septembris"]


def test_an_invalid_step_shows_its_errors_and_saves_nothing(as_editor, staff_world):
    plan = staff_world.plan

    response = as_editor.post(step_url("plan-edit", plan, "basics"), plan_step_data(plan, "basics", title=""))

    assert response.status_code == 200
    assert response.context["form"]["title"].errors
    assert CooperationPlan.objects.get(pk=plan.pk).version == plan.version


def test_steps_of_two_editors_in_different_fields_are_merged(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    plan = staff_world.plan
    anna_form = plan_step_data(plan, "basics", title="Anna kava")
    ben_form = plan_step_data(plan, "texts", summary="Beni kokkuvõte")

    assert anna.post(step_url("plan-edit", plan, "basics"), anna_form).status_code == 302
    response = ben.post(step_url("plan-edit", plan, "texts"), ben_form)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.summary, plan.version) == ("Anna kava", "Beni kokkuvõte", 3)


def test_a_conflict_in_one_step_keeps_the_input_on_that_step(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    plan = staff_world.plan
    anna_form = plan_step_data(plan, "texts", summary="Anna kokkuvõte")
    ben_form = plan_step_data(plan, "texts", summary="Beni kokkuvõte", audience="Beni sihtrühm")
    anna.post(step_url("plan-edit", plan, "texts"), anna_form)

    response = ben.post(step_url("plan-edit", plan, "texts"), ben_form)

    html = response.content.decode()
    assert response.status_code == 409
    assert [(row["theirs"], row["yours"]) for row in response.context["conflict"]["rows"]] == [
        ("Anna kokkuvõte", "Beni kokkuvõte")
    ]
    assert "Beni sihtrühm" in html and 'name="version" value="2"' in html
    assert _form_fields(html, "plan-form") == {"summary", "purpose", "audience", "expected_result", "version"}
    assert f'action="{step_url("plan-edit", plan, "texts")}"' in html
    plan.refresh_from_db()
    assert (plan.summary, plan.audience) == ("Anna kokkuvõte", staff_world.plan.audience)


def test_changed_milestones_are_not_saved_over_a_newer_plan_and_a_second_save_goes_through(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    plan = staff_world.plan
    url = step_url("plan-edit", plan, "milestones")
    ben_form = plan_step_data(plan, "milestones", milestones=[new_milestone(title="Beni seminar")])
    anna.post(step_url("plan-edit", plan, "basics"), plan_step_data(plan, "basics", title="Anna kava"))

    response = ben.post(url, ben_form)

    assert response.status_code == 409
    assert not Milestone.objects.filter(plan=plan).exists()
    assert "Beni seminar" in response.content.decode()
    again = ben.post(url, {**ben_form, "version": "2"})
    assert again.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Anna kava"
    assert list(plan.milestones.values_list("title", flat=True)) == ["Beni seminar"]


def test_milestones_left_alone_merge_with_a_newer_plan(staff_world, anna_and_ben):
    anna, ben = anna_and_ben
    plan = staff_world.plan
    MilestoneFactory(plan=plan, title="Ümarlaud", starts_on=date(2021, 6, 1))
    ben_form = plan_step_data(plan, "milestones")
    anna.post(step_url("plan-edit", plan, "basics"), plan_step_data(plan, "basics", title="Anna kava"))

    response = ben.post(step_url("plan-edit", plan, "milestones"), ben_form)

    assert response.status_code == 302
    assert CooperationPlan.objects.get(pk=plan.pk).title == "Anna kava"


def test_a_post_without_a_step_still_saves_the_whole_plan(as_editor, staff_world):
    plan = staff_world.plan
    data = plan_data(plan, title="Koos", summary="Kõik korraga", milestones=[new_milestone(title="Seminar")])

    response = as_editor.post(plan_url("plan-edit", plan), data)

    assert response.status_code == 302
    assert response["Location"] == plan_url("plan-edit", plan)
    plan.refresh_from_db()
    assert (plan.title, plan.summary, plan.milestones.count()) == ("Koos", "Kõik korraga", 1)


def test_plan_editor_steps_work_in_a_change_sets_working_copy(as_editor, staff_world):
    change_set = change_set_start(plan=staff_world.public_plan, title="Muudatus", actor=staff_world.users["editor"])
    copy = change_set.working_copy

    page = as_editor.get(step_url("plan-edit", copy, "texts"))
    response = as_editor.post(step_url("plan-edit", copy, "texts"), plan_step_data(copy, "texts", summary="Uus"))

    assert page.status_code == 200 and page.context["transitions"] == []
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.summary == "Uus"
    assert CooperationPlan.objects.get(pk=staff_world.public_plan.pk).summary != "Uus"


# --- The section editor's steps -------------------------------------------------------------------------------


def test_section_editor_texts_step_saves_texts_and_keeps_the_lead(as_editor, staff_world):
    section = staff_world.section
    lead = OrganisationFactory(region=staff_world.region)
    ThemeSection.objects.filter(pk=section.pk).update(lead_organisation=lead, lead_role="juht")
    section.refresh_from_db()
    url = step_url("section-edit", staff_world.plan, "texts", section=section.pk)

    page = as_editor.get(url).content.decode()
    response = as_editor.post(url, section_step_data(section, "texts", goals="- üks"))

    assert _form_fields(page, "section-form") == {"title", "intro", "challenges", "goals", "version"}
    assert response.status_code == 302 and response["Location"] == url
    section.refresh_from_db()
    assert (section.goals, section.lead_organisation, section.lead_role) == ("- üks", lead, "juht")


def test_section_editor_settings_step_saves_the_lead(as_editor, staff_world):
    section = staff_world.section
    lead = OrganisationFactory(region=staff_world.region)
    url = step_url("section-edit", staff_world.plan, "settings", section=section.pk)
    title = section.title

    response = as_editor.post(
        url, section_step_data(section, "settings", lead_organisation=str(lead.pk), lead_role="koordinaator")
    )

    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.lead_organisation, section.lead_role, section.title) == (lead, "koordinaator", title)


def test_section_editor_activities_step_lists_the_activities_without_a_form(as_editor, staff_world):
    url = step_url("section-edit", staff_world.plan, "activities", section=staff_world.section.pk)

    html = as_editor.get(url).content.decode()

    assert 'id="section-form"' not in html
    assert staff_world.activity.title in html
    assert [current for _, current in _step_nav(html)] == [False, False, True]


def test_section_preview_of_one_step_uses_the_saved_other_fields(as_editor, staff_world):
    section = staff_world.section
    url = step_url("section-preview", staff_world.plan, "texts", section=section.pk)

    response = as_editor.post(url, section_step_data(section, "texts", title="Eelvaate pealkiri"))

    assert response.status_code == 200
    assert "Eelvaate pealkiri" in response.content.decode()
    assert ThemeSection.objects.get(pk=section.pk).title == section.title


# --- Inputs and buttons ---------------------------------------------------------------------------------------


def test_year_and_number_inputs_are_short_and_keep_their_labels(as_editor, staff_world):
    indicator_page = as_editor.get(
        plan_url("indicator-edit", staff_world.plan, indicator=staff_world.indicator.pk)
    ).content.decode()
    basics = as_editor.get(plan_url("plan-edit", staff_world.plan)).content.decode()

    assert re.search(r'<input type="number" name="start_year"[^>]*class="[^"]*input-year', basics)
    assert re.search(r'<label\s+for="id_start_year"', basics)
    # The yearly values: year and value side by side in one row each, each input with its visible label.
    assert 'class="row g-3 align-items-start value-row"' in indicator_page
    assert re.search(r'name="values-0-year"[^>]*class="[^"]*input-year', indicator_page)
    assert re.search(r'name="values-0-value"[^>]*class="[^"]*input-number', indicator_page)
    assert re.search(r'<label\s+for="id_values-0-value"', indicator_page)


def test_workflow_buttons_are_real_buttons_with_the_step_forward_primary(as_editor, staff_world):
    CooperationPlan.objects.filter(pk=staff_world.plan.pk).update(status=CooperationPlan.Status.CONSULTATION)
    # A public plan is edited in change sets; its workflow buttons are on the status page.
    html = as_editor.get(plan_url("plan-status", staff_world.plan)).content.decode()

    buttons = dict(re.findall(r'<button type="submit" name="status" value="(\w+)" class="btn ([\w-]+)"', html))
    assert buttons == {"draft": "btn-secondary", "adopted": "btn-primary"}


def test_draft_plan_editor_offers_publishing_as_its_primary_workflow_button(as_editor, staff_world):
    html = as_editor.get(plan_url("plan-edit", staff_world.plan)).content.decode()

    assert re.search(r'name="status" value="consultation" class="btn btn-primary"', html)
    assert "btn-outline-secondary" not in html


# --- Dashboard and breadcrumbs ----------------------------------------------------------------------------------


def test_an_activity_saved_with_its_lists_is_one_recent_change_on_the_dashboard(
    client, anna_and_ben, editor, staff_world
):
    _, ben = anna_and_ben
    activity = staff_world.activity
    partner = OrganisationFactory(region=staff_world.region)
    municipality = MunicipalityFactory(region=staff_world.region)
    data = activity_data(
        activity, title="Beni muudatus", partner_organisations=[str(partner.pk)], municipalities=[str(municipality.pk)]
    )
    assert ben.post(plan_url("activity-edit", staff_world.plan, activity=activity.pk), data).status_code == 302
    assert activity.history.filter(version=2).count() > 1  # the save and each of its lists: rows of one version
    client.force_login(editor)

    changes = client.get(DASHBOARD).context["changes"]

    assert [(c["name"], c["who"], c["type"]) for c in changes if c["who"] == "ben@vorumaa.example"] == [
        ("Beni muudatus", "ben@vorumaa.example", "~")
    ]


def test_a_created_activity_with_its_lists_is_listed_once_as_created(client, editor, staff_world):
    # Saved by a service outside a request (an import): a change by nobody, which the editor sees too.
    section = staff_world.section
    partner = OrganisationFactory(region=staff_world.region)
    activity = Activity(
        section=section,
        title="Uus tegevus",
        responsible_organisation=staff_world.activity.responsible_organisation,
        start_year=staff_world.plan.start_year,
        end_year=staff_world.plan.start_year,
        cooperation_form=Activity.CooperationForm.NETWORK,
    )
    services.activity_save(
        activity=activity, expected_version=1, partner_organisations=[partner], municipalities=[], actor=None
    )
    client.force_login(editor)

    changes = client.get(DASHBOARD).context["changes"]

    assert [(c["name"], c["type"]) for c in changes if c["name"] == "Uus tegevus"] == [("Uus tegevus", "+")]


def test_dashboard_and_other_top_pages_have_no_breadcrumbs_repeating_the_navigation(as_editor, staff_world):
    for url in (reverse("staff:dashboard"), reverse("staff:audit"), reverse("staff:account")):
        html = as_editor.get(url).content.decode()
        assert 'class="breadcrumb' not in html, url
        assert 'aria-current="page"' in html, url


def test_a_plan_pages_breadcrumbs_start_at_the_dashboard_named_as_in_the_navigation(as_editor, staff_world):
    with_et = as_editor.get(plan_url("plan-edit", staff_world.plan)).content.decode()

    crumbs = re.search(r'<ol class="breadcrumb[^"]*">(.*?)</ol>', with_et, re.S).group(1)
    first = re.search(r"<a [^>]*>([^<]+)</a>", crumbs).group(1)
    nav = re.search(r'<nav class="staff-nav.*?</nav>', with_et, re.S).group(0)
    assert f">{first}</a>" in nav
