"""Organisations and strategy documents in the staff workspace: an editor builds what a plan needs (its lead
organisation, its activities' organisations, its basis documents) without the admin; national organisations are
the superusers'."""

from html import unescape
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Organisation
from plans import services
from plans.models import StrategyDocument
from tests.factories import MunicipalityFactory, OrganisationFactory, StrategyDocumentFactory
from tests.staff.plan_forms import plan_url as _plan_url

LONG = "x" * 300
SCRIPT = "<script>alert('x')</script>"


def url(name, region="vorumaa", **kwargs):
    with translation.override("en"):
        return reverse(f"plans-staff:{name}", kwargs={"region": region, **kwargs})


def plan_url(name, plan, **kwargs):
    with translation.override("en"):
        return _plan_url(name, plan, **kwargs)


def organisation_data(**changes):
    return {"name": "Võru Vallavalitsus", "kind": Organisation.Kind.NGO, "municipality": "", "website": "", **changes}


def document_data(**changes):
    return {
        "title": "Võrumaa arengustrateegia 2035+",
        "level": StrategyDocument.Level.COUNTY,
        "issuer": "",
        "start_year": "2022",
        "end_year": "2035",
        "url": "https://vorumaa.ee/strateegia",
        **changes,
    }


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def municipality(staff_world):
    return MunicipalityFactory(region=staff_world.region, name="Rõuge vald", slug="rouge")


def assert_refused(response, field, typed=None):
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    html = response.content.decode()
    assert "Nothing was saved" in html or "Midagi ei salvestatud" in html
    if typed is not None:
        assert typed in unescape(html)


# --- The list -----------------------------------------------------------------------------------------------------


def test_viewer_sees_the_regions_organisations_without_edit_links(client, staff_world):
    OrganisationFactory(region=staff_world.region, name="Rõuge Noorte Ühing")
    OrganisationFactory(region=staff_world.other_region, name="Tartu Ühing")
    OrganisationFactory(region=None, name="Sotsiaalministeerium", kind=Organisation.Kind.STATE_AGENCY)
    client.force_login(staff_world.users["viewer"])

    response = client.get(url("organisations"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Rõuge Noorte Ühing" in html
    assert "Tartu Ühing" not in html
    assert "Sotsiaalministeerium" not in html
    assert url("organisation-create") not in html
    assert "/organisations/organisation-" not in html


def test_editor_sees_the_new_organisation_link_and_edit_links(as_editor, staff_world):
    organisation = staff_world.plan.lead_organisation

    html = as_editor.get(url("organisations")).content.decode()

    assert url("organisation-create") in html
    assert url("organisation-edit", slug=organisation.slug) in html


def test_region_workspace_links_to_the_organisations(as_editor, staff_world):
    assert url("organisations") in as_editor.get(url("region")).content.decode()


@pytest.mark.parametrize("extra", [0, 6])
def test_organisation_list_query_count_does_not_grow_with_organisations(
    as_editor, staff_world, extra, django_assert_num_queries
):
    for index in range(extra):
        kind = Organisation.Kind.MUNICIPALITY if index % 2 else Organisation.Kind.NGO
        OrganisationFactory(region=staff_world.region, kind=kind)
    # session, user, is-staff-member, region, role check, organisations with their municipality, can-edit role check
    with django_assert_num_queries(7):
        response = as_editor.get(url("organisations"))
    assert response.status_code == 200


# --- Create -------------------------------------------------------------------------------------------------------


def test_editor_creates_an_organisation_of_the_region_with_a_slug_from_its_name(as_editor, staff_world, municipality):
    data = organisation_data(
        name="Rõuge Vallavalitsus",
        kind=Organisation.Kind.MUNICIPALITY,
        municipality=str(municipality.pk),
        website="https://rouge.ee",
        region=str(staff_world.other_region.pk),  # not a field: ignored
        slug="my-own-slug",  # not a field: ignored
    )

    response = as_editor.post(url("organisation-create"), data)

    assert response.status_code == 302
    assert response["Location"] == url("organisations")
    organisation = Organisation.objects.get(name="Rõuge Vallavalitsus")
    assert organisation.slug == "rouge-vallavalitsus"
    assert organisation.region == staff_world.region
    assert organisation.municipality == municipality
    assert organisation.website == "https://rouge.ee"


def test_slugs_stay_unique_across_regions_with_a_number_added(as_editor, staff_world):
    OrganisationFactory(region=staff_world.other_region, name="MTÜ Tugi", slug="mtu-tugi")

    as_editor.post(url("organisation-create"), organisation_data(name="MTÜ Tugi"))
    as_editor.post(url("organisation-create"), organisation_data(name="MTÜ  Tugi!"))

    slugs = sorted(Organisation.objects.filter(name__startswith="MTÜ").values_list("slug", flat=True))
    assert slugs == ["mtu-tugi", "mtu-tugi-2", "mtu-tugi-3"]


def test_a_name_without_letters_or_the_word_new_still_gets_a_usable_slug(staff_world):
    first = services.organisation_create(
        organisation=Organisation(name="!!!", kind=Organisation.Kind.NGO, region=staff_world.region), actor=None
    )
    second = services.organisation_create(
        organisation=Organisation(name="New", kind=Organisation.Kind.NGO, region=staff_world.region), actor=None
    )

    assert first.slug == "organisation"
    assert second.slug == "new-2"  # organisations/new/ is the create page


def test_a_slug_taken_meanwhile_by_someone_else_is_retried_with_the_next_one(staff_world, monkeypatch):
    OrganisationFactory(region=staff_world.region, slug="tugi")
    # The first pick raced with another editor's save of the same name.
    picks = iter(["tugi", "tugi-2"])
    monkeypatch.setattr(services, "_free_organisation_slug", lambda name: next(picks))

    organisation = services.organisation_create(
        organisation=Organisation(name="Tugi", kind=Organisation.Kind.NGO, region=staff_world.region), actor=None
    )

    assert organisation.slug == "tugi-2"
    assert Organisation.objects.filter(slug__startswith="tugi").count() == 2


def test_create_goes_back_to_a_safe_next_page(as_editor, staff_world):
    back = plan_url("activity-edit", staff_world.plan, activity=staff_world.activity.pk)

    form_page = as_editor.get(url("organisation-create") + f"?next={back}")
    response = as_editor.post(url("organisation-create"), organisation_data(next=back))

    assert f'name="next" value="{back}"' in form_page.content.decode()
    assert response["Location"] == back


def test_a_new_organisation_is_offered_on_the_activity_page(as_editor, staff_world):
    as_editor.post(url("organisation-create"), organisation_data(name="Vastloodud Ühing"))

    response = as_editor.get(plan_url("activity-edit", staff_world.plan, activity=staff_world.activity.pk))

    assert "Vastloodud Ühing" in response.content.decode()
    assert url("organisation-create") + "?next=" in response.content.decode()


def test_municipal_government_without_municipality_is_refused_with_a_clear_message(as_editor, staff_world):
    response = as_editor.post(
        url("organisation-create"), organisation_data(name="Minu Vallavalitsus", kind=Organisation.Kind.MUNICIPALITY)
    )

    assert_refused(response, "municipality", typed="Minu Vallavalitsus")
    assert "A municipal government must name its municipality." in response.content.decode()
    assert not Organisation.objects.filter(name="Minu Vallavalitsus").exists()


def test_municipality_of_another_region_is_refused(as_editor, staff_world):
    elsewhere = MunicipalityFactory(region=staff_world.other_region)

    response = as_editor.post(
        url("organisation-create"),
        organisation_data(kind=Organisation.Kind.MUNICIPALITY, municipality=str(elsewhere.pk)),
    )

    assert_refused(response, "municipality", typed="Võru Vallavalitsus")
    assert "Choose one of this region&#x27;s municipalities." in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("name", LONG, "Ensure this value has at most 255 characters"),
        ("kind", "", "This field is required."),
        ("kind", "emperor", "Select a valid choice."),
        ("website", "not a web address", "Enter a valid URL."),
        ("website", "javascript:alert(1)", "Enter a valid URL."),
        ("municipality", "kolm", "Choose one of this region"),
        ("public_email", "info@", "Enter the e-mail address in the form name@example.ee."),
        ("public_email", "info at minu.example", "Enter the e-mail address in the form name@example.ee."),
        ("public_email", "x" * 250 + "@minu.example", "Ensure this value has at most 254 characters"),
        ("public_phone", "helistage meile", "Enter a phone number in digits and spaces, with + before a country code."),
        ("public_phone", "+", "Enter a phone number in digits and spaces, with + before a country code."),
        ("public_phone", "5" * 41, "Ensure this value has at most 40 characters"),
    ],
)
def test_organisation_form_refuses_bad_input_and_keeps_what_was_typed(as_editor, staff_world, field, value, message):
    typed = {"name": "Minu Ühing", "website": "https://minu.example"}
    data = organisation_data(**{**typed, field: value})
    before = Organisation.objects.count()

    response = as_editor.post(url("organisation-create"), data)

    assert_refused(response, field)
    html = unescape(response.content.decode())
    assert message in html
    for name, typed_value in typed.items():
        if name != field:
            assert typed_value in html
    assert Organisation.objects.count() == before


def test_script_in_a_name_is_stored_as_text_and_shown_escaped(as_editor, staff_world):
    as_editor.post(url("organisation-create"), organisation_data(name=SCRIPT))

    organisation = Organisation.objects.get(name=SCRIPT)
    html = as_editor.get(url("organisations")).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert organisation.slug == "scriptalertxscript"


def test_viewer_gets_403_on_the_create_page_and_nothing_is_saved(client, staff_world):
    client.force_login(staff_world.users["viewer"])

    assert client.get(url("organisation-create")).status_code == 403
    assert client.post(url("organisation-create"), organisation_data()).status_code == 403
    assert not Organisation.objects.filter(name="Võru Vallavalitsus").exists()


def test_outsider_gets_403_and_cannot_create_in_another_region(client, outsider):
    client.force_login(outsider)

    response = client.post(url("organisation-create"), organisation_data())

    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Võru Vallavalitsus").exists()


# --- Edit ---------------------------------------------------------------------------------------------------------


def test_editor_edits_an_organisation_and_the_slug_stays(as_editor, staff_world):
    organisation = staff_world.plan.lead_organisation
    slug = organisation.slug

    response = as_editor.post(
        url("organisation-edit", slug=slug),
        organisation_data(name="Võrumaa Arenduskeskus", kind=Organisation.Kind.DEVELOPMENT_CENTRE, slug="uus"),
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Võrumaa Arenduskeskus"
    assert organisation.slug == slug
    assert organisation.region == staff_world.region
    assert organisation.history.first().history_user == staff_world.users["editor"]


def test_editor_saves_the_organisations_public_contact(as_editor, staff_world):
    organisation = staff_world.plan.lead_organisation

    response = as_editor.post(
        url("organisation-edit", slug=organisation.slug),
        organisation_data(name=organisation.name, public_email="info@arendus.example", public_phone="+372 000 0000"),
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.public_email == "info@arendus.example"
    assert organisation.public_phone == "+372 000 0000"
    assert organisation.public_phone_uri == "tel:+3720000000"


def test_the_form_explains_the_public_contact_is_the_organisations_not_a_persons(as_editor, staff_world):
    html = unescape(as_editor.get(url("organisation-create")).content.decode())

    assert 'name="public_email"' in html and 'type="email"' in html
    assert 'name="public_phone"' in html
    assert "a general address, not a person's" in html


def test_edit_form_shows_the_current_values(as_editor, staff_world):
    organisation = staff_world.plan.lead_organisation

    html = as_editor.get(url("organisation-edit", slug=organisation.slug)).content.decode()

    assert f'value="{organisation.name}"' in html


def test_edit_keeps_typed_values_when_refused(as_editor, staff_world):
    organisation = staff_world.plan.lead_organisation
    name = organisation.name

    response = as_editor.post(
        url("organisation-edit", slug=organisation.slug),
        organisation_data(name="Uus nimi", website="ftp//katki"),
    )

    assert_refused(response, "website", typed="ftp//katki")
    assert "Uus nimi" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == name


def test_editor_gets_403_on_a_national_organisation(as_editor, staff_world):
    national = OrganisationFactory(region=None, name="Sotsiaalministeerium", kind=Organisation.Kind.STATE_AGENCY)

    assert as_editor.get(url("organisation-edit", slug=national.slug)).status_code == 403
    response = as_editor.post(url("organisation-edit", slug=national.slug), organisation_data(name="Muudetud"))

    assert response.status_code == 403
    national.refresh_from_db()
    assert national.name == "Sotsiaalministeerium"


def test_superuser_edits_a_national_organisation_and_it_stays_national(client, staff_world):
    national = OrganisationFactory(region=None, name="Sotsiaalministeerium", kind=Organisation.Kind.STATE_AGENCY)
    client.force_login(staff_world.users["superuser"])

    response = client.post(
        url("organisation-edit", slug=national.slug),
        organisation_data(name="Sotsiaalministeerium (Eesti)", kind=Organisation.Kind.STATE_AGENCY),
    )

    assert response.status_code == 302
    national.refresh_from_db()
    assert national.name == "Sotsiaalministeerium (Eesti)"
    assert national.region is None


def test_editor_gets_403_on_another_regions_organisation_even_through_their_own_region(client, staff_world):
    theirs = staff_world.other_plan.lead_organisation
    client.force_login(staff_world.users["editor"])

    assert client.get(url("organisation-edit", slug=theirs.slug)).status_code == 403
    assert client.get(url("organisation-edit", region="tartumaa", slug=theirs.slug)).status_code == 403


def test_outsider_gets_403_on_this_regions_organisation(client, staff_world, outsider):
    organisation = staff_world.plan.lead_organisation
    client.force_login(outsider)

    assert client.get(url("organisation-edit", region="tartumaa", slug=organisation.slug)).status_code == 403
    assert client.get(url("organisation-edit", slug=organisation.slug)).status_code == 403


def test_unknown_organisation_is_404(as_editor, staff_world):
    assert as_editor.get(url("organisation-edit", slug="no-such")).status_code == 404


# --- Strategy documents -------------------------------------------------------------------------------------------


def test_editor_adds_a_strategy_document_and_goes_back_to_the_plan(as_editor, staff_world):
    back = plan_url("plan-edit", staff_world.plan) + "?step=documents"
    issuer = staff_world.plan.lead_organisation

    form_page = as_editor.get(url("strategy-document-create") + f"?next={back}")
    response = as_editor.post(url("strategy-document-create"), document_data(issuer=str(issuer.pk), next=back))

    assert form_page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == back
    document = StrategyDocument.objects.get(title="Võrumaa arengustrateegia 2035+")
    assert document.issuer == issuer
    assert (document.start_year, document.end_year) == (2022, 2035)
    assert "Võrumaa arengustrateegia 2035+" in as_editor.get(back).content.decode()


def test_plan_edit_page_links_to_adding_a_strategy_document_and_an_organisation(as_editor, staff_world):
    documents = plan_url("plan-edit", staff_world.plan) + "?step=documents"
    documents_html = unescape(as_editor.get(documents).content.decode())
    basics_html = unescape(as_editor.get(plan_url("plan-edit", staff_world.plan)).content.decode())

    # Each link is on the step with the field it adds a choice to, and comes back to that step.
    assert url("strategy-document-create") + "?next=" + quote(documents) in documents_html
    assert url("organisation-create") + "?next=" in basics_html


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/manage/", "javascript:alert(1)", "http:///evil.example"]
)
def test_an_unsafe_next_is_ignored_for_the_region_page(as_editor, staff_world, unsafe):
    response = as_editor.post(url("strategy-document-create"), document_data(next=unsafe))

    assert response.status_code == 302
    assert response["Location"] == url("region")
    assert StrategyDocument.objects.filter(title="Võrumaa arengustrateegia 2035+").exists()


def test_an_unsafe_next_is_not_put_into_the_form(as_editor, staff_world):
    html = as_editor.get(url("strategy-document-create") + "?next=https://evil.example/").content.decode()

    assert 'name="next"' not in html
    assert 'href="https://evil.example/"' not in html  # the cancel link goes to the region page
    assert f'href="{url("region")}">Cancel' in html


def test_issuer_can_be_a_national_organisation_but_not_another_regions(as_editor, staff_world):
    national = OrganisationFactory(region=None, kind=Organisation.Kind.STATE_AGENCY)
    theirs = staff_world.other_plan.lead_organisation

    refused = as_editor.post(url("strategy-document-create"), document_data(issuer=str(theirs.pk)))
    accepted = as_editor.post(url("strategy-document-create"), document_data(issuer=str(national.pk)))

    assert_refused(refused, "issuer")
    assert accepted.status_code == 302


def test_a_strategy_document_title_already_taken_gets_a_clear_message(as_editor, staff_world):
    StrategyDocumentFactory(title="Eesti 2035")

    response = as_editor.post(url("strategy-document-create"), document_data(title="eesti 2035", url="https://x.ee/a"))

    assert_refused(response, "title", typed="https://x.ee/a")
    assert "A strategy document with this title already exists" in response.content.decode()
    assert StrategyDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("title", LONG, "Ensure this value has at most 255 characters"),
        ("level", "galactic", "Select a valid choice."),
        ("end_year", "2020", "The last year cannot be before the first year."),
        ("start_year", "kaks tuhat", "Enter a whole number."),
        ("url", "www example", "Enter a valid URL."),
        ("issuer", "999999", "Select a valid choice."),
    ],
)
def test_strategy_document_form_refuses_bad_input_and_keeps_what_was_typed(
    as_editor, staff_world, field, value, message
):
    typed = {"title": "Minu strateegia", "url": "https://minu.example/strateegia"}
    data = document_data(**{**typed, field: value}, next="/et/manage/")

    response = as_editor.post(url("strategy-document-create"), data)

    assert_refused(response, field)
    html = unescape(response.content.decode())
    assert message in html
    for name, typed_value in typed.items():
        if name != field:
            assert typed_value in html
    assert 'name="next" value="/et/manage/"' in html
    assert not StrategyDocument.objects.exists()


def test_script_in_a_strategy_document_title_is_shown_escaped_on_the_plan_page(as_editor, staff_world):
    as_editor.post(url("strategy-document-create"), document_data(title=SCRIPT))

    html = as_editor.get(plan_url("plan-edit", staff_world.plan) + "?step=documents").content.decode()

    assert StrategyDocument.objects.filter(title=SCRIPT).exists()
    assert SCRIPT not in html


def test_viewer_and_outsider_get_403_on_the_strategy_document_page(client, staff_world, outsider):
    client.force_login(staff_world.users["viewer"])
    assert client.post(url("strategy-document-create"), document_data()).status_code == 403
    client.force_login(outsider)
    assert client.post(url("strategy-document-create"), document_data()).status_code == 403
    assert not StrategyDocument.objects.exists()
