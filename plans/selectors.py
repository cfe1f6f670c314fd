"""Reads of plans that more than one page needs, shaped so each page costs a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from .models import Activity, CooperationPlan, Indicator, Region


def visible_plans(user) -> QuerySet[CooperationPlan]:
    """Plans this user may read: staff also see drafts (as a preview); visitors see the rest."""
    plans = CooperationPlan.objects.select_related("region", "lead_organisation")
    if user.is_authenticated and user.is_staff:
        return plans
    return plans.public()


def get_plan_for_user(user, *, region_slug: str, plan_slug: str) -> CooperationPlan:
    try:
        return visible_plans(user).get(region__slug=region_slug, slug=plan_slug)
    except CooperationPlan.DoesNotExist:
        raise Http404("No such plan") from None


def activities_with_parts() -> QuerySet[Activity]:
    """Activities with everything a table row shows: organisations, municipalities, indicators and values."""
    return Activity.objects.select_related("responsible_organisation").prefetch_related(
        "partner_organisations",
        "municipalities",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
    )


def plan_sections(plan: CooperationPlan):
    return plan.sections.select_related("theme", "lead_organisation").prefetch_related(
        Prefetch("activities", queryset=activities_with_parts())
    )


def plan_totals(plan: CooperationPlan) -> dict:
    return Activity.objects.filter(section__plan=plan).aggregate(
        activities=Count("pk"), person_years=Sum("person_years"), budget=Sum("budget")
    )


def regions_with_counts() -> QuerySet[Region]:
    """Regions with the number of public plans and of municipalities, for lists of regions."""
    return Region.objects.annotate(
        plan_count=Count("plans", filter=~Q(plans__status=CooperationPlan.Status.DRAFT), distinct=True),
        municipality_count=Count("municipalities", distinct=True),
    )
