"""Who may record progress: a superuser, an editor of the activity's region, or a progress reporter of its responsible
organisation; a reporter of another organisation, an editor of another region and a viewer are refused, anonymous
visitors are sent to log in. A reporter role needs its organisation, the other roles have none."""

import pytest
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.access import may_report_progress, reportable_activities
from core.admin import RegionRoleForm
from core.models import RegionRole
from plans.models import Activity
from tests.factories import ActivityFactory, ActivityProgressFactory, OrganisationFactory, RegionFactory, UserFactory
from tests.monitoring.progress_world import build_world, edit_url, form_data, overview_url

pytestmark = pytest.mark.django_db
Role = RegionRole.Role


@pytest.fixture
def world(db):
    return build_world()


def test_reporter_may_report_on_the_activities_of_their_organisation_only(world):
    assert may_report_progress(world.reporter, world.activity)
    assert not may_report_progress(world.reporter, world.other_activity)


def test_editor_of_the_region_and_a_superuser_may_report_on_every_activity(world):
    superuser = UserFactory(is_superuser=True)
    for user in (world.editor, superuser):
        assert may_report_progress(user, world.activity)
        assert may_report_progress(user, world.other_activity)


def test_editor_of_another_region_viewer_and_inactive_reporter_may_not_report(world):
    assert not may_report_progress(world.outsider, world.activity)
    assert not may_report_progress(world.viewer, world.activity)
    world.reporter.is_active = False
    assert not may_report_progress(world.reporter, world.activity)


def test_reportable_activities_lists_each_users_own_in_one_query(world, django_assert_num_queries):
    activities = Activity.objects.all()
    with django_assert_num_queries(1):
        assert list(reportable_activities(world.reporter, activities)) == [world.activity]
    assert set(reportable_activities(world.editor, activities)) == {world.activity, world.other_activity}
    assert list(reportable_activities(world.outsider, activities)) == []
    assert list(reportable_activities(world.viewer, activities)) == []


def test_reporter_of_the_responsible_organisation_opens_and_saves_the_form(client, world):
    client.force_login(world.reporter)

    assert client.get(edit_url(world, 2025)).status_code == 200
    response = client.post(edit_url(world, 2025), form_data())

    assert response.status_code == 302
    assert world.activity.progress.get(year=2025).updated_by == world.reporter


def test_reporter_of_another_organisation_gets_403_and_nothing_is_saved(client, world):
    client.force_login(world.other_reporter)

    assert client.get(edit_url(world, 2025)).status_code == 403
    assert client.post(edit_url(world, 2025), form_data()).status_code == 403
    assert not world.activity.progress.exists()


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_editor_of_another_region_and_a_viewer_get_403(client, world, who):
    client.force_login(getattr(world, who))

    assert client.get(edit_url(world, 2025)).status_code == 403
    assert client.post(edit_url(world, 2025), form_data()).status_code == 403
    assert client.get(overview_url(world, 2025)).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, world):
    for url in (edit_url(world, 2025), overview_url(world, 2025)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/manage/login/" in response["Location"]
    assert client.post(edit_url(world, 2025), form_data()).status_code == 302
    assert not world.activity.progress.exists()


@pytest.mark.parametrize("year", [2023, 2028, 1999])
def test_a_year_outside_the_plan_is_404(client, world, year):
    client.force_login(world.editor)

    assert client.get(edit_url(world, year)).status_code == 404
    assert client.get(overview_url(world, year)).status_code == 404


def test_an_activity_of_another_plan_or_an_archived_one_is_404(client, world):
    client.force_login(world.editor)
    world.other_activity.archived_at = world.other_activity.updated_at
    world.other_activity.save()

    assert client.get(edit_url(world, 2025, activity=world.other_activity)).status_code == 404


def test_overview_lists_only_the_activities_the_reporter_reports_on(client, world):
    client.force_login(world.reporter)

    page = client.get(overview_url(world, 2025)).content.decode()

    assert "Eakate nõustamine" in page
    assert "Noorte tugi" not in page


def test_progress_start_goes_to_last_year_within_the_plan(client, world):
    client.force_login(world.editor)
    url = overview_url(world, 2025).replace("2025/", "")

    response = client.get(url)

    # The clock stands in March 2027: the year reported on is 2026.
    assert response.status_code == 302
    assert response["Location"].endswith("/progress/2026/")


# --- Granting the role -------------------------------------------------------------------------------------------


def role_form(world, **changes):
    data = {"user": world.viewer.pk, "region": world.region.pk, "role": Role.REPORTER, "organisation": ""}
    data.update(changes)
    return RegionRoleForm(data=data)


def test_reporter_role_without_an_organisation_is_refused_with_a_clear_message(world):
    with translation.override("en"):
        form = role_form(world)

        assert not form.is_valid()
        assert form.errors["organisation"] == [
            "Choose the organisation whose activities the progress reporter reports on."
        ]
    with translation.override("fi"):
        assert not role_form(world).is_valid()
        assert role_form(world).errors["organisation"] == [
            "Valitse organisaatio, jonka toimenpiteiden etenemisestä raportoija raportoi."
        ]


def test_reporter_role_with_an_organisation_of_the_region_is_accepted(world):
    assert role_form(world, organisation=world.organisation.pk).is_valid()


def test_other_roles_take_no_organisation(world):
    assert role_form(world, role=Role.EDITOR).is_valid()
    form = role_form(world, role=Role.EDITOR, organisation=world.organisation.pk)
    assert not form.is_valid()
    assert "organisation" in form.errors


def test_reporter_for_an_organisation_of_another_region_is_refused(world):
    foreign = OrganisationFactory(region=RegionFactory())

    form = role_form(world, organisation=foreign.pk)

    assert not form.is_valid()
    assert "organisation" in form.errors


def test_admin_add_page_offers_the_organisation(admin_client, world):
    assert site._registry[RegionRole].form is RegionRoleForm
    page = admin_client.get("/en/admin/core/regionrole/add/").content.decode()
    assert 'name="organisation"' in page


def test_admin_refuses_a_reporter_without_organisation(admin_client, world):
    response = admin_client.post(
        "/en/admin/core/regionrole/add/", {"user": world.viewer.pk, "region": world.region.pk, "role": "reporter"}
    )
    assert response.status_code == 200
    assert "Choose the organisation whose activities the progress reporter reports on." in response.content.decode()
    assert not RegionRole.objects.filter(user=world.viewer, role=Role.REPORTER).exists()


def test_create_staff_grants_a_reporter_role_for_an_organisation(world):
    call_command(
        "create_staff", "aruandja@ngo.example", region="vorumaa", role="reporter", organisation=world.organisation.slug
    )

    grant = RegionRole.objects.get(user__username="aruandja@ngo.example")
    assert (grant.role, grant.organisation) == (Role.REPORTER, world.organisation)


def test_create_staff_refuses_a_reporter_without_organisation_and_an_organisation_for_other_roles(world):
    with pytest.raises(CommandError, match="needs --organisation"):
        call_command("create_staff", "a@ngo.example", region="vorumaa", role="reporter")
    with pytest.raises(CommandError, match="Only a progress reporter"):
        call_command(
            "create_staff", "b@ngo.example", region="vorumaa", role="editor", organisation=world.organisation.slug
        )
    assert not RegionRole.objects.filter(user__username__in=["a@ngo.example", "b@ngo.example"]).exists()


# --- Finding the pages ---------------------------------------------------------------------------------------------


def test_the_plan_pages_and_the_dashboard_link_to_the_progress(client, world):
    client.force_login(world.editor)
    start = overview_url(world, 2025).replace("2025/", "")
    kwargs = {"region": "vorumaa", "plan": world.plan.slug}
    with translation.override("en"):
        # The plan is public: its staff page is the one of its change sets (its editor is a working copy's).
        change_sets = reverse("plans-staff:change-sets", kwargs=kwargs)
        dashboard = reverse("staff:dashboard")
    for url in (change_sets, dashboard):
        assert f'href="{start}"' in client.get(url).content.decode(), url


def test_a_reporter_finds_the_progress_on_the_dashboard(client, world):
    client.force_login(world.reporter)
    start = overview_url(world, 2025).replace("2025/", "")
    assert f'href="{start}"' in client.get("/en/manage/").content.decode()


def test_overview_costs_the_same_queries_for_few_or_many_activities(client, world, django_assert_num_queries):
    client.force_login(world.editor)
    url = overview_url(world, 2025)
    client.get(url)  # warm up: the session and the user's roles once
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        ActivityProgressFactory(activity=ActivityFactory(section=world.section), year=2025, updated_by=world.editor)
    with django_assert_num_queries(len(few)):
        assert "Koostöötegevus" in client.get(url).content.decode()
