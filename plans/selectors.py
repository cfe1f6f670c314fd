"""Reads of plans that more than one page needs, shaped so each page costs a fixed number of queries."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404

from core.access import ANY_ROLE, require_role
from core.models import Municipality, Organisation, Region, RegionRole

from .models import Activity, CooperationPlan, Indicator, IndicatorValue, ThemeSection

# Archived sections and activities are kept (comments and projects may refer to them) but never shown publicly.
SHOWN_ACTIVITY = Q(archived_at__isnull=True, section__archived_at__isnull=True)


def _readable_plans(user) -> QuerySet[CooperationPlan]:
    plans = CooperationPlan.objects.select_related("region", "lead_organisation")
    if not user.is_authenticated or not user.is_active:
        return plans.public()
    if user.is_superuser:
        return plans
    own_regions = RegionRole.objects.filter(user=user).values("region")
    return plans.filter(~Q(status=CooperationPlan.Status.DRAFT) | Q(region__in=own_regions))


def visible_plans(user) -> QuerySet[CooperationPlan]:
    """Plans this user may read: visitors everything but drafts; staff also the drafts of their regions (as a
    preview), a superuser every draft. No extra query: the roles are a subquery. Change sets' working copies are
    not listed anywhere (their change set's pages link to their preview)."""
    return _readable_plans(user).originals()


def get_plan_for_user(user, *, region_slug: str, plan_slug: str) -> CooperationPlan:
    """A plan the user may read, by its address: for staff also a change set's working copy (its preview)."""
    try:
        return _readable_plans(user).get(region__slug=region_slug, slug=plan_slug)
    except CooperationPlan.DoesNotExist:
        raise Http404("No such plan") from None


def activities_with_parts() -> QuerySet[Activity]:
    """Activities with everything a table row shows: organisations, municipalities, indicators and values."""
    return Activity.objects.select_related("responsible_organisation").prefetch_related(
        "partner_organisations",
        "municipalities",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
    )


def indicators_with_latest_value() -> QuerySet[Indicator]:
    """Indicators with their latest yearly value (``latest_year``, ``latest_value``; None before any), computed in
    the database: overview pages show it, the activity's page the whole series."""
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-year")
    return Indicator.objects.annotate(
        latest_year=Subquery(latest.values("year")[:1]), latest_value=Subquery(latest.values("value")[:1])
    )


def activities_for_overview() -> QuerySet[Activity]:
    """Activities with what an overview's table row shows: organisations, municipalities, and their indicators
    with the latest value only."""
    return Activity.objects.select_related("responsible_organisation").prefetch_related(
        "partner_organisations",
        "municipalities",
        Prefetch("indicators", queryset=indicators_with_latest_value()),
    )


# How many of the summed activities hold illustrative figures: the totals are marked when any does.
EXAMPLES = Count("pk", filter=Q(is_example=True))


def shown_activities() -> QuerySet[Activity]:
    return Activity.objects.filter(SHOWN_ACTIVITY)


def plan_sections(plan: CooperationPlan):
    return (
        plan.sections.filter(archived_at__isnull=True)
        .select_related("theme", "lead_organisation")
        .prefetch_related(Prefetch("activities", queryset=activities_with_parts().filter(archived_at__isnull=True)))
    )


def plan_totals(plan: CooperationPlan) -> dict:
    return (
        shown_activities()
        .filter(section__plan=plan)
        .aggregate(activities=Count("pk"), person_years=Sum("person_years"), budget=Sum("budget"), examples=EXAMPLES)
    )


def regions_with_counts() -> QuerySet[Region]:
    """Regions with the number of public plans and of municipalities, for lists of regions."""
    return Region.objects.annotate(
        plan_count=Count("plans", filter=~Q(plans__status=CooperationPlan.Status.DRAFT), distinct=True),
        municipality_count=Count("municipalities", distinct=True),
    )


# Models of the apps to the right (consultations, projects) are reached through the reverse relations they
# declare on this app's models, so that plans never imports them.
def _project_model():
    return Region.projects.rel.related_model


def _window_model():
    return CooperationPlan.consultation_windows.rel.related_model


def public_projects():
    return _project_model().objects.public()


def plan_sections_with_counts(plan: CooperationPlan):
    """The plan's sections for its page, each with its activities (the titles the page lists; the theme's own
    page shows their details) and the number of its activities and indicators."""
    activities = Activity.objects.filter(archived_at__isnull=True).defer("description", "rationale")
    return (
        plan.sections.filter(archived_at__isnull=True)
        .select_related("theme", "lead_organisation")
        .prefetch_related(Prefetch("activities", queryset=activities))
        .annotate(
            activity_count=Count("activities", filter=Q(activities__archived_at__isnull=True), distinct=True),
            indicator_count=Count(
                "activities__indicators", filter=Q(activities__archived_at__isnull=True), distinct=True
            ),
        )
    )


def plan_projects(plan: CooperationPlan, section: ThemeSection | None = None) -> QuerySet:
    """The public projects serving the plan's activities (or those of one of its sections shown, when given), each
    once, newest first."""
    links = Activity.projects.through.objects.filter(project=OuterRef("pk"), activity__section__plan=plan)
    if section is not None:
        links = links.filter(activity__section=section, activity__archived_at__isnull=True)
    return public_projects().filter(Exists(links)).order_by(NEWEST_FIRST, "name", "pk")


def get_section_for_user(user, *, region_slug: str, plan_slug: str, theme_slug: str) -> ThemeSection:
    plan = get_plan_for_user(user, region_slug=region_slug, plan_slug=plan_slug)
    try:
        section = (
            plan.sections.filter(archived_at__isnull=True)
            .select_related("theme", "lead_organisation")
            .get(theme__slug=theme_slug)
        )
    except ThemeSection.DoesNotExist:
        raise Http404("No such theme section") from None
    section.plan = plan
    return section


# The statistics sources bound to indicators and their fetched values (the monitoring app's, reached through the
# reverse relations' names: plans does not import it); the indicator block shows them (monitoring's template tags).
# One query each, whatever the number of indicators.
INDICATOR_STATISTICS = ("indicators__statistics_source__values",)


def activities_for_page() -> QuerySet[Activity]:
    """Activities with their parts, their indicators' statistics and the public projects serving them."""
    return activities_with_parts().prefetch_related(
        *INDICATOR_STATISTICS,
        Prefetch(
            "projects", queryset=public_projects().select_related("funder", "region").order_by(NEWEST_FIRST, "name")
        ),
    )


# The yearly progress reports of activities (the monitoring app's, reached through the reverse relation
# ``activity.progress``: plans does not import it). A list shows each activity's latest status; the activity's
# own page every year with its evidence. One query per lookup, whatever the number of rows.
PROGRESS = ("progress",)


def progress_with_evidence(activity: Activity) -> list:
    """The activity's progress reports, oldest year first, each with ``shown_projects`` (its public evidence
    projects) and ``shown_links``. Three queries, also when there is no report: unlike a prefetch, which skips its
    inner queries then, the page costs the same before and after the first report."""
    progress_model = Activity.progress.rel.related_model
    reports = list(progress_model.objects.filter(activity=activity).order_by("year"))
    by_id = {report.pk: report for report in reports}
    for report in reports:
        report.shown_projects, report.shown_links = [], []
    projects = (
        public_projects()
        .filter(progress_reports__activity=activity)
        .annotate(report_id=F("progress_reports"))
        .select_related("region")
        .order_by("name", "pk")
    )
    for project in projects:
        by_id[project.report_id].shown_projects.append(project)
    links = progress_model.links.rel.related_model.objects.filter(progress__activity=activity)
    for link in links.order_by("progress_id", "position", "pk"):
        by_id[link.progress_id].shown_links.append(link)
    return reports


def latest_progress_counts(activities: Iterable[Activity]) -> dict | None:
    """For activities with ``progress`` prefetched: the latest year anything was reported for, and how many of
    them are in each status that year ({"year", "rows": [(status, label, count)], "examples"}); None before any
    report. No query."""
    reports = [report for activity in activities for report in activity.progress.all()]
    if not reports:
        return None
    year = max(report.year for report in reports)
    of_year = [report for report in reports if report.year == year]
    choices = type(of_year[0])._meta.get_field("status").choices
    rows = [(value, label, sum(report.status == value for report in of_year)) for value, label in choices]
    return {
        "year": year,
        "rows": [row for row in rows if row[2]],
        "total": len(of_year),
        "examples": any(report.is_example for report in of_year),
    }


def get_activity_for_user(user, *, region_slug: str, plan_slug: str, theme_slug: str, pk: int) -> Activity:
    section = get_section_for_user(user, region_slug=region_slug, plan_slug=plan_slug, theme_slug=theme_slug)
    try:
        activity = activities_for_page().get(section=section, pk=pk, archived_at__isnull=True)
    except Activity.DoesNotExist:
        raise Http404("No such activity") from None
    activity.section = section
    return activity


def open_windows_of_plan(plan: CooperationPlan, now=None) -> list:
    return list(plan.consultation_windows.open_now(now))


# Projects newest first; those whose start is not known last (PostgreSQL would put NULLs first when descending).
NEWEST_FIRST = F("start_date").desc(nulls_last=True)


def newest_first(projects) -> list:
    """Projects already fetched, in NEWEST_FIRST order."""
    projects = list(projects)
    dated = sorted((project for project in projects if project.start_date), key=lambda p: p.start_date, reverse=True)
    return dated + [project for project in projects if not project.start_date]


def known_sum(rows, attribute: str) -> tuple[Decimal | None, int]:
    """The sum of the amounts that are known, and how many are not; the sum is None when none of them is known."""
    values = [getattr(row, attribute) for row in rows]
    known = [value for value in values if value is not None]
    total = sum(known, Decimal(0)) if known or not values else None
    return total, len(values) - len(known)


def bound_indicators() -> tuple:
    """Prefetches of an activity's indicators bound to a statistics source (``activity.bound_indicators``), with the
    source and its values, by the relations' names: the municipality's page compares it with its region and the
    country. Two queries."""
    bound = Indicator.objects.filter(statistics_source__isnull=False).select_related("statistics_source")
    return (
        Prefetch("indicators", queryset=bound, to_attr="bound_indicators"),
        "bound_indicators__statistics_source__values",
    )


MUNICIPALITY_PAGE_PROJECTS = 10


def municipality_overview(user, municipality: Municipality, plan_slug: str | None = None) -> dict:
    """Everything a municipality takes part in: plan activities, its government's projects, open consultations.

    The totals count every plan's activities and every project, in the database. The page lists the activities of
    one plan at a time (``plan_slug``; by default the newest adopted one, else the newest), with the other plans and
    how many activities each has; and the newest projects, the registry has them all.

    An activity's budget is the whole activity's, whichever municipalities share it: each activity carries
    ``municipality_count`` and the totals count the ``shared`` ones, so that the page can say so.
    """
    links = Activity.municipalities.through.objects.filter(activity=OuterRef("pk")).order_by()
    taking_part = municipality.activities.filter(SHOWN_ACTIVITY, section__plan__in=visible_plans(user))
    shown = taking_part.annotate(
        municipality_count=Subquery(
            links.values("activity").annotate(count=Count("pk")).values("count"), output_field=IntegerField()
        )
    )
    activity_totals = shown.aggregate(
        activities=Count("pk"),
        person_years=Sum("person_years"),
        budget=Sum("budget"),
        shared=Count("pk", filter=Q(municipality_count__gt=1)),
        examples=EXAMPLES,
    )
    per_plan = taking_part.filter(section__plan=OuterRef("pk")).order_by().values("section__plan")
    plans = list(
        visible_plans(user)
        .filter(pk__in=taking_part.values("section__plan"))
        .annotate(
            municipality_activities=Subquery(
                per_plan.annotate(count=Count("pk")).values("count"), output_field=IntegerField()
            )
        )
        .order_by("-start_year", "title", "pk")
    )
    adopted = [plan for plan in plans if plan.status == CooperationPlan.Status.ADOPTED]
    chosen = next((plan for plan in plans if plan.slug == plan_slug), None) or next(iter(adopted or plans), None)
    activities = list(
        shown.filter(section__plan=chosen)
        .select_related("section__plan__region", "section__theme", "responsible_organisation")
        .prefetch_related(*PROGRESS, *bound_indicators())
        .order_by("section__position", "position", "pk")
    )
    groups = []
    for activity in activities:
        if groups and groups[-1]["section"].pk == activity.section_id:
            groups[-1]["activities"].append(activity)
        else:
            groups.append({"section": activity.section, "activities": [activity]})
    all_projects = public_projects().filter(
        partners__organisation__municipality=municipality,
        partners__organisation__kind=Organisation.Kind.MUNICIPALITY,
    )
    project_totals = _project_totals(_project_model().objects.filter(pk__in=all_projects.values("pk")))
    projects = (
        public_projects()
        .filter(pk__in=all_projects.values("pk"))
        .select_related("region", "funder")
        .order_by(NEWEST_FIRST, "name", "pk")[:MUNICIPALITY_PAGE_PROJECTS]
    )
    windows = (
        _window_model()
        .objects.open_now()
        .filter(plan__in=visible_plans(user).filter(region=municipality.region_id))
        .select_related("plan__region")
    )
    return {
        "plans": plans,
        "plan": chosen,
        "groups": groups,
        "activities": activities,
        "bound_indicators": [indicator for activity in activities for indicator in activity.bound_indicators],
        "projects": projects,
        "all_projects": all_projects,  # every project its government takes part in, for the page's charts
        "windows": windows,
        "totals": {
            **activity_totals,
            "person_years": activity_totals["person_years"] or Decimal(0),
            "budget": activity_totals["budget"] or Decimal(0),
            **project_totals,
        },
    }


def _project_totals(projects) -> dict:
    """The count of the projects and the sums of their money, in the database. A project whose money is not known
    adds nothing and is counted (the page says how many): never a made-up 0; no project at all sums to zero, all
    unknown to None ("not known")."""
    # Aggregates are named apart from the fields: an aggregate named like a field hides it from the others.
    sums = projects.aggregate(
        count=Count("pk"),
        cost_sum=Sum("total_cost"),
        grant_sum=Sum("grant_amount"),
        cost_unknown=Count("pk", filter=Q(total_cost__isnull=True)),
        grant_unknown=Count("pk", filter=Q(grant_amount__isnull=True)),
    )
    nothing = Decimal(0) if not sums["count"] else None
    return {
        "projects": sums["count"],
        "total_cost": sums["cost_sum"] if sums["cost_sum"] is not None else nothing,
        "total_cost_unknown": sums["cost_unknown"],
        "grant": sums["grant_sum"] if sums["grant_sum"] is not None else nothing,
        "grant_unknown": sums["grant_unknown"],
    }


def region_totals(user, region: Region) -> dict:
    activities = (
        shown_activities()
        .filter(section__plan__in=visible_plans(user).filter(region=region))
        .aggregate(activities=Count("pk"), person_years=Sum("person_years"), budget=Sum("budget"), examples=EXAMPLES)
    )
    return {**activities, **_project_totals(region.projects.public())}


def get_plan_for_staff(user, *, region_slug: str, plan_slug: str, roles: Iterable[str] = ANY_ROLE) -> CooperationPlan:
    """A plan of any status (drafts too), if the user holds one of the roles in its region."""
    try:
        plan = CooperationPlan.objects.select_related("region", "lead_organisation").get(
            region__slug=region_slug, slug=plan_slug
        )
    except CooperationPlan.DoesNotExist:
        raise Http404("No such plan") from None
    require_role(user, plan.region_id, roles)
    return plan
