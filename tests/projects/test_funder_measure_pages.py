"""Funder and measure pages: their projects, exact sums and charts, at a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import FunderFactory, MeasureFactory, ProgrammeFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def funder_world():
    funder = FunderFactory(slug="eea", name="EMP ja Norra toetused", short_name="EMP")
    programme = ProgrammeFactory(funder=funder, name="Kohalik areng ja vaesuse vähendamine")
    measure = MeasureFactory(funder=funder, programme=programme, slug="koostoo", code="4.04", name="Koostöö")
    other_measure = MeasureFactory(funder=funder, programme=programme, slug="muu")
    in_measure = [
        ProjectFactory(funder=funder, programme=programme, measure=measure, total_cost=cost, grant_amount=cost)
        for cost in (Decimal("0.10"), Decimal("0.20"))
    ]
    elsewhere = ProjectFactory(
        funder=funder,
        programme=programme,
        measure=other_measure,
        total_cost=Decimal("1.00"),
        grant_amount=Decimal("1.00"),
    )
    ProjectFactory(funder=funder, programme=programme, measure=measure, archived=True)
    ProjectFactory(name="Teise rahastaja projekt")
    return {"funder": funder, "measure": measure, "in_measure": in_measure, "elsewhere": elsewhere}


def test_funder_and_measure_urls_are_their_pages(funder_world):
    assert funder_world["funder"].get_absolute_url() == "/et/projects/funders/eea/"
    assert funder_world["measure"].get_absolute_url() == "/et/projects/funders/eea/measures/koostoo/"
    assert reverse("projects:funder", kwargs={"funder": "eea"}) == "/et/projects/funders/eea/"


def test_funder_page_lists_its_public_projects_with_exact_sums(client, funder_world):
    response = client.get(funder_world["funder"].get_absolute_url())
    assert response.status_code == 200
    assert response.context["totals"]["count"] == 3
    assert response.context["totals"]["total_cost"] == Decimal("1.30")
    html = response.content.decode()
    assert "<h1>EMP ja Norra toetused</h1>" in html
    assert "Kohalik areng ja vaesuse vähendamine" in html
    assert 'href="/et/projects/funders/eea/measures/koostoo/"' in html
    assert "Teise rahastaja projekt" not in html
    assert 'href="/et/projects/?funder=eea"' in html
    assert 'id="funding-figures"' in html


def test_measure_page_lists_only_its_projects_with_exact_sums(client, funder_world):
    response = client.get(funder_world["measure"].get_absolute_url())
    assert response.status_code == 200
    assert {p.pk for p in response.context["page"].object_list} == {p.pk for p in funder_world["in_measure"]}
    assert response.context["totals"]["total_cost"] == Decimal("0.30")
    assert response.context["totals"]["grant"] == Decimal("0.30")
    html = response.content.decode()
    assert "4.04 Koostöö" in html
    assert f'href="/et/projects/?measure={funder_world["measure"].pk}"' in html
    assert 'id="funding-figures"' in html


def test_unknown_funder_or_measure_gives_404(client, funder_world):
    assert client.get("/et/projects/funders/nobody/").status_code == 404
    assert client.get("/et/projects/funders/eea/measures/nothing/").status_code == 404
    other = FunderFactory(slug="esf")
    # A measure is found under its own funder only.
    assert client.get(f"/et/projects/funders/{other.slug}/measures/koostoo/").status_code == 404


def test_funder_page_clamps_a_bad_page_number(client, funder_world):
    response = client.get(funder_world["funder"].get_absolute_url(), {"page": "abc"})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert len(response.context["notes"]) == 1


def build(size: int):
    funder = FunderFactory(slug="eea")
    programme = ProgrammeFactory(funder=funder)
    measures = MeasureFactory.create_batch(size, funder=funder, programme=programme)
    for measure in measures:
        ProjectFactory(funder=funder, programme=programme, measure=measure)
    ProjectFactory.create_batch(size, funder=funder, programme=programme, measure=measures[0])
    return funder, measures[0]


# funder; totals; the page; grants by theme, start year, municipality; programmes; measures
FUNDER_QUERIES = 8
# measure with funder and programme; totals; the page; grants by theme, start year, municipality
MEASURE_QUERIES = 6


@pytest.mark.parametrize("size", [1, 10])
def test_funder_and_measure_pages_cost_the_same_queries_at_any_size(client, django_assert_num_queries, size):
    funder, measure = build(size)
    with django_assert_num_queries(FUNDER_QUERIES):
        assert client.get(funder.get_absolute_url()).status_code == 200
    with django_assert_num_queries(MEASURE_QUERIES):
        assert client.get(measure.get_absolute_url()).status_code == 200
