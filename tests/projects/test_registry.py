"""The public registry: every filter, combined filters, exact sums, sort, pagination and mangled parameters."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Organisation
from projects.models import Project, ProjectPartner
from tests.factories import (
    FunderFactory,
    MeasureFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    RegionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/et/projects/"


def names(response) -> set[str]:
    return {project.name for project in response.context["page"].object_list}


@pytest.fixture
def registry():
    """Two regions, two funders, two themes; five projects that differ in one thing each."""
    vorumaa, tartumaa = RegionFactory(slug="vorumaa"), RegionFactory(slug="tartumaa")
    esf, eea = FunderFactory(slug="esf"), FunderFactory(slug="eea")
    ageing, learning = ThemeFactory(slug="ageing"), ThemeFactory(slug="learning")
    rouge = MunicipalityFactory(region=vorumaa, slug="rouge", name="Rõuge vald")
    rouge_government = OrganisationFactory(
        region=vorumaa, municipality=rouge, kind=Organisation.Kind.MUNICIPALITY, slug="rouge-vald"
    )
    ngo = OrganisationFactory(region=tartumaa, kind=Organisation.Kind.NGO, slug="ngo")
    a = ProjectFactory(
        name="A",
        region=vorumaa,
        funder=esf,
        themes=[ageing],
        start_date=date(2012, 1, 1),
        end_date=date(2013, 12, 31),
        total_cost=Decimal("0.10"),
        grant_amount=Decimal("0.10"),
        status=Project.Status.FINISHED,
    )
    b = ProjectFactory(
        name="B",
        region=vorumaa,
        funder=eea,
        themes=[ageing, learning],
        start_date=date(2020, 1, 1),
        end_date=date(2021, 6, 30),
        total_cost=Decimal("0.20"),
        grant_amount=Decimal("0.10"),
    )
    c = ProjectFactory(
        name="C",
        region=tartumaa,
        funder=eea,
        themes=[learning],
        start_date=date(2022, 1, 1),
        end_date=date(2024, 12, 31),
        total_cost=Decimal("201669.95"),
        grant_amount=Decimal("201669.95"),
    )
    d = ProjectFactory(
        name="D",
        region=tartumaa,
        funder=esf,
        start_date=date(2023, 1, 1),
        end_date=date(2023, 12, 31),
        total_cost=Decimal("29952.00"),
        grant_amount=Decimal("25000.00"),
        status=Project.Status.PLANNED,
    )
    ProjectFactory(name="Archived", region=vorumaa, funder=esf, archived=True)
    # Rõuge's government takes part in A in two roles: A must still appear, and count, once.
    ProjectPartnerFactory(project=a, organisation=rouge_government, role=ProjectPartner.Role.BENEFICIARY)
    ProjectPartnerFactory(project=a, organisation=rouge_government, role=ProjectPartner.Role.FINANCIER)
    ProjectPartnerFactory(project=c, organisation=ngo, role=ProjectPartner.Role.PARTNER)
    return {"a": a, "b": b, "c": c, "d": d, "rouge": rouge, "ngo": ngo}


def test_registry_lists_public_projects_and_sums_them_exactly(client, registry):
    response = client.get(LIST)
    assert names(response) == {"A", "B", "C", "D"}
    totals = response.context["totals"]
    assert totals["count"] == 4
    assert totals["total_cost"] == Decimal("0.10") + Decimal("0.20") + Decimal("201669.95") + Decimal("29952.00")
    assert totals["grant"] == Decimal("226670.15")
    assert totals["own_contribution"] == Decimal("4952.10")
    html = response.content.decode()
    assert "231\xa0622,25\xa0€" in html


def test_sums_of_a_tenth_and_a_fifth_are_exactly_three_tenths(client, registry):
    totals = client.get(LIST, {"region": "vorumaa"}).context["totals"]
    assert totals["total_cost"] == Decimal("0.30")
    assert totals["grant"] == Decimal("0.20")
    assert totals["own_contribution"] == Decimal("0.10")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "vorumaa"}, {"A", "B"}),
        ({"funder": "eea"}, {"B", "C"}),
        ({"theme": "ageing"}, {"A", "B"}),
        ({"theme": "learning"}, {"B", "C"}),
        ({"status": "finished"}, {"A"}),
        ({"status": "planned"}, {"D"}),
        ({"organisation": "ngo"}, {"C"}),
        ({"organisation": "rouge-vald"}, {"A"}),
        ({"year_from": "2022"}, {"C", "D"}),
        ({"year_to": "2013"}, {"A"}),
        ({"year_from": "2021", "year_to": "2022"}, {"B", "C"}),
        ({"year_from": "2013", "year_to": "2013"}, {"A"}),
    ],
)
def test_each_filter_keeps_exactly_the_matching_projects(client, registry, params, expected):
    response = client.get(LIST, params)
    assert names(response) == expected
    assert response.context["totals"]["count"] == len(expected)
    assert response.context["notes"] == []


def test_municipality_filter_counts_a_project_once_whatever_roles_the_municipality_has(client, registry):
    response = client.get(LIST, {"municipality": registry["rouge"].pk})
    assert names(response) == {"A"}
    assert response.context["totals"]["total_cost"] == Decimal("0.10")


def test_programme_and_measure_filters_use_their_ids(client, registry):
    programme = ProgrammeFactory(funder=registry["c"].funder)
    measure = MeasureFactory(funder=registry["c"].funder, programme=programme)
    Project.objects.filter(pk=registry["c"].pk).update(programme=programme, measure=measure)
    assert names(client.get(LIST, {"programme": programme.pk})) == {"C"}
    assert names(client.get(LIST, {"measure": measure.pk})) == {"C"}


def test_filters_combine_with_and(client, registry):
    response = client.get(LIST, {"funder": "eea", "theme": "ageing", "region": "vorumaa", "year_from": "2020"})
    assert names(response) == {"B"}
    assert response.context["totals"]["grant"] == Decimal("0.10")


def test_filters_that_match_nothing_show_zero_sums_and_say_so(client, registry):
    response = client.get(LIST, {"funder": "esf", "theme": "learning"})
    assert response.context["totals"]["count"] == 0
    assert response.context["totals"]["total_cost"] == Decimal("0.00")
    assert "Valikule vastavaid projekte ei leitud." in response.content.decode()


def test_reversed_year_range_is_turned_around_with_a_note(client, registry):
    response = client.get(LIST, {"year_from": "2022", "year_to": "2021"})
    assert names(response) == {"B", "C"}
    assert len(response.context["notes"]) == 1
    assert "2021–2022" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "kept"),
    [
        ({"region": "nowhere"}, {"A", "B", "C", "D"}),
        ({"funder": "nobody", "region": "vorumaa"}, {"A", "B"}),
        ({"year_from": "abc"}, {"A", "B", "C", "D"}),
        ({"year_to": "99999"}, {"A", "B", "C", "D"}),
        ({"status": "evil"}, {"A", "B", "C", "D"}),
        ({"municipality": "9" * 30}, {"A", "B", "C", "D"}),
        ({"programme": "1' OR 1=1"}, {"A", "B", "C", "D"}),
        ({"measure": "-1"}, {"A", "B", "C", "D"}),
        ({"measure": "²"}, {"A", "B", "C", "D"}),
        ({"sort": "evil"}, {"A", "B", "C", "D"}),
        ({"theme": "<script>"}, {"A", "B", "C", "D"}),
    ],
)
def test_a_mangled_parameter_is_ignored_with_a_visible_note_never_a_500(client, registry, params, kept):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert names(response) == kept
    assert len(response.context["notes"]) == 1
    assert 'class="alert alert-warning"' in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ["D", "C", "B", "A"]),
        ("newest", ["D", "C", "B", "A"]),
        ("oldest", ["A", "B", "C", "D"]),
        ("name", ["A", "B", "C", "D"]),
        ("cost", ["C", "D", "B", "A"]),
        ("grant", ["C", "D", "A", "B"]),
    ],
)
def test_sort_orders_the_projects(client, registry, sort, order):
    response = client.get(LIST, {"sort": sort})
    assert [project.name for project in response.context["page"].object_list] == order


def test_pages_have_twenty_five_projects_and_links_keep_the_filters(client):
    region = RegionFactory(slug="vorumaa")
    ProjectFactory.create_batch(30, region=region)
    response = client.get(LIST, {"region": "vorumaa", "sort": "name"})
    assert len(response.context["page"].object_list) == 25
    assert 'href="?region=vorumaa&amp;sort=name&amp;page=2"' in response.content.decode()
    second = client.get(LIST, {"region": "vorumaa", "sort": "name", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert second.context["notes"] == []


@pytest.mark.parametrize(("page", "shown"), [("99999", 2), ("0", 1), ("-3", 1), ("abc", 1), ("9" * 40, 2)])
def test_a_page_out_of_range_is_clamped_with_a_note(client, page, shown):
    ProjectFactory.create_batch(26)
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert len(response.context["notes"]) == 1


def test_registry_offers_exports_of_the_filtered_set(client, registry):
    html = client.get(LIST, {"funder": "eea", "sort": "cost"}).content.decode()
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="/et/projects/export/?funder=eea&amp;sort=cost&amp;format={fmt}"' in html


def test_export_with_an_unknown_format_is_a_clear_400(client, registry):
    response = client.get(reverse("projects:export"), {"format": "exe"})
    assert response.status_code == 400
    assert "csv, xlsx, json" in response.content.decode()
    assert client.get(reverse("projects:export")).status_code == 400


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_holds_exactly_the_filtered_projects(client, registry, fmt):
    response = client.get(reverse("projects:export"), {"funder": "eea", "format": fmt})
    assert response.status_code == 200
    if fmt == "xlsx":
        assert response.content[:2] == b"PK"
        return
    content = response.content.decode("utf-8-sig")
    assert registry["b"].name in content or registry["b"].code in content
    assert registry["c"].code in content
    assert registry["a"].code not in content
    assert registry["d"].code not in content


def test_filter_form_keeps_the_chosen_filters(client, registry):
    html = client.get(LIST, {"funder": "eea", "year_from": "2020"}).content.decode()
    assert '<option value="eea" selected>' in html
    assert 'value="2020"' in html


def build(size: int):
    region = RegionFactory(slug="vorumaa")
    municipalities = MunicipalityFactory.create_batch(size, region=region)
    themes = ThemeFactory.create_batch(size)
    for index in range(size):
        project = ProjectFactory(
            region=region, themes=themes, start_date=date(2015 + index, 1, 1), end_date=date(2026, 1, 1)
        )
        for municipality in municipalities:
            organisation = OrganisationFactory(
                region=region, municipality=municipality, kind=Organisation.Kind.MUNICIPALITY
            )
            ProjectPartnerFactory(project=project, organisation=organisation)


# totals; the page; grants by theme, funder, start year, municipality; the form's choices of region,
# municipality, theme, funder, programme, measure, organisation; with filters, one more each for checking
# the region and the theme.
REGISTRY_QUERIES = 13


@pytest.mark.parametrize("size", [1, 10])
def test_registry_query_count_does_not_grow_with_projects(client, django_assert_num_queries, size):
    build(size)
    with django_assert_num_queries(REGISTRY_QUERIES):
        assert client.get(LIST).status_code == 200
    theme = ThemeFactory._meta.model.objects.first()
    with django_assert_num_queries(REGISTRY_QUERIES + 2):
        assert client.get(LIST, {"region": "vorumaa", "theme": theme.slug, "year_from": "2016"}).status_code == 200


def test_the_registry_leaves_the_site_search_box_empty(client, registry):
    # base.html fills the search box from a context variable named "query": the registry must not set it.
    html = client.get(LIST, {"funder": "eea"}).content.decode()
    assert 'id="site-search-q"' in html
    assert 'value="funder=eea"' not in html


def test_registry_links_to_the_funder_pages_from_its_chart_table(client, registry):
    html = client.get(LIST).content.decode()
    assert 'href="/et/projects/funders/eea/"' in html
    assert 'href="/et/projects/funders/esf/"' in html


def test_filter_form_marks_the_chosen_municipality_and_organisation_and_escapes_their_names(client, registry):
    # Both selects list hundreds of options nationally and are written in one pass (projects.forms.LongSelect).
    rouge = Organisation.objects.get(slug="rouge-vald").municipality
    OrganisationFactory(name="<b>Kogu & Co</b>", slug="kogu", region=rouge.region)
    ProjectPartnerFactory(project=Project.objects.first(), organisation=Organisation.objects.get(slug="kogu"))
    html = client.get(LIST, {"municipality": rouge.pk, "organisation": "rouge-vald"}).content.decode()
    assert f'<option value="{rouge.pk}" selected>Rõuge vald (' in html
    assert '<option value="rouge-vald" selected>' in html
    assert '<option value="kogu">&lt;b&gt;Kogu &amp; Co&lt;/b&gt;</option>' in html
    assert '<option value="" selected>' not in html.split('name="organisation"')[1].split("</select>")[0]
    assert '<select name="organisation"' in html and 'id="id_organisation"' in html
