"""Downloads of plan PDFs: stable addresses, validators and 304s, the waiting page, the ZIP, a fixed query count.

Renders are replaced by a stand-in PDF (``renders``): what is rendered is tested in test_documents.py.
"""

import io
import zipfile
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils.http import http_date

from documents import rendering
from documents.models import Document
from documents.rendering import document_render, document_request
from tests.factories import (
    ActivityFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    RegionRoleFactory,
    ThemeFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\n% a stand-in for WeasyPrint's output\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager(eager_celery):
    """Tasks run in-process here, also where REDIS_URL is set (CI stage 3); each test has its own cache anyway."""


@pytest.fixture
def renders(monkeypatch):
    calls = []

    def fake(*, html, base_url):
        calls.append(html)
        return FAKE_PDF + html.encode()[:64], 1

    monkeypatch.setattr(rendering, "render_pdf", fake)
    return calls


@pytest.fixture
def plan(region):
    return CooperationPlanFactory(region=region, slug="heaolu-2022", status="adopted")


def add_section(plan, slug, title):
    theme = ThemeFactory(slug=slug, name_et=title)
    section = ThemeSectionFactory(plan=plan, theme=theme, title=title)
    ActivityFactory(section=section, budget=Decimal("12000"))
    return section


@pytest.fixture
def section(plan):
    return add_section(plan, "tervena-vananemine", "Tervena vananemine")


def rendered(plan, kind="theme_sheet", section=None, scope="") -> Document:
    document = document_request(plan=plan, kind=kind, section=section, scope=scope)
    document_render(document_id=document.pk)
    document.refresh_from_db()
    return document


def sheet_url(plan, theme="tervena-vananemine"):
    return reverse("plans:theme-sheet-pdf", kwargs={"region": plan.region.slug, "plan": plan.slug, "theme": theme})


def test_urls_are_stable_and_readable(plan):
    base = "/et/plans/vorumaa/heaolu-2022/"
    kwargs = {"region": "vorumaa", "plan": "heaolu-2022"}
    assert sheet_url(plan) == base + "tervena-vananemine.pdf"
    assert reverse("plans:summary-pdf", kwargs=kwargs) == base + "summary.pdf"
    assert reverse("plans:theme-sheets-zip", kwargs=kwargs) == base + "theme-sheets.zip"
    assert reverse("plans:consultation-report-pdf", kwargs={**kwargs, "window": 7}) == base + "consultation-7.pdf"


def test_theme_sheet_download_serves_the_file_with_validators(client, plan, section, renders):
    document = rendered(plan, section=section)

    response = client.get(sheet_url(plan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Teemaleht_Tervena_vananemine.pdf"'
    assert response["ETag"] == f'"{document.source_hash}"'
    assert response["Last-Modified"] == http_date(int(document.rendered_at.timestamp()))
    assert "no-cache" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_revalidation_with_the_etag_gets_304(client, plan, section, renders):
    document = rendered(plan, section=section)

    response = client.get(sheet_url(plan), headers={"if-none-match": f'"{document.source_hash}"'})

    assert response.status_code == 304
    assert response["ETag"] == f'"{document.source_hash}"'


def test_revalidation_with_the_date_gets_304(client, plan, section, renders):
    document = rendered(plan, section=section)

    response = client.get(
        sheet_url(plan), headers={"if-modified-since": http_date(int(document.rendered_at.timestamp()))}
    )

    assert response.status_code == 304


def test_an_old_etag_gets_the_new_file(client, plan, section, renders):
    rendered(plan, section=section)

    response = client.get(sheet_url(plan), headers={"if-none-match": '"0123"'})

    assert response.status_code == 200


def test_summary_download_is_named_after_the_plan(client, plan, section, renders):
    rendered(plan, kind="plan_summary")

    response = client.get(reverse("plans:summary-pdf", kwargs={"region": "vorumaa", "plan": plan.slug}))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="Koostookava_kokkuvote_Heaolu_')


def test_without_a_ready_file_the_visitor_gets_a_page_that_waits(client, settings, plan, section, renders, caplog):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("documents.tasks.render_document.delay") as delay:
        response = client.get(sheet_url(plan))

    # Accepted, not an error: Django logs nothing (a 5xx is logged as an error and mailed to ADMINS).
    assert response.status_code == 202
    assert [record for record in caplog.records if record.name == "django.request"] == []
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    assert response["Refresh"] == "5"  # the browser tries again by itself
    content = response.content.decode()
    assert f'href="{sheet_url(plan)}"' in content  # and the visitor can try at once
    assert f'href="{plan.get_absolute_url()}#downloads"' in content
    assert '<html lang="et">' in content
    assert renders == []  # never rendered in the request
    document = Document.objects.get()
    assert document.state == Document.State.QUEUED
    # The test's transaction never commits, so the task was not sent; a real request's commit sends it.
    assert not delay.called


@pytest.mark.django_db(transaction=True)
def test_in_the_embedded_default_the_first_request_renders_in_process(client, renders):
    # A transaction test, so the request's commit runs the on_commit hook: eager Celery renders right there.
    from tests.factories import RegionFactory

    plan = CooperationPlanFactory(region=RegionFactory(slug="vorumaa"), slug="heaolu-2022", status="adopted")
    add_section(plan, "tervena-vananemine", "Tervena vananemine")

    response = client.get(sheet_url(plan))

    assert response.status_code == 200
    assert len(renders) == 1
    assert Document.objects.get().state == Document.State.READY


def test_while_new_content_renders_the_previous_file_is_served(client, plan, section, renders):
    old = rendered(plan, section=section)
    activity = section.activities.get()
    activity.title = "Uus tegevus"
    activity.save()
    document_request(plan=plan, kind="theme_sheet", section=section)  # queued, not rendered yet

    response = client.get(sheet_url(plan))

    assert response.status_code == 200
    assert response["ETag"] == f'"{old.source_hash}"'


@pytest.mark.parametrize(
    "path",
    [
        "/et/plans/vorumaa/heaolu-2022/no-such-theme.pdf",
        "/et/plans/vorumaa/no-such-plan/summary.pdf",
        "/et/plans/vorumaa/no-such-plan/tervena-vananemine.pdf",
        "/et/plans/no-such-region/heaolu-2022/theme-sheets.zip",
        "/et/plans/vorumaa/heaolu-2022/consultation-999999.pdf",
    ],
)
def test_unknown_plans_themes_and_windows_are_404(client, plan, section, renders, path):
    assert client.get(path).status_code == 404
    assert renders == []


def test_a_window_of_another_plan_is_404(client, plan, section, renders):
    window = ConsultationWindowFactory()

    url = reverse("plans:consultation-report-pdf", kwargs={"region": "vorumaa", "plan": plan.slug, "window": window.pk})

    assert client.get(url).status_code == 404


def test_documents_of_a_draft_plan_are_hidden_from_visitors_and_shown_to_staff(client, plan, section, renders):
    plan.status = "draft"
    plan.save()
    rendered(plan, section=section)

    assert client.get(sheet_url(plan)).status_code == 404
    client.force_login(RegionRoleFactory(region=plan.region).user)
    response = client.get(sheet_url(plan))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_posting_to_a_download_is_not_allowed(client, plan, section, renders):
    rendered(plan, section=section)

    assert client.post(sheet_url(plan)).status_code == 405


def test_zip_holds_one_pdf_per_theme_section(client, plan, section, renders):
    other = add_section(plan, "oppiv-inimene", "Õppiv inimene elukaarel")
    rendered(plan, section=section)
    rendered(plan, section=other)

    response = client.get(reverse("plans:theme-sheets-zip", kwargs={"region": "vorumaa", "plan": plan.slug}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    # "Teemalehed" once the lead has translated the new msgid (pgettext "file name", "Theme sheets").
    assert response["Content-Disposition"] in {
        'attachment; filename="Teemalehed_heaolu-2022.zip"',
        'attachment; filename="Theme_sheets_heaolu-2022.zip"',
    }
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["01_Teemaleht_Tervena_vananemine.pdf", "02_Teemaleht_Oppiv_inimene_elukaarel.pdf"]
    etag = response["ETag"]
    assert client.get(response.request["PATH_INFO"], headers={"if-none-match": etag}).status_code == 304


def test_zip_waits_until_every_sheet_is_ready(client, settings, plan, section, renders):
    add_section(plan, "oppiv-inimene", "Õppiv inimene elukaarel")
    rendered(plan, section=section)

    response = client.get(reverse("plans:theme-sheets-zip", kwargs={"region": "vorumaa", "plan": plan.slug}))

    assert response.status_code == 202
    assert response["Retry-After"] == "5"


@pytest.mark.parametrize("extra_sections", [0, 6])
def test_a_download_costs_two_queries_at_any_size(
    client, django_assert_num_queries, plan, section, renders, extra_sections
):
    for index in range(extra_sections):
        add_section(plan, f"theme-extra-{index}", f"Teema {index}")
        rendered(plan, section=plan.sections.get(theme__slug=f"theme-extra-{index}"))
    rendered(plan, section=section)
    rendered(plan, kind="plan_summary")

    summary_url = reverse("plans:summary-pdf", kwargs={"region": "vorumaa", "plan": plan.slug})
    # First look-up: 1. the plan with its region and lead organisation, 2. the newest ready document.
    for url in (sheet_url(plan), summary_url):
        with django_assert_num_queries(2):
            assert client.get(url).status_code == 200
    # Then from the cache, until one of the plan's files changes.
    for url in (sheet_url(plan), summary_url):
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200


def test_a_newly_ready_file_is_served_at_once_despite_the_cache(client, plan, section, renders):
    old = rendered(plan, section=section)
    assert client.get(sheet_url(plan))["ETag"] == f'"{old.source_hash}"'
    activity = section.activities.get()
    activity.title = "Uus tegevus"
    activity.save()

    new = rendered(plan, section=section)

    assert new.source_hash != old.source_hash
    assert client.get(sheet_url(plan))["ETag"] == f'"{new.source_hash}"'


def test_anonymous_and_staff_look_ups_are_cached_apart(client, plan, section, renders):
    plan.status = "draft"
    plan.save()
    rendered(plan, section=section)
    staff = RegionRoleFactory(region=plan.region).user
    client.force_login(staff)
    assert client.get(sheet_url(plan)).status_code == 200
    client.logout()

    assert client.get(sheet_url(plan)).status_code == 404


def test_plan_page_links_to_the_download_addresses_not_to_media(client, plan, section, renders):
    document = rendered(plan, section=section)

    content = client.get(plan.get_absolute_url()).content.decode()

    assert f'href="{sheet_url(plan)}"' in content
    assert 'href="/et/plans/vorumaa/heaolu-2022/summary.pdf"' in content
    assert 'href="/et/plans/vorumaa/heaolu-2022/theme-sheets.zip"' in content
    assert document.file.name not in content
