"""Project editors create and edit projects with all their parts, archive them and import spreadsheets."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from projects.models import Project, ProjectComponent, ProjectPartner
from tests.factories import (
    FunderFactory,
    MeasureFactory,
    OrganisationFactory,
    ProjectComponentFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ThemeFactory,
)

PREFIXES = ("partners", "components", "events", "outputs")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Uploaded import files wait in the default storage between the dry run and the confirmation.
    settings.MEDIA_ROOT = tmp_path


def _management(initial=None):
    initial = initial or {}
    data = {}
    for prefix in PREFIXES:
        data[f"{prefix}-TOTAL_FORMS"] = str(initial.get(prefix, 0))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial.get(prefix, 0))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "100"
    return data


def project_data(world, **overrides):
    project = world.project
    data = {
        "name": "Sotsiaalteenuste analüüs",
        "code": "2014-2020.2.04.21-0013",
        "slug": "sotsiaalteenuste-analuus",
        "language": "et",
        "status": "running",
        "funder": project.funder_id,
        "programme": project.programme_id,
        "measure": project.measure_id,
        "start_date": "2021-08-02",
        "end_date": "2022-08-01",
        "total_cost": "29 952,00",
        "grant_amount": "25000.00",
        "goal": "Eesmärk",
        "activities_text": "",
        "results": "",
        "manager_role": "projektijuht",
        "manager_organisation": "",
        "version": "1",
        **_management(),
    }
    data.update(overrides)
    return data


def create_url(world):
    return reverse("projects-staff:create", kwargs={"region": world.region.slug})


def edit_url(project):
    return reverse("projects-staff:edit", kwargs={"region": project.region.slug, "project": project.slug})


# --- List ---------------------------------------------------------------------------------------------------------


def test_project_editor_sees_the_regions_projects_with_totals(client, staff_world, project_editor):
    ProjectFactory(region=staff_world.region, name="Arhiveeritud", archived=True)
    client.force_login(project_editor)

    response = client.get(reverse("projects-staff:list", kwargs={"region": staff_world.region.slug}))

    assert response.status_code == 200
    assert staff_world.project.name in response.text
    assert "Arhiveeritud" in response.text and "archived" in response.text
    assert staff_world.other_project.name not in response.text
    assert "1 project in the public registry" in response.text


def test_project_list_costs_the_same_queries_for_few_or_many_projects(
    client, staff_world, project_editor, django_assert_num_queries
):
    client.force_login(project_editor)
    url = reverse("projects-staff:list", kwargs={"region": staff_world.region.slug})
    client.get(url)

    def count():
        # session, user, region, the role check (twice: workspace, region), projects with funder and partner count,
        # totals, archived count.
        with django_assert_num_queries(8):
            assert client.get(url).status_code == 200

    count()
    for _n in range(15):
        project = ProjectFactory(region=staff_world.region)
        ProjectPartnerFactory(project=project)
    count()


def test_project_list_shows_a_page_at_a_time_and_every_project_is_reachable(
    client, staff_world, project_editor, monkeypatch
):
    monkeypatch.setattr("projects.staff_views.STAFF_PAGE_SIZE", 2)
    ProjectFactory(region=staff_world.region, name="Arhiveeritud", archived=True)
    ProjectFactory(region=staff_world.region, name="Teine")
    client.force_login(project_editor)
    url = reverse("projects-staff:list", kwargs={"region": staff_world.region.slug})

    first, last = client.get(url), client.get(url, {"page": 2})

    shown = [project.name for response in (first, last) for project in response.context["page"].object_list]
    assert sorted(shown) == sorted([staff_world.project.name, "Teine", "Arhiveeritud"])
    assert shown[-1] == "Arhiveeritud"  # archived ones last
    assert first.context["page"].paginator.num_pages == 2
    assert 'href="?page=2"' in first.text and "Page 1 of 2" in first.text
    assert "There is no page 9" in client.get(url, {"page": 9}).text


# --- Create -------------------------------------------------------------------------------------------------------


def test_project_editor_creates_a_project_with_partners_and_components(client, staff_world, project_editor):
    organisation = OrganisationFactory(region=staff_world.region)
    theme = ThemeFactory()
    client.force_login(project_editor)
    data = project_data(staff_world, themes=[theme.pk], activities=[staff_world.activity.pk])
    data.update(
        {
            "partners-TOTAL_FORMS": "1",
            "partners-0-organisation": organisation.pk,
            "partners-0-role": "beneficiary",
            "partners-0-contribution": "4 952,00",
            "partners-0-position": "1",
            "components-TOTAL_FORMS": "2",
            "components-0-title": "Analüüs",
            "components-0-position": "1",
            "components-1-title": "",  # the empty extra form, as the browser sends it, is ignored
            "components-1-position": "0",
            "events-TOTAL_FORMS": "1",
            "events-0-title": "Koolitus",
            "events-0-date": "2021-11-22",
        }
    )

    response = client.post(create_url(staff_world), data)

    assert response.status_code == 302, [
        (k, f.errors, f.non_form_errors()) for k, f in response.context["formsets"].items()
    ]
    project = Project.objects.get(slug="sotsiaalteenuste-analuus")
    assert project.region == staff_world.region
    assert project.total_cost == Decimal("29952.00")
    assert project.version == 1
    partner = project.partners.get()
    assert (partner.organisation, partner.role, partner.contribution) == (
        organisation,
        "beneficiary",
        Decimal("4952.00"),
    )
    assert [c.title for c in project.components.all()] == ["Analüüs"]
    assert project.events.get().title == "Koolitus"
    assert list(project.themes.all()) == [theme]
    assert list(project.activities.all()) == [staff_world.activity]
    assert response["Location"] == edit_url(project)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": "2020-01-01"}, "end_date", "The end date cannot be before the start date."),
        ({"grant_amount": "30 000,00"}, "grant_amount", "The grant cannot be larger than the total cost."),
        ({"total_cost": "-5"}, "total_cost", "The value cannot be negative."),
        ({"total_cost": "palju"}, "total_cost", "Enter a number, e.g. 1,234.5."),
        ({"total_cost": "1,2,3"}, "total_cost", "Enter a number, e.g. 1,234.5."),
        ({"total_cost": "2 000 000 000"}, "total_cost", "Enter at most 1,000,000,000."),
        ({"start_date": "31.02.2021"}, "start_date", "Enter a valid date."),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_what_was_typed_is_kept(
    client, staff_world, project_editor, overrides, field, message
):
    client.force_login(project_editor)

    response = client.post(create_url(staff_world), project_data(staff_world, **overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert "Nothing was saved" in response.text
    assert 'value="Sotsiaalteenuste analüüs"' in response.text or field == "name"
    assert not Project.objects.filter(slug="sotsiaalteenuste-analuus").exists()


def test_a_project_is_registered_without_money_or_dates_and_they_stay_unknown(client, staff_world, project_editor):
    client.force_login(project_editor)
    data = project_data(staff_world, start_date="", end_date="", total_cost="", grant_amount="")

    response = client.post(create_url(staff_world), data)

    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(slug="sotsiaalteenuste-analuus")
    assert (project.start_date, project.end_date, project.total_cost, project.grant_amount) == (None,) * 4
    assert project.own_contribution is None and project.grant_share is None


def test_a_partners_negative_contribution_is_refused_and_kept(client, staff_world, project_editor):
    organisation = OrganisationFactory(region=staff_world.region)
    client.force_login(project_editor)
    data = project_data(staff_world)
    data.update(
        {
            "partners-TOTAL_FORMS": "1",
            "partners-0-organisation": organisation.pk,
            "partners-0-role": "partner",
            "partners-0-contribution": "-1",
            "partners-0-position": "1",
        }
    )

    response = client.post(create_url(staff_world), data)

    assert response.status_code == 200
    assert response.context["formsets"]["partners"].forms[0].errors["contribution"] == ["The value cannot be negative."]
    assert 'value="-1"' in response.text
    assert not Project.objects.filter(slug="sotsiaalteenuste-analuus").exists()


@pytest.mark.parametrize(
    ("language", "typed", "stored", "shown"),
    [
        ("et", "1 234,5", Decimal("1234.50"), 'value="1234,50"'),
        ("fi", "1\u00a0234,5", Decimal("1234.50"), 'value="1234,50"'),
        ("en", "1,234.5", Decimal("1234.50"), 'value="1234.50"'),
        ("et", "0.75", Decimal("0.75"), 'value="0,75"'),
    ],
)
def test_money_is_read_and_shown_in_the_interface_language(
    client, staff_world, project_editor, language, typed, stored, shown
):
    client.force_login(project_editor)
    with translation.override(language):
        url = create_url(staff_world)
    data = project_data(staff_world, total_cost=typed, grant_amount="0")

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(slug="sotsiaalteenuste-analuus")
    assert project.total_cost == stored
    with translation.override(language):
        assert shown in client.get(edit_url(project)).text


def test_a_measure_of_another_funder_is_refused(client, staff_world, project_editor):
    other = MeasureFactory(funder=FunderFactory())
    client.force_login(project_editor)

    response = client.post(create_url(staff_world), project_data(staff_world, measure=other.pk))

    assert "belongs to another funder" in response.context["form"].errors["measure"][0]
    assert not Project.objects.filter(slug="sotsiaalteenuste-analuus").exists()


def test_two_beneficiaries_are_refused(client, staff_world, project_editor):
    first, second = OrganisationFactory(), OrganisationFactory()
    client.force_login(project_editor)
    data = project_data(staff_world)
    data.update(
        {
            "partners-TOTAL_FORMS": "2",
            "partners-0-organisation": first.pk,
            "partners-0-role": "beneficiary",
            "partners-0-position": "0",
            "partners-1-organisation": second.pk,
            "partners-1-role": "beneficiary",
            "partners-1-position": "0",
        }
    )

    response = client.post(create_url(staff_world), data)

    assert response.status_code == 200
    assert "one beneficiary" in response.text
    assert not Project.objects.filter(slug="sotsiaalteenuste-analuus").exists()


def test_a_slug_or_code_used_in_the_region_is_refused(client, staff_world, project_editor):
    client.force_login(project_editor)

    response = client.post(
        create_url(staff_world),
        project_data(staff_world, slug=staff_world.project.slug, code=staff_world.project.code),
    )

    assert set(response.context["form"].errors) == {"slug", "code"}


def test_script_tags_are_stored_as_text_and_shown_harmlessly(client, staff_world, project_editor):
    client.force_login(project_editor)

    client.post(create_url(staff_world), project_data(staff_world, name="<script>alert(1)</script>"))
    project = Project.objects.get(slug="sotsiaalteenuste-analuus")
    page = client.get(edit_url(project)).text

    assert project.name == "<script>alert(1)</script>"
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- Edit ---------------------------------------------------------------------------------------------------------


def _edit_data(world, project, **overrides):
    components = list(project.components.all())
    data = project_data(
        world,
        name=project.name,
        code=project.code,
        slug=project.slug,
        funder=project.funder_id,
        programme=project.programme_id,
        measure=project.measure_id,
        version=str(project.version),
    )
    data.update(_management({"components": len(components)}))
    for index, component in enumerate(components):
        data[f"components-{index}-id"] = component.pk
        data[f"components-{index}-project"] = project.pk
        data[f"components-{index}-title"] = component.title
        data[f"components-{index}-position"] = component.position
    data.update(overrides)
    return data


def test_project_editor_edits_a_project_and_its_parts_and_a_version_is_recorded(client, staff_world, project_editor):
    project = staff_world.project
    kept = ProjectComponentFactory(project=project, title="Jääb", position=1)
    dropped = ProjectComponentFactory(project=project, title="Kaob", position=2)
    versions = project.history.count()
    client.force_login(project_editor)
    data = _edit_data(staff_world, project, total_cost="40 000,00")
    index = [kept.pk, dropped.pk].index(dropped.pk)
    data[f"components-{index}-DELETE"] = "on"

    response = client.post(edit_url(project), data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.total_cost == Decimal("40000.00")
    assert project.version == 2
    assert project.history.count() == versions + 1
    assert list(ProjectComponent.objects.filter(project=project).values_list("title", flat=True)) == ["Jääb"]


def test_the_edit_form_shows_the_project_and_its_parts(client, staff_world, project_editor):
    ProjectPartnerFactory(project=staff_world.project, role=ProjectPartner.Role.BENEFICIARY)
    client.force_login(project_editor)

    response = client.get(edit_url(staff_world.project))

    assert response.status_code == 200
    assert response.text.count("<h1") == 1
    assert 'name="partners-0-organisation"' in response.text
    assert 'value="29952.00"' in response.text  # English: a decimal point
    with translation.override("et"):
        response = client.get(edit_url(staff_world.project))
    assert 'name="total_cost" value="29952,00"' in response.text
    [money_input] = re.findall(r'<input[^>]*name="total_cost"[^>]*>', response.text)
    assert 'type="text"' in money_input and 'inputmode="decimal"' in money_input


def test_the_edit_page_costs_the_same_queries_for_few_or_many_parts(
    client, staff_world, project_editor, django_assert_max_num_queries
):
    project = staff_world.project
    client.force_login(project_editor)
    url = edit_url(project)
    client.get(url)

    def count():
        with django_assert_max_num_queries(30) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count()
    for n in range(10):
        ProjectPartnerFactory(project=project, organisation=OrganisationFactory(region=staff_world.region))
        ProjectComponentFactory(project=project, title=f"Osa {n}")
    # session, user, roles, project, the form's choices (funders, programmes, measures, organisations, activities,
    # themes, the project's activities and themes), each formset's rows and the shared organisation choices.
    assert count() == few


def test_a_second_editors_save_is_a_conflict_that_keeps_their_input(
    client, staff_world, project_editor, django_user_model
):
    from tests.staff.conftest import grant

    project = staff_world.project
    other = grant(
        django_user_model.objects.create(username="teine@vorumaa.example"), staff_world.region, "project_editor"
    )
    first_client, second_client = client, type(client)()
    first_client.force_login(project_editor)
    second_client.force_login(other)
    first_data = _edit_data(staff_world, project, name="Esimese nimi")
    second_data = _edit_data(staff_world, project, name="Teise nimi", goal="Teise eesmärk")

    assert first_client.post(edit_url(project), first_data).status_code == 302
    response = second_client.post(edit_url(project), second_data)

    assert response.status_code == 409
    project.refresh_from_db()
    assert project.name == "Esimese nimi"
    assert "Someone else saved this" in response.text
    assert "Esimese nimi" in response.text and 'value="Teise nimi"' in response.text
    assert response.context["form"]["version"].value() == str(project.version)
    # Having read the other version, saving again keeps theirs deliberately.
    again = dict(second_data, version=str(project.version))
    assert second_client.post(edit_url(project), again).status_code == 302
    project.refresh_from_db()
    assert project.name == "Teise nimi"


def test_an_outsider_cannot_edit_and_nothing_changes(client, staff_world, outsider, editor):
    project = staff_world.project
    for user in (outsider, editor):
        client.force_login(user)

        response = client.post(edit_url(project), _edit_data(staff_world, project, name="Häkitud"))

        assert response.status_code == 403
    project.refresh_from_db()
    assert project.name != "Häkitud"


# --- Archive ------------------------------------------------------------------------------------------------------


def test_archiving_hides_the_project_from_the_public_and_is_audited(client, staff_world, project_editor):
    project = staff_world.project
    client.force_login(project_editor)
    url = reverse("projects-staff:archive", kwargs={"region": project.region.slug, "project": project.slug})

    assert "Archive the project?" in client.get(url).text
    response = client.post(url, {"version": project.version})

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.archived
    assert project not in Project.objects.public()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ARCHIVE)
    assert (event.actor, event.object_id, event.data) == (project_editor, str(project.pk), {"code": "archived"})

    client.post(url, {"version": project.version})
    project.refresh_from_db()
    assert not project.archived
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ARCHIVE, data={"code": "unarchived"}).exists()


def test_archiving_with_a_stale_version_changes_nothing(client, staff_world, project_editor):
    project = staff_world.project
    client.force_login(project_editor)
    url = reverse("projects-staff:archive", kwargs={"region": project.region.slug, "project": project.slug})

    response = client.post(url, {"version": project.version + 5}, follow=True)

    assert "Someone else saved this project" in response.text
    project.refresh_from_db()
    assert not project.archived


# --- Import -------------------------------------------------------------------------------------------------------


def _csv(world, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        ["Project code", "Project name", "Fund", "Start date", "End date", "Total budget", "EU contribution"]
    )
    for code, name, total, grant in rows:
        writer.writerow([code, name, world.project.funder.slug, "02.08.2021", "01.08.2022", total, grant])
    return out.getvalue().encode()


def test_import_shows_a_dry_run_then_saves_on_confirmation(client, staff_world, project_editor, tmp_path):
    client.force_login(project_editor)
    url = reverse("projects-staff:import", kwargs={"region": staff_world.region.slug})
    rows = [(f"IMP-{n}", f"Imporditud {n}", "29 952,00", "25000.00") for n in range(50)]
    upload = SimpleUploadedFile("projektid.csv", _csv(staff_world, rows), content_type="text/csv")

    response = client.post(url, {"file": upload})

    assert response.status_code == 200
    assert "Every row is valid: 50 new, 0 updated, 0 unchanged" in response.text
    assert 'name="confirm"' in response.text
    assert not Project.objects.filter(code__startswith="IMP-").exists()

    response = client.post(url, {"confirm": "1"})

    assert response.status_code == 302
    assert Project.objects.filter(region=staff_world.region, code__startswith="IMP-").count() == 50
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, actor=project_editor).count() == 1
    assert not any((tmp_path / "project-imports").iterdir())
    # The stored file is gone: confirming again does nothing.
    assert client.post(url, {"confirm": "1"}).status_code == 200
    assert Project.objects.filter(code__startswith="IMP-").count() == 50


def test_import_with_errors_lists_them_and_offers_no_confirmation(client, staff_world, project_editor):
    client.force_login(project_editor)
    url = reverse("projects-staff:import", kwargs={"region": staff_world.region.slug})
    rows = [("A-1", "Hea", "100", "50"), ("A-2", "Halb", "100", "150")]
    upload = SimpleUploadedFile("projektid.csv", _csv(staff_world, rows), content_type="text/csv")

    response = client.post(url, {"file": upload})

    assert "1 row has errors" in response.text
    assert "Grant: The grant is larger than the total budget." in response.text
    assert 'name="confirm"' not in response.text
    client.post(url, {"confirm": "1"})
    assert not Project.objects.filter(code__startswith="A-").exists()


def test_import_of_a_file_that_is_not_a_spreadsheet_says_so(client, staff_world, project_editor):
    client.force_login(project_editor)
    url = reverse("projects-staff:import", kwargs={"region": staff_world.region.slug})

    response = client.post(url, {"file": SimpleUploadedFile("x.csv", bytes(range(256)) * 10)})

    assert response.status_code == 200
    assert "not in UTF-8" in response.text
    response = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")})
    assert "Upload a CSV or XLSX file" in response.text


def test_a_confirmation_for_another_region_imports_nothing(client, staff_world, project_editor):
    from tests.staff.conftest import grant

    grant(project_editor, staff_world.other_region, "project_editor")
    client.force_login(project_editor)
    upload = SimpleUploadedFile("p.csv", _csv(staff_world, [("R-1", "Üks", "10", "5")]))
    client.post(reverse("projects-staff:import", kwargs={"region": staff_world.region.slug}), {"file": upload})

    client.post(reverse("projects-staff:import", kwargs={"region": staff_world.other_region.slug}), {"confirm": "1"})

    assert not Project.objects.filter(code="R-1").exists()


def test_an_outsider_cannot_import_into_the_region(client, staff_world, outsider):
    client.force_login(outsider)
    upload = SimpleUploadedFile("p.csv", _csv(staff_world, [("O-1", "Üks", "10", "5")]))

    response = client.post(
        reverse("projects-staff:import", kwargs={"region": staff_world.region.slug}), {"file": upload}
    )

    assert response.status_code == 403
    assert not Project.objects.filter(code="O-1").exists()


def test_the_saved_versions_of_an_edited_project_can_be_read(client, staff_world, project_editor):
    project = staff_world.project
    client.force_login(project_editor)
    client.post(edit_url(project), _edit_data(staff_world, project, name="Uus nimi"))

    page = client.get(edit_url(project)).text
    history_url = reverse("staff:history", kwargs={"label": "projects.project", "pk": project.pk})

    assert history_url in page
    response = client.get(history_url)
    assert response.status_code == 200
    assert "Uus nimi" in response.text
