"""A small world for the progress tests: a plan of 2024–2027 in Võrumaa with two activities of two organisations,
the people who may or may not report on them, and the addresses of the pages."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation

from core.models import RegionRole
from plans.models import CooperationPlan
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    OrganisationFactory,
    ProjectFactory,
    RegionFactory,
    RegionRoleFactory,
    ThemeSectionFactory,
    UserFactory,
)

Role = RegionRole.Role


@dataclass
class World:
    region: object
    plan: object
    section: object
    activity: object
    other_activity: object
    organisation: object
    other_organisation: object
    project: object
    other_region_project: object
    editor: object
    reporter: object
    other_reporter: object
    outsider: object
    viewer: object


def build_world() -> World:
    region = RegionFactory(slug="vorumaa", name="Võrumaa")
    other_region = RegionFactory(slug="tartumaa", name="Tartumaa")
    plan = CooperationPlanFactory(
        region=region, slug="kava", start_year=2024, end_year=2027, status=CooperationPlan.Status.ADOPTED
    )
    section = ThemeSectionFactory(plan=plan)
    organisation = OrganisationFactory(region=region, name="Võrumaa Arenduskeskus")
    other_organisation = OrganisationFactory(region=region, name="Võru Vald")
    activity = ActivityFactory(
        section=section,
        title="Eakate nõustamine",
        responsible_organisation=organisation,
        start_year=2024,
        end_year=2027,
    )
    other_activity = ActivityFactory(
        section=section,
        title="Noorte tugi",
        responsible_organisation=other_organisation,
        start_year=2024,
        end_year=2027,
    )
    project = ProjectFactory(region=region, name="Nõustamise projekt", activities=[activity])
    ProjectFactory(region=region, name="Aaa muu projekt")
    other_region_project = ProjectFactory(region=other_region, name="Tartu projekt")

    def role(username, region_, role_, organisation_=None):
        return RegionRoleFactory(
            user=UserFactory(username=username), region=region_, role=role_, organisation=organisation_
        ).user

    return World(
        region=region,
        plan=plan,
        section=section,
        activity=activity,
        other_activity=other_activity,
        organisation=organisation,
        other_organisation=other_organisation,
        project=project,
        other_region_project=other_region_project,
        editor=role("toimetaja", region, Role.EDITOR),
        reporter=role("aruandja", region, Role.REPORTER, organisation),
        other_reporter=role("vallaaruandja", region, Role.REPORTER, other_organisation),
        outsider=role("tartu", other_region, Role.EDITOR),
        viewer=role("vaatleja", region, Role.VIEWER),
    )


def overview_url(world: World, year: int, language: str = "en") -> str:
    with translation.override(language):
        return reverse("monitoring-staff:progress", kwargs={"region": "vorumaa", "plan": world.plan.slug, "year": year})


def edit_url(world: World, year: int, activity=None, language: str = "en") -> str:
    activity = activity or world.activity
    with translation.override(language):
        return reverse(
            "monitoring-staff:progress-edit",
            kwargs={"region": "vorumaa", "plan": world.plan.slug, "activity": activity.pk, "year": year},
        )


def form_data(**changes) -> dict:
    data = {
        "version": "0",
        "status": "on_track",
        "account": "Nõustati **40** eakat.",
        "money_spent": "1 234,5",
        "person_years_used": "0,75",
        "is_example": "",
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "20",
        "links-0-title": "Aastaaruanne 2025",
        "links-0-url": "https://vorumaa.ee/aruanne-2025.pdf",
        "links-1-title": "",
        "links-1-url": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
