"""Where an indicator stands: its series (typed by staff or fetched from open statistics) compared with its baseline
and target.

The comparison reads only prefetched rows: ``statuses_for`` prefetches what is not prefetched yet (a fixed number of
queries for any number of indicators), so a page that prefetched ``values`` and ``statistics_source__values`` pays
nothing more. A page showing the status alone reads only each indicator's latest value (``with_latest_values``,
``latest_status_of``). The baseline and the target are always the indicator's own (what the plan promised).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, QuerySet, Subquery, prefetch_related_objects

from monitoring.models import StatisticsSource, StatisticValue
from plans.models import Indicator, IndicatorValue

Direction = StatisticsSource.Direction
Rule = StatisticsSource.Rule


@dataclass
class AreaSeries:
    kind: str  # "manual" (plans.IndicatorValue typed by staff), "region", "municipality", "country"
    code: str
    name: str
    values: dict[int, Decimal] = field(default_factory=dict)  # year -> value

    def latest(self) -> tuple[int, Decimal] | tuple[None, None]:
        if not self.values:
            return None, None
        year = max(self.values)
        return year, self.values[year]


@dataclass
class IndicatorStatus:
    indicator: Indicator
    source: StatisticsSource | None
    manual: bool  # the indicator's own series is typed by hand (no source bound)
    series: list[AreaSeries]  # the plan's own series first (region or manual), then municipalities, then country
    latest_year: int | None
    latest_value: Decimal | None
    change_since_baseline: Decimal | None
    distance_to_target: Decimal | None
    on_track: bool | None  # None: not enough data

    @property
    def own(self) -> AreaSeries:
        return self.series[0]

    @property
    def direction(self) -> str:
        return direction_of(self.indicator, self.source)

    def of_kind(self, kind: str) -> list[AreaSeries]:
        return [series for series in self.series if series.kind == kind]

    @property
    def country(self) -> AreaSeries | None:
        found = self.of_kind(StatisticValue.AreaKind.COUNTRY)
        return found[0] if found else None

    @property
    def municipalities(self) -> list[AreaSeries]:
        return self.of_kind(StatisticValue.AreaKind.MUNICIPALITY)

    def municipality(self, slug: str) -> AreaSeries | None:
        """The series of the municipality with this slug (the source maps slugs to the service's codes)."""
        code = (self.source.municipality_codes or {}).get(slug) if self.source else None
        return next((series for series in self.municipalities if series.code == code), None) if code else None

    def value_in(self, series: AreaSeries | None) -> Decimal | None:
        """The series' value in this status' latest year: areas are compared in the same year."""
        if series is None or self.latest_year is None:
            return None
        return series.values.get(self.latest_year)


def source_of(indicator: Indicator) -> StatisticsSource | None:
    """The bound source, or None; no query once ``statistics_source`` is prefetched (a missing one is cached too)."""
    try:
        return indicator.statistics_source
    except ObjectDoesNotExist:
        return None


def direction_of(indicator: Indicator, source: StatisticsSource | None) -> str:
    """The source says which way is good; a manual indicator's target says it (a level kept counts as higher)."""
    if source is not None:
        return source.direction
    if indicator.target_value < indicator.baseline_value:
        return Direction.LOWER_IS_BETTER
    return Direction.HIGHER_IS_BETTER


def _better_or_equal(value: Decimal, than: Decimal, direction: str) -> bool:
    return value <= than if direction == Direction.LOWER_IS_BETTER else value >= than


def _strictly_better(value: Decimal, than: Decimal, direction: str) -> bool:
    return value < than if direction == Direction.LOWER_IS_BETTER else value > than


def path_value(indicator: Indicator, year: int) -> Decimal:
    """The value on the straight line from the baseline to the target in ``year`` (the target from its year on)."""
    baseline, target = indicator.baseline_value, indicator.target_value
    span = indicator.target_year - indicator.baseline_year
    if year >= indicator.target_year or span <= 0:
        return target
    if year <= indicator.baseline_year:
        return baseline
    return baseline + (target - baseline) * Decimal(year - indicator.baseline_year) / Decimal(span)


def _series(source: StatisticsSource, year: int | None) -> list[AreaSeries]:
    by_area: dict[tuple[str, str], AreaSeries] = {}
    for row in source.values.all():
        if year is not None and row.year > year:
            continue
        series = by_area.get((row.area_kind, row.area_code))
        if series is None:
            series = by_area[(row.area_kind, row.area_code)] = AreaSeries(
                kind=row.area_kind, code=row.area_code, name=row.area_name or row.area_code
            )
        series.values[row.year] = row.value
        if row.area_name:
            series.name = row.area_name
    region = by_area.pop(
        (StatisticValue.AreaKind.REGION, source.area_code),
        AreaSeries(kind=StatisticValue.AreaKind.REGION, code=source.area_code, name=source.area_code),
    )
    # A region code changed after a fetch leaves old rows under the old code: the bound code is the plan's own.
    rest = sorted(by_area.values(), key=lambda s: s.name.casefold())
    municipalities = [s for s in rest if s.kind == StatisticValue.AreaKind.MUNICIPALITY]
    countries = [s for s in rest if s.kind == StatisticValue.AreaKind.COUNTRY]
    if source.country_code:
        countries.sort(key=lambda s: s.code != source.country_code)
    return [region, *municipalities, *countries]


def _manual_series(indicator: Indicator, year: int | None) -> AreaSeries:
    values = {row.year: row.value for row in indicator.values.all() if year is None or row.year <= year}
    return AreaSeries(kind="manual", code="", name=indicator.name, values=values)


def status_of(indicator: Indicator, *, year: int | None = None) -> IndicatorStatus:
    """One indicator's status from prefetched rows (``statuses_for`` prefetches them)."""
    source = source_of(indicator)
    series = _series(source, year) if source is not None else [_manual_series(indicator, year)]
    return _status(indicator, source, series)


def _status(indicator: Indicator, source: StatisticsSource | None, series: list[AreaSeries]) -> IndicatorStatus:
    latest_year, latest_value = series[0].latest()
    direction = direction_of(indicator, source)
    change = distance = on_track = None
    if latest_value is not None:
        gap = indicator.target_value - latest_value
        if direction == Direction.LOWER_IS_BETTER:
            gap = -gap
        distance = max(gap, Decimal(0))  # what is still to go in the good direction; 0 once reached
        # A value from the baseline year or before says nothing about a change since then.
        if latest_year > indicator.baseline_year:
            change = latest_value - indicator.baseline_value
            reached = _better_or_equal(latest_value, indicator.target_value, direction)
            rule = source.rule if source is not None else Rule.TREND
            if rule == Rule.PATH:
                on_track = reached or _better_or_equal(latest_value, path_value(indicator, latest_year), direction)
            else:
                on_track = reached or _strictly_better(latest_value, indicator.baseline_value, direction)
    return IndicatorStatus(
        indicator=indicator,
        source=source,
        manual=source is None,
        series=series,
        latest_year=latest_year,
        latest_value=latest_value,
        change_since_baseline=change,
        distance_to_target=distance,
        on_track=on_track,
    )


def statuses_for(indicators, *, year: int | None = None) -> list[IndicatorStatus]:
    """The status of each indicator, in order; ``year`` leaves out values after it (the annual report of a year).

    At most three queries whatever the number of indicators, none when the rows are prefetched already.
    """
    indicators = list(indicators)
    prefetch_related_objects(indicators, "statistics_source__values")
    # Typed values count only where no source is bound: they are not read (nor fetched) for the others.
    prefetch_related_objects([indicator for indicator in indicators if source_of(indicator) is None], "values")
    return [status_of(indicator, year=year) for indicator in indicators]


def with_latest_values(indicators: QuerySet[Indicator], *, year: int) -> QuerySet[Indicator]:
    """The indicators with their source and the latest value of their own series up to ``year``, found by the
    database (``latest_status_of`` reads them): for pages that show the status, not the series."""
    typed = IndicatorValue.objects.filter(indicator=OuterRef("pk"), year__lte=year).order_by("-year")
    fetched = StatisticValue.objects.filter(
        source=OuterRef("statistics_source"),
        area_kind=StatisticValue.AreaKind.REGION,
        area_code=OuterRef("statistics_source__area_code"),
        year__lte=year,
    ).order_by("-year")
    return indicators.select_related("statistics_source").annotate(
        typed_year=Subquery(typed.values("year")[:1]),
        typed_value=Subquery(typed.values("value")[:1]),
        fetched_year=Subquery(fetched.values("year")[:1]),
        fetched_value=Subquery(fetched.values("value")[:1]),
    )


def latest_status_of(indicator: Indicator) -> IndicatorStatus:
    """The status of an indicator from ``with_latest_values``: as ``status_of``'s, with a series of the latest
    value alone."""
    source = source_of(indicator)
    if source is None:
        own = AreaSeries(kind="manual", code="", name=indicator.name)
        latest_year, latest_value = indicator.typed_year, indicator.typed_value
    else:
        own = AreaSeries(kind=StatisticValue.AreaKind.REGION, code=source.area_code, name=source.area_code)
        latest_year, latest_value = indicator.fetched_year, indicator.fetched_value
    if latest_year is not None:
        own.values[latest_year] = latest_value
    return _status(indicator, source, [own])
