"""Reads of the statistics part for the staff pages."""

from collections import defaultdict

from monitoring.models import StatisticsSource, StatisticValue

AREA_ORDER = {
    StatisticValue.AreaKind.REGION: 0,
    StatisticValue.AreaKind.MUNICIPALITY: 1,
    StatisticValue.AreaKind.COUNTRY: 2,
}


def values_with_previous(source: StatisticsSource) -> list[StatisticValue]:
    """The source's stored values, the region's first, each with ``previous_value``: what it was before the fetch
    that last changed it (None if it never changed). Two queries: the values and their history."""
    values = sorted(
        source.values.all(), key=lambda v: (AREA_ORDER.get(v.area_kind, 9), v.area_name, v.area_code, v.year)
    )
    records = (
        StatisticValue.history.filter(source_id=source.pk, history_type__in=["+", "~"])
        .order_by("id", "history_date", "history_id")
        .values_list("id", "value")
    )
    by_value = defaultdict(list)
    for value_id, value in records:
        by_value[value_id].append(value)
    for value in values:
        earlier = [old for old in by_value.get(value.pk, []) if old != value.value]
        value.previous_value = earlier[-1] if earlier else None
    return values
