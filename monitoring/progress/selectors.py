"""Reads of progress reports: a plan's years, the activities a user reports on, a plan's reports for export/API."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from core.access import reportable_activities
from plans.models import Activity, CooperationPlan
from plans.selectors import SHOWN_ACTIVITY
from projects.models import Project

from ..models import ActivityProgress


def plan_years(plan: CooperationPlan) -> list[int]:
    return list(range(plan.start_year, plan.end_year + 1))


def check_year(plan: CooperationPlan, year: int) -> int:
    """``year`` if it is one of the plan's years; a 404 for any other."""
    if not plan.start_year <= year <= plan.end_year:
        raise Http404("Not a year of the plan")
    return year


def default_year(plan: CooperationPlan, today=None) -> int:
    """The year reported on now: the last one that has ended (reports are written in the following spring),
    within the plan's period."""
    today = today or timezone.localdate()
    return min(max(today.year - 1, plan.start_year), plan.end_year)


def activities_to_report(user, plan: CooperationPlan, year: int) -> list[Activity]:
    """The plan's shown activities the user may report on, each with ``year_progress`` (a list of none or one
    report of ``year``). Three queries, however many activities."""
    activities = Activity.objects.filter(SHOWN_ACTIVITY, section__plan=plan)
    return list(
        reportable_activities(user, activities)
        .select_related("section__theme", "responsible_organisation")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=ActivityProgress.objects.filter(year=year).select_related("updated_by"),
                to_attr="year_progress",
            )
        )
        .order_by("section__position", "section_id", "position", "pk")
    )


def get_activity_of_plan(plan: CooperationPlan, pk: int) -> Activity:
    try:
        activity = Activity.objects.select_related("section__theme", "responsible_organisation").get(
            SHOWN_ACTIVITY, section__plan=plan, pk=pk
        )
    except Activity.DoesNotExist:
        raise Http404("No such activity") from None
    activity.section.plan = plan
    return activity


def plan_progress(plan: CooperationPlan) -> QuerySet[ActivityProgress]:
    """Every report of the plan's shown activities, in the plan's order, with evidence (four queries)."""
    return (
        ActivityProgress.objects.filter(activity__section__plan=plan)
        .filter(activity__archived_at__isnull=True, activity__section__archived_at__isnull=True)
        .select_related("activity__section__theme", "activity__responsible_organisation")
        .prefetch_related(
            Prefetch("evidence_projects", queryset=Project.objects.public().select_related("region").order_by("name")),
            "links",
        )
        .order_by("activity__section__position", "activity__section_id", "activity__position", "activity_id", "year")
    )
