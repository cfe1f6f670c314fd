"""The annual report of a plan and year: what the page and the PDF show, gathered once by ``annual_report``.

The report reads each theme section of the plan with its activities, their progress reports, indicators with their
status against baseline and target (monitoring.statistics.status), the staff's summary of the year, and what the
consultations that closed in the year changed. A fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment, Response
from monitoring.models import ActivityProgress, StatisticValue, ThemeYearSummary
from monitoring.statistics.status import IndicatorStatus, latest_status_of, statuses_for, with_latest_values
from plans.models import Activity, CooperationPlan, Indicator, ThemeSection
from plans.selectors import known_sum


def current_year(plan: CooperationPlan, now: datetime | None = None) -> int:
    """The calendar year now in the plan's region."""
    return timezone.localtime(now or timezone.now(), plan.region.zone).year


def reported_years(plan: CooperationPlan, now: datetime | None = None) -> list[int]:
    """The plan's years up to the current one: those with an annual report to read (none before the plan starts)."""
    return list(range(plan.start_year, min(plan.end_year, current_year(plan, now)) + 1))


def check_year(plan: CooperationPlan, year: int) -> int:
    """The year, if it is one of the plan's; else a 404 (a report outside the plan's period has nothing to say)."""
    if not plan.start_year <= year <= plan.end_year:
        raise Http404("The plan has no such year")
    return year


# --- Sums ----------------------------------------------------------------------------------------------------


@dataclass
class Sums:
    """Money and person-years of a theme or the plan: planned, used in the year and used up to the year.

    Planned: every activity of the plan. The year: the activities running in it. Up to the year: every activity
    started by then. A sum leaves out the amounts that are not known and says how many activities it left out
    (``*_unknown``); it is None when no amount is known (as plans.selectors.known_sum).
    """

    activities: int = 0
    budget: Decimal | None = None
    budget_unknown: int = 0
    person_years: Decimal | None = None
    money_year: Decimal | None = None
    money_year_unknown: int = 0
    person_years_year: Decimal | None = None
    person_years_year_unknown: int = 0
    money_to_date: Decimal | None = None
    money_to_date_unknown: int = 0
    person_years_to_date: Decimal | None = None
    person_years_to_date_unknown: int = 0
    examples: int = 0


def _to_date(rows: list[ActivityRow], attribute: str) -> tuple[Decimal | None, int]:
    """The known part of each activity's amounts up to the year; counted: activities with a year not known."""
    parts = [getattr(row, attribute) for row in rows]
    known = [part for part in parts if part is not None]
    total = sum(known, Decimal(0)) if known or not rows else None
    return total, sum(getattr(row, f"{attribute}_missing") > 0 for row in rows)


def _sums(all_rows: list[ActivityRow], year_rows: list[ActivityRow], started: list[ActivityRow]) -> Sums:
    sums = Sums(activities=len(year_rows), examples=sum(row.is_example for row in all_rows))
    sums.budget, sums.budget_unknown = known_sum(all_rows, "budget")
    sums.person_years, _unknown = known_sum(all_rows, "person_years")
    sums.money_year, sums.money_year_unknown = known_sum(year_rows, "money_year")
    sums.person_years_year, sums.person_years_year_unknown = known_sum(year_rows, "person_years_year")
    sums.money_to_date, sums.money_to_date_unknown = _to_date(started, "money_to_date")
    sums.person_years_to_date, sums.person_years_to_date_unknown = _to_date(started, "person_years_to_date")
    return sums


# --- Rows ----------------------------------------------------------------------------------------------------


@dataclass
class ActivityRow:
    """One activity in the report's year: its report for the year (None: not reported) and its sums."""

    activity: Activity
    progress: ActivityProgress | None
    budget: Decimal | None
    person_years: Decimal | None
    money_year: Decimal | None
    person_years_year: Decimal | None
    money_to_date: Decimal | None
    person_years_to_date: Decimal | None
    # Years up to the report's whose report gives no amount, or that have no report at all.
    money_to_date_missing: int = 0
    person_years_to_date_missing: int = 0
    url: str = ""  # the activity's page

    @property
    def is_example(self) -> bool:
        return self.activity.is_example or bool(self.progress and self.progress.is_example)


@dataclass
class SeriesPoint:
    year: int
    value: Decimal


@dataclass
class IndicatorRow:
    """An indicator with its status in the year and what its chart and table show."""

    indicator: Indicator
    status: IndicatorStatus
    series: list  # the AreaSeries shown: the plan's area and the country, else the one there is
    years: list[int]
    is_example: bool
    chart_values: list[SeriesPoint] = field(default_factory=list)
    url: str = ""  # the indicator on its activity's page, with the whole series

    # The interface of plans.charts.indicator_chart, with the values of the report's first series.
    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def baseline_value(self):
        return self.indicator.baseline_value

    @property
    def baseline_year(self):
        return self.indicator.baseline_year

    @property
    def target_value(self):
        return self.indicator.target_value

    @property
    def target_year(self):
        return self.indicator.target_year

    @property
    def values(self):
        return _Values(self.chart_values)

    @property
    def table(self) -> list[dict]:
        """One row a year: each shown series' value that year (None where it has none)."""
        return [{"year": year, "values": [series.values.get(year) for series in self.series]} for year in self.years]


class _Values(list):
    def all(self):
        return self


@dataclass
class Change:
    """A published comment whose published answer changed a section or an activity of the plan."""

    comment: Comment
    response: Response
    comment_url: str
    target_title: str
    target_url: str  # "" where the changed content is archived (no public page)


@dataclass
class SectionReport:
    section: ThemeSection
    summary: ThemeYearSummary | None
    rows: list[ActivityRow]
    indicators: list[IndicatorRow]
    changes: list[Change]
    next_year: list[ActivityRow]  # the activities running the year after
    sums: Sums

    @property
    def reported(self) -> int:
        """How many of the year's activities have a report for it."""
        return sum(row.progress is not None for row in self.rows)

    @property
    def on_track(self) -> dict[str, int]:
        """The indicators by status in the year: on track, not on track, no status (no value or no target)."""
        found = [item.status.on_track for item in self.indicators]
        return {"yes": found.count(True), "no": found.count(False), "unknown": found.count(None)}


# --- Gathering -----------------------------------------------------------------------------------------------


def _year_bounds(plan: CooperationPlan, year: int) -> tuple[datetime, datetime]:
    zone = plan.region.zone
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def _activity_row(activity: Activity, year: int) -> ActivityRow:
    reports = {report.year: report for report in activity.progress.all()}
    progress = reports.get(year)
    # From the activity's first year up to the report's: a year without a report, or without an amount in it,
    # leaves the activity's total incomplete, and the total says so.
    years = range(activity.start_year, year + 1)

    def to_date(attribute: str) -> tuple[Decimal | None, int]:
        values = [getattr(reports[y], attribute) if y in reports else None for y in years]
        known = [value for value in values if value is not None]
        return (sum(known, Decimal(0)) if known or not values else None), len(values) - len(known)

    money_to_date, money_missing = to_date("money_spent")
    person_years_to_date, person_years_missing = to_date("person_years_used")
    return ActivityRow(
        activity=activity,
        progress=progress,
        budget=activity.budget,
        person_years=activity.person_years,
        money_year=progress.money_spent if progress else None,
        person_years_year=progress.person_years_used if progress else None,
        money_to_date=money_to_date,
        person_years_to_date=person_years_to_date,
        money_to_date_missing=money_missing,
        person_years_to_date_missing=person_years_missing,
        url=activity.get_absolute_url(),
    )


def _indicator_row(row: ActivityRow, indicator: Indicator, status: IndicatorStatus, year: int, *, series: bool):
    # The plan's own series (its region's, or the values typed by staff) and the country's; the municipalities'
    # are the statistics pages' to show. Without ``series`` the status alone (read from the latest values only).
    shown = [line for line in status.series if line.kind != StatisticValue.AreaKind.MUNICIPALITY] if series else []
    years = sorted({y for line in shown for y in line.values if y <= year})
    charted = next((line.values for line in shown if line.values), {})
    source = status.source
    return IndicatorRow(
        indicator=indicator,
        status=status,
        series=shown,
        years=years,
        is_example=indicator.is_example or bool(source and source.is_example),
        chart_values=[SeriesPoint(y, Decimal(charted[y])) for y in years if y in charted],
        url=f"{row.url}#indicator-{indicator.pk}",
    )


def _changes(plan: CooperationPlan, windows: list, now: datetime) -> dict[int, list[Change]]:
    """The changes by the theme section they changed (a changed activity's own section)."""
    comments = (
        Comment.objects.published()
        .filter(window__in=windows, response__published_at__lte=now)
        .filter(Q(response__changed_section__isnull=False) | Q(response__changed_activity__isnull=False))
        # An answer naming a change set not published yet promises a change the plan does not have (its section or
        # activity may still be a row of the change set's working copy, with no public page).
        .filter(Q(response__change_set__isnull=True) | Q(response__change_set__state="published"))
        .select_related(
            "response__changed_section__theme",
            "response__changed_activity__section__theme",
        )
        .order_by("window__closes_at", "submitted_at", "pk")
    )
    by_section: dict[int, list[Change]] = {}
    base = {"region": plan.region.slug, "plan": plan.slug}
    by_id = {window.pk: window for window in windows}
    for comment in comments:
        comment.window = by_id[comment.window_id]
        response = comment.response
        feedback_url = reverse("consultations:feedback", kwargs={**base, "window": comment.window_id})
        activity = response.changed_activity
        if activity is not None:
            section, title = activity.section, activity.title
            public = activity.archived_at is None and section.archived_at is None
            url = reverse("plans:activity", kwargs={**base, "theme": section.theme.slug, "pk": activity.pk})
        else:
            section = response.changed_section
            title, public = section.title, section.archived_at is None
            url = reverse("plans:section", kwargs={**base, "theme": section.theme.slug})
        comment_url = f"{feedback_url}?comment={comment.reference}#comment-{comment.reference}"  # as get_absolute_url
        change = Change(comment, response, comment_url, title, url if public else "")
        by_section.setdefault(section.pk, []).append(change)
    return by_section


def _report_activities(year: int, *, series: bool):
    progress = ActivityProgress.objects.filter(year__lte=year).prefetch_related("links").order_by("year")
    if series:
        indicators = Indicator.objects.prefetch_related("values", "statistics_source__values")
    else:
        indicators = with_latest_values(Indicator.objects.all(), year=year)
    return (
        Activity.objects.filter(archived_at__isnull=True)
        .select_related("responsible_organisation")
        .prefetch_related(Prefetch("progress", queryset=progress), Prefetch("indicators", queryset=indicators))
    )


def annual_report(
    *, plan: CooperationPlan, year: int, series: bool = True, theme: str | None = None, now: datetime | None = None
) -> dict:
    """Everything the annual report shows, for the pages and the PDF alike; ``plan`` comes with its region.

    With ``theme`` (a theme's slug) only that theme section's part (the report's page of one theme; a 404 if the
    plan has no such theme): its ``sections`` holds that one, and ``totals`` are the theme's.

    With ``series`` each indicator comes with its values of every year up to the report's and the country's (the
    PDF draws and tabulates them); without it, with its status only (the page, whose indicators link to their
    activity's page for the series: a plan has a few hundred indicators of twenty years each).

    Queries: sections, activities, their progress reports and evidence links, indicators and their values, the
    summaries, the indicators' statuses (monitoring.statistics.status), the windows closed in the year and, if
    there are any, the comments whose answers changed the plan.
    """
    now = now or timezone.now()
    check_year(plan, year)
    shown_sections = plan.sections.filter(archived_at__isnull=True)
    if theme is not None:
        shown_sections = shown_sections.filter(theme__slug=theme)
    sections = list(
        shown_sections.select_related("theme", "lead_organisation").prefetch_related(
            Prefetch("activities", queryset=_report_activities(year, series=series))
        )
    )
    if theme is not None and not sections:
        raise Http404("The plan has no such theme")
    summaries = {
        summary.section_id: summary
        for summary in ThemeYearSummary.objects.filter(section__in=shown_sections, year=year)
    }
    indicators = [
        indicator
        for section in sections
        for activity in section.activities.all()
        for indicator in activity.indicators.all()
    ]
    found = statuses_for(indicators, year=year) if series else [latest_status_of(indicator) for indicator in indicators]
    statuses = {status.indicator.pk: status for status in found}
    start, end = _year_bounds(plan, year)
    windows = list(
        plan.consultation_windows.filter(closes_at__gte=start, closes_at__lt=min(end, now)).order_by("closes_at", "pk")
    )
    for window in windows:
        window.plan = plan
    changes = _changes(plan, windows, now) if windows else {}

    reports: list[SectionReport] = []
    every, of_year, started = [], [], []
    for section in sections:
        section.plan = plan
        activities = list(section.activities.all())
        for activity in activities:
            activity.section = section
        rows = [_activity_row(activity, year) for activity in activities]
        # An activity reported on in a year outside its own (its years changed since) is shown as reported.
        year_rows = [
            row for row in rows if row.activity.start_year <= year <= row.activity.end_year or row.progress is not None
        ]
        started_rows = [row for row in rows if row.activity.start_year <= year]
        reports.append(
            SectionReport(
                section=section,
                summary=summaries.get(section.pk),
                rows=year_rows,
                indicators=[
                    _indicator_row(row, indicator, statuses[indicator.pk], year, series=series)
                    for row in year_rows
                    for indicator in row.activity.indicators.all()
                ],
                changes=changes.get(section.pk, []),
                next_year=[row for row in rows if row.activity.start_year <= year + 1 <= row.activity.end_year]
                if year < plan.end_year
                else [],
                sums=_sums(rows, year_rows, started_rows),
            )
        )
        every += rows
        of_year += year_rows
        started += started_rows
    # Changes to a theme section archived since: listed with the plan's, not lost.
    shown = {section.pk for section in sections}
    other_changes = (
        [change for key, items in changes.items() if key not in shown for change in items] if theme is None else []
    )
    examples = (
        sum(row.is_example for row in of_year)
        + sum(bool(report.summary and report.summary.is_example) for report in reports)
        + sum(item.is_example for report in reports for item in report.indicators)
    )
    return {
        "year": year,
        "next_year": year + 1 if year < plan.end_year else None,
        "sections": reports,
        "windows": windows,
        "other_changes": other_changes,
        "totals": _sums(every, of_year, started),
        "examples": examples,
    }


def neighbour_themes(plan: CooperationPlan, theme: str) -> tuple[dict | None, dict | None]:
    """The plan's themes before and after ``theme`` in the plan's order (None at either end), each with ``slug`` and
    ``title``: the links of a theme's page of the report to the previous and the next one. One query."""
    themes = list(
        plan.sections.filter(archived_at__isnull=True).order_by("position", "pk").values("title", slug=F("theme__slug"))
    )
    here = next(index for index, item in enumerate(themes) if item["slug"] == theme)
    return (themes[here - 1] if here > 0 else None), (themes[here + 1] if here + 1 < len(themes) else None)
