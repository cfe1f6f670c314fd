"""Reads of the project registry: one filtered set feeds the list, its sums, its charts and its export."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from core.models import Organisation
from plans.charts import (
    funding_by_funder,
    funding_by_municipality,
    funding_by_theme,
    funding_by_year,
    funding_figures,
)

from .models import Project, ProjectPartner

__all__ = [
    "funding_by_funder",
    "funding_by_municipality",
    "funding_by_theme",
    "funding_by_year",
    "funding_figures",
    "paginate",
    "project_money",
    "project_totals",
    "projects_filtered",
    "registry_projects",
]

PAGE_SIZE = 25


def registry_projects() -> QuerySet[Project]:
    """Public projects with what a row of the registry shows."""
    return Project.objects.public().select_related("region", "funder", "measure")


def _taking_part(**lookups) -> Exists:
    # Exists, not a join: a project where an organisation has two roles must still appear (and count) once.
    return Exists(ProjectPartner.objects.filter(project=OuterRef("pk"), **lookups))


def projects_filtered(filters: dict, *, ordering: list[str] | None = None) -> QuerySet[Project]:
    """Public projects matching ``filters`` (ProjectFilterForm.active_filters()), each project once.

    The year range keeps the projects that run in at least one of its years (start year ≤ the last year and end
    year ≥ the first year). Municipality means the municipality's government takes part in the project in some
    role, as on the municipality's own page.
    """
    projects = registry_projects()
    simple = {
        "region": "region",
        "funder": "funder",
        "programme": "programme",
        "measure": "measure",
        "status": "status",
    }
    projects = projects.filter(**{simple[name]: value for name, value in filters.items() if name in simple})
    if "theme" in filters:
        projects = projects.filter(themes=filters["theme"])  # one theme: a join that cannot repeat a project
    if "organisation" in filters:
        projects = projects.filter(_taking_part(organisation=filters["organisation"]))
    if "municipality" in filters:
        projects = projects.filter(
            _taking_part(
                organisation__municipality=filters["municipality"], organisation__kind=Organisation.Kind.MUNICIPALITY
            )
        )
    if "year_from" in filters:
        projects = projects.filter(end_date__year__gte=filters["year_from"])
    if "year_to" in filters:
        projects = projects.filter(start_date__year__lte=filters["year_to"])
    return projects.order_by(*(ordering or [F("start_date").desc(nulls_last=True), "name", "pk"]))


def project_totals(projects: QuerySet[Project]) -> dict:
    """The count, total cost, grant and own contribution of a set of projects, exact to the cent.

    A project whose amount is not known adds nothing to a sum and is counted instead (``*_unknown``): a sum is
    None when no project's amount is known, so that a page says "not known" rather than 0. The own contribution
    sums the projects whose cost and grant are both known.
    """
    no_cost, no_grant = Q(total_cost__isnull=True), Q(grant_amount__isnull=True)
    # Aggregates are named apart from the fields: an aggregate named like a field hides it from the others.
    sums = projects.order_by().aggregate(
        count=Count("pk"),
        cost_sum=Sum("total_cost"),
        grant_sum=Sum("grant_amount"),
        own_sum=Sum(F("total_cost") - F("grant_amount")),
        cost_unknown=Count("pk", filter=no_cost),
        grants_unknown=Count("pk", filter=no_grant),
        own_unknown=Count("pk", filter=no_cost | no_grant),
    )
    totals = {
        "count": sums["count"],
        "total_cost": sums["cost_sum"],
        "grant": sums["grant_sum"],
        "own_contribution": sums["own_sum"],
        "total_cost_unknown": sums["cost_unknown"],
        "grant_unknown": sums["grants_unknown"],
        "own_contribution_unknown": sums["own_unknown"],
    }
    if totals["count"] == 0:
        # Nothing to add up: the sums of an empty set are known, and zero.
        for key in ("total_cost", "grant", "own_contribution"):
            totals[key] = Decimal("0.00")
    return totals


@dataclass
class PageResult:
    page: Page
    notes: list[str] = field(default_factory=list)


def paginate(projects: QuerySet[Project], number, *, count: int, per_page: int = PAGE_SIZE) -> PageResult:
    """A page of ``projects``; a page number that is not a number or out of range is clamped and noted.

    ``count`` comes from the totals already read, so the paginator needs no query of its own.
    """
    paginator = Paginator(projects, per_page)
    paginator.count = count  # a cached_property: the totals already counted the set
    notes = []
    wanted = 1
    if number not in (None, ""):
        try:
            wanted = int(str(number))
        except ValueError:
            notes.append(
                _("The page number “%(number)s” is not a number; showing the first page.")
                % {"number": str(number)[:20]}
            )
        else:
            if wanted < 1:
                notes.append(_("There is no page %(number)s; showing the first page.") % {"number": wanted})
                wanted = 1
            elif wanted > paginator.num_pages:
                notes.append(
                    _("There is no page %(number)s; showing the last page, %(last)s.")
                    % {"number": wanted, "last": paginator.num_pages}
                )
                wanted = paginator.num_pages
    return PageResult(page=paginator.page(wanted), notes=notes)


def project_money(project: Project, partners: list[ProjectPartner]) -> dict:
    """The grant's and the own contribution's shares of the total cost, and what the partners put in.

    Shares are percentages to one decimal, None for a project without cost; ``contributions`` is None when no
    partner's contribution has been entered (unknown is not zero).
    """
    amounts = [partner.contribution for partner in partners if partner.contribution is not None]
    grant_share = project.grant_share
    return {
        "own_contribution": project.own_contribution,
        "grant_share": grant_share,
        "own_share": None if grant_share is None else Decimal(100) - grant_share,
        "contributions": sum(amounts, Decimal(0)) if amounts else None,
    }
