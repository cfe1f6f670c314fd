"""What the statistics clients take and give: the areas wanted, and values normalised to one shape."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils.dateparse import parse_date, parse_datetime

from monitoring.statistics import errors
from monitoring.statistics.errors import StatisticsError

# StatisticValue.value is DecimalField(max_digits=16, decimal_places=4).
VALUE_PLACES = Decimal("0.0001")
VALUE_LIMIT = Decimal(10) ** 12


@dataclass(frozen=True)
class Area:
    """An area whose values are wanted: the kind as StatisticValue.AreaKind and the service's own code."""

    kind: str
    code: str


@dataclass(frozen=True)
class Row:
    area_code: str
    area_name: str
    year: int
    value: Decimal


@dataclass
class Fetched:
    """A client's answer: the rows (an iterator, read once) and when the service last updated its data."""

    rows: Iterator[Row]
    source_updated_at: datetime | None


def to_value(raw) -> Decimal | None:
    """A number of the answer as the stored decimal; None for a missing value. Anything else is malformed."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        raise StatisticsError(errors.MALFORMED)
    try:
        value = Decimal(raw).quantize(VALUE_PLACES)
    except InvalidOperation as error:
        raise StatisticsError(errors.MALFORMED) from error
    if not value.is_finite() or abs(value) >= VALUE_LIMIT:
        raise StatisticsError(errors.MALFORMED)
    return value


def to_moment(raw, zone: str) -> datetime | None:
    """A service's "updated" stamp (a date or an ISO date-time) as an aware datetime; None if absent or unreadable."""
    if not isinstance(raw, str) or not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is None:
                return None
            moment = datetime.combine(day, time())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment


def year_of(raw) -> int | None:
    """A year code of a table ("2024") as a number; None for a period that is not a whole year."""
    text = str(raw)
    if len(text) == 4 and text.isdigit():
        return int(text)
    return None
