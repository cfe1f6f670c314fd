"""The annual report as a PDF: built from the page's data through the documents pipeline, tagged, downloadable."""

import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import translation

from documents import kinds, rendering
from documents.models import Document
from documents.rendering import document_request
from monitoring.report.services import annual_report_refresh
from tests.factories import CooperationPlanFactory, RegionRoleFactory, ThemeSectionFactory
from tests.monitoring.test_report_page import build_report

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\n% a stand-in for WeasyPrint's output\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _eager(eager_celery):
    """Renders run in-process when the request's transaction commits."""


@pytest.fixture
def renders(monkeypatch):
    calls = []

    def fake(*, html, base_url):
        calls.append(html)
        return FAKE_PDF, 1

    monkeypatch.setattr(rendering, "render_pdf", fake)
    return calls


@pytest.fixture
def plan(region):
    return CooperationPlanFactory(
        region=region,
        slug="heaolu-2025",
        title="Võru maakonna heaolukava",
        start_year=2025,
        end_year=2028,
        adopted=True,
    )


def pdf_url(plan, year):
    with translation.override("et"):
        return reverse(
            "monitoring:annual-report-pdf", kwargs={"region": plan.region.slug, "plan": plan.slug, "year": year}
        )


def render(django_capture_on_commit_callbacks, plan, year) -> Document:
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(plan=plan, kind=Document.Kind.ANNUAL_REPORT, scope=str(year))
    document.refresh_from_db()
    return document


def test_the_pdf_holds_the_years_summary_progress_indicators_and_changes(django_capture_on_commit_callbacks, plan):
    build_report(plan)

    document = render(django_capture_on_commit_callbacks, plan, 2026)

    assert document.state == Document.State.READY, document.error
    with document.file.open("rb") as pdf:
        reader = pypdf.PdfReader(io.BytesIO(pdf.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Võru maakonna heaolukava" in text
    assert "Päevakeskused avati" in text  # the summary
    assert "Avati keskus 0." in text  # what was done
    assert "2\xa0500\xa0€" in text and "5\xa0000\xa0€" in text  # an activity's and the year's money
    assert "Eakate osakaal 0" in text and "Üksi elavad eakad" in text
    assert "Lisasime transpordi." in text  # the answer that changed an activity
    assert "Laiendame Rõugesse." in text  # planned for 2027
    assert "Täiskasvanute koolitus" in text
    assert document.source_hash[:12] in text
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "et"
    assert reader.metadata["/Title"] == "Võru maakonna heaolukava 2026"
    assert reader.metadata["/Author"] == plan.lead_organisation.name


def test_the_pdf_is_made_on_the_first_download_and_served_after(
    client, plan, renders, django_capture_on_commit_callbacks
):
    build_report(plan)

    # The test's transaction never commits: the request's on-commit render runs when the capture ends.
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(pdf_url(plan, 2026))
    second = client.get(pdf_url(plan, 2026))
    third = client.get(pdf_url(plan, 2026))

    assert first.status_code == 202  # the waiting page; a real request's commit renders in the embedded default
    assert second.status_code == 200 and third.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"].endswith('_heaolu-2025-2026.pdf"')
    assert "public" in second["Cache-Control"]
    assert len(renders) == 1
    document = Document.objects.get()
    assert (document.kind, document.scope, document.state) == (Document.Kind.ANNUAL_REPORT, "2026", "ready")


def test_the_pdf_of_a_year_outside_the_plan_is_not_found(client, plan, renders):
    assert client.get(pdf_url(plan, 2029)).status_code == 404
    assert renders == []


def test_a_scope_that_is_no_year_of_the_plan_has_no_source(plan):
    for scope in ("", "x", "2024", "2029"):
        with pytest.raises(kinds.DocumentSourceNotFound):
            document_request(plan=plan, kind=Document.Kind.ANNUAL_REPORT, scope=scope)


def test_a_draft_plans_pdf_is_hidden_from_visitors_and_private_for_staff(
    client, region, renders, django_capture_on_commit_callbacks
):
    draft = CooperationPlanFactory(region=region, start_year=2025, end_year=2028)
    ThemeSectionFactory(plan=draft)

    assert client.get(pdf_url(draft, 2026)).status_code == 404

    client.force_login(RegionRoleFactory(region=region, role="viewer").user)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(pdf_url(draft, 2026))
    response = client.get(pdf_url(draft, 2026))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_changed_content_is_rendered_again_and_unchanged_content_is_not(
    django_capture_on_commit_callbacks, plan, renders
):
    built = build_report(plan)
    render(django_capture_on_commit_callbacks, plan, 2026)
    render(django_capture_on_commit_callbacks, plan, 2026)
    assert len(renders) == 1

    summary = built["ageing"].year_summaries.get(year=2026)
    summary.summary = "Uus kokkuvõte."
    summary.save()
    render(django_capture_on_commit_callbacks, plan, 2026)

    assert len(renders) == 2
    assert "Uus kokkuvõte." in renders[-1]


def test_a_saved_summary_brings_a_made_report_up_to_date(django_capture_on_commit_callbacks, plan, renders):
    built = build_report(plan)
    render(django_capture_on_commit_callbacks, plan, 2026)
    summary = built["ageing"].year_summaries.get(year=2026)
    summary.summary = "Parandatud kokkuvõte."
    summary.save()

    with django_capture_on_commit_callbacks(execute=True):
        annual_report_refresh(plan=plan, year=2026)

    assert len(renders) == 2
    assert "Parandatud kokkuvõte." in renders[-1]


def test_a_report_never_downloaded_is_not_made_by_a_saved_summary(django_capture_on_commit_callbacks, plan, renders):
    build_report(plan)

    with django_capture_on_commit_callbacks(execute=True):
        annual_report_refresh(plan=plan, year=2027)

    assert renders == []
    assert not Document.objects.exists()


def test_a_saved_progress_report_brings_that_years_and_later_made_reports_up_to_date(
    django_capture_on_commit_callbacks, plan, renders
):
    from monitoring.progress.services import progress_save

    build_report(plan)
    for year in (2025, 2026, 2027):
        render(django_capture_on_commit_callbacks, plan, year)
    progress = plan.sections.get(theme__slug="vananemine").activities.first().progress.get(year=2026)
    progress.account = "Avati neli keskust."
    progress.money_spent = Decimal("3100")
    renders.clear()

    with django_capture_on_commit_callbacks(execute=True):
        progress_save(progress=progress, expected_version=progress.version, evidence_projects=[], actor=None)

    # 2026 shows the report; 2027 sums the money used up to it; 2025 knows nothing of it (and a report whose
    # content did not change is not rendered again).
    assert len(renders) == 2
    assert "Avati neli keskust." in renders[0]
