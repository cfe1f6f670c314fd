"""PDF documents: what they contain, that they are tagged, and that each content is rendered exactly once.

Real WeasyPrint renders only where a test reads the PDF (a render of these small plans takes ~0.3 s); tests about
the job's life cycle count calls of ``documents.rendering.render_pdf`` and give back a tiny stand-in PDF.
"""

import io
import itertools
import xml.etree.ElementTree as ET
from decimal import Decimal
from unittest import mock

import pypdf
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.template import Context, Template

from documents import downloads, kinds, rendering
from documents.downloads import ascii_file_name
from documents.models import Document
from documents.rendering import document_render, document_request, plan_documents_refresh
from plans.documents import PRINT_CHART_WIDTH
from plans.publishing import plan_published
from tests.factories import (
    ActivityFactory,
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    ProjectFactory,
    ResponseFactory,
    ThemeFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\n% a stand-in for WeasyPrint's output\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _eager(eager_celery):
    """Tasks run in-process here, also where REDIS_URL is set (CI stage 3); each test has its own cache anyway."""


@pytest.fixture
def real_renders(monkeypatch):
    """Count WeasyPrint renders, rendering for real."""
    calls = []
    real = rendering.render_pdf

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(rendering, "render_pdf", counting)
    return calls


@pytest.fixture
def renders(monkeypatch):
    """Count renders and return a stand-in PDF: for tests about when rendering happens, not what it makes."""
    calls = []

    def fake(*, html, base_url):
        calls.append(html)
        return FAKE_PDF, 1

    monkeypatch.setattr(rendering, "render_pdf", fake)
    return calls


@pytest.fixture
def plan(region):
    return CooperationPlanFactory(
        region=region, slug="heaolu-2022", title="Võru maakonna heaolu koostöökava", status="adopted"
    )


@pytest.fixture
def section(plan):
    theme = ThemeFactory(slug="tervena-vananemine", name_et="Tervena vananemine", colour="#7a1f5c")
    return ThemeSectionFactory(plan=plan, theme=theme, title="Tervena vananemine", lead_role="heaolu suunajuht")


@pytest.fixture
def activities(section):
    partner = OrganisationFactory(region=section.plan.region, name="Võru Vallavalitsus")
    first = ActivityFactory(
        section=section,
        title="Eakate päevakeskuste võrgustik",
        person_years=Decimal("1.50"),
        budget=Decimal("12000.00"),
        partner_organisations=[partner],
    )
    second = ActivityFactory(
        section=section, title="Omastehooldajate tugirühmad", person_years=Decimal("0.25"), budget=Decimal("3500")
    )
    indicator = IndicatorFactory(
        activity=first,
        name="Üksi elavate eakate osakaal",
        baseline_value=Decimal("24.50"),
        target_value=Decimal("20.00"),
    )
    IndicatorValueFactory(indicator=indicator, year=2022, value=Decimal("23.10"))
    ProjectFactory(region=section.plan.region, name="Hoolivad kogukonnad", activities=[first])
    return [first, second]


def request_and_render(django_capture_on_commit_callbacks, **kwargs) -> Document:
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(**kwargs)
    document.refresh_from_db()
    return document


def pdf_text(document: Document) -> str:
    with document.file.open("rb") as pdf:
        reader = pypdf.PdfReader(io.BytesIO(pdf.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- What the PDFs contain ----------------------------------------------------------------------------------


def test_theme_sheet_shows_the_section_each_activity_and_estonian_numbers(
    django_capture_on_commit_callbacks, plan, section, activities, real_renders
):
    document = request_and_render(
        django_capture_on_commit_callbacks, plan=plan, kind=Document.Kind.THEME_SHEET, section=section
    )

    assert document.state == Document.State.READY, document.error
    text = pdf_text(document)
    assert "Tervena vananemine" in text
    for activity in activities:
        assert activity.title in text
    assert "12\xa0000\xa0€" in text  # budget, grouped with a non-breaking space
    assert "15\xa0500\xa0€" in text  # the section's total
    assert "1,5" in text  # person-years with a decimal comma
    assert "Võru Vallavalitsus" in text
    assert "Hoolivad kogukonnad" in text  # the funded project, through activity.projects
    assert "Üksi elavate eakate osakaal" in text
    assert "24,5" in text and "20" in text  # baseline → target
    assert document.source_hash[:12] in text  # the version in the footer
    assert document.pages >= 1 and document.size > 1000
    assert document.file.name == f"documents/{document.source_hash}.pdf"


def test_pdf_is_tagged_with_language_title_and_author(
    django_capture_on_commit_callbacks, plan, section, activities, real_renders
):
    document = request_and_render(
        django_capture_on_commit_callbacks, plan=plan, kind=Document.Kind.THEME_SHEET, section=section
    )

    with document.file.open("rb") as pdf:
        reader = pypdf.PdfReader(io.BytesIO(pdf.read()))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "et"
    assert reader.metadata["/Title"] == "Tervena vananemine"
    assert reader.metadata["/Author"] == plan.lead_organisation.name
    assert reader.outline, "headings give bookmarks"


def test_plan_summary_shows_themes_and_totals(
    django_capture_on_commit_callbacks, plan, section, activities, real_renders
):
    document = request_and_render(django_capture_on_commit_callbacks, plan=plan, kind=Document.Kind.PLAN_SUMMARY)

    text = pdf_text(document)
    assert plan.title.split()[0] in text
    assert "Tervena vananemine" in text
    assert "15\xa0500\xa0€" in text
    assert "1,75" in text or "1,8" in text


def test_consultation_report_lists_published_comments_with_answers(
    django_capture_on_commit_callbacks, plan, section, real_renders
):
    window = ConsultationWindowFactory(plan=plan, closed=True)
    comment = CommentFactory(window=window, section=section, published=True, body="Transport on suurim mure.")
    ResponseFactory(comment=comment, reason="Lisatud transporditegevus.", published_at=comment.moderated_at)
    CommentFactory(window=window, section=section, body="Ootab modereerimist.")

    document = request_and_render(
        django_capture_on_commit_callbacks, plan=plan, kind=Document.Kind.CONSULTATION_REPORT, scope=str(window.pk)
    )

    text = pdf_text(document)
    assert "Transport on suurim mure." in text
    assert "Lisatud transporditegevus." in text
    assert "Ootab modereerimist." not in text


def test_a_window_of_another_plan_has_no_report(plan):
    other_window = ConsultationWindowFactory()

    with pytest.raises(kinds.DocumentSourceNotFound):
        document_request(plan=plan, kind=Document.Kind.CONSULTATION_REPORT, scope=str(other_window.pk))


# --- Rendered once per content ------------------------------------------------------------------------------


def test_unchanged_content_is_rendered_once_for_two_requests(
    django_capture_on_commit_callbacks, plan, section, activities, renders
):
    first = request_and_render(django_capture_on_commit_callbacks, plan=plan, kind="theme_sheet", section=section)
    second = request_and_render(django_capture_on_commit_callbacks, plan=plan, kind="theme_sheet", section=section)

    assert len(renders) == 1
    assert first.pk == second.pk
    assert Document.objects.count() == 1


def test_a_changed_activity_renders_only_its_own_sheet_again(
    django_capture_on_commit_callbacks, plan, section, activities, renders
):
    other = ThemeSectionFactory(plan=plan, title="Õppiv inimene")
    ActivityFactory(section=other, title="Täiskasvanute koolitus")
    with django_capture_on_commit_callbacks(execute=True):
        plan_documents_refresh(plan=plan)
    assert len(renders) == 3  # the summary and two sheets

    activities[0].title = "Eakate päevakeskuste võrgustik ja transport"
    activities[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        plan_documents_refresh(plan=plan)

    assert len(renders) == 4
    assert "Eakate päevakeskuste võrgustik ja transport" in renders[-1]
    assert Document.objects.filter(section=section).count() == 2
    assert Document.objects.filter(section=other).count() == 1


def test_rendering_twice_renders_once(plan, section, activities, renders):
    document = document_request(plan=plan, kind="theme_sheet", section=section)

    assert document_render(document_id=document.pk) is not None
    assert document_render(document_id=document.pk) is None

    assert len(renders) == 1


def test_a_superseded_task_does_nothing(plan, section, activities, renders):
    old = document_request(plan=plan, kind="theme_sheet", section=section)
    activities[1].budget = Decimal("4000")
    activities[1].save()
    new = document_request(plan=plan, kind="theme_sheet", section=section)

    assert document_render(document_id=old.pk) is None

    old.refresh_from_db()
    assert old.state == Document.State.QUEUED
    assert renders == []
    assert document_render(document_id=new.pk) is not None


def test_a_requested_version_is_rendered_from_its_cached_source(plan, section, activities, renders):
    document = document_request(plan=plan, kind="theme_sheet", section=section)
    activities[0].title = "Uus pealkiri"
    activities[0].save()

    assert document_render(document_id=document.pk) is not None

    # Exactly the HTML that was hashed; the new title gets its own document when it is requested (on publish).
    assert "Uus pealkiri" not in renders[0]
    assert "Eakate päevakeskuste võrgustik" in renders[0]


def test_without_its_cached_source_changed_content_is_not_rendered_under_the_old_hash(
    plan, section, activities, renders
):
    document = document_request(plan=plan, kind="theme_sheet", section=section)
    activities[0].title = "Uus pealkiri"
    activities[0].save()
    cache.clear()  # e.g. evicted, or Redis restarted: the worker builds the source again and sees the change

    assert document_render(document_id=document.pk) is None

    document.refresh_from_db()
    assert document.state == Document.State.FAILED
    assert renders == []
    newer = Document.objects.exclude(pk=document.pk).get()
    assert newer.state == Document.State.QUEUED


def test_content_changed_back_makes_the_earlier_document_current_again(plan, section, activities, renders):
    first = document_request(plan=plan, kind="theme_sheet", section=section)
    document_render(document_id=first.pk)
    activities[0].title = "Vahepealne pealkiri"
    activities[0].save()
    second = document_request(plan=plan, kind="theme_sheet", section=section)
    document_render(document_id=second.pk)
    activities[0].title = "Eakate päevakeskuste võrgustik"
    activities[0].save()

    again = document_request(plan=plan, kind="theme_sheet", section=section)

    assert again.pk == first.pk
    assert downloads.current_ready_document(plan=plan, kind="theme_sheet", section_id=section.pk).pk == first.pk
    assert len(renders) == 2


def test_a_failing_render_records_the_error_and_keeps_the_previous_file(plan, section, activities, renders):
    good = document_request(plan=plan, kind="theme_sheet", section=section)
    document_render(document_id=good.pk)
    good.refresh_from_db()
    activities[0].title = "Muudetud tegevus"
    activities[0].save()
    failing = document_request(plan=plan, kind="theme_sheet", section=section)

    with mock.patch.object(rendering, "render_pdf", side_effect=ValueError("fonts are missing")):
        assert document_render(document_id=failing.pk) is None

    failing.refresh_from_db()
    assert failing.state == Document.State.FAILED
    assert "fonts are missing" in failing.error
    assert failing.file.name == ""
    current = downloads.current_ready_document(plan=plan, kind="theme_sheet", section_id=section.pk)
    assert current.pk == good.pk
    assert current.file.storage.exists(current.file.name)


def test_a_transient_error_fails_the_document_and_is_raised_for_the_task_to_retry(plan, section, renders):
    from django.db import OperationalError

    document = document_request(plan=plan, kind="theme_sheet", section=section)

    with (
        mock.patch.object(rendering, "render_pdf", side_effect=OperationalError("database is locked")),
        pytest.raises(OperationalError),
    ):
        document_render(document_id=document.pk)

    document.refresh_from_db()
    assert document.state == Document.State.FAILED
    assert document_render(document_id=document.pk) is not None  # the retry claims the failed job


def test_a_render_that_another_worker_claimed_is_left_alone(plan, section, renders):
    document = document_request(plan=plan, kind="theme_sheet", section=section)
    Document.objects.filter(pk=document.pk).update(state=Document.State.RENDERING)

    assert document_render(document_id=document.pk) is None
    assert renders == []


# --- Killed renders: leases --------------------------------------------------------------------------------


class WorkerKilled(BaseException):
    """Stands in for kill -9, OOM or a hard time limit: the render stops and records nothing."""


def killed_render(document: Document, *, attempt: str, monkeypatch) -> None:
    """Claim the document as ``attempt`` and die in WeasyPrint, leaving the row "rendering"."""

    def die(**kwargs):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(rendering, "render_pdf", die)
        with pytest.raises(WorkerKilled):
            document_render(document_id=document.pk, attempt=attempt)
    document.refresh_from_db()
    assert document.state == Document.State.RENDERING


def test_a_redelivered_task_of_a_killed_render_renders_at_once(plan, section, renders, monkeypatch):
    from documents.tasks import render_document

    document = document_request(plan=plan, kind="theme_sheet", section=section)
    killed_render(document, attempt="task-1", monkeypatch=monkeypatch)

    render_document.apply(args=[document.pk], task_id="task-1")  # acks_late: the same task, delivered again

    document.refresh_from_db()
    assert document.state == Document.State.READY
    assert len(renders) == 1


def test_another_task_within_the_lease_leaves_the_render_alone(plan, section, renders, monkeypatch, clock):
    document = document_request(plan=plan, kind="theme_sheet", section=section)
    killed_render(document, attempt="task-1", monkeypatch=monkeypatch)
    clock.shift(50)

    assert document_render(document_id=document.pk, attempt="task-2") is None

    document.refresh_from_db()
    assert (document.state, document.attempt) == (Document.State.RENDERING, "task-1")
    assert renders == []


def test_the_sweep_queues_a_killed_render_again_once_its_lease_ran_out(
    plan, section, renders, monkeypatch, clock, settings
):
    document = document_request(plan=plan, kind="theme_sheet", section=section)
    killed_render(document, attempt="task-1", monkeypatch=monkeypatch)

    clock.shift(settings.PDF_RENDER_LEASE_SECONDS - 5)
    assert rendering.documents_sweep() == 0
    clock.shift(10)
    assert rendering.documents_sweep() == 1  # eager here: the new attempt renders in-process

    document.refresh_from_db()
    assert document.state == Document.State.READY
    assert len(renders) == 1
    assert rendering.documents_sweep() == 0


def test_beat_sweeps_every_minute_and_no_render_outlives_its_lease(settings):
    from documents.tasks import render_document

    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["plans.sweep_documents"] <= 60
    assert settings.PDF_RENDER_LEASE_SECONDS <= 60
    assert render_document.time_limit <= settings.PDF_RENDER_LEASE_SECONDS


def test_a_forced_render_takes_over_a_render_in_progress(plan, section, renders, monkeypatch):
    document = document_request(plan=plan, kind="theme_sheet", section=section)
    killed_render(document, attempt="task-1", monkeypatch=monkeypatch)

    assert document_render(document_id=document.pk, attempt="staff", force=True) is not None

    document.refresh_from_db()
    assert document.state == Document.State.READY
    assert len(renders) == 1


def test_a_late_finisher_of_an_old_attempt_does_not_overwrite_the_new_one(
    plan, section, monkeypatch, clock, settings, media
):
    document = document_request(plan=plan, kind="theme_sheet", section=section)
    outputs = iter([b"%PDF-1.7\n% old attempt\n%%EOF\n", b"%PDF-1.7\n% new attempt\n%%EOF\n"])

    def slow_then_taken_over(*, html, base_url):
        pdf = next(outputs)
        if pdf.startswith(b"%PDF-1.7\n% old"):
            # The old render outlives its lease; meanwhile a new attempt takes the row over and finishes.
            clock.shift(settings.PDF_RENDER_LEASE_SECONDS + 1)
            assert document_render(document_id=document.pk, attempt="task-2") is not None
        return pdf, 1

    monkeypatch.setattr(rendering, "render_pdf", slow_then_taken_over)

    assert document_render(document_id=document.pk, attempt="task-1") is None

    document.refresh_from_db()
    assert (document.state, document.attempt) == (Document.State.READY, "task-2")
    with document.file.open("rb") as pdf:
        assert b"new attempt" in pdf.read()
    assert len(list((media / "documents").iterdir())) == 1  # the old attempt's file was removed


# --- Enqueueing ---------------------------------------------------------------------------------------------


def test_a_request_enqueues_the_render_only_on_commit(django_capture_on_commit_callbacks, plan, section):
    with mock.patch("documents.tasks.render_document.delay") as delay:
        with django_capture_on_commit_callbacks() as callbacks:
            document = document_request(plan=plan, kind="theme_sheet", section=section)
        assert not delay.called

        for callback in callbacks:  # the render, and the page cache's new generation
            callback()
        delay.assert_called_once_with(document.pk)


def test_a_request_for_known_content_enqueues_nothing(django_capture_on_commit_callbacks, plan, section):
    with mock.patch("documents.tasks.render_document.delay"):
        document_request(plan=plan, kind="theme_sheet", section=section)
        with django_capture_on_commit_callbacks() as callbacks:
            document_request(plan=plan, kind="theme_sheet", section=section)

    assert callbacks == []


def test_a_broker_that_is_down_leaves_the_document_queued(django_capture_on_commit_callbacks, plan, section):
    with (
        mock.patch("documents.tasks.render_document.delay", side_effect=ConnectionError("no broker")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        document = document_request(plan=plan, kind="theme_sheet", section=section)

    document.refresh_from_db()
    assert document.state == Document.State.QUEUED


def test_publishing_requests_the_summary_and_every_theme_sheet_as_separate_tasks(
    django_capture_on_commit_callbacks, plan, section
):
    ThemeSectionFactory(plan=plan)
    with (
        mock.patch("documents.tasks.render_document.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        plan_published(plan=plan)

    assert delay.call_count == 3
    assert sorted(Document.objects.values_list("kind", flat=True)) == ["plan_summary", "theme_sheet", "theme_sheet"]


def test_render_documents_command_renders_new_content_once(django_capture_on_commit_callbacks, plan, section, renders):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("render_documents", "--plan", plan.slug, stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("render_documents", "--plan", plan.slug, stdout=io.StringIO())

    assert len(renders) == 2


def test_task_calls_the_service_with_the_id(plan, section, renders):
    from documents.tasks import render_document

    document = document_request(plan=plan, kind="theme_sheet", section=section)
    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert document.state == Document.State.READY


# --- File names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("Teemaleht", "Tervena vananemine"), "Teemaleht_Tervena_vananemine.pdf"),
        (("Teemaleht", "Õppiv inimene elukaarel"), "Teemaleht_Oppiv_inimene_elukaarel.pdf"),
        (("Teemakortti", "Hyvinvointi ja terveys: åäö"), "Teemakortti_Hyvinvointi_ja_terveys_aao.pdf"),
        (("Teemaleht", "Šoti žürii / ülevaade"), "Teemaleht_Soti_zurii_ulevaade.pdf"),
    ],
)
def test_file_names_are_readable_ascii(parts, expected):
    assert ascii_file_name(*parts, extension="pdf") == expected


# --- Admin edits ---------------------------------------------------------------------------------------------


def test_an_activity_edited_in_the_admin_renders_only_its_sheet_again(
    admin_client, django_capture_on_commit_callbacks, plan, section, activities, renders
):
    other = ThemeSectionFactory(plan=plan)
    ActivityFactory(section=other)
    with django_capture_on_commit_callbacks(execute=True):
        plan_documents_refresh(plan=plan)
    before = len(renders)  # summary + two sheets

    activity = activities[1]
    url = f"/et/admin/plans/activity/{activity.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(title="Omastehooldajate tugirühmad igas vallas", partner_organisations=[], municipalities=[])
    data.update({"indicators-TOTAL_FORMS": 0, "indicators-INITIAL_FORMS": 0})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    # Only the changed section's sheet is rendered again: the summary and the other sheet did not change.
    changed = renders[before:]
    assert len(changed) == 1
    assert "Omastehooldajate tugirühmad igas vallas" in changed[0]


# --- The key figures and the contact line -------------------------------------------------------------------------


def text_positions(pdf: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """Each piece of text on a page with where it starts (x, y in points from the page's bottom left)."""
    chunks = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            chunks.append((text.strip(), round(x, 1), round(y, 1)))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return chunks


def first_position(chunks, start: str) -> tuple[float, float]:
    return next((x, y) for text, x, y in chunks if text.startswith(start))


FACTS = """<!doctype html><html lang="et"><head><meta charset="utf-8"><title>Kaardid</title>
    <style>{% include "pdf/_print.css" %}</style></head><body><main><h1>Kaardid</h1><div class="facts">
    {% for label, value in facts %}
    <p class="fact"><span class="label">{{ label }}</span>
    <span class="value num">{{ value }}</span></p>{% endfor %}</div><p>Järgmine lõik.</p></main></body></html>"""


@pytest.mark.parametrize("count", [2, 3, 4])
def test_key_figure_cards_share_one_row_across_the_text_width_however_many(count):
    facts = [
        ("Teemad", "7"),
        ("Hinnanguline eelarve kokku", "1\xa0234\xa0567\xa0€"),
        ("Henkilötyövuodet (htv)", "123,75"),
        ("Tegevusi aastal 2024", "48"),
    ][:count]
    html = Template(FACTS).render(Context({"facts": facts}))

    pdf, _pages = rendering.render_pdf(html=html, base_url="http://testserver/")

    chunks = text_positions(pdf)
    labels = [first_position(chunks, label.split()[0]) for label, _ in facts]
    values = [next((x, y) for text, x, y in chunks if text == value) for _, value in facts]
    assert len({y for _, y in labels}) == 1, labels  # every card's label on the same line (a long one wraps)
    for (label_x, label_y), (value_x, value_y) in zip(labels, values, strict=True):
        assert value_x == label_x and value_y < label_y  # each number in its own card, under its label
    xs = [x for x, _ in labels]
    assert xs == sorted(xs)  # side by side, in their order
    widths = [b - a for a, b in itertools.pairwise(xs)]
    assert max(widths) - min(widths) < 1, xs  # equal cards
    text_left, text_right = 16 / 25.4 * 72, (210 - 16) / 25.4 * 72  # A4 less the page margins, in points
    assert text_left <= xs[0] < text_left + 20
    card = (text_right - text_left) / count
    assert xs[-1] < text_right - card / 2  # the last card starts within the row, not wrapped below
    following = first_position(chunks, "Järgmine")
    assert following[1] < min(y for _, y in values)  # the text goes on below the row, not beside it


def test_plan_summary_key_figures_stand_on_one_row(
    django_capture_on_commit_callbacks, plan, section, activities, real_renders
):
    document = request_and_render(django_capture_on_commit_callbacks, plan=plan, kind=Document.Kind.PLAN_SUMMARY)

    with document.file.open("rb") as pdf:
        chunks = text_positions(pdf.read())
    cards = [first_position(chunks, label) for label in ("Teemad", "Inimaastad", "Hinnanguline")]
    assert len({y for _, y in cards}) == 1, cards
    assert [x for x, _ in cards] == sorted(x for x, _ in cards)


def test_plan_summary_bar_charts_are_drawn_across_the_text_column_with_9pt_text(plan, section, activities):
    source, _html, _hash = rendering.document_source(plan=plan, kind=Document.Kind.PLAN_SUMMARY, language="et")

    a4_column_px = (210 - 16 - 16) * 96 / 25.4  # _print.css: A4, 16mm margins left and right
    for name in ("person_years_chart", "budget_chart"):
        root = ET.fromstring(str(source.context[name]))  # noqa: S314 (our own output)
        assert int(root.get("width")) == PRINT_CHART_WIDTH <= a4_column_px, name
        # Printed at its own size (.chart svg is only ever scaled down): 12px text is 9pt.
        sizes = {float(text.get("font-size")) for text in root.iter("{http://www.w3.org/2000/svg}text")}
        assert sizes == {12.0}, name


@pytest.mark.parametrize("kind", [Document.Kind.PLAN_SUMMARY, Document.Kind.THEME_SHEET])
def test_pdf_contact_line_gives_the_lead_organisations_public_email_and_phone(
    django_capture_on_commit_callbacks, plan, section, kind, renders
):
    lead = plan.lead_organisation
    lead.public_email, lead.public_phone, lead.website = "info@arendus.example", "+372 000 0000", "https://a.example"
    lead.save()
    scope = {"section": section} if kind == Document.Kind.THEME_SHEET else {}

    request_and_render(django_capture_on_commit_callbacks, plan=plan, kind=kind, **scope)

    contact = renders[-1].split("<h2>Kontakt</h2>", 1)[1].split("</p>", 1)[0]
    assert plan.contact_role in contact and lead.name in contact
    assert 'E-post: <a href="mailto:info@arendus.example">info@arendus.example</a>' in contact
    assert '<a href="tel:+3720000000" class="num">+372 000 0000</a>' in contact  # label: "Phone", translated
    assert "https://a.example" not in contact  # the website only when there is no e-mail or phone


def test_pdf_contact_line_falls_back_to_the_website_and_prints_the_contact_as_text(
    django_capture_on_commit_callbacks, plan, section, activities, real_renders
):
    lead = plan.lead_organisation
    lead.website = "https://arendus.example/heaolu"
    lead.save()

    document = request_and_render(
        django_capture_on_commit_callbacks, plan=plan, kind=Document.Kind.THEME_SHEET, section=section
    )

    text = pdf_text(document)
    assert "Kontakt" in text
    assert "https://arendus.example/heaolu" in text  # printed, not only a link
    assert "E-post" not in text


def test_pdf_has_no_contact_heading_without_a_role_or_any_public_contact(plan, section, renders):
    plan.contact_role = ""
    plan.save()
    lead = plan.lead_organisation
    lead.public_email = lead.public_phone = lead.website = ""
    lead.save()

    document_render(document_id=document_request(plan=plan, kind=Document.Kind.THEME_SHEET, section=section).pk)

    assert "Kontakt" not in renders[-1]
