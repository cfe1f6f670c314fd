"""The annual report of a plan and year: the plan's page (the year in brief, money and person-years, each theme's
summary and counts) and each theme's page (progress, indicators, changes, next year); what they show, to whom, in
which languages, at a fixed query cost."""

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    ActivityFactory,
    ActivityProgressFactory,
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    EvidenceLinkFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    RegionRoleFactory,
    ResponseFactory,
    StatisticsSourceFactory,
    StatisticValueFactory,
    ThemeFactory,
    ThemeSectionFactory,
    ThemeYearSummaryFactory,
)

pytestmark = pytest.mark.django_db

TALLINN = ZoneInfo("Europe/Tallinn")


def report_url(plan, year, language="et"):
    with translation.override(language):
        return reverse("monitoring:annual-report", kwargs={"region": plan.region.slug, "plan": plan.slug, "year": year})


def theme_url(plan, year, theme, language="et"):
    kwargs = {"region": plan.region.slug, "plan": plan.slug, "year": year, "theme": theme}
    with translation.override(language):
        return reverse("monitoring:annual-report-theme", kwargs=kwargs)


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


def build_report(plan, activities: int = 2):
    """Two themes; ``activities`` activities in the first, each reported on in 2026 with an indicator."""
    ageing = ThemeSectionFactory(
        plan=plan, theme=ThemeFactory(slug="vananemine", name_et="Tervena vananemine"), title="Tervena vananemine"
    )
    learning = ThemeSectionFactory(
        plan=plan, theme=ThemeFactory(slug="oppimine", name_et="Õppiv inimene"), title="Õppiv inimene"
    )
    made = []
    for number in range(activities):
        activity = ActivityFactory(
            section=ageing,
            title=f"Päevakeskus {number}",
            start_year=2025,
            end_year=2027,
            budget=Decimal("10000"),
            person_years=Decimal("1.00"),
        )
        progress = ActivityProgressFactory(
            activity=activity,
            year=2026,
            status="delayed",
            account=f"Avati keskus {number}.",
            money_spent=Decimal("2500"),
            person_years_used=Decimal("0.50"),
        )
        EvidenceLinkFactory(progress=progress, title=f"Koosoleku protokoll {number}")
        ActivityProgressFactory(activity=activity, year=2025, money_spent=Decimal("1000"), person_years_used=None)
        indicator = IndicatorFactory(
            activity=activity,
            name=f"Eakate osakaal {number}",
            baseline_year=2024,
            baseline_value=Decimal("20"),
            target_year=2028,
            target_value=Decimal("30"),
        )
        IndicatorValueFactory(indicator=indicator, year=2025, value=Decimal("22"))
        IndicatorValueFactory(indicator=indicator, year=2026, value=Decimal("25"))
        IndicatorValueFactory(indicator=indicator, year=2027, value=Decimal("99"))  # after the report's year
        made.append(activity)
    # One bound to open statistics, one without any report, one for next year only.
    fetched = IndicatorFactory(
        activity=made[0],
        name="Üksi elavad eakad",
        baseline_year=2024,
        baseline_value=Decimal("40"),
        target_year=2028,
        target_value=Decimal("35"),
    )
    source = StatisticsSourceFactory(indicator=fetched, area_code="MK08", direction="lower")
    StatisticValueFactory(source=source, area_code="MK08", area_name="Võru maakond", year=2026, value=Decimal("38"))
    StatisticValueFactory(source=source, area_kind="country", area_code="EE", area_name="Eesti", year=2026, value=50)
    unreported = ActivityFactory(
        section=learning, title="Täiskasvanute koolitus", start_year=2026, end_year=2028, budget=None
    )
    ActivityFactory(section=learning, title="Uus noorsootöö", start_year=2027, end_year=2028)
    ThemeYearSummaryFactory(
        section=ageing, year=2026, summary="Päevakeskused avati **kolmes** vallas.", next_year="Laiendame Rõugesse."
    )
    window = ConsultationWindowFactory(
        plan=plan,
        title="Kava muutmise arutelu",
        opens_at=datetime(2026, 9, 1, tzinfo=TALLINN),
        closes_at=datetime(2026, 10, 1, tzinfo=TALLINN),
    )
    changed = CommentFactory(window=window, section=ageing, published=True, body="Lisage transport päevakeskustesse.")
    ResponseFactory(
        comment=changed,
        reason="Lisasime transpordi.",
        changed_activity=made[0],
        published_at=datetime(2026, 10, 15, tzinfo=TALLINN),
    )
    section_change = CommentFactory(window=window, section=learning, published=True, body="Eesmärgid on liiga üldised.")
    ResponseFactory(
        comment=section_change,
        reason="Täpsustasime eesmärke.",
        changed_section=learning,
        published_at=datetime(2026, 10, 15, tzinfo=TALLINN),
    )
    unpublished = CommentFactory(window=window, section=ageing, published=True, body="Avaldamata vastusega.")
    ResponseFactory(comment=unpublished, reason="Veel mustand.", changed_activity=made[0], published_at=None)
    later = ConsultationWindowFactory(
        plan=plan,
        title="Järgmise aasta arutelu",
        opens_at=datetime(2027, 1, 5, tzinfo=TALLINN),
        closes_at=datetime(2027, 2, 1, tzinfo=TALLINN),
    )
    later_comment = CommentFactory(window=later, section=ageing, published=True, body="Hilisem ettepanek.")
    ResponseFactory(
        comment=later_comment,
        reason="Hiljem arvestatud.",
        changed_section=ageing,
        published_at=datetime(2027, 2, 2, tzinfo=TALLINN),
    )
    return {"ageing": ageing, "learning": learning, "activities": made, "unreported": unreported}


def test_the_report_gives_each_themes_summary_and_counts_and_links_its_page(client, plan):
    build_report(plan)

    response = client.get(report_url(plan, 2026, "en"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Päevakeskused avati <strong>kolmes</strong> vallas." in html
    assert "2 activities ran in 2026, 2 reported on." in html  # Tervena vananemine
    assert "1 activity ran in 2026, 0 reported on." in html  # Õppiv inimene: Uus noorsootöö starts in 2027
    assert "3 indicators: 3 on track, 0 not on track, 0 without a status." in html
    assert "1 change made after a comment." in html
    for theme in ("vananemine", "oppimine"):
        assert html.count(f'href="{theme_url(plan, 2026, theme, "en")}"') == 3  # by-theme table, heading, link
    # The theme's own page has the rest.
    assert "Avati keskus 0." not in html and "Eakate osakaal 0" not in html


def test_a_themes_page_shows_progress_money_and_evidence_of_the_year(client, plan):
    build_report(plan)

    response = client.get(theme_url(plan, 2026, "vananemine", "en"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Päevakeskused avati <strong>kolmes</strong> vallas." in html
    assert "Avati keskus 0." in html and "Avati keskus 1." in html
    assert "Koosoleku protokoll 0" in html
    assert "Delayed" in html
    assert "€2,500 / €10,000" in html
    assert "0.5 / 1.0" in html  # person-years used / planned


def test_money_is_written_in_the_interface_languages_format(client, plan):
    build_report(plan)

    html = client.get(theme_url(plan, 2026, "vananemine")).content.decode()

    assert "2\xa0500\xa0€ / 10\xa0000\xa0€" in html


def test_an_activity_without_a_report_is_marked_not_reported_and_left_out_of_the_sums(client, plan):
    build_report(plan)

    theme_html = client.get(theme_url(plan, 2026, "oppimine", "en")).content.decode()
    html = client.get(report_url(plan, 2026, "en")).content.decode()

    assert "Täiskasvanute koolitus" in theme_html
    assert "not reported" in theme_html
    # The year's money: two reports of 2 500 € each; the unreported activity is left out and counted.
    assert "€5,000" in html
    assert "without 1 activity whose money spent in the year is not reported" in html
    # The budget of the unreported activity is not known: left out of the planned sum and counted.
    assert "without 1 activity whose budget is not known" in html
    # Up to 2026: 1 000 € in 2025 and 2 500 € in 2026 for each reported activity.
    assert "€7,000" in html


def test_indicators_show_their_status_from_the_latest_value_up_to_the_year(client, plan):
    build_report(plan)

    html = client.get(theme_url(plan, 2026, "vananemine", "en")).content.decode()

    row = html.split("Eakate osakaal 0", 1)[1].split("</tr>", 1)[0]
    assert "on track" in row  # 20 → 25 towards 30
    assert "25 (2026)" in row and "+5" in row  # the latest value up to the year and the change since the baseline
    # 2027's value (99) is after the report: in no text of the indicator's row.
    assert not re.search(r"(?<![\d,.])99(?![\d])", re.sub(r"<[^>]*>", " ", row))
    # The fetched indicator: lower is better, 40 → 38 towards 35.
    fetched = html.split("Üksi elavad eakad", 1)[1].split("</tr>", 1)[0]
    assert "on track" in fetched and "38 (2026)" in fetched


def test_indicators_link_to_their_whole_series_on_the_activity_page_instead_of_a_chart(client, plan):
    built = build_report(plan)
    activity = built["activities"][0]
    indicator = activity.indicators.get(name="Eakate osakaal 0")

    with translation.override("en"):
        html = client.get(theme_url(plan, 2026, "vananemine", "en")).content.decode()
        assert f'href="{activity.get_absolute_url()}#indicator-{indicator.pk}"' in html
    assert 'role="img"' not in html and "Values of" not in html  # the chart and its table: the activity page's


def test_consultation_changes_of_the_year_link_comment_answer_and_change(client, plan):
    built = build_report(plan)

    html = "".join(
        client.get(theme_url(plan, 2026, theme, "en")).content.decode() for theme in ("vananemine", "oppimine")
    )
    overview = client.get(report_url(plan, 2026, "en")).content.decode()

    assert "Lisage transport päevakeskustesse." in html
    assert "Lisasime transpordi." in html
    with translation.override("en"):
        assert built["activities"][0].get_absolute_url() in html
    assert "Eesmärgid on liiga üldised." in html and "Täpsustasime eesmärke." in html
    assert "#comment-" in html
    # An answer not yet published, and a window that closed in another year, are not this report's.
    assert "Avaldamata vastusega." not in html
    assert "Hilisem ettepanek." not in html
    assert "Kava muutmise arutelu" in overview


def test_planned_next_year_lists_the_summary_and_the_activities_running_then(client, plan):
    build_report(plan)

    ageing = client.get(theme_url(plan, 2026, "vananemine", "en")).content.decode()
    learning = client.get(theme_url(plan, 2026, "oppimine", "en")).content.decode()

    assert "Planned for 2027" in ageing
    assert "Laiendame Rõugesse." in ageing
    assert "Uus noorsootöö" in learning  # starts in 2027


def test_the_last_year_of_the_plan_has_no_next_year(client, plan):
    build_report(plan)

    html = client.get(theme_url(plan, 2028, "vananemine", "en")).content.decode()

    assert "Planned for 2029" not in html


@pytest.mark.parametrize("year", [2024, 2029, 1999])
def test_a_year_outside_the_plan_is_not_found(client, plan, year):
    build_report(plan)
    assert client.get(report_url(plan, year)).status_code == 404
    assert client.get(theme_url(plan, year, "vananemine")).status_code == 404


def test_a_theme_the_plan_does_not_have_or_has_archived_is_not_found(client, plan):
    built = build_report(plan)
    built["learning"].archived_at = datetime(2026, 5, 1, tzinfo=TALLINN)
    built["learning"].save()

    assert client.get(theme_url(plan, 2026, "ei-ole")).status_code == 404
    assert client.get(theme_url(plan, 2026, "oppimine")).status_code == 404
    assert client.get(theme_url(plan, 2026, "vananemine")).status_code == 200


def test_a_draft_plans_report_is_hidden_from_visitors_and_shown_to_its_regions_staff(client, region):
    draft = CooperationPlanFactory(region=region, start_year=2025, end_year=2028)
    ThemeSectionFactory(plan=draft)

    section = draft.sections.get()
    assert client.get(report_url(draft, 2026)).status_code == 404
    assert client.get(theme_url(draft, 2026, section.theme.slug)).status_code == 404

    role = RegionRoleFactory(region=region, role="viewer")
    client.force_login(role.user)
    assert client.get(report_url(draft, 2026)).status_code == 200
    assert client.get(theme_url(draft, 2026, section.theme.slug)).status_code == 200


def test_example_data_is_marked(client, plan):
    built = build_report(plan)
    progress = built["activities"][0].progress.get(year=2026)
    progress.is_example = True
    progress.save()

    assert "example-data" in client.get(report_url(plan, 2026)).content.decode()
    assert "example-data" in client.get(theme_url(plan, 2026, "vananemine")).content.decode()
    assert "example-data" not in client.get(theme_url(plan, 2026, "oppimine")).content.decode()


def test_content_in_the_plans_language_is_marked_where_the_interface_differs(client, plan):
    build_report(plan)

    with translation.override("fi"):
        html = client.get(report_url(plan, 2026, "fi")).content.decode()

    assert '<article lang="et">' in html
    assert '<h2 id="resources-title" lang="fi">' in html  # the interface's own words inside the article
    assert f'lang="et">{plan.title}</a></li>' in html  # the plan's title in the breadcrumbs
    theme_html = client.get(theme_url(plan, 2026, "vananemine", "fi")).content.decode()
    assert '<article lang="et" class="theme-block' in theme_html
    assert 'aria-current="page" lang="et">Tervena vananemine</li>' in theme_html


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_the_report_renders_in_every_interface_language(client, plan, language):
    build_report(plan)

    for url in (report_url(plan, 2026, language), theme_url(plan, 2026, "oppimine", language)):
        response = client.get(url)
        assert response.status_code == 200
        assert f'<html lang="{language}"' in response.content.decode()


def test_year_navigation_lists_the_plans_years_up_to_now(client, plan):
    build_report(plan)

    html = client.get(report_url(plan, 2026)).content.decode()

    for year in (2025, 2026, 2027):
        assert report_url(plan, year) in html
    assert report_url(plan, 2028) not in html  # the clock stands in March 2027
    assert 'aria-current="page" href="' + report_url(plan, 2026) in html
    theme_html = client.get(theme_url(plan, 2026, "oppimine")).content.decode()
    for year in (2025, 2026, 2027):  # the same theme in each year
        assert theme_url(plan, year, "oppimine") in theme_html
    assert theme_url(plan, 2028, "oppimine") not in theme_html


def test_a_themes_page_links_the_previous_and_next_theme_and_the_whole_year(client, plan):
    build_report(plan)

    first = client.get(theme_url(plan, 2026, "vananemine")).content.decode()
    last = client.get(theme_url(plan, 2026, "oppimine")).content.decode()

    first_nav, last_nav = first.split('id="themes-title"')[1], last.split('id="themes-title"')[1]
    assert "Järgmine" in first_nav and "Eelmine" not in first_nav
    assert theme_url(plan, 2026, "oppimine") in first_nav
    assert "Eelmine" in last_nav and "Järgmine" not in last_nav
    assert theme_url(plan, 2026, "vananemine") in last_nav
    assert report_url(plan, 2026) in first and report_url(plan, 2026) in last


def test_the_plan_page_links_every_years_report_and_pdf(client, plan):
    build_report(plan)

    html = client.get(plan.get_absolute_url()).content.decode()

    assert report_url(plan, 2027) in html and report_url(plan, 2025) in html
    assert report_url(plan, 2028) not in html
    assert "annual-report-2026.pdf" in html


def test_a_post_is_not_allowed(client, plan):
    build_report(plan)
    assert client.post(report_url(plan, 2026)).status_code == 405
    assert client.post(theme_url(plan, 2026, "vananemine")).status_code == 405


# Queries: the plan; its sections; their activities; the activities' progress reports up to the year; the reports'
# evidence links; the indicators with their statistics sources and latest values; the year's summaries; the windows
# closed in the year; the comments whose answers changed the plan; the ready PDF.
# A theme's page: those of its theme, and the plan's themes for the links to the previous and next one.
QUERIES = 10
THEME_QUERIES = QUERIES + 1


@pytest.mark.parametrize("activities", [2, 20])
def test_the_report_costs_a_fixed_number_of_queries(client, plan, activities, django_assert_num_queries):
    build_report(plan, activities=activities)

    with django_assert_num_queries(QUERIES):
        assert client.get(report_url(plan, 2026)).status_code == 200
    with django_assert_num_queries(THEME_QUERIES):
        assert client.get(theme_url(plan, 2026, "vananemine")).status_code == 200
