from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Activity, Organisation, Region
from .selectors import get_plan_for_user, plan_sections, plan_totals, visible_plans


def region_detail(request, region):
    region = get_object_or_404(Region, slug=region)
    plans = visible_plans(request.user).filter(region=region)
    municipalities = region.municipalities.annotate(activity_count=Count("activities", distinct=True))
    # Windows come through the plans' reverse relation: this app does not import consultations.
    now = timezone.now()
    windows = [
        window
        for plan in plans.prefetch_related("consultation_windows")
        for window in plan.consultation_windows.all()
        if window.is_open(now)
    ]
    projects = region.projects.public().select_related("funder").order_by("-start_date")
    return render(
        request,
        "plans/region_detail.html",
        {"region": region, "plans": plans, "municipalities": municipalities, "windows": windows, "projects": projects},
    )


def plan_detail(request, region, plan):
    plan = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    sections = plan_sections(plan)
    windows = plan.consultation_windows.prefetch_related("sections", "workshops")
    now = timezone.now()
    context = {
        "plan": plan,
        "sections": sections,
        "milestones": plan.milestones.all(),
        "basis_documents": plan.basis_documents.all(),
        "totals": plan_totals(plan),
        "open_windows": [window for window in windows if window.is_open(now)],
        "documents": plan.documents.filter(state="ready").select_related("section"),
        "projects": plan.region.projects.public()
        .filter(activities__section__plan=plan)
        .select_related("funder")
        .distinct(),
    }
    return render(request, "plans/plan_detail.html", context)


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("region", "municipality"), slug=slug)
    activities = (
        Activity.objects.filter(
            Q(responsible_organisation=organisation) | Q(partner_organisations=organisation),
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
