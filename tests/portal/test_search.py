"""Site search: capped counts, the query budget, and on PostgreSQL the indexes and the ranking.

The search page's content and bad input are tested in tests/plans/test_new_pages.py. The PostgreSQL tests run
when DATABASE_URL names PostgreSQL (CI's second stage), e.g.
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/welfare .venv/bin/pytest -p no:xdist tests/portal/test_search.py``.
"""

import importlib

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from projects.models import Project
from search import selectors as search
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search indexes")


def projects(count, **fields):
    return [ProjectFactory(**fields) for _ in range(count)]


def kind(results, key):
    return next(result for result in results["results"] if result.key == key)


def test_a_count_stops_at_the_cap_and_says_more_match(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_COUNT", 3)
    projects(5, goal="Ühine eakate päevakeskus.")
    with translation.override("en"):
        html = client.get(reverse("search"), {"q": "päevakeskus"}).content.decode()
    assert "Funded projects (more than 3)" in html
    assert "More than 3 results for “päevakeskus”" in html
    assert "Showing the 3 best of the first 3 found; more match." in html


def test_a_count_at_the_cap_is_exact(monkeypatch):
    monkeypatch.setattr(search, "MAX_COUNT", 3)
    projects(3, goal="Ühine eakate päevakeskus.")
    projects_found = kind(search.site_search(raw_query="päevakeskus"), "projects")
    assert (projects_found.count, projects_found.more, len(projects_found.hits)) == (3, False, 3)


def test_only_the_page_of_results_is_read_and_highlighted(monkeypatch):
    monkeypatch.setattr(search, "RESULTS_PER_KIND", 2)
    projects(4, goal="Ühine eakate päevakeskus.")
    projects_found = kind(search.site_search(raw_query="päevakeskus"), "projects")
    assert (projects_found.count, len(projects_found.hits)) == (4, 2)
    assert "<mark>päevakeskus</mark>" in projects_found.hits[0].excerpt


def test_a_word_is_found_inside_a_compound_word_and_wildcards_are_plain_characters():
    ProjectFactory(goal="Täiskasvanukoolitus valla eakatele.")
    ProjectFactory(goal="Koolitus 100% osalejatele.")
    assert kind(search.site_search(raw_query="koolitus"), "projects").count == 2
    assert kind(search.site_search(raw_query="100%"), "projects").count == 1
    assert kind(search.site_search(raw_query="_"), "projects").count == 0
    assert kind(search.site_search(raw_query="%"), "projects").count == 1


@pytest.mark.parametrize("rows", [2, 20])
def test_a_search_costs_two_queries_for_each_kind_with_matches_at_any_size(rows, client, django_assert_num_queries):
    plan = CooperationPlanFactory(status="adopted", title="Päevakeskuste kava")
    for number in range(rows):
        ActivityFactory(section__plan=plan, title=f"Päevakeskus {number}")
        ProjectFactory(name=f"Päevakeskus {number}")
        OrganisationFactory(name=f"Päevakeskus {number}")
    # plans, sections (none match: one query), activities, projects, organisations: ids and ranks, then the page;
    # municipalities (none match: one query)
    with django_assert_num_queries(10):
        assert client.get(reverse("search"), {"q": "päevakeskus"}).status_code == 200


def test_a_municipality_is_found_by_its_name_and_by_a_former_name_and_links_to_its_page(client):
    elva = MunicipalityFactory(name="Elva vald", slug="elva-vald", former_names="Rannu vald, Rõngu vald, Puhja vald")
    MunicipalityFactory(name="Nõo vald")
    for query in ("elva", "rannu"):
        found = kind(search.site_search(raw_query=query), "municipalities")
        assert [hit.title for hit in found.hits] == ["Elva vald"], query
    with translation.override("en"):
        html = client.get(reverse("search"), {"q": "Rõngu"}).content.decode()
        assert f'href="{elva.get_absolute_url()}"' in html
    assert "Municipalities (1)" in html


def test_the_kinds_search_the_fields_the_migrations_index():
    indexed = {}
    for module in (
        "plans.migrations.0003_search_indexes",
        "plans.migrations.0008_municipality_search",
        "projects.migrations.0003_search_indexes",
    ):
        indexed.update(importlib.import_module(module).SEARCH_FIELDS)
    # core 0002 renamed the tables (their indexes went with them).
    renamed = {"plans_municipality": "core_municipality", "plans_organisation": "core_organisation"}
    indexed = {renamed.get(table, table): fields for table, fields in indexed.items()}
    searched = {kind.queryset().model._meta.db_table: kind.fields for kind in search.KINDS}
    assert searched == indexed


# --- PostgreSQL -------------------------------------------------------------------------------------------------


@postgresql_only
@pytest.mark.parametrize("kind_key", [kind.key for kind in search.KINDS])
def test_postgresql_answers_the_words_with_the_trigram_index(kind_key):
    kind = next(kind for kind in search.KINDS if kind.key == kind_key)
    matches = kind.queryset().filter(search._ContainsEveryTerm(kind.fields, ["eakate", "päevakeskus"]))
    with connection.cursor() as cursor:
        # Tables of a test are tiny: without this PostgreSQL would scan them whatever the indexes.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = matches.order_by().values("pk").explain()
    assert f"{kind.queryset().model._meta.db_table}_search_trgm" in plan


@postgresql_only
def test_postgresql_ranks_a_title_match_first_and_keeps_words_inside_words():
    ProjectFactory(name="Koostööprojekt", goal="Päevakeskus " * 3, code="P-1")
    ProjectFactory(name="Päevakeskus eakatele", goal="Ühine teenus.", code="P-2")
    ProjectFactory(name="Koostööprojekt", goal="Eakate päevakeskused.", code="P-3")
    ProjectFactory(name="Koostööprojekt", goal="Valla eakatepäevakeskus.", code="P-4")  # inside a word: rank 0
    found = kind(search.site_search(raw_query="päevakeskus"), "projects")
    codes = [Project.objects.get(name=hit.title, code__in=["P-1", "P-2", "P-3", "P-4"]).code for hit in found.hits[:1]]
    assert found.count == 4
    assert codes == ["P-2"]
    assert found.hits[-1].excerpt.count("<mark>") == 1 and "eakate<mark>päevakeskus</mark>" in found.hits[-1].excerpt


@postgresql_only
def test_postgresql_keeps_the_search_vector_up_to_date_by_itself():
    project = ProjectFactory(name="Vana nimi")
    Project.objects.filter(pk=project.pk).update(name="Uus päevakeskus")
    assert kind(search.site_search(raw_query="päevakeskus"), "projects").hits[0].title == "Uus päevakeskus"
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM projects_project WHERE id = %s", [project.pk])
        assert "'päevakeskus':2A" in cursor.fetchone()[0]
