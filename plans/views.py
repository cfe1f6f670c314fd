from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.models import Municipality, Organisation, Region
from core.page_cache import public_page_cache

from .changelog import published_change_sets
from .charts import funding_figures
from .documents import plan_downloads
from .history import changes_baseline, plan_changes_since
from .models import Activity, CooperationPlan
from .selectors import (
    NEWEST_FIRST,
    PROGRESS,
    SHOWN_ACTIVITY,
    activities_for_overview,
    get_activity_for_user,
    get_plan_for_user,
    get_section_for_user,
    latest_progress_counts,
    municipality_overview,
    open_windows_of_plan,
    plan_projects,
    plan_sections_with_counts,
    plan_totals,
    progress_with_evidence,
    region_totals,
    visible_plans,
)

REGION_PAGE_PROJECTS = 10
PLAN_PAGE_CHANGE_SETS = 5
PLAN_PAGE_PROJECTS = 10
SECTION_PAGE_PROJECTS = 10
PLAN_PROJECTS_PER_PAGE = 50
ORGANISATION_PAGE_ACTIVITIES = 50


@public_page_cache
def region_detail(request, region):
    region = get_object_or_404(Region, slug=region)
    plans = visible_plans(request.user).filter(region=region)
    municipalities = region.municipalities.annotate(
        activity_count=Count(
            "activities",
            filter=Q(activities__archived_at__isnull=True, activities__section__archived_at__isnull=True),
            distinct=True,
        )
    )
    # Windows come through the plans' reverse relation: this app does not import consultations.
    now = timezone.now()
    windows = [
        window
        for plan in plans.prefetch_related("consultation_windows")
        for window in plan.consultation_windows.all()
        if window.is_open(now)
    ]
    # The newest few; the registry, filtered by region, has them all (a region can have hundreds).
    projects = region.projects.public().select_related("funder").order_by(NEWEST_FIRST, "name")[:REGION_PAGE_PROJECTS]
    context = {
        "region": region,
        "plans": plans,
        "municipalities": municipalities,
        "windows": windows,
        "projects": projects,
        "totals": region_totals(request.user, region),
        "figures": funding_figures(region.projects.public()),
    }
    return render(request, "plans/region_detail.html", context)


@public_page_cache
def plan_detail(request, region, plan):
    plan = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    sections = plan_sections_with_counts(plan).prefetch_related(*(f"activities__{lookup}" for lookup in PROGRESS))
    projects = plan_projects(plan).select_related("region", "funder")
    windows = plan.consultation_windows.prefetch_related("sections", "workshops")
    now = timezone.now()
    context = {
        "plan": plan,
        "sections": sections,
        "milestones": plan.milestones.all(),
        "basis_documents": plan.basis_documents.all(),
        "totals": plan_totals(plan),
        "progress": latest_progress_counts(activity for section in sections for activity in section.activities.all()),
        "open_windows": [window for window in windows if window.is_open(now)],
        # Windows that have opened, each with its public feedback table (the same rows: no extra query).
        "consultations": [window for window in windows if window.opens_at <= now],
        "downloads": plan_downloads(plan=plan, sections=sections, windows=windows),
        # The newest few; the plan's own list of projects has them all (a plan can have hundreds).
        "projects": projects[:PLAN_PAGE_PROJECTS],
        "project_count": projects.count(),
        # The newest few; the changelog has them all. What each changed is its own page's business.
        "change_sets": published_change_sets(plan).defer("published_changes")[:PLAN_PAGE_CHANGE_SETS],
    }
    return render(request, "plans/plan_detail.html", context)


@public_page_cache
@require_safe
def plan_projects_list(request, region, plan):
    """Every public project serving the plan, a page at a time, newest first (the plan's page shows the newest)."""
    plan = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    section = None
    if theme := request.GET.get("theme"):  # ?theme=<slug>: those serving one theme's activities
        section = plan.sections.filter(archived_at__isnull=True, theme__slug=theme).select_related("theme").first()
        if section is None:
            raise Http404("No such theme section")
    projects = plan_projects(plan, section).select_related("region", "funder")
    page = Paginator(projects, PLAN_PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    filter_query = f"theme={section.theme.slug}" if section else ""
    context = {"plan": plan, "section": section, "page": page, "filter_query": filter_query}
    return render(request, "plans/plan_projects.html", context)


@public_page_cache
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("region", "municipality"), slug=slug)
    # Responsible or partner: a subquery of the partnerships rather than a join (which would need DISTINCT).
    partner_in = Activity.partner_organisations.through.objects.filter(organisation=organisation).values("activity")
    activities = (
        Activity.objects.filter(
            Q(responsible_organisation=organisation) | Q(pk__in=partner_in),
            SHOWN_ACTIVITY,
            section__plan__in=visible_plans(request.user),
        )
        .select_related("section__plan__region", "section__theme")
        .order_by("-section__plan__start_year", "section__plan__title", "section__position", "position", "pk")
    )
    context = {
        "organisation": organisation,
        "led_plans": visible_plans(request.user).filter(lead_organisation=organisation),
        # A development centre takes part in hundreds: a page at a time, the newest plans first.
        "activities": Paginator(activities, ORGANISATION_PAGE_ACTIVITIES).get_page(request.GET.get("page")),
        "project_roles": organisation.project_roles.filter(project__archived=False).select_related(
            "project__region", "project__funder"
        ),
    }
    return render(request, "plans/organisation_detail.html", context)


@public_page_cache
def section_detail(request, region, plan, theme):
    """The web twin of the theme sheet: one theme of one plan, with its activities, indicators and projects."""
    section = get_section_for_user(request.user, region_slug=region, plan_slug=plan, theme_slug=theme)
    # Indicators with their latest value: the activity's page has each one's series, chart and statistics.
    activities = list(
        activities_for_overview().prefetch_related(*PROGRESS).filter(section=section, archived_at__isnull=True)
    )
    projects = plan_projects(section.plan, section).select_related("region", "funder")
    context = {
        "plan": section.plan,
        "section": section,
        "activities": activities,
        "indicator_count": sum(len(activity.indicators.all()) for activity in activities),
        # The newest few; the plan's list of projects, for this theme, has them all.
        "projects": projects[:SECTION_PAGE_PROJECTS],
        "project_count": projects.count(),
        "siblings": section.plan.sections.filter(archived_at__isnull=True).select_related("theme"),
        "open_windows": open_windows_of_plan(section.plan),
    }
    return render(request, "plans/section_detail.html", context)


@public_page_cache
def activity_detail(request, region, plan, theme, pk):
    activity = get_activity_for_user(request.user, region_slug=region, plan_slug=plan, theme_slug=theme, pk=pk)
    responses = (
        activity.responses.filter(published_at__lte=timezone.now(), comment__state="published")
        .select_related("comment", "change_set__plan__region")
        .order_by("-published_at")
    )
    context = {
        "plan": activity.section.plan,
        "section": activity.section,
        "activity": activity,
        "indicators": activity.indicators.all(),
        "projects": activity.projects.all(),  # prefetched: public projects only (selectors.activities_for_page)
        "responses": responses,
        "progress_reports": progress_with_evidence(activity),
    }
    return render(request, "plans/activity_detail.html", context)


@public_page_cache
def municipality_detail(request, region, slug):
    municipality = get_object_or_404(Municipality.objects.select_related("region"), region__slug=region, slug=slug)
    overview = municipality_overview(request.user, municipality, plan_slug=request.GET.get("plan"))
    context = {"municipality": municipality, **overview}
    # The same projects as the page's table (its government takes part), charted; by municipality would be one bar.
    context["figures"] = funding_figures(overview["all_projects"], groups=("theme", "funder", "year"))
    return render(request, "plans/municipality_detail.html", context)


@public_page_cache
@require_safe
def plan_changes(request, region, plan):
    # Public content only: drafts are nobody's business yet, and no names of staff are shown.
    plan = get_object_or_404(CooperationPlan.objects.public().select_related("region"), region__slug=region, slug=plan)
    since, window = changes_baseline(plan=plan)
    # A plan whose history starts after the baseline (entered or imported later) cannot be compared with its
    # state then: saying so beats listing all of it as added.
    history_known = since is not None and plan.history.filter(history_date__lte=since).exists()
    groups = plan_changes_since(plan=plan, since=since) if history_known else []
    context = {"plan": plan, "since": since, "window": window, "history_known": history_known, "groups": groups}
    return render(request, "plans/plan_changes.html", context)
