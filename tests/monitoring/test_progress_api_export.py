"""A plan's progress as open data: /api/v1/progress/ (paged, filtered, listed in the OpenAPI document, drafts
never) and CSV/XLSX downloads of every year's reports (formula-safe, amounts as plain decimals)."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from plans.models import CooperationPlan
from tests.factories import (
    ActivityFactory,
    ActivityProgressFactory,
    CooperationPlanFactory,
    EvidenceLinkFactory,
    ProjectFactory,
    RegionFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    region = RegionFactory(slug="vorumaa")
    plan = CooperationPlanFactory(region=region, slug="kava", status=CooperationPlan.Status.ADOPTED)
    activity = ActivityFactory(section=ThemeSectionFactory(plan=plan), title="Eakate nõustamine")
    project = ProjectFactory(region=region, name="Nõustamise projekt")
    report = ActivityProgressFactory(
        activity=activity,
        year=2023,
        status="on_track",
        account='=HYPERLINK("https://evil.example")',
        money_spent=Decimal("1234.50"),
        person_years_used=Decimal("0.75"),
        evidence_projects=[project],
    )
    EvidenceLinkFactory(progress=report, title="Aruanne", url="https://vorumaa.ee/aruanne.pdf")
    ActivityProgressFactory(activity=activity, year=2024, status="delayed", money_spent=None, person_years_used=None)
    return plan


def test_api_lists_reports_with_their_evidence(client, plan):
    answer = client.get("/api/v1/progress/", {"plan": plan.pk, "year": 2023}).json()

    assert answer["count"] == 1
    (row,) = answer["results"]
    assert row["year"] == 2023
    assert row["status"] == "on_track"
    assert row["money_spent"] == "1234.50"
    assert row["person_years_used"] == "0.75"
    assert row["evidence_projects"][0]["name"] == "Nõustamise projekt"
    assert row["links"] == [{"title": "Aruanne", "url": "https://vorumaa.ee/aruanne.pdf"}]
    assert row["url"].endswith("#progress-2023")
    assert row["plan"] == plan.pk


def test_api_writes_unknown_amounts_as_null_and_filters_by_status(client, plan):
    answer = client.get("/api/v1/progress/", {"status": "delayed"}).json()
    assert [row["year"] for row in answer["results"]] == [2024]
    assert answer["results"][0]["money_spent"] is None


def test_api_never_shows_reports_of_a_draft_plan(client, plan):
    plan.status = CooperationPlan.Status.DRAFT
    plan.save()
    assert client.get("/api/v1/progress/").json()["count"] == 0


@pytest.mark.parametrize(
    "query", [{"plan": "999999"}, {"region": "nowhere"}, {"status": "great"}, {"year": "20x"}, {"page": "9"}]
)
def test_api_refuses_bad_parameters_with_400(client, plan, query):
    response = client.get("/api/v1/progress/", query)
    assert response.status_code == 400
    assert "error" in response.json()


def test_api_route_is_in_the_openapi_document_and_the_docs_page(client, plan):
    document = client.get("/api/v1/openapi.json").json()
    assert document["paths"]["/progress/"]["get"]["operationId"] == "progress"
    assert reverse("api:progress") == "/api/v1/progress/"
    assert "/progress/" in client.get("/en/api/").content.decode()


def test_api_answer_is_open_to_every_origin(client, plan):
    assert client.get("/api/v1/progress/")["Access-Control-Allow-Origin"] == "*"


def test_csv_download_has_every_year_and_neutralises_formulas(client, plan):
    response = client.get(f"/et/plans/vorumaa/{plan.slug}/progress.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [(row["year"], row["status"]) for row in rows] == [("2023", "on_track"), ("2024", "delayed")]
    assert rows[0]["money_spent"] == "1234.50"
    assert rows[0]["budget_planned"] == "12000.00"
    assert rows[0]["account"].startswith("'=")
    assert rows[1]["money_spent"] == ""
    assert rows[0]["evidence_projects"] == "Nõustamise projekt"
    assert rows[0]["evidence_links"] == "https://vorumaa.ee/aruanne.pdf"


def test_xlsx_download_opens_as_a_workbook(client, plan):
    response = client.get(f"/en/plans/vorumaa/{plan.slug}/progress.xlsx")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("theme", "activity_id", "activity")
    assert rows[1][2] == "Eakate nõustamine"
    assert len(rows) == 3


def test_download_of_an_unknown_format_or_a_draft_plan_is_404(client, plan):
    assert client.get(f"/et/plans/vorumaa/{plan.slug}/progress.json").status_code == 404
    plan.status = CooperationPlan.Status.DRAFT
    plan.save()
    assert client.get(f"/et/plans/vorumaa/{plan.slug}/progress.csv").status_code == 404


def test_download_costs_the_same_queries_for_few_or_many_reports(client, plan, django_assert_num_queries, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = f"/et/plans/vorumaa/{plan.slug}/progress.csv"
    # plan; reports with activities, themes and organisations; their evidence projects; their links
    with django_assert_num_queries(4):
        client.get(url)
    for _ in range(5):
        report = ActivityProgressFactory(
            activity=ActivityFactory(section=plan.sections.first()),
            year=2023,
            evidence_projects=ProjectFactory.create_batch(2, region=plan.region),
        )
        EvidenceLinkFactory.create_batch(2, progress=report)
    with django_assert_num_queries(4):
        client.get(url)
