"""Staff write each theme's summary of a year and what is planned next: editors of the region only, with
optimistic locking, history and an error summary."""

import pytest
from django.urls import reverse
from django.utils import translation

from monitoring.models import ThemeYearSummary
from monitoring.report.forms import TEXT_MAX_LENGTH
from plans.history import REGISTRY
from tests.factories import (
    CooperationPlanFactory,
    RegionRoleFactory,
    ThemeFactory,
    ThemeSectionFactory,
    ThemeYearSummaryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(region):
    return CooperationPlanFactory(region=region, slug="heaolu-2025", start_year=2025, end_year=2028, adopted=True)


@pytest.fixture
def sections(plan):
    return [
        ThemeSectionFactory(plan=plan, theme=ThemeFactory(slug="vananemine"), title="Tervena vananemine"),
        ThemeSectionFactory(plan=plan, theme=ThemeFactory(slug="oppimine"), title="Õppiv inimene"),
    ]


@pytest.fixture
def editor(region):
    return RegionRoleFactory(region=region, role="editor").user


def url(plan, year=2026, language="en"):
    with translation.override(language):
        return reverse(
            "monitoring-staff:summaries", kwargs={"region": plan.region.slug, "plan": plan.slug, "year": year}
        )


def data(sections, *texts, versions=None):
    """The form's fields: (summary, next year) per section, and each one's version (0 for a new one)."""
    versions = versions or [0] * len(sections)
    fields = {}
    for section, (summary, next_year), version in zip(sections, texts, versions, strict=True):
        prefix = f"section-{section.pk}"
        fields |= {f"{prefix}-summary": summary, f"{prefix}-next_year": next_year, f"{prefix}-version": version}
    return fields


def test_a_visitor_is_sent_to_log_in(client, plan, sections):
    response = client.get(url(plan))

    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("role", ["viewer", "moderator", "project_editor"])
def test_staff_without_the_editor_role_get_403(client, region, plan, sections, role):
    client.force_login(RegionRoleFactory(region=region, role=role).user)

    assert client.get(url(plan)).status_code == 403
    assert client.post(url(plan), data(sections, ("a", "b"), ("c", "d"))).status_code == 403
    assert not ThemeYearSummary.objects.exists()


def test_an_editor_of_another_region_gets_403(client, other_region, plan, sections):
    client.force_login(RegionRoleFactory(region=other_region, role="editor").user)

    assert client.get(url(plan)).status_code == 403


def test_a_year_outside_the_plan_is_not_found(client, plan, sections, editor):
    client.force_login(editor)

    assert client.get(url(plan, 2029)).status_code == 404


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_the_editor_sees_one_form_per_theme_section(client, plan, sections, editor, language):
    client.force_login(editor)

    response = client.get(url(plan, language=language))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 2
    assert f'name="section-{sections[0].pk}-summary"' in html
    assert f'name="section-{sections[1].pk}-version" value="0"' in html


def test_saving_writes_the_summaries_with_their_history(client, plan, sections, editor):
    client.force_login(editor)

    response = client.post(url(plan), data(sections, ("Hästi läks.", "Jätkame."), ("", "Alustame koolitust.")))

    assert response.status_code == 302
    first, second = (ThemeYearSummary.objects.get(section=section, year=2026) for section in sections)
    assert (first.summary, first.next_year, first.version) == ("Hästi läks.", "Jätkame.", 1)
    assert (second.summary, second.next_year) == ("", "Alustame koolitust.")
    assert first.history.get().history_user == editor


def test_an_edit_at_the_version_it_started_from_is_saved(client, plan, sections, editor):
    saved = ThemeYearSummaryFactory(section=sections[0], year=2026, summary="Vana.", next_year="")
    client.force_login(editor)

    response = client.post(url(plan), data(sections, ("Uus.", ""), ("", ""), versions=[saved.version, 0]))

    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.summary, saved.version) == ("Uus.", 2)
    assert not ThemeYearSummary.objects.filter(section=sections[1]).exists()  # nothing typed: no row


def test_an_unchanged_page_saves_nothing(client, plan, sections, editor):
    saved = ThemeYearSummaryFactory(section=sections[0], year=2026, summary="Sama.", next_year="")
    client.force_login(editor)

    response = client.post(url(plan), data(sections, ("Sama.", ""), ("", ""), versions=[saved.version, 0]), follow=True)

    saved.refresh_from_db()
    assert saved.version == 1
    assert saved.history.count() == 1
    assert "Nothing was changed." in response.content.decode()


def test_text_too_long_is_refused_with_an_error_summary_and_the_input_kept(client, plan, sections, editor):
    client.force_login(editor)
    long_text = "x" * (TEXT_MAX_LENGTH + 1)

    response = client.post(url(plan), data(sections, (long_text, "Jätkame."), ("Hea aasta.", "")))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert f'href="#id_section-{sections[0].pk}-summary"' in html
    assert "Hea aasta." in html and "Jätkame." in html  # nothing typed is lost
    assert not ThemeYearSummary.objects.exists()  # all or nothing


@pytest.mark.parametrize("version", ["", "abc", "-1"])
def test_a_missing_or_broken_version_is_refused_without_an_error_page(client, plan, sections, editor, version):
    client.force_login(editor)
    fields = data(sections, ("Hea aasta.", ""), ("", ""))
    fields[f"section-{sections[0].pk}-version"] = version

    response = client.post(url(plan), fields)

    assert response.status_code == 200
    assert "The page was incomplete" in response.content.decode()
    assert not ThemeYearSummary.objects.exists()


def test_a_summary_saved_meanwhile_is_a_conflict_that_keeps_the_input(client, plan, sections, editor):
    saved = ThemeYearSummaryFactory(section=sections[0], year=2026, summary="Alguses.", next_year="")
    other = UserFactory()
    saved.summary = "Kolleegi tekst."
    saved.version = 2
    saved._history_user = other
    saved.save()
    client.force_login(editor)

    response = client.post(url(plan), data(sections, ("Minu tekst.", ""), ("Teine teema.", ""), versions=[1, 0]))

    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="conflict"' in html
    assert "Kolleegi tekst." in html and "Minu tekst." in html
    assert f'name="section-{sections[0].pk}-version" value="2"' in html
    saved.refresh_from_db()
    assert saved.summary == "Kolleegi tekst."
    assert not ThemeYearSummary.objects.filter(section=sections[1]).exists()  # nothing of the page was saved

    again = client.post(url(plan), data(sections, ("Minu tekst.", ""), ("Teine teema.", ""), versions=[2, 0]))

    assert again.status_code == 302
    saved.refresh_from_db()
    assert (saved.summary, saved.version) == ("Minu tekst.", 3)


def test_a_summary_written_meanwhile_for_a_new_theme_is_a_conflict_too(client, plan, sections, editor):
    ThemeYearSummaryFactory(section=sections[1], year=2026, summary="Kolleegi uus.", next_year="")
    client.force_login(editor)

    response = client.post(url(plan), data(sections, ("", ""), ("Minu uus.", ""), versions=[0, 0]))

    assert response.status_code == 409
    assert ThemeYearSummary.objects.get(section=sections[1]).summary == "Kolleegi uus."


def test_summaries_have_history_pages():
    assert "monitoring.themeyearsummary" in REGISTRY


def test_the_staff_plan_page_links_the_summaries_and_the_report(client, plan, sections, editor):
    client.force_login(editor)
    with translation.override("en"):
        # A public plan's staff page is the one of its change sets.
        edit = reverse("plans-staff:change-sets", kwargs={"region": plan.region.slug, "plan": plan.slug})

    html = client.get(edit).content.decode()

    assert url(plan, 2027) in html  # the clock stands in March 2027
