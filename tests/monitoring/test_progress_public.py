"""Progress on the public pages: the activity page's table by year (with evidence, marked example data and the
plan's language), each activity's latest status on the theme, plan and municipality pages, a count per status
on the plan page, and the same number of queries whatever the number of reports."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from plans.models import CooperationPlan
from tests.factories import (
    ActivityFactory,
    ActivityProgressFactory,
    CooperationPlanFactory,
    EvidenceLinkFactory,
    MunicipalityFactory,
    ProjectFactory,
    RegionFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db


def urls(activity, language="et"):
    section = activity.section
    plan = section.plan
    kwargs = {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
    with translation.override(language):
        return {
            "activity": reverse("plans:activity", kwargs={**kwargs, "pk": activity.pk}),
            "section": reverse("plans:section", kwargs=kwargs),
            "plan": reverse("plans:detail", kwargs={"region": plan.region.slug, "plan": plan.slug}),
            "municipality": reverse(
                "plans:municipality",
                kwargs={"region": plan.region.slug, "slug": activity.municipalities.first().slug},
            ),
        }


def build(size: int):
    """A public plan whose activities, reports, evidence projects and links all grow with ``size``."""
    region = RegionFactory()
    municipality = MunicipalityFactory(region=region)
    plan = CooperationPlanFactory(region=region, slug="kava", status=CooperationPlan.Status.ADOPTED, start_year=2022)
    activities = []
    for _ in range(size):
        section = ThemeSectionFactory(plan=plan)
        for _ in range(2):
            activity = ActivityFactory(section=section, municipalities=[municipality])
            projects = ProjectFactory.create_batch(size, region=region)
            for year in (2022, 2023):
                progress = ActivityProgressFactory(activity=activity, year=year, evidence_projects=projects)
                EvidenceLinkFactory.create_batch(size, progress=progress)
            activities.append(activity)
    return activities[0]


# Per page, what progress adds: a query for the reports (the activity page two more, for evidence projects
# and links). The rest is the page's own budget (tests/plans/test_public_pages.py).
@pytest.mark.parametrize("page", ["activity", "section", "plan", "municipality"])
def test_progress_costs_the_same_queries_at_two_sizes(page, client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    counts = []
    for size in (1, 6):
        activity = build(size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(urls(activity)[page]).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.fixture
def activity(db):
    region = RegionFactory(slug="vorumaa", language="et")
    plan = CooperationPlanFactory(region=region, slug="kava", status=CooperationPlan.Status.ADOPTED)
    municipality = MunicipalityFactory(region=region, name="Rõuge vald")
    activity = ActivityFactory(
        section=ThemeSectionFactory(plan=plan),
        title="Eakate nõustamine",
        budget=Decimal("12000"),
        person_years=Decimal("1.5"),
        municipalities=[municipality],
    )
    project = ProjectFactory(region=region, name="Nõustamise projekt")
    archived = ProjectFactory(region=region, name="Arhiveeritud projekt", archived=True)
    first = ActivityProgressFactory(
        activity=activity,
        year=2022,
        status="done",
        account="Nõustati **40** eakat.",
        money_spent=Decimal("1234.5"),
        person_years_used=Decimal("0.75"),
        evidence_projects=[project, archived],
    )
    EvidenceLinkFactory(progress=first, title="Aastaaruanne 2022", url="https://vorumaa.ee/aruanne.pdf")
    ActivityProgressFactory(activity=activity, year=2023, status="delayed", money_spent=None, is_example=True)
    return activity


def test_activity_page_shows_progress_by_year_with_evidence(client, activity):
    page = client.get(urls(activity)["activity"]).content.decode()

    assert 'id="progress-2022"' in page and 'id="progress-2023"' in page
    assert "Nõustati <strong>40</strong> eakat." in page
    assert "1\xa0234,50\xa0€" in page
    assert "0,75" in page
    assert "12\xa0000\xa0€" in page  # planned, beside
    assert "Nõustamise projekt" in page
    assert "Arhiveeritud projekt" not in page
    assert 'href="https://vorumaa.ee/aruanne.pdf"' in page
    assert "tehtud" in page  # "done" in Estonian


def test_activity_page_marks_example_reports(client, activity):
    page = client.get(urls(activity)["activity"]).content.decode()
    row = page[page.index('id="progress-2023"') :]
    row = row[: row.index("</tr>")]
    assert "example-data" in row


def test_activity_page_in_english_marks_the_plans_language(client, activity):
    page = client.get(urls(activity, "en")["activity"]).content.decode()
    table = page[page.index('id="progress"') :]
    assert "Progress by year" in table
    assert 'lang="en"' in table  # interface words inside the Estonian article
    assert "done" in table


def test_theme_page_shows_each_activitys_latest_status(client, activity):
    page = client.get(urls(activity, "en")["section"]).content.decode()
    row = page[page.index(f'id="activity-{activity.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "delayed" in row and "(2023)" in row


def test_theme_page_says_when_nothing_is_reported(client, activity):
    activity.progress.all().delete()
    page = client.get(urls(activity, "en")["section"]).content.decode()
    assert "not reported yet" in page


def test_plan_page_counts_activities_per_status_in_the_latest_year(client, activity):
    ActivityProgressFactory(activity=ActivityFactory(section=activity.section), year=2023, status="on_track")

    page = client.get(urls(activity, "en")["plan"]).content.decode()

    block = page[page.index('id="plan-progress"') :]
    block = block[: block.index("</section>")]
    assert "Progress in 2023" in block
    assert "Delayed" in block and "On track" in block
    assert "Done" not in block  # 2022's status
    assert "progress.csv" in block and "progress.xlsx" in block
    assert "example-data" in block


def test_plan_page_without_reports_shows_no_progress_block(client, activity):
    activity.progress.all().delete()
    page = client.get(urls(activity, "en")["plan"]).content.decode()
    assert 'id="plan-progress"' not in page


def test_municipality_page_shows_the_status_beside_its_activities(client, activity):
    page = client.get(urls(activity, "en")["municipality"]).content.decode()
    item = page[page.index("Eakate nõustamine") :]
    item = item[: item.index("</li>")]
    assert "Progress" in item and "delayed" in item
