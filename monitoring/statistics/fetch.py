"""Fetching a statistics source and storing its values: all or nothing, history kept for every changed value.

The answer is downloaded, checked and cut down to the wanted areas and years before the database is touched, so
no transaction waits on the network and a bad answer never writes half a table. What stays in memory is one
source's wanted values (areas × years), whatever the size of the service's answer or the number of sources.
"""

from datetime import datetime, timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.page_cache import public_pages_changed
from monitoring.models import StatisticsSource, StatisticValue
from monitoring.report.services import annual_report_refresh
from monitoring.statistics import errors, pxweb, sotkanet
from monitoring.statistics.base import Area, Row
from monitoring.statistics.errors import StatisticsError
from monitoring.statistics.http import make_session
from plans.models import CooperationPlan

CLIENTS = {
    StatisticsSource.Provider.SOTKANET: sotkanet.fetch,
    StatisticsSource.Provider.PXWEB: pxweb.fetch,
}
BATCH_SIZE = 500
# What decides the values; an edit of anything else (direction, rule) does not make a fetch's answer stale.
FETCHED_FIELDS = ("provider", "dataset", "query", "area_code", "municipality_codes", "country_code")


def wanted_areas(source: StatisticsSource) -> list[Area]:
    """The plan's area, its municipalities and the country if set, in the service's codes, each code once."""
    areas = [Area(StatisticValue.AreaKind.REGION, source.area_code.strip())]
    codes = source.municipality_codes if isinstance(source.municipality_codes, dict) else {}
    areas += [Area(StatisticValue.AreaKind.MUNICIPALITY, str(code).strip()) for code in codes.values()]
    if source.country_code.strip():
        areas.append(Area(StatisticValue.AreaKind.COUNTRY, source.country_code.strip()))
    seen, unique = set(), []
    for area in areas:
        if area.code and area.code not in seen:
            seen.add(area.code)
            unique.append(area)
    return unique


def wanted_years(source: StatisticsSource, now: datetime) -> list[int]:
    """From the indicator's baseline year to its target year, or to this year if that is later."""
    indicator = source.indicator
    return list(range(indicator.baseline_year, max(indicator.target_year, timezone.localdate(now).year) + 1))


def due_sources(now: datetime) -> QuerySet[StatisticsSource]:
    """Sources never tried, or last tried longer ago than STATISTICS_FETCH_INTERVAL_HOURS."""
    since = now - timedelta(hours=settings.STATISTICS_FETCH_INTERVAL_HOURS)
    return StatisticsSource.objects.filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=since))


def fetch_source(
    source: StatisticsSource, *, now: datetime | None = None, session: requests.Session | None = None
) -> bool:
    """Fetch the source's values and store them; True if they were stored.

    On failure nothing is written but the source's state, error and attempt time: the old values stay. A source
    whose service, dataset, selections or areas staff changed while its answer was on the way is left alone, as
    the edit asks for a fetch of its own. ``session`` lets a caller fetching many sources reuse its connections.
    """
    now = now or timezone.now()
    asked = _what_is_fetched(source)
    own_session = session is None
    session = session or make_session()
    try:
        fetched = CLIENTS[source.provider](
            dataset=source.dataset.strip(),
            query=source.query if isinstance(source.query, dict) else {},
            areas=wanted_areas(source),
            years=wanted_years(source, now),
            session=session,
        )
        # Bounded by areas × years: the service's whole answer is not kept.
        rows = list(fetched.rows)
        if not rows:
            raise StatisticsError(errors.NO_VALUES)
        if len({(row.area_code, row.year) for row in rows}) != len(rows):
            raise StatisticsError(errors.MALFORMED)  # one area and year twice: which one would be right?
    except StatisticsError as error:
        record_failure(source, error, now=now)
        return False
    except requests.RequestException:
        record_failure(source, StatisticsError(errors.UNREACHABLE), now=now)
        return False
    finally:
        if own_session:
            session.close()
    return _store(source, rows, asked=asked, source_updated_at=fetched.source_updated_at, now=now)


def record_failure(source: StatisticsSource, error: StatisticsError, *, now: datetime) -> None:
    """Mark the source failed with the error's code; an update of these fields only, so a staff edit stays."""
    fields = {
        "state": StatisticsSource.State.FAILED,
        "error_code": error.code,
        "error_params": error.params,
        "last_attempt_at": now,
    }
    StatisticsSource.objects.filter(pk=source.pk).update(**fields)
    for name, value in fields.items():
        setattr(source, name, value)
    # Conditional updates and bulk writes send no post_save: public pages showing the source learn it here.
    transaction.on_commit(public_pages_changed)


def _what_is_fetched(source: StatisticsSource) -> dict:
    return {field: getattr(source, field) for field in FETCHED_FIELDS}


@transaction.atomic
def _store(source: StatisticsSource, rows: list[Row], *, asked: dict, source_updated_at, now: datetime) -> bool:
    kinds = {area.code: area.kind for area in wanted_areas(source)}
    # Serialises two fetches of one source (beat and a staff "fetch now") on databases that lock rows.
    current = StatisticsSource.objects.select_for_update().filter(pk=source.pk).values(*FETCHED_FIELDS).first()
    if current != asked:
        return False

    existing = {(value.area_code, value.year): value for value in StatisticValue.objects.filter(source=source)}
    new, changed, renamed = [], [], False
    for row in rows:
        old = existing.get((row.area_code, row.year))
        if old is None:
            new.append(
                StatisticValue(
                    source=source,
                    area_kind=kinds[row.area_code],
                    area_code=row.area_code,
                    area_name=row.area_name[:200],
                    year=row.year,
                    value=row.value,
                    fetched_at=now,
                    source_updated_at=source_updated_at,
                )
            )
        elif old.value != row.value:
            renamed = renamed or (old.area_name, old.area_kind) != (row.area_name[:200], kinds[row.area_code])
            old.value = row.value
            old.area_name = row.area_name[:200]
            old.area_kind = kinds[row.area_code]
            # Set here too, so that the history row written from this instance holds the new times.
            old.fetched_at = now
            old.source_updated_at = source_updated_at
            changed.append(old)
    _save_with_history(new, changed, renamed=renamed, source_updated_at=source_updated_at, now=now)
    if new or changed:
        # Annual reports chart the values up to their year: the first year that changed and every later one.
        plan = CooperationPlan.objects.get(sections__activities__indicators__statistics_source=source)
        annual_report_refresh(plan=plan, year=min(value.year for value in [*new, *changed]), later_years=True)

    fields = {
        "state": StatisticsSource.State.OK,
        "last_attempt_at": now,
        "last_success_at": now,
        "source_updated_at": source_updated_at,
        "error_code": "",
        "error_params": {},
    }
    StatisticsSource.objects.filter(pk=source.pk).update(**fields)
    for name, value in fields.items():
        setattr(source, name, value)
    transaction.on_commit(public_pages_changed)
    return True


def _save_with_history(
    new: list[StatisticValue], changed: list[StatisticValue], *, renamed: bool, source_updated_at, now: datetime
) -> None:
    # One history row per created or changed value, as save() would write; unchanged values get none.
    if new:
        bulk_create_with_history(new, StatisticValue, batch_size=BATCH_SIZE, default_date=now)
    if changed:
        # bulk_update builds a CASE per row and field: only the fields that differ from row to row go through it;
        # the fetch's own times are the same for every row and are set in one plain update.
        fields = ["value", "area_name", "area_kind"] if renamed else ["value"]
        bulk_update_with_history(changed, StatisticValue, fields, batch_size=BATCH_SIZE, default_date=now)
        for start in range(0, len(changed), BATCH_SIZE):
            batch = [value.pk for value in changed[start : start + BATCH_SIZE]]
            StatisticValue.objects.filter(pk__in=batch).update(fetched_at=now, source_updated_at=source_updated_at)


def fetch_source_by_id(source_id: int, *, now: datetime | None = None, only_if_due: bool = False) -> bool:
    """Fetch one source by id; False if it is gone or, with ``only_if_due``, no longer due."""
    now = now or timezone.now()
    sources = due_sources(now) if only_if_due else StatisticsSource.objects.all()
    source = sources.select_related("indicator").filter(pk=source_id).first()
    if source is None:
        return False
    return fetch_source(source, now=now)
