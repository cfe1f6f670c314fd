"""Content keeps its own language (WCAG 3.1.2): Estonian plan text, comments, answers, project, organisation and
window names on the English and Finnish pages sit in an element marked lang="et", so that a screen reader reads
them in Estonian; on the Estonian pages nothing needs marking."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.templatetags.portal import content_lang
from plans.models import CooperationPlan
from tests.factories import (
    ActivityFactory,
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    IndicatorFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    ResponseFactory,
    ThemeFactory,
    ThemeSectionFactory,
    WorkshopFactory,
)
from tests.i18n.html_language import runs_not_in


@pytest.fixture
def estonian_world(db):
    region = RegionFactory(slug="vorumaa", name="Võrumaa")
    organisation = OrganisationFactory(name="Võrumaa Arenduskeskus", region=region)
    plan = CooperationPlanFactory(
        region=region,
        slug="koostookava",
        title="Võru maakonna heaolu koostöökava",
        lead_organisation=organisation,
        status=CooperationPlan.Status.CONSULTATION,
    )
    section = ThemeSectionFactory(plan=plan, title="Väärikas vananemine", intro="Eakate iseseisev elu kodus.")
    activity = ActivityFactory(
        section=section, title="Külavanemate võrgustik", description="Kogukonnatöötajate ühine võrgustik."
    )
    IndicatorFactory(activity=activity, name="Üksi elavate eakate osakaal")
    window = ConsultationWindowFactory(plan=plan, title="Koostöökava avalik arutelu", sections=[section])
    WorkshopFactory(window=window, title="Veebitöötuba eakate teemal")
    comment = CommentFactory(
        window=window, section=section, body="Eakate transport vajab valdade ühist kokkulepet.", state="published"
    )
    ResponseFactory(comment=comment, reason="Arvestatud, täiendasime tegevuste loetelu.", published_at=timezone.now())
    project = ProjectFactory(region=region, name="Lääne-Viru heaolu analüüs", activities=[activity])
    return {
        "region": region,
        "plan": plan,
        "section": section,
        "activity": activity,
        "window": window,
        "project": project,
        "texts": [
            organisation.name,
            plan.title,
            section.title,
            section.intro,
            activity.title,
            activity.description,
            "Üksi elavate eakate osakaal",
            window.title,
            "Veebitöötuba eakate teemal",
            comment.body,
            "Arvestatud, täiendasime tegevuste loetelu.",
            project.name,
            section.theme.description,
        ],
    }


PAGES = {
    "window": lambda w: w["window"].get_absolute_url(),
    "plan": lambda w: w["plan"].get_absolute_url(),
    "section": lambda w: reverse(
        "plans:section",
        kwargs={"region": "vorumaa", "plan": "koostookava", "theme": w["section"].theme.slug},
    ),
    "activity": lambda w: w["activity"].get_absolute_url(),
    "project list": lambda w: reverse("projects:list"),
    "project": lambda w: w["project"].get_absolute_url(),
    "themes": lambda w: reverse("themes:index"),
    "theme": lambda w: w["section"].theme.get_absolute_url(),
    "region": lambda w: w["region"].get_absolute_url(),
    "home": lambda w: reverse("home"),
    "search": lambda w: reverse("search") + "?q=eakate",
    "feedback": lambda w: reverse(
        "consultations:feedback", kwargs={"region": "vorumaa", "plan": "koostookava", "window": w["window"].pk}
    ),
    "organisation": lambda w: w["plan"].lead_organisation.get_absolute_url(),
}


@pytest.mark.parametrize("language", ["en", "fi"])
@pytest.mark.parametrize("page", PAGES)
def test_estonian_content_on_english_and_finnish_pages_is_marked_as_estonian(client, estonian_world, page, language):
    with translation.override(language):
        url = PAGES[page](estonian_world)

    response = client.get(url)

    assert response.status_code == 200, url
    html = response.content.decode()
    assert any(text in html for text in estonian_world["texts"]), url
    unmarked = runs_not_in(html, "et", estonian_world["texts"])
    assert unmarked == [], "\n".join(f"{lang or '(page)'}: {run}" for run, lang in unmarked)


def test_content_lang_marks_content_only_where_the_page_is_in_another_language():
    with translation.override("et"):
        assert content_lang("et") == ""
        assert content_lang("fi") == ' lang="fi"'
    with translation.override("en"):
        assert content_lang(CooperationPlan(language="et")) == ' lang="et"'
        assert content_lang("") == ""


def test_content_written_in_finnish_is_marked_on_estonian_pages(client, db):
    region = RegionFactory(slug="pohjois-karjala", name="Pohjois-Karjala", country="FI", language="fi")
    plan = CooperationPlanFactory(
        region=region,
        slug="hyvinvointisuunnitelma",
        title="Pohjois-Karjalan hyvinvointisuunnitelma",
        language="fi",
        status=CooperationPlan.Status.ADOPTED,
    )

    response = client.get(region.get_absolute_url())

    assert runs_not_in(response.content.decode(), "fi", [plan.title]) == []


def test_a_theme_without_a_name_in_the_interface_language_shows_its_estonian_name_marked(client, db):
    ThemeFactory(name_et="Kogukonna turvalisus", name_fi="")
    with translation.override("fi"):
        html = client.get(reverse("themes:index")).content.decode()

    assert runs_not_in(html, "et", ["Kogukonna turvalisus"]) == []
