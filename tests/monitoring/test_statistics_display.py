"""Indicators bound to open statistics on the public pages: the region beside the country and the municipalities,
the change since the baseline, the distance to the target and whether it is on track; queries stay fixed."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from plans.models import CooperationPlan
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MunicipalityFactory,
    RegionFactory,
    StatisticsSourceFactory,
    StatisticValueFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db

FETCHED = datetime(2027, 2, 15, 9, 0, tzinfo=ZoneInfo("Europe/Tallinn"))
UPDATED = datetime(2026, 12, 1, 8, 0, tzinfo=ZoneInfo("Europe/Tallinn"))


def build(region, size=1):
    """A public plan whose activities each have a bound indicator (region, municipalities, country) and a typed one."""
    plan = CooperationPlanFactory(region=region, slug="kava", status=CooperationPlan.Status.ADOPTED)
    section = ThemeSectionFactory(plan=plan)
    municipalities = [
        MunicipalityFactory(region=region, slug=f"vald-{n}", name=f"Vald {n}") for n in range(max(size, 2))
    ]
    activities = []
    for _ in range(size):
        activity = ActivityFactory(section=section, municipalities=municipalities)
        bound = IndicatorFactory(
            activity=activity,
            name="Töötuse määr",
            unit="%",
            baseline_year=2020,
            baseline_value=Decimal("8.00"),
            target_year=2025,
            target_value=Decimal("6.00"),
        )
        source = StatisticsSourceFactory(
            indicator=bound,
            provider="pxweb",
            dataset="TT4645",
            area_code="0087",
            country_code="EE",
            municipality_codes={m.slug: f"0{n}" for n, m in enumerate(municipalities)},
            direction="lower",
            state="ok",
            last_success_at=FETCHED,
            source_updated_at=UPDATED,
        )
        for year, value in ((2021, "7.6"), (2022, "7.1")):
            StatisticValueFactory(
                source=source, area_code="0087", area_name="Võru maakond", year=year, value=Decimal(value)
            )
            StatisticValueFactory(
                source=source, area_kind="country", area_code="EE", area_name="Eesti", year=year, value=Decimal("6.5")
            )
            for n, municipality in enumerate(municipalities):
                StatisticValueFactory(
                    source=source,
                    area_kind="municipality",
                    area_code=f"0{n}",
                    area_name=municipality.name,
                    year=year,
                    value=Decimal("5.25") + n,
                )
        typed = IndicatorFactory(
            activity=activity,
            name="Osalejate arv",
            unit="inimest",
            baseline_value=Decimal("10"),
            target_value=Decimal("20"),
        )
        IndicatorValueFactory(indicator=typed, year=2022, value=Decimal("9"))
        activities.append(activity)
    return {"plan": plan, "section": section, "activity": activities[0], "municipality": municipalities[0]}


def _urls(world, language="et"):
    plan, section, activity = world["plan"], world["section"], world["activity"]
    kwargs = {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
    with translation.override(language):
        return {
            "activity": reverse("plans:activity", kwargs={**kwargs, "pk": activity.pk}),
            "section": reverse("plans:section", kwargs=kwargs),
            "municipality": reverse(
                "plans:municipality", kwargs={"region": plan.region.slug, "slug": world["municipality"].slug}
            ),
        }


def _indicator_block(html, number=0):
    """The first (or ``number``th) indicator block of a page."""
    start = html.index('<section class="indicator', 0)
    for _ in range(number):
        start = html.index('<section class="indicator', start + 1)
    return html[start : html.index("</section>", start)]


def test_the_activity_page_shows_the_region_beside_the_country_and_the_municipalities(client, region):
    html = _indicator_block(client.get(_urls(build(region), "en")["activity"]).content.decode())

    assert "Fetched from Statistics Estonia (PxWeb), indicator or table TT4645." in html
    assert "Fetched on 15 Feb 2027." in html and "Updated at the source on 1 Dec 2026." in html
    assert "Latest value (2022)" in html and "Võru maakond: 7.1 · Eesti: 6.5" in html
    assert "Change since the baseline (2020)</dt>\n    <dd>\u22120.9" in html  # lower is better: a fall of 0.9
    assert "Distance to the target (2025)</dt>\n    <dd>1.1" in html
    assert '<span aria-hidden="true">✓</span> On track' in html  # words, not an icon or a colour alone
    assert "Municipalities in 2022" in html
    assert '<th scope="row" class="fw-normal">Vald 1</th><td class="num">6.25</td>' in html
    assert "entered by hand" not in html


def test_the_region_and_the_country_are_charted_and_tabled_by_year(client, region):
    html = _indicator_block(client.get(_urls(build(region), "en")["activity"]).content.decode())

    assert "Eesti: 2021: 6.5; 2022: 6.5." in html  # the chart's description names the country's series
    assert '<th scope="col" class="num">Võru maakond</th><th scope="col" class="num">Eesti</th>' in html
    assert '<th scope="row" class="fw-normal">2021</th><td class="num">7.6</td><td class="num">6.5</td>' in html


def test_a_typed_indicator_says_its_values_were_entered_by_hand(client, region):
    html = _indicator_block(client.get(_urls(build(region), "en")["activity"]).content.decode(), 1)

    assert "Values entered by hand." in html
    assert '<span aria-hidden="true">✗</span> Off track' in html  # 9 after a baseline of 10, the target 20
    assert "Fetched from" not in html


def test_an_indicator_without_values_after_the_baseline_says_so(client, region):
    world = build(region)
    IndicatorFactory(activity=world["activity"], baseline_year=2022, target_year=2025)

    html = _indicator_block(client.get(_urls(world, "en")["activity"]).content.decode(), 2)

    assert "No values yet after the baseline." in html


def test_an_example_source_is_marked(client, region):
    world = build(region)
    indicator = world["activity"].indicators.get(name="Töötuse määr")
    indicator.statistics_source.is_example = True
    indicator.statistics_source.save()

    html = _indicator_block(client.get(_urls(world, "en")["activity"]).content.decode())

    assert "Example data" in html


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("et", ["TT4645", "Võru maakond: 7,1 · Eesti: 6,5", "\u22120,9", "15.02.2027", "01.12.2026"]),
        ("en", ["TT4645", "Võru maakond: 7.1 · Eesti: 6.5", "\u22120.9", "15 Feb 2027", "On track"]),
        ("fi", ["TT4645", "Võru maakond: 7,1 · Eesti: 6,5", "\u22120,9", "15.2.2027", "1.12.2026"]),
    ],
)
def test_numbers_and_dates_are_written_the_readers_way(client, region, language, texts):
    response = client.get(_urls(build(region), language)["activity"])

    assert response.status_code == 200
    html = _indicator_block(response.content.decode())
    for text in texts:
        assert text in html, text


def test_the_activity_page_shows_the_status_of_each_indicator_the_section_page_links_there(client, region):
    urls = _urls(build(region), "en")
    html = client.get(urls["activity"]).content.decode()
    section = client.get(urls["section"]).content.decode()

    assert "Võru maakond: 7.1 · Eesti: 6.5" in html and "Values entered by hand." in html
    # The theme page lists each indicator with its latest value and leads to the activity for the series and status.
    assert f'href="{urls["activity"]}#indicator-' in section


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_the_municipality_page_compares_it_with_its_region_and_the_country(client, region, language):
    html = client.get(_urls(build(region), language)["municipality"]).content.decode()

    start = html.index('aria-labelledby="statistics"')
    table = html[start : html.index("</section>", start)]
    assert "Töötuse määr" in table and "TT4645" in table
    assert ("5.25" if language == "en" else "5,25") in table  # Vald 0
    assert ("Võru maakond: 7.1" if language == "en" else "Võru maakond: 7,1") in table
    assert ("Eesti: 6.5" if language == "en" else "Eesti: 6,5") in table
    assert "Osalejate arv" not in table  # typed by hand: nothing to compare


def test_a_municipality_without_bound_indicators_has_no_statistics_section(client, region):
    world = build(region)
    lonely = MunicipalityFactory(region=region, slug="uksik")
    ActivityFactory(section=world["section"], municipalities=[lonely])

    html = client.get(lonely.get_absolute_url()).content.decode()

    assert 'aria-labelledby="statistics"' not in html


# --- Queries --------------------------------------------------------------------------------------------------------


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["activity", "section", "municipality"])
def test_a_page_costs_the_same_queries_with_one_bound_indicator_and_with_many(client, page):
    small = _urls(build(RegionFactory(slug="vaike"), size=1))[page]
    large = _urls(build(RegionFactory(slug="suur"), size=5))[page]

    assert _queries(client, small) == _queries(client, large)


def test_bound_sources_cost_one_query_more_than_a_page_without_any(client, region, other_region):
    bound = _urls(build(region, size=3))["activity"]
    typed_world = build(other_region, size=3)
    for indicator in typed_world["activity"].indicators.all():
        if hasattr(indicator, "statistics_source"):
            indicator.statistics_source.delete()
    typed = _urls(typed_world)["activity"]

    # A page without any source still asks for the sources (one query); with them, their values too.
    assert _queries(client, bound) == _queries(client, typed) + 1


def test_the_chart_draws_the_country_as_a_named_line_beside_the_regions_bars():
    from xml.etree import ElementTree

    from plans.charts import indicator_chart

    indicator = IndicatorFactory.build(
        name="Töötuse määr", unit="%", baseline_value=Decimal(8), target_value=Decimal(6)
    )
    with translation.override("en"):
        svg = str(
            indicator_chart(
                indicator,
                values={2021: Decimal("7.6"), 2022: Decimal("7.1")},
                others=[("Eesti & co", {2020: Decimal("6.9"), 2022: Decimal("6.5")})],
            )
        )

    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output) - well-formed: the label is escaped
    namespace = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{namespace}polyline")) == 1
    texts = [element.text for element in root.iter(f"{namespace}text")]
    assert "Eesti & co 6.5" in texts  # named at its last point: not told apart by colour alone
    assert {"2020", "2021", "2022"} <= set(texts)  # a year only the country has is on the axis too
    assert "Eesti & co: 2020: 6.9; 2022: 6.5." in root.find(f"{namespace}desc").text
