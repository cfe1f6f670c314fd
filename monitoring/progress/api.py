"""The progress of activities in the open data API: /api/v1/progress/, added to plans' NinjaAPI by
monitoring/apps.py (plans cannot import this app). Paged, described and cached like plans/api's own lists;
drafts never appear."""

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from core.models import Region
from plans.api.pagination import PageLinks
from plans.api.schemas import REGION, DecimalString, Error, Link, Moment, PublicObject, Text, WholeNumber, parameter
from plans.api.views import SLUG
from plans.models import CooperationPlan

from ..models import ActivityProgress

router = Router()


class EvidenceProject(Schema):
    id: int
    name: str
    url: Link

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class EvidenceLink(Schema):
    title: str
    url: Link


class Progress(PublicObject):
    activity: int = Field(alias="activity_id", description=_("Id of the activity."))
    plan: int = Field(alias="activity.section.plan_id", description=_("Id of the plan."))
    year: int = Field(description=_("The year reported on."))
    status: str = Field(description=_("not_started, on_track, delayed, done or dropped."))
    account: str = Field(description=_("What was done, in the plan's language (Markdown)."))
    money_spent: DecimalString | None = Field(description=_('Money spent in the year in euros, e.g. "1234.50".'))
    person_years_used: DecimalString | None = Field(description=_('Person-years used in the year, e.g. "0.75".'))
    evidence_projects: list[EvidenceProject] = Field(
        description=_("[{id, name, url}]: projects of the registry that show what was done.")
    )
    links: list[EvidenceLink] = Field(description=_("[{title, url}]: documents and pages that show what was done."))
    is_example: bool = Field(
        description=_("True when the figures are illustrative example data, not from the source documents.")
    )
    updated_at: Moment = Field(description=_("When last edited."))

    @staticmethod
    def resolve_evidence_projects(obj):
        # Projects archived from the registry have no public page any more.
        return [project for project in obj.evidence_projects.all() if not project.archived]


class ProgressFilters(Schema):
    plan: WholeNumber = parameter(_("Only reports of the public plan with this id (unknown id: 400)."), 1)
    year: WholeNumber = parameter(_("Only reports of this year."), 2024)
    activity: WholeNumber = parameter(_("Only reports of the activity with this id."))
    region: Text = REGION
    status: Text = parameter(_("not_started, on_track, delayed, done or dropped."))


@router.api_operation(
    ["GET", "HEAD"],
    "/progress/",
    url_name="progress",
    operation_id="progress",
    response={200: list[Progress], 400: Error},
    summary=_("Progress of the activities of public plans, one report per activity and year."),
)
@paginate(PageLinks)
def progress(request, filters: Query[ProgressFilters]):
    queryset = (
        ActivityProgress.objects.exclude(activity__section__plan__status=CooperationPlan.Status.DRAFT)
        .filter(activity__archived_at__isnull=True, activity__section__archived_at__isnull=True)
        .select_related("activity__section__plan__region", "activity__section__theme")
        .prefetch_related("evidence_projects__region", "links")
        .order_by(
            "activity__section__plan_id", "activity__section__position", "activity__position", "activity_id", "year"
        )
    )
    if filters.plan is not None:
        if not CooperationPlan.objects.public().filter(pk=filters.plan).exists():
            raise HttpError(400, f"No public plan has the id {filters.plan}.")
        queryset = queryset.filter(activity__section__plan_id=filters.plan)
    if filters.year is not None:
        queryset = queryset.filter(year=filters.year)
    if filters.activity is not None:
        queryset = queryset.filter(activity_id=filters.activity)
    if filters.region:
        # Checked before any query: PostgreSQL refuses NUL characters with an error, not an empty result.
        if not SLUG.fullmatch(filters.region) or not Region.objects.filter(slug=filters.region).exists():
            raise HttpError(400, f"No region has the slug {filters.region!r}.")
        queryset = queryset.filter(activity__section__plan__region__slug=filters.region)
    if filters.status:
        if filters.status not in ActivityProgress.Status.values:
            raise HttpError(
                400, f"'status' must be one of {', '.join(ActivityProgress.Status.values)}, not {filters.status!r}."
            )
        queryset = queryset.filter(status=filters.status)
    return queryset
