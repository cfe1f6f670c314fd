"""Theme-section, activity, municipality and search pages: content, links, 404s and bad input."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import Comment
from core.models import Organisation
from plans.models import CooperationPlan
from projects.models import ProjectPartner
from search.selectors import highlight
from tests.factories import (
    ActivityFactory,
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ResponseFactory,
    ThemeSectionFactory,
)

pytestmark = pytest.mark.django_db


def section_url(section):
    plan = section.plan
    return reverse("plans:section", kwargs={"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug})


def activity_url(activity):
    section = activity.section
    kwargs = {"region": section.plan.region.slug, "plan": section.plan.slug, "theme": section.theme.slug}
    return reverse("plans:activity", kwargs={**kwargs, "pk": activity.pk})


@pytest.fixture
def world():
    plan = CooperationPlanFactory(status=CooperationPlan.Status.ADOPTED, slug="heaolu")
    section = ThemeSectionFactory(plan=plan, title="Õppiv inimene", challenges="Vähe koolitusi", goals="Rohkem")
    municipality = MunicipalityFactory(region=plan.region, name="Rõuge vald", slug="rouge")
    activity = ActivityFactory(
        section=section,
        title="Ühine koolitusplaan",
        municipalities=[municipality],
        person_years=Decimal("1.5"),
        budget=Decimal("12000"),
    )
    indicator = IndicatorFactory(activity=activity, name="Koolitustel osalejad", unit="inimest")
    IndicatorValueFactory(indicator=indicator, year=2023, value=Decimal("41"))
    government = OrganisationFactory(
        kind=Organisation.Kind.MUNICIPALITY, municipality=municipality, region=plan.region, name="Rõuge Vallavalitsus"
    )
    project = ProjectFactory(
        region=plan.region,
        name="Koolitusprojekt",
        activities=[activity],
        total_cost=Decimal("29952.00"),
        grant_amount=Decimal("25000.00"),
    )
    ProjectPartnerFactory(project=project, organisation=government, role=ProjectPartner.Role.PARTNER)
    return {"plan": plan, "section": section, "activity": activity, "municipality": municipality, "project": project}


def test_section_page_shows_the_theme_sheet_with_latest_values_and_projects(client, world):
    IndicatorValueFactory(indicator=world["activity"].indicators.get(), year=2022, value=Decimal("37"))
    html = client.get(section_url(world["section"])).content.decode()
    assert html.count("<h1") == 1
    for text in ["Õppiv inimene", "Vähe koolitusi", "Ühine koolitusplaan", "Koolitustel osalejad", "Koolitusprojekt"]:
        assert text in html
    indicator = world["activity"].indicators.get()
    # An overview: each indicator's latest value, linked to its whole series (chart and table) on the activity page
    assert "41 (2023)" in html and "37 (2022)" not in html
    assert f'href="{activity_url(world["activity"])}#indicator-{indicator.pk}"' in html
    series = client.get(activity_url(world["activity"])).content.decode()
    assert "<svg" in series and '<td class="num">41</td>' in series and '<td class="num">37</td>' in series


def test_plan_page_links_each_theme_to_its_section_page_with_counts(client, world):
    html = client.get(world["plan"].get_absolute_url()).content.decode()
    assert section_url(world["section"]) in html
    assert "1 mõõdik" in html  # the count, in the Estonian interface


def test_plan_page_has_a_comment_now_link_while_a_window_is_open(client, world):
    window = ConsultationWindowFactory(plan=world["plan"])
    with translation.override("en"):
        url = world["plan"].get_absolute_url()
    html = client.get(url).content.decode()
    assert f'href="{window.get_absolute_url()}"' in html
    assert "Comment now" in html


def test_activity_page_shows_every_field_and_the_published_responses_that_changed_it(client, world):
    activity = world["activity"]
    window = ConsultationWindowFactory(plan=world["plan"])
    published = CommentFactory(window=window, section=activity.section, body="Lisage Rõuge", state="published")
    ResponseFactory(comment=published, changed_activity=activity, reason="Lisatud", published_at=timezone.now())
    hidden = CommentFactory(window=window, section=activity.section, body="Salajane", state=Comment.State.PUBLISHED)
    ResponseFactory(comment=hidden, changed_activity=activity, reason="Veel mustand", published_at=None)
    html = client.get(activity_url(activity)).content.decode()
    assert html.count("<h1") == 1
    for text in ["Ühine koolitusplaan", "Rõuge vald", "Koolitustel osalejad", "Koolitusprojekt", "Lisage Rõuge"]:
        assert text in html
    assert "12\xa0000\xa0€" in html
    assert "Veel mustand" not in html


def test_municipality_page_totals_activities_and_its_governments_projects(client, world):
    municipality = world["municipality"]
    response = client.get(
        reverse("plans:municipality", kwargs={"region": municipality.region.slug, "slug": municipality.slug})
    )
    totals = response.context["totals"]
    assert totals["activities"] == 1
    assert totals["person_years"] == Decimal("1.5")
    assert totals["budget"] == Decimal("12000")
    assert totals["projects"] == 1
    assert totals["total_cost"] == Decimal("29952.00")
    assert totals["grant"] == Decimal("25000.00")
    html = response.content.decode()
    assert "Ühine koolitusplaan" in html and "Koolitusprojekt" in html


def test_region_page_links_municipalities_and_shows_totals(client, world):
    response = client.get(world["plan"].region.get_absolute_url())
    assert response.context["totals"]["activities"] == 1
    assert response.context["totals"]["projects"] == 1
    assert "/municipalities/" in response.content.decode()


def test_theme_page_counts_activities_and_indicators_per_plan(client, world):
    response = client.get(world["section"].theme.get_absolute_url())
    section = response.context["sections"][0]
    assert (section.activity_count, section.indicator_count) == (1, 1)
    assert section_url(world["section"]) in response.content.decode()


def test_draft_plans_sections_and_activities_are_hidden(client):
    activity = ActivityFactory(section__plan__status=CooperationPlan.Status.DRAFT)
    assert client.get(section_url(activity.section)).status_code == 404
    assert client.get(activity_url(activity)).status_code == 404


def test_unknown_slugs_give_404_on_every_new_page(client, world):
    plan, section, activity = world["plan"], world["section"], world["activity"]
    region = plan.region.slug
    assert client.get(f"/et/plans/{region}/{plan.slug}/nothing/").status_code == 404
    assert client.get(f"/et/plans/{region}/nothing/{section.theme.slug}/").status_code == 404
    assert client.get(f"/et/plans/nowhere/{plan.slug}/{section.theme.slug}/").status_code == 404
    assert client.get(f"/et/plans/{region}/{plan.slug}/{section.theme.slug}/activities/999999/").status_code == 404
    assert client.get(f"/et/plans/{region}/{plan.slug}/nothing/activities/{activity.pk}/").status_code == 404
    assert client.get(f"/et/municipalities/{region}/nothing/").status_code == 404
    assert client.get(f"/et/municipalities/nowhere/{world['municipality'].slug}/").status_code == 404
    assert client.get(f"/et/plans/{region}/{plan.slug}/{section.theme.slug}/activities/abc/").status_code == 404


def test_activity_of_another_section_is_not_found_under_this_one(client, world):
    other = ThemeSectionFactory(plan=world["plan"])
    kwargs = {"region": world["plan"].region.slug, "plan": world["plan"].slug, "theme": other.theme.slug}
    url = reverse("plans:activity", kwargs={**kwargs, "pk": world["activity"].pk})
    assert client.get(url).status_code == 404


# --- search ---------------------------------------------------------------------------------------------------


def test_search_finds_each_kind_and_counts_them(client, world):
    response = client.get(reverse("search"), {"q": "koolitus"})
    counts = {kind.key: kind.count for kind in response.context["results"]}
    assert counts["activities"] == 1
    assert counts["projects"] == 1
    assert counts["plans"] == 0
    assert response.context["total"] == sum(counts.values())
    html = response.content.decode()
    assert "<mark>koolitus</mark>" in html.lower()
    assert activity_url(world["activity"]) in html


def test_search_needs_every_word_and_ignores_case(client, world):
    response = client.get(reverse("search"), {"q": "ÜHINE koolitusplaan"})
    assert {kind.key: kind.count for kind in response.context["results"]}["activities"] == 1
    response = client.get(reverse("search"), {"q": "ühine olematu"})
    assert response.context["total"] == 0


def test_search_does_not_show_drafts(client):
    ActivityFactory(section__plan__status=CooperationPlan.Status.DRAFT, title="Salajane tegevus")
    response = client.get(reverse("search"), {"q": "Salajane"})
    assert response.context["total"] == 0


def test_search_highlighting_escapes_html_in_content(client):
    ActivityFactory(section__plan__status=CooperationPlan.Status.ADOPTED, title="<script>alert(1)</script> kool")
    html = client.get(reverse("search"), {"q": "script"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;<mark>script</mark>&gt;" in html


def test_highlight_marks_every_match_and_escapes_the_rest():
    assert highlight("a <b> Kool ja kool", ["kool"]) == "a &lt;b&gt; <mark>Kool</mark> ja <mark>kool</mark>"
    assert highlight("x" * 500, ["y"]).endswith("…")


@pytest.mark.parametrize("query", ["", "   ", "x" * 201, "()*&"])
def test_empty_too_long_or_wordless_query_gets_a_message_not_an_error(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert response.context["error"]
    assert 'role="alert"' in response.content.decode()


def test_search_page_without_a_query_shows_the_form(client):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert response.context["error"] is None
    assert 'role="search"' in response.content.decode()


@pytest.mark.parametrize("query", ["' OR 1=1 --", "%", "_", "\\", "a&b|c", "<mark>", "\x00"])
def test_odd_queries_answer_200(client, query):
    assert client.get(reverse("search"), {"q": query}).status_code == 200


def test_every_page_has_a_labelled_search_form_in_the_header(client):
    html = client.get(reverse("home")).content.decode()
    assert '<form class="site-search" role="search"' in html
    assert '<label for="site-search-q"' in html
