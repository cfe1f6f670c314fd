"""The open data API: every endpoint answers, pages, filters, hides drafts, keeps decimals exact and never fails."""

from decimal import Decimal

import pytest
from django.urls import URLPattern, reverse

from plans.api import ENDPOINTS, MAX_PAGE_SIZE
from plans.models import CooperationPlan
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MilestoneFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    StrategyDocumentFactory,
    ThemeFactory,
    ThemeSectionFactory,
    UserFactory,
)
from welfare_portal import api_urls

pytestmark = pytest.mark.django_db

LISTS = ["regions", "municipalities", "themes", "plans", "sections", "activities", "indicators"]


def build_world(size: int):
    """Public plans whose parts all grow with ``size``, and a draft beside them."""
    region = RegionFactory(slug="vorumaa")
    municipalities = MunicipalityFactory.create_batch(size, region=region)
    partners = OrganisationFactory.create_batch(size, region=region)
    plans = []
    for _ in range(size):
        plan = CooperationPlanFactory(
            region=region, adopted=True, basis_documents=StrategyDocumentFactory.create_batch(size)
        )
        MilestoneFactory.create_batch(size, plan=plan)
        for _ in range(size):
            section = ThemeSectionFactory(plan=plan, lead_organisation=partners[0])
            activity = ActivityFactory(section=section, partner_organisations=partners, municipalities=municipalities)
            for _ in range(size):
                indicator = IndicatorFactory(activity=activity)
                IndicatorValueFactory(indicator=indicator, year=2022)
                IndicatorValueFactory(indicator=indicator, year=2023)
        plans.append(plan)
    draft = CooperationPlanFactory(region=region, title="Salajane mustand")
    ActivityFactory(section__plan=draft, title="Mustandi tegevus")
    return {"region": region, "plans": plans, "draft": draft}


def api(client, name, params=None, **kwargs):
    return client.get(reverse(f"api:{name}", kwargs=kwargs or None), params or {})


@pytest.mark.parametrize("name", LISTS)
def test_every_list_answers_json_with_count_links_and_results(client, name):
    build_world(2)
    response = api(client, name)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(body["results"]) > 0
    for row in body["results"]:
        assert isinstance(row["id"], int)
        assert row["url"].startswith("http://testserver/et/")


def test_root_lists_every_collection_and_the_openapi_document(client):
    body = api(client, "root").json()
    # The progress reports (monitoring's router, tests/monitoring/test_progress_api_export.py) are listed too.
    assert set(body) == {*LISTS, "progress", "openapi"}
    assert body["plans"] == "http://testserver/api/v1/plans/"


def test_object_urls_are_estonian_whatever_the_browser_language(client):
    build_world(1)
    row = client.get(reverse("api:plans"), HTTP_ACCEPT_LANGUAGE="fi").json()["results"][0]
    assert row["url"].startswith("http://testserver/et/plans/vorumaa/")


def test_plan_detail_has_sections_milestones_and_basis_documents(client):
    plan = build_world(2)["plans"][0]
    body = api(client, "plan", pk=plan.pk).json()
    assert body["id"] == plan.pk
    assert body["title"] == plan.title
    assert body["url"] == "http://testserver" + plan.get_absolute_url()
    assert len(body["sections"]) == 2
    assert len(body["milestones"]) == 2
    assert len(body["basis_documents"]) == 2
    assert body["milestones"][0]["starts_on"] == "2021-06-17"


@pytest.mark.parametrize("name", ["plans", "sections", "activities", "indicators"])
def test_drafts_never_appear_even_for_staff(client, name):
    world = build_world(1)
    client.force_login(UserFactory(staff=True))
    body = api(client, name).json()
    text = str(body)
    assert "Salajane mustand" not in text
    assert "Mustandi tegevus" not in text
    plan_ids = {row["id"] if name == "plans" else row["plan"] for row in body["results"]}
    assert world["draft"].pk not in plan_ids


@pytest.mark.parametrize("pk", ["0", "999999", "9" * 30])
def test_unknown_plan_detail_is_404_json_even_past_the_integer_range(client, pk):
    response = client.get(f"/api/v1/plans/{pk}/")
    assert response.status_code == 404
    assert response.json()["error"]


def test_draft_plan_detail_is_404_json(client):
    draft = build_world(1)["draft"]
    response = api(client, "plan", pk=draft.pk)
    assert response.status_code == 404
    assert "error" in response.json()


def test_decimals_are_exact_strings_and_years_integers(client):
    activity = ActivityFactory(section__plan__adopted=True, budget=Decimal("29952.00"), person_years=Decimal("0.10"))
    indicator = IndicatorFactory(activity=activity, baseline_value=Decimal("12.50"), target_value=Decimal("100"))
    IndicatorValueFactory(indicator=indicator, year=2023, value=Decimal("0.30"))
    row = api(client, "activities").json()["results"][0]
    assert row["budget"] == "29952.00"
    assert row["person_years"] == "0.10"
    indicator_row = api(client, "indicators").json()["results"][0]
    assert indicator_row["baseline_value"] == "12.50"
    assert indicator_row["target_value"] == "100.00"
    assert indicator_row["values"] == [{"year": 2023, "value": "0.30"}]


def test_activity_without_budget_has_null_budget(client):
    ActivityFactory(section__plan__adopted=True, budget=None)
    assert api(client, "activities").json()["results"][0]["budget"] is None


def test_dates_are_iso_8601(client):
    build_world(1)
    row = api(client, "plans").json()["results"][0]
    assert row["updated_at"][:4].isdigit() and "T" in row["updated_at"]


def test_pages_link_to_each_other_and_keep_the_filters(client):
    world = build_world(3)  # 3 plans × 3 sections
    first = api(client, "sections", {"region": "vorumaa", "page_size": 4}).json()
    assert first["count"] == 9
    assert len(first["results"]) == 4
    assert first["previous"] is None
    assert "region=vorumaa" in first["next"]
    second = client.get(first["next"]).json()
    assert second["previous"].startswith("http://testserver/api/v1/sections/?")
    third = client.get(second["next"]).json()
    assert len(third["results"]) == 1
    assert third["next"] is None
    ids = [row["id"] for page in (first, second, third) for row in page["results"]]
    assert len(set(ids)) == 9
    assert world["draft"].pk not in {row["plan"] for page in (first, second, third) for row in page["results"]}


@pytest.mark.parametrize(("page_size", "expected"), [("0", 1), ("1", 1), ("500", MAX_PAGE_SIZE), ("", 50)])
def test_page_size_is_clamped(client, page_size, expected):
    ThemeFactory.create_batch(120)
    body = api(client, "themes", {"page_size": page_size}).json()
    assert len(body["results"]) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"page": "x"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "99"},
        {"page": "9" * 40},
        {"page_size": "many"},
        {"page": "1.5"},
        {"region": "nowhere"},
        {"region": "a\x00b"},
        {"theme": "x" * 5000},
        {"theme": "nothing"},
        {"plan": "x"},
        {"plan": "999999"},
        {"status": "draft"},
        {"status": "' OR 1=1"},
    ],
)
@pytest.mark.parametrize("name", LISTS)
def test_bad_parameters_answer_400_with_a_message_never_500(client, name, params):
    build_world(1)
    response = api(client, name, params)
    # Lists without that filter ignore it; those with it reject a bad value. Never a server error.
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert response.json()["error"]
        assert response["Access-Control-Allow-Origin"] == "*"
    if "page" in params or "page_size" in params:
        assert response.status_code == 400


def test_filter_of_a_draft_plan_is_rejected(client):
    draft = build_world(1)["draft"]
    assert api(client, "activities", {"plan": draft.pk}).status_code == 400


def test_filters_narrow_the_lists(client):
    world = build_world(2)
    other = RegionFactory(slug="tartumaa")
    MunicipalityFactory(region=other)
    other_plan = CooperationPlanFactory(region=other, consultation=True)
    other_activity = ActivityFactory(section__plan=other_plan)
    plan = world["plans"][0]
    theme = plan.sections.first().theme

    assert api(client, "municipalities", {"region": "tartumaa"}).json()["count"] == 1
    assert api(client, "plans", {"region": "tartumaa"}).json()["results"][0]["id"] == other_plan.pk
    assert api(client, "plans", {"theme": theme.slug}).json()["count"] == 1
    assert api(client, "plans", {"status": "consultation"}).json()["count"] == 1
    assert {row["plan"] for row in api(client, "sections", {"plan": plan.pk}).json()["results"]} == {plan.pk}
    assert api(client, "activities", {"region": "tartumaa"}).json()["results"][0]["id"] == other_activity.pk
    assert api(client, "activities", {"theme": theme.slug}).json()["count"] == 1
    assert api(client, "indicators", {"plan": plan.pk}).json()["count"] == 4  # 2 activities × 2 indicators
    activity = plan.sections.first().activities.first()
    assert api(client, "indicators", {"activity": activity.pk}).json()["count"] == 2


def test_only_get_and_head_are_allowed(client):
    assert client.post(reverse("api:plans")).status_code == 405
    assert client.head(reverse("api:plans")).status_code == 200


# Queries per endpoint, the same for one row of everything and for three times as many of each part.
QUERY_BUDGET = {
    # count, page
    "regions": 2,
    # count, page (with regions)
    "municipalities": 2,
    # count, page
    "themes": 2,
    # count, page (with regions and lead organisations)
    "plans": 2,
    # plan, basis documents, milestones, sections (with themes)
    "plan": 4,
    # count, page (with plans, regions, themes, lead organisations)
    "sections": 2,
    # count, page (with sections, plans, themes, responsible organisations), partners, municipalities
    "activities": 4,
    # count, page (with activities, sections, plans, regions), values
    "indicators": 3,
    # no query: a description
    "openapi": 0,
}


def _get_with_budget(client, name, world, django_assert_num_queries):
    kwargs = {"pk": world["plans"][0].pk} if name == "plan" else {}
    with django_assert_num_queries(QUERY_BUDGET[name]):
        assert api(client, name, **kwargs).status_code == 200


@pytest.mark.parametrize("name", QUERY_BUDGET)
def test_query_count_does_not_grow_with_rows(client, name, django_assert_num_queries):
    _get_with_budget(client, name, build_world(1), django_assert_num_queries)


@pytest.mark.parametrize("name", QUERY_BUDGET)
def test_query_count_is_the_same_with_three_times_the_rows(client, name, django_assert_num_queries):
    _get_with_budget(client, name, build_world(3), django_assert_num_queries)


def test_a_filter_costs_one_query_to_check_its_value(client, django_assert_num_queries):
    plan = build_world(2)["plans"][0]
    theme = plan.sections.first().theme
    # plan exists?, theme exists?, count, page, partners, municipalities
    with django_assert_num_queries(6):
        response = api(client, "activities", {"plan": plan.pk, "theme": theme.slug})
    assert response.json()["count"] == 1


def test_openapi_describes_every_route_of_the_api(client):
    document = api(client, "openapi").json()
    assert document["openapi"].startswith("3.1")
    described = set(document["paths"])
    routes = {
        "/" + str(pattern.pattern).replace("<int:pk>", "{id}")
        for pattern in api_urls.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name != "root"
    }
    assert routes == described
    assert {endpoint.name for endpoint in ENDPOINTS} == {p.name for p in api_urls.urlpatterns} - {"root"}
    for path, item in document["paths"].items():
        assert item["get"]["responses"]["200"]["content"]["application/json"]["schema"], path


def test_openapi_fields_match_what_the_endpoints_answer(client):
    world = build_world(1)
    document = api(client, "openapi").json()
    schemas = document["components"]["schemas"]
    for name in LISTS:
        row = api(client, name).json()["results"][0]
        assert set(row) == set(schemas[name.capitalize()]["properties"]), name
    detail = api(client, "plan", pk=world["plans"][0].pk).json()
    assert set(detail) == set(schemas["Plan"]["properties"])


def test_documentation_page_lists_every_endpoint_in_each_language(client):
    for language in ("et", "en", "fi"):
        response = client.get(f"/{language}/api/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        for endpoint in ENDPOINTS:
            assert f"/api/v1{endpoint.path}" in html
        assert html.count("<caption") >= len(ENDPOINTS)
        assert "<h1>" in html


def test_plan_in_every_status_but_draft_is_public(client):
    region = RegionFactory()
    for status in CooperationPlan.Status.values:
        CooperationPlanFactory(region=region, status=status)
    statuses = {row["status"] for row in api(client, "plans").json()["results"]}
    assert statuses == {"consultation", "adopted", "archived"}
