"""The public consultation page: state, themes, workshops (and their iCal), published comments with answers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from consultations import views
from tests.consultations.conftest import comment_data
from tests.factories import CommentFactory, ResponseFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_window_page_shows_state_themes_workshops_and_comment_links(client, consultation):
    response = client.get(consultation.window_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Kava avalik arutelu" in html
    assert "Väärikas vananemine" in html and "Õppiv inimene" in html
    assert "Töötuba Võrus, kultuurimajas" in html
    assert consultation.form_url in html
    assert (
        reverse(
            "consultations:workshops-ics",
            kwargs={"region": "vorumaa", "plan": consultation.plan.slug, "window": consultation.window.pk},
        )
        in html
    )


def test_window_page_lists_only_the_windows_own_sections(client, consultation):
    consultation.window.sections.set([consultation.learning])
    html = client.get(consultation.window_url).content.decode()
    assert "Õppiv inimene" in html and "Väärikas vananemine" not in html


def test_closed_window_page_has_no_comment_links(client, consultation):
    consultation.window.opens_at = timezone.now() - timedelta(days=40)
    consultation.window.closes_at = timezone.now() - timedelta(days=1)
    consultation.window.save()
    html = client.get(consultation.window_url).content.decode()
    assert consultation.form_url not in html


def test_window_of_another_plan_is_not_found(client, consultation):
    url = reverse(
        "consultations:window", kwargs={"region": "vorumaa", "plan": "other", "window": consultation.window.pk}
    )
    assert client.get(url).status_code == 404


def test_only_published_comments_are_shown_escaped_with_published_answers(client, consultation):
    shown = CommentFactory(
        window=consultation.window,
        section=consultation.ageing,
        published=True,
        body='Vt <a href="http://x.example">siit</a> <script>alert(1)</script>',
        author_name="<b>Mari</b>",
    )
    ResponseFactory(comment=shown, reason="Arvestame ettepanekuga.", published_at=timezone.now())
    unanswered = CommentFactory(window=consultation.window, section=consultation.ageing, published=True)
    ResponseFactory(comment=unanswered, reason="Mustand: veel avaldamata.", published_at=None)
    hidden = CommentFactory(window=consultation.window, section=consultation.ageing, body="Ootel kommentaar tekst")
    html = client.get(consultation.window_url).content.decode()
    assert shown.reference in html and unanswered.reference in html
    assert hidden.reference not in html and "Ootel kommentaar tekst" not in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert '<a href="http://x.example">' not in html
    assert "<b>Mari</b>" not in html
    assert "Arvestame ettepanekuga." in html
    assert "Mustand: veel avaldamata." not in html


def test_a_theme_shows_its_newest_comments_and_links_to_all_of_them_in_the_feedback_table(
    client, consultation, monkeypatch
):
    monkeypatch.setattr(views, "WINDOW_COMMENTS", 2)
    start = consultation.window.opens_at + timedelta(hours=1)  # any fixed moments: only their order counts
    made = [
        CommentFactory(
            window=consultation.window,
            section=consultation.ageing,
            published=True,
            submitted_at=start + timedelta(minutes=n),
        )
        for n in range(3)
    ]
    CommentFactory(window=consultation.window, section=consultation.learning, published=True)

    kwargs = {"region": consultation.plan.region.slug, "plan": consultation.plan.slug, "window": consultation.window.pk}
    with translation.override("en"):
        html = client.get(reverse("consultations:window", kwargs=kwargs)).content.decode()
        feedback = reverse("consultations:feedback", kwargs=kwargs)

    assert made[2].reference in html and made[1].reference in html and made[0].reference not in html
    assert html.index(made[2].reference) < html.index(made[1].reference)  # newest first
    assert "The 2 newest published comments" in html
    assert f'href="{feedback}?theme={consultation.ageing.theme.slug}#table-title"' in html
    assert "All 3 published comments on this theme" in html
    assert f"?theme={consultation.learning.theme.slug}" not in html  # one comment there: all of it is shown


def _fill(consultation, comments: int, workshops: int):
    for n in range(comments):
        comment = CommentFactory(
            window=consultation.window,
            section=[consultation.ageing, consultation.learning][n % 2],
            published=True,
            municipality=consultation.municipality,
        )
        ResponseFactory(comment=comment, published_at=timezone.now())
    for _n in range(workshops):
        WorkshopFactory(window=consultation.window)


@pytest.mark.parametrize("comments, workshops", [(1, 0), (12, 4)])
def test_window_page_query_count_does_not_grow_with_comments_or_workshops(
    client, consultation, django_assert_num_queries, comments, workshops
):
    _fill(consultation, comments, workshops)
    # 1 plan with region (visible to the visitor), 2 window, 3 the window's chosen sections (none: so)
    # 4 every section of the plan with its theme, 5 the newest published comments of each with municipality, 6 their
    # published answers, 7 the number of published comments of each section, 8 workshops.
    with django_assert_num_queries(8):
        assert client.get(consultation.window_url).status_code == 200


def test_workshops_ics_is_a_calendar_with_every_workshop_in_utc(client, consultation):
    WorkshopFactory(window=consultation.window, title="Veebitöötuba; teine, pikem pealkiri", online=True)
    url = reverse(
        "consultations:workshops-ics",
        kwargs={"region": "vorumaa", "plan": consultation.plan.slug, "window": consultation.window.pk},
    )
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert "Veebitöötuba\\; teine\\, pikem pealkiri" in body.replace("\r\n ", "")
    start = consultation.workshop.starts_at.astimezone(timezone.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_consultation_feed_lists_the_window_with_a_link_to_its_page(client, consultation):
    body = client.get(reverse("feeds:consultations")).content.decode()
    assert "Kava avalik arutelu" in body
    assert consultation.window_url in body


def test_region_page_links_to_the_window_page_to_comment(client, consultation):
    html = client.get(consultation.region.get_absolute_url()).content.decode()
    assert consultation.window_url in html


@pytest.mark.parametrize("comments", [0, 10])
def test_comment_form_page_query_count_is_fixed(client, consultation, django_assert_num_queries, comments):
    _fill(consultation, comments, 0)
    # 1 plan with region, 2 window, 3 the theme's section, 4 is it one of the window's sections (one aggregate),
    # 5 the region's municipalities for the list.
    with django_assert_num_queries(5):
        assert client.get(consultation.form_url).status_code == 200


def test_receipt_page_query_count_is_fixed(client, consultation, django_assert_num_queries):
    location = client.post(consultation.form_url, comment_data())["Location"]
    # 1 the comment with window, plan, region and section, 2 whether it has a contact.
    with django_assert_num_queries(2):
        assert client.get(location).status_code == 200
