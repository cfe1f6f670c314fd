"""Archived sections and activities are kept (comments and projects refer to them) but appear nowhere public:
not in the API, the theme pages, the search, nor in the PDFs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from documents.rendering import plan_documents_refresh
from tests.factories import ActivityFactory, CooperationPlanFactory, IndicatorFactory, ThemeSectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_archived_parts():
    plan = CooperationPlanFactory(status="adopted")
    kept = ThemeSectionFactory(plan=plan, title="Alles jäänud teema")
    ActivityFactory(section=kept, title="Kehtiv tegevus")
    IndicatorFactory(activity=ActivityFactory(section=kept, title="Arhiveeritud tegevus", archived_at=timezone.now()))
    archived = ThemeSectionFactory(plan=plan, title="Arhiveeritud teema", archived_at=timezone.now())
    ActivityFactory(section=archived, title="Arhiveeritud teema tegevus")
    return plan, kept, archived


@pytest.mark.parametrize("name", ["sections", "activities", "indicators"])
def test_api_lists_leave_archived_content_out(client, plan_with_archived_parts, name):
    body = client.get(reverse(f"api:{name}")).content.decode()

    assert "Arhiveeritud" not in body


def test_api_plan_lists_only_sections_that_are_not_archived(client, plan_with_archived_parts):
    plan, kept, _archived = plan_with_archived_parts

    body = client.get(reverse("api:plan", kwargs={"pk": plan.pk})).json()

    assert [section["id"] for section in body["sections"]] == [kept.pk]


def test_theme_page_leaves_archived_sections_out(client, plan_with_archived_parts):
    _plan, _kept, archived = plan_with_archived_parts

    html = client.get(archived.theme.get_absolute_url()).content.decode()

    assert "Arhiveeritud teema" not in html


def test_search_finds_no_archived_section_or_activity(client, plan_with_archived_parts):
    html = client.get(reverse("search"), {"q": "Arhiveeritud"}).content.decode()

    assert "Arhiveeritud teema" not in html
    assert "Arhiveeritud tegevus" not in html


def test_pdf_refresh_requests_no_theme_sheet_of_an_archived_section(plan_with_archived_parts, monkeypatch):
    plan, kept, _archived = plan_with_archived_parts
    monkeypatch.setattr("documents.rendering._enqueue", lambda document_id: None)

    documents = plan_documents_refresh(plan=plan)

    sheets = [d.section_id for d in documents if d.kind == Document.Kind.THEME_SHEET]
    assert sheets == [kept.pk]
