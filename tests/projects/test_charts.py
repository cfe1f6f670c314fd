"""Grants by theme, funder, start year and municipality: exact sums, SVG charts, and tables on the pages."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from core.models import Organisation
from plans.charts import funding_figures
from projects.models import Project, ProjectPartner
from projects.selectors import funding_by_funder, funding_by_municipality, funding_by_theme, funding_by_year
from tests.factories import (
    FunderFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    RegionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    region = RegionFactory(slug="vorumaa")
    esf, eea = FunderFactory(name="Euroopa Sotsiaalfond", short_name="ESF"), FunderFactory(name="EMP toetused")
    ageing = ThemeFactory(slug="ageing", name_et="Väärikas vananemine", name_en="Dignified ageing", position=1)
    learning = ThemeFactory(slug="learning", name_et="Õppiv inimene", name_en="The learner", position=2)
    rouge, voru = (MunicipalityFactory(region=region, name=name) for name in ("Rõuge vald", "Võru vald"))
    governments = [
        OrganisationFactory(region=region, municipality=m, kind=Organisation.Kind.MUNICIPALITY) for m in (rouge, voru)
    ]
    a = ProjectFactory(
        region=region,
        funder=esf,
        themes=[ageing, learning],
        start_date=date(2012, 3, 1),
        end_date=date(2014, 1, 1),
        total_cost=Decimal("0.20"),
        grant_amount=Decimal("0.10"),
    )
    b = ProjectFactory(
        region=region,
        funder=eea,
        themes=[ageing],
        start_date=date(2012, 9, 1),
        end_date=date(2012, 12, 1),
        total_cost=Decimal("0.10"),
        grant_amount=Decimal("0.10"),
    )
    c = ProjectFactory(
        region=region,
        funder=eea,
        start_date=date(2021, 1, 1),
        end_date=date(2022, 1, 1),
        total_cost=Decimal("29952.00"),
        grant_amount=Decimal("25000.00"),
    )
    ProjectFactory(region=region, funder=esf, themes=[ageing], archived=True, grant_amount=Decimal("99"))
    # Rõuge's government in two roles in A; both governments in C; an NGO (no municipality) in B.
    ProjectPartnerFactory(project=a, organisation=governments[0], role=ProjectPartner.Role.BENEFICIARY)
    ProjectPartnerFactory(project=a, organisation=governments[0], role=ProjectPartner.Role.FINANCIER)
    ProjectPartnerFactory(project=c, organisation=governments[0])
    ProjectPartnerFactory(project=c, organisation=governments[1])
    ProjectPartnerFactory(project=b, organisation=OrganisationFactory(kind=Organisation.Kind.NGO))
    return {"region": region, "a": a, "b": b, "c": c}


def table(rows):
    return [(row["label"], row["count"], row["total_cost"], row["grant"]) for row in rows]


def test_funding_by_theme_is_exact_and_in_catalogue_order(world):
    with translation.override("en"):
        rows = funding_by_theme(Project.objects.public())
    assert table(rows) == [
        ("Dignified ageing", 2, Decimal("0.30"), Decimal("0.20")),
        ("The learner", 1, Decimal("0.20"), Decimal("0.10")),
        ("No theme given", 1, Decimal("29952.00"), Decimal("25000.00")),
    ]


def test_funding_by_funder_adds_up_to_the_total(world):
    rows = funding_by_funder(Project.objects.public())
    assert table(rows) == [
        ("EMP toetused", 2, Decimal("29952.10"), Decimal("25000.10")),
        ("ESF", 1, Decimal("0.20"), Decimal("0.10")),
    ]
    assert sum(row["grant"] for row in rows) == Decimal("25000.20")


def test_funding_by_year_uses_the_start_year(world):
    assert table(funding_by_year(Project.objects.public())) == [
        ("2012", 2, Decimal("0.30"), Decimal("0.20")),
        ("2021", 1, Decimal("29952.00"), Decimal("25000.00")),
    ]


def test_funding_by_municipality_counts_a_project_once_per_municipality_whatever_its_roles(world):
    assert table(funding_by_municipality(Project.objects.public())) == [
        ("Rõuge vald", 2, Decimal("29952.20"), Decimal("25000.10")),
        ("Võru vald", 1, Decimal("29952.00"), Decimal("25000.00")),
    ]


def test_figures_of_a_set_joined_across_relations_count_each_project_once(world):
    joined = Project.objects.public().filter(partners__organisation__kind=Organisation.Kind.MUNICIPALITY)
    figures = {figure["key"]: figure for figure in funding_figures(joined)}
    assert table(figures["funder"]["rows"]) == [
        ("EMP toetused", 1, Decimal("29952.00"), Decimal("25000.00")),
        ("ESF", 1, Decimal("0.20"), Decimal("0.10")),
    ]


def test_each_figure_has_a_well_formed_svg_chart_naming_every_row(world):
    with translation.override("et"):
        figures = funding_figures(Project.objects.public())
    assert [figure["key"] for figure in figures] == ["theme", "funder", "year", "municipality"]
    for figure in figures:
        root = ET.fromstring(str(figure["chart"]))  # noqa: S314 (our own output)
        assert root.get("role") == "img"
        text = " ".join(root.itertext())
        for row in figure["rows"]:
            assert row["label"] in text
    year = next(figure for figure in figures if figure["key"] == "year")
    assert "25\xa0000 €" in " ".join(ET.fromstring(str(year["chart"])).itertext())  # noqa: S314


def test_theme_chart_bars_take_the_theme_colours(world):
    Project.objects.filter(themes__isnull=True).delete()
    figure = funding_figures(Project.objects.public(), groups=("theme",))[0]
    root = ET.fromstring(str(figure["chart"]))  # noqa: S314
    assert {rect.get("fill") for rect in root.iter("{http://www.w3.org/2000/svg}rect")} == {"#1f5f8b"}


def test_registry_region_and_municipality_pages_show_charts_with_tables(client, world):
    municipality = world["region"].municipalities.get(name="Võru vald")
    for url in ("/et/projects/", world["region"].get_absolute_url(), municipality.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'id="funding-figures"' in html, url
        assert "<svg" in html, url
        assert 'id="funding-funder-caption"' in html, url
        assert 'scope="row"' in html, url
    municipality_html = client.get(municipality.get_absolute_url()).content.decode()
    assert 'id="funding-municipality-caption"' not in municipality_html


def test_each_registry_chart_has_a_visible_title_above_it_that_names_its_figure(client, world):
    html = client.get("/et/projects/").content.decode()
    with translation.override("et"):
        titles = {figure["key"]: str(figure["title"]) for figure in funding_figures(Project.objects.public())}
    assert titles["theme"] == "Toetused teemade kaupa"
    for key, title in titles.items():
        figure = re.search(rf'<figure[^>]*aria-labelledby="funding-{key}-title"[^>]*>(.*?)</figure>', html, re.S)
        assert figure, key
        heading = f'<h3 class="h5" id="funding-{key}-title">{title}</h3>'  # under the section's h2
        assert figure.group(1).index(heading) < figure.group(1).index("<svg"), key
        # The table keeps the title as its caption for assistive technology, not shown a second time.
        assert f'<caption class="visually-hidden" id="funding-{key}-caption">{title}</caption>' in figure.group(1)


def test_municipality_page_charts_only_the_projects_its_government_takes_part_in(client, world):
    municipality = world["region"].municipalities.get(name="Võru vald")
    figures = client.get(municipality.get_absolute_url()).context["figures"]
    funder = next(figure for figure in figures if figure["key"] == "funder")
    assert table(funder["rows"]) == [("EMP toetused", 1, Decimal("29952.00"), Decimal("25000.00"))]


def test_region_without_projects_shows_no_empty_charts(client):
    region = RegionFactory()
    assert 'id="funding-figures"' not in client.get(region.get_absolute_url()).content.decode()


def test_the_municipality_figure_keeps_the_largest_grants_and_says_how_many_more_there_are(client, world, monkeypatch):
    monkeypatch.setattr("plans.charts.MUNICIPALITY_ROWS", 1)
    figure = funding_figures(Project.objects.public(), groups=("municipality",))[0]
    assert table(figure["rows"]) == [("Rõuge vald", 2, Decimal("29952.20"), Decimal("25000.10"))]
    assert figure["more"] == 1
    html = client.get("/en/projects/").content.decode()
    assert "The chart and table show the 1 municipalities with the largest grants; 1 more municipality" in html
    assert "Võru vald" not in html.split('id="funding-municipality-title"')[1].split("</figure>")[0]


def test_a_figure_of_few_municipalities_shows_them_all_and_no_more_note(client, world):
    figure = funding_figures(Project.objects.public(), groups=("municipality",))[0]
    assert [row["label"] for row in figure["rows"]] == ["Rõuge vald", "Võru vald"]
    assert figure["more"] == 0
    assert "more municipalit" not in client.get("/en/projects/").content.decode()
