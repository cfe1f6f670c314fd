from django.db.models import Count, Q
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
    activities_for_page,
    get_activity_for_user,
    get_plan_for_user,
    get_section_for_user,
    latest_progress_counts,
    municipality_overview,
    newest_first,
    open_windows_of_plan,
    plan_sections_with_counts,
    plan_totals,
    progress_with_evidence,
    public_projects,
    region_totals,
    visible_plans,
)

REGION_PAGE_PROJECTS = 10
PLAN_PAGE_CHANGE_SETS = 5


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
        "projects": plan.region.projects.public()
        .filter(activities__section__plan=plan)
        .select_related("funder")
        .distinct(),
        # The newest few; the changelog has them all. What each changed is its own page's business.
        "change_sets": published_change_sets(plan).defer("published_changes")[:PLAN_PAGE_CHANGE_SETS],
    }
    return render(request, "plans/plan_detail.html", context)


@public_page_cache
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("region", "municipality"), slug=slug)
    activities = (
        Activity.objects.filter(
            Q(responsible_organisation=organisation) | Q(partner_organisations=organisation),
            SHOWN_ACTIVITY,
            section__plan__in=visible_plans(request.user),
        )
        .select_related("section__plan__region", "section__theme", "responsible_organisation")
        .distinct()
    )
    context = {
        "organisation": organisation,
        "led_plans": visible_plans(request.user).filter(lead_organisation=organisation),
        "activities": activities,
        "project_roles": organisation.project_roles.filter(project__archived=False).select_related(
            "project__region", "project__funder"
        ),
    }
    return render(request, "plans/organisation_detail.html", context)


@public_page_cache
def section_detail(request, region, plan, theme):
    """The web twin of the theme sheet: one theme of one plan, with its activities, indicators and projects."""
    section = get_section_for_user(request.user, region_slug=region, plan_slug=plan, theme_slug=theme)
    activities = list(
        activities_for_page().prefetch_related(*PROGRESS).filter(section=section, archived_at__isnull=True)
    )
    projects = {project.pk: project for activity in activities for project in activity.projects.all()}
    context = {
        "plan": section.plan,
        "section": section,
        "activities": activities,
        "indicators": [indicator for activity in activities for indicator in activity.indicators.all()],
        "projects": newest_first(projects.values()),
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
    context = {"municipality": municipality, **municipality_overview(request.user, municipality)}
    # The same projects as the page's table (its government takes part), charted; by municipality would be one bar.
    projects = public_projects().filter(
        partners__organisation__municipality=municipality, partners__organisation__kind=Organisation.Kind.MUNICIPALITY
    )
    context["figures"] = funding_figures(projects, groups=("theme", "funder", "year"))
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
