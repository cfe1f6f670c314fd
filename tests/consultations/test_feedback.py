# ruff: noqa: F811  (fixtures imported from tests/staff/conftest.py are parameters of the tests)
"""The public feedback table and its exports hold published comments and published answers only, and no e-mail;
the staff export holds everything and is logged."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from consultations import views
from consultations.documents import consultation_report_source
from consultations.models import Comment
from core.models import AuditEvent
from plans.models import CooperationPlan
from tests.factories import CommenterContactFactory, CommentFactory, ResponseFactory, ThemeSectionFactory
from tests.staff.conftest import moderator, staff_world  # noqa: F401  (fixtures)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def feedback_world(staff_world):
    """One published comment answered and published, one published with a draft answer, one waiting, one rejected;
    all with an e-mail address."""
    world = staff_world
    world.plan.status = CooperationPlan.Status.CONSULTATION
    world.plan.save()
    submitted = datetime(2026, 6, 20, 9, 30, tzinfo=UTC)
    answered = CommentFactory(
        window=world.window,
        section=world.section,
        published=True,
        category="solution",
        body="Ühine eakate transport.",
        author_name="Mari",
        submitted_at=submitted,
        reference="AAAA2222",
    )
    ResponseFactory(
        comment=answered,
        decision="taken",
        reason="Lisatud tegevusse.",
        changed_activity=world.activity,
        published_at=submitted,
    )
    drafted = CommentFactory(
        window=world.window,
        section=world.section,
        published=True,
        body="Rohkem rattateid.",
        submitted_at=submitted,
        reference="BBBB3333",
    )
    ResponseFactory(comment=drafted, decision="not_taken", reason="Mustand, mitte avalik.")
    rejected = CommentFactory(window=world.window, section=world.section, rejected=True, body="Solvang.")
    for comment in (answered, drafted, world.comment, rejected):
        CommenterContactFactory(comment=comment, email=f"{comment.pk}@example.org")
    world.answered, world.drafted, world.rejected = answered, drafted, rejected
    return world


def url(world, name, language="et"):
    with translation.override(language):
        return reverse(
            f"consultations:{name}",
            kwargs={"region": world.region.slug, "plan": world.plan.slug, "window": world.window.pk},
        )


def staff_url(world, file_format):
    with translation.override("en"):
        return reverse(
            "consultations-staff:feedback-export",
            kwargs={"region": world.region.slug, "window": world.window.pk, "file_format": file_format},
        )


def test_the_public_table_shows_published_comments_and_only_published_answers(client, feedback_world):
    page = client.get(url(feedback_world, "feedback")).content.decode()

    assert "Ühine eakate transport." in page and "Lisatud tegevusse." in page
    assert "Rohkem rattateid." in page and "Mustand, mitte avalik." not in page
    assert feedback_world.comment.body not in page and "Solvang." not in page
    assert "@example.org" not in page
    assert feedback_world.activity.get_absolute_url() in page


def test_the_public_table_counts_by_theme_and_category_with_a_chart_and_a_table(client, feedback_world):
    response = client.get(url(feedback_world, "feedback"))

    [row] = response.context["count_rows"]
    assert row.section == feedback_world.section
    assert row.counts == [1, 0, 1, 0]  # observation, clarification, solution, recommendation
    assert response.context["total"] == 2
    page = response.content.decode()
    assert page.count('role="img"') >= 2 and "<caption" in page


def test_the_two_count_charts_have_visible_titles_and_share_one_scale(client, feedback_world):
    response = client.get(url(feedback_world, "feedback"))

    page = response.content.decode()
    for key, title in (("theme", "Kommentaarid teemade kaupa"), ("category", "Kommentaarid liikide kaupa")):
        figure = re.search(rf'<figure[^>]*aria-labelledby="{key}-chart-title"[^>]*>(.*?)</figure>', page, re.S)
        assert figure, key
        heading = f'<h3 class="h5" id="{key}-chart-title">{title}</h3>'
        assert figure.group(1).index(heading) < figure.group(1).index("<svg"), key  # the title above its chart

    def bar_widths(chart):
        return [float(rect.get("width")) for rect in ET.fromstring(str(chart)).iter(f"{SVG}rect")]  # noqa: S314

    # Two comments on the one theme, one in each of two categories: on one scale, their bars are half as long.
    [theme_bar] = bar_widths(response.context["theme_chart"])
    assert max(bar_widths(response.context["category_chart"])) == pytest.approx(theme_bar / 2, abs=0.2)


def test_the_public_csv_is_exactly_the_published_content(client, feedback_world):
    response = client.get(url(feedback_world, "feedback-csv", "en"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    with translation.override("en"):
        activity_url = "http://testserver" + feedback_world.activity.get_absolute_url()
    assert rows == [
        [
            "Reference",
            "Theme",
            "Category",
            "Comment",
            "Name",
            "Municipality",
            "Submitted",
            "Decision",
            "Answer",
            "Changed section",
            "Changed activity",
            "Link to the change",
            "Change set",
            "Change set published",
        ],
        [
            "AAAA2222",
            feedback_world.section.title,
            "solution",
            "Ühine eakate transport.",
            "Mari",
            "",
            "2026-06-20 12:30",
            "taken into account",
            "Lisatud tegevusse.",
            "",
            feedback_world.activity.title,
            activity_url,
            "",
            "",
        ],
        [
            "BBBB3333",
            feedback_world.section.title,
            "observation",
            "Rohkem rattateid.",
            "",
            "",
            "2026-06-20 12:30",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    assert "@example.org" not in text


def test_the_public_xlsx_has_the_same_rows(client, feedback_world):
    response = client.get(url(feedback_world, "feedback-xlsx", "en"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert [row[0] for row in values] == ["Reference", "AAAA2222", "BBBB3333"]
    assert "Mustand, mitte avalik." not in str(values)


def test_a_comment_that_looks_like_a_formula_is_exported_as_text(client, feedback_world):
    Comment.objects.filter(reference="AAAA2222").update(body='=HYPERLINK("http://example.org";"Klõpsa")\x0b')

    text = client.get(url(feedback_world, "feedback-csv", "en")).content.decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url(feedback_world, "feedback-xlsx", "en")).content)).active

    [row] = [row for row in csv.reader(io.StringIO(text)) if row[0] == "AAAA2222"]
    assert row[3].startswith("'=HYPERLINK")
    [cell] = [row[3] for row in sheet.iter_rows() if row[0].value == "AAAA2222"]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://example.org";"Klõpsa")'


def test_the_staff_export_holds_every_comment_with_its_address_and_is_logged(client, feedback_world, moderator):
    client.force_login(moderator)

    response = client.get(staff_url(feedback_world, "csv"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    by_reference = {row["Reference"]: row for row in rows}
    assert by_reference[feedback_world.rejected.reference]["E-mail"] == f"{feedback_world.rejected.pk}@example.org"
    assert by_reference[feedback_world.rejected.reference]["Reason for rejection"] == "Ei puuduta kava."
    assert by_reference["BBBB3333"]["Answer"] == "Mustand, mitte avalik."
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.object_id, event.region_id) == (str(feedback_world.window.pk), feedback_world.region.pk)
    assert (event.data["code"], event.data["comments"]) == ("feedback_export", 4)


def test_the_staff_export_is_refused_to_an_editor_and_not_logged(client, feedback_world):
    client.force_login(feedback_world.users["editor"])

    response = client.get(staff_url(feedback_world, "xlsx"))

    assert response.status_code == 403
    assert not AuditEvent.objects.exists()


def test_an_unknown_export_format_is_not_found(client, feedback_world, moderator):
    client.force_login(moderator)

    assert client.get(staff_url(feedback_world, "pdf")).status_code == 404


def test_the_feedback_of_a_draft_plan_is_not_public(client, staff_world):
    assert client.get(url(staff_world, "feedback")).status_code == 404


@pytest.mark.parametrize("extra", [0, 25])
def test_public_table_query_count_does_not_grow_with_comments(client, feedback_world, django_assert_num_queries, extra):
    second = ThemeSectionFactory(plan=feedback_world.plan)
    for comment in CommentFactory.create_batch(extra, window=feedback_world.window, section=second, published=True):
        ResponseFactory(comment=comment, changed_section=second, published_at=comment.submitted_at)

    # plan (with region, lead organisation), window, the counts by theme and category, how many are answered, how
    # many comments the table pages through, a page of published comments with section, theme, municipality and
    # workshop, their responses with the changed section or activity (and their plan, region and theme)
    with django_assert_num_queries(7):
        response = client.get(url(feedback_world, "feedback"))

    assert response.status_code == 200
    assert len(response.context["comments"]) == 2 + extra
    assert Comment.objects.count() == 4 + extra


def test_the_consultation_report_pdf_source_holds_only_published_comments_and_answers(feedback_world):
    source = consultation_report_source(plan=feedback_world.plan, section=None, scope=str(feedback_world.window.pk))

    [group] = source.context["groups"]
    shown = {comment.reference: comment.published_response for comment in group["comments"]}
    assert set(shown) == {"AAAA2222", "BBBB3333"}
    assert shown["AAAA2222"].reason == "Lisatud tegevusse."
    assert shown["BBBB3333"] is None


def test_the_table_shows_a_page_of_comments_and_links_to_the_next(client, feedback_world, monkeypatch):
    monkeypatch.setattr(views, "FEEDBACK_PAGE_SIZE", 1)

    first = client.get(url(feedback_world, "feedback"))
    second = client.get(url(feedback_world, "feedback") + "?page=2")

    assert len(first.context["comments"]) == 1 and first.context["total"] == 2  # the counts hold every comment
    page = first.content.decode()
    assert "Lehekülg 1 / 2" in page and 'href="?page=2#table-title"' in page
    assert second.context["comments"][0] != first.context["comments"][0]


def test_the_table_shows_one_themes_comments_when_asked(client, feedback_world):
    other = ThemeSectionFactory(plan=feedback_world.plan, title="Teine teema")
    CommentFactory(window=feedback_world.window, section=other, published=True, body="Teise teema kommentaar.")

    response = client.get(url(feedback_world, "feedback") + f"?theme={other.theme.slug}")

    assert response.context["theme"] == other
    assert [comment.body for comment in response.context["comments"]] == ["Teise teema kommentaar."]
    assert response.context["total"] == 3  # the counts stay the window's


def test_a_comments_address_shows_it_alone_in_the_feedback_table(client, feedback_world):
    comment = Comment.objects.get(reference="AAAA2222")

    address = comment.get_absolute_url()
    response = client.get(address)

    assert address.startswith(url(feedback_world, "feedback")) and address.endswith("#comment-AAAA2222")
    assert [shown.reference for shown in response.context["comments"]] == ["AAAA2222"]
    assert 'id="comment-AAAA2222"' in response.content.decode()
