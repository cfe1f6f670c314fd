"""Loads the demo data written in ``demo/data/*.yaml``.

Each file maps model labels to lists of records; the files load in name order. A record's keys are the model's
field names. A foreign key holds the natural key of the row it points to (its parts joined by "/"), or a unique
end of it: "elva-vald" for "tartumaa/elva-vald". A many-to-many field holds a list of them, a reverse relation
(a plan's ``sections``) the child records. Dates and decimals are strings; a model with a ``position`` field gets
the record's place in its list. Not stored: ``source`` (the seed file and lines a record comes from), ``at_close``
(a plan row's values when its consultation closed) and a plan's ``history`` (when those were written).
A time is an ISO string with its UTC offset or, in a consultation window, ``{day, at}``: a local time so many days
from the first load for the window itself, and from the window's opening day for its workshops, comments and answers.

``demo_data_load`` may run any number of times. Every row is found by its natural key and saved only when a wanted
value differs, and many-to-many sets are replaced only when they differ, so a repeated run writes nothing: no new
rows, no django-simple-history rows, no new ``updated_at``. ``update_or_create`` would save (and write history) on
every run, which is why ``_sync`` exists.
"""

import functools
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent / "data"
CHANGE_REASON = "load_demo"
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

# How each model's rows are found again on a later run: the same natural keys as the first load used.
NATURAL_KEYS = {
    "themes.Theme": ("slug",),
    "core.Region": ("slug",),
    "core.Municipality": ("region", "slug"),
    "core.Organisation": ("slug",),
    "plans.StrategyDocument": ("title",),
    "auth.User": ("username",),
    "core.RegionRole": ("user", "region", "role"),
    "plans.CooperationPlan": ("region", "slug"),
    "plans.Milestone": ("plan", "title"),
    "plans.ThemeSection": ("plan", "theme"),
    "plans.Activity": ("section", "title"),
    "plans.Indicator": ("activity", "name"),
    "plans.IndicatorValue": ("indicator", "year"),
    "consultations.ConsultationWindow": ("plan", "title"),
    "consultations.Workshop": ("window", "title"),
    "consultations.Comment": ("window", "body"),
    "consultations.Response": ("comment",),
    "projects.Funder": ("slug",),
    "projects.Programme": ("funder", "slug"),
    "projects.Measure": ("funder", "slug"),
    "projects.Project": ("region", "slug"),
    "projects.ProjectPartner": ("project", "organisation", "role"),
    "projects.ProjectComponent": ("project", "title"),
    "projects.ProjectEvent": ("project", "title"),
    "projects.ProjectOutput": ("project", "title"),
    "monitoring.ActivityProgress": ("activity", "year"),
    "monitoring.EvidenceLink": ("progress", "url"),
    "monitoring.ThemeYearSummary": ("section", "year"),
    "monitoring.StatisticsSource": ("indicator",),
    "monitoring.StatisticValue": ("source", "area_code", "year"),
    "monitoring.ClockTask": ("region", "title"),
}
# ``source`` always names the seed, so the two fields called ``source`` are written under another key.
RENAMED = {"plans.Indicator": {"data_source": "source"}, "consultations.Comment": {"channel": "source"}}
WINDOW = "consultations.ConsultationWindow"
# A demonstration window is placed once, around the first load, and then left as it is.
CREATE_ONLY = {WINDOW: {"intro", "opens_at", "closes_at", "moderation_mode"}}
# Keys that are not fields: the seed reference, values at the consultation's close, and a plan's history.
META_KEYS = {"source", "at_close", "history"}


@dataclass
class DemoLoadResult:
    """What a load did, per model label; new staff passwords exist only here, in memory, for printing once."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    new_passwords: dict[str, str] = field(default_factory=dict)
    existing_users: list[str] = field(default_factory=list)

    def count(self, model: type[models.Model], outcome: str) -> None:
        getattr(self, outcome)[model._meta.label] += 1

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.created) | set(self.updated) | set(self.unchanged))

    @property
    def totals(self) -> dict[str, int]:
        return {CREATED: self.created.total(), UPDATED: self.updated.total(), UNCHANGED: self.unchanged.total()}


@dataclass(frozen=True)
class History:
    """Rows of a plan created now are recorded as written at ``created`` and changed (``at_close``) at ``edited``."""

    created: datetime
    edited: datetime


@dataclass
class Context:
    result: DemoLoadResult
    now: datetime
    managed: dict[str, set[str]]
    keys: dict[str, dict[str, models.Model]] = field(default_factory=dict)
    history: History | None = None
    # Times written as {day, at} count days from this day, in this time zone (a window's opening day).
    anchor: tuple[date, ZoneInfo] | None = None

    def ref(self, model: type[models.Model], ref: Any) -> models.Model:
        rows = self.keys.get(model._meta.label, {})
        found = [row for key, row in rows.items() if key == str(ref) or key.endswith(f"/{ref}")]
        if len(found) != 1:
            raise ValueError(f"{model._meta.label} {ref!r}: {len(found)} loaded rows match, not one")
        return found[0]

    def key(self, row: models.Model) -> str:
        return next(key for key, known in self.keys[row._meta.label].items() if known is row)


# --- Reading ----------------------------------------------------------------------------------------------


@functools.cache
def demo_data() -> tuple[tuple[str, dict[str, list[dict]]], ...]:
    """Every data file's name and content, in load order."""
    # The safe loader, in C where libyaml is there (ten times faster than yaml.safe_load's).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    paths = sorted(DATA_DIR.glob("*.yaml"))
    return tuple((path.name, yaml.load(path.read_text("utf-8"), Loader=loader)) for path in paths)  # noqa: S506


def demo_records(label: str) -> list[dict]:
    """The top-level records of one model, from every file."""
    return [record for _name, content in demo_data() for record in content.get(label, [])]


def _split(model: type[models.Model], record: Mapping[str, Any]) -> Iterator[tuple[str, Any, models.Field]]:
    """Each key of a record with its model field (renamed where needed); meta keys are left out."""
    renamed = RENAMED.get(model._meta.label, {})
    for key, raw in record.items():
        if key not in META_KEYS:
            yield key, raw, model._meta.get_field(renamed.get(key, key))


def _children(raw: Any) -> list[Mapping[str, Any]]:
    return raw if isinstance(raw, list) else [raw]


def _walk(model: type[models.Model], records: Iterable[Mapping[str, Any]]) -> Iterator[tuple[str, set[str]]]:
    for record in records:
        names = set()
        for _key, raw, model_field in _split(model, record):
            if model_field.auto_created and not model_field.concrete:  # a reverse relation: child records
                yield from _walk(model_field.related_model, _children(raw))
            else:
                names.add(model_field.name)
        yield model._meta.label, names


def _managed_fields() -> dict[str, set[str]]:
    """Per model, every field that any of its records names: a record that leaves one out wants its default."""
    managed: dict[str, set[str]] = {}
    for _name, content in demo_data():
        for label, records in content.items():
            for walked_label, names in _walk(apps.get_model(label), records):
                managed.setdefault(walked_label, set()).update(names)
    return managed


# --- Writing ----------------------------------------------------------------------------------------------


def _differs(obj: models.Model, name: str, wanted: Any) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.many_to_one or model_field.one_to_one:
        # Compare ids, so that an unchanged foreign key costs no query.
        return getattr(obj, model_field.attname) != (wanted.pk if wanted is not None else None)
    return getattr(obj, name) != wanted


def _save(obj: models.Model) -> None:
    obj._change_reason = CHANGE_REASON  # django-simple-history stores it on the history row
    obj.full_clean()
    obj.save()


def _sync[M: models.Model](
    model: type[M],
    *,
    result: DemoLoadResult,
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    create_only: Mapping[str, Any],
    m2m: Mapping[str, list[models.Model]],
    history: History | None,
    first_values: Mapping[str, Any] | None,
) -> M:
    """Get the row by its natural key and make it hold the wanted values, writing only what differs.

    ``create_only`` values are set when the row is created and never compared afterwards. A new row with
    ``history`` is recorded as created at ``history.created``, holding ``first_values`` over the wanted ones, and
    then changed to the wanted values at ``history.edited``: the story of a plan before and after its consultation.
    """
    obj = model._default_manager.filter(**lookup).order_by("pk").first()
    if obj is None:
        obj = model(**lookup, **{**values, **(first_values or {})}, **create_only)
        if history is not None:
            obj._history_date = history.created
        _save(obj)
        _sync_m2m(obj, m2m)  # part of the first version
        if first_values and history is not None:
            for name in first_values:
                setattr(obj, name, values[name])
            obj._history_date = history.edited
            _save(obj)
        outcome = CREATED
    else:
        changed = [name for name, wanted in values.items() if _differs(obj, name, wanted)]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            _save(obj)
        outcome = UPDATED if _sync_m2m(obj, m2m) or changed else UNCHANGED
    result.count(model, outcome)
    return obj


def _sync_m2m(obj: models.Model, m2m: Mapping[str, list[models.Model]]) -> bool:
    """Replace the many-to-many sets that differ; True when one did."""
    changed = False
    for name, wanted in m2m.items():
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) != {o.pk for o in wanted}:
            obj._change_reason = CHANGE_REASON
            manager.set(wanted)
            changed = True
    return changed


def _at(spec: Mapping[str, Any], day: date, tz: ZoneInfo) -> datetime:
    """``{day: 3, at: "17:00"}``: that local time, so many days after ``day``."""
    return datetime.combine(day + timedelta(days=spec["day"]), time.fromisoformat(spec["at"]), tzinfo=tz)


def _value(model_field: models.Field, raw: Any, ctx: Context) -> Any:
    if raw is None:
        return None
    if model_field.many_to_one or model_field.one_to_one:
        return ctx.ref(model_field.related_model, raw)
    if isinstance(model_field, models.DateTimeField):
        if isinstance(raw, str):  # a fixed moment with its UTC offset, e.g. when example values were fetched
            return datetime.fromisoformat(raw)
        if ctx.anchor is None:
            raise ValueError(f"{model_field}: a time is written as {{day, at}} only inside a consultation window")
        return _at(raw, *ctx.anchor)
    if isinstance(model_field, models.DateField | models.DecimalField):
        if not isinstance(raw, str):  # no YAML dates, and no floats for money
            raise TypeError(f"{model_field}: write {raw!r} as a quoted string")
        return date.fromisoformat(raw) if isinstance(model_field, models.DateField) else Decimal(raw)
    return raw


def _window_times(*, plan: Mapping[str, Any], record: Mapping[str, Any], now: datetime) -> tuple[datetime, datetime]:
    """Where a demonstration window is (found by its plan and title) or goes: around the first load, never moved."""
    stored = (
        apps.get_model(WINDOW)
        .objects.filter(plan__region=plan["region"], plan__slug=plan["slug"], title=record["title"])
        .values_list("opens_at", "closes_at")
        .first()
    )
    if stored is not None:
        return stored
    tz = ZoneInfo(plan["region"].timezone)
    today = now.astimezone(tz).date()
    return _at(record["opens_at"], today, tz), _at(record["closes_at"], today, tz)


def _load_user(username: str, ctx: Context) -> models.Model:
    """A new demo staff user gets a random password, kept only in the result for printing once; an existing user
    is left exactly as it is, password included."""
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=username).first()
    if user is not None:
        ctx.result.existing_users.append(username)
        ctx.result.count(user_model, UNCHANGED)
        return user
    password = secrets.token_urlsafe(18)
    user = user_model(username=username)
    user.set_password(password)
    user.save()
    ctx.result.new_passwords[username] = password
    ctx.result.count(user_model, CREATED)
    return user


def _load(model: type[models.Model], record: Mapping[str, Any], ctx: Context, **parent: Any) -> None:
    """One record and, after it, its child records."""
    label = model._meta.label
    values, m2m, children = dict(parent), {}, []
    for key, raw, model_field in _split(model, record):
        if model_field.auto_created and not model_field.concrete:
            children.append((model_field, _children(raw)))
        elif model_field.many_to_many:
            m2m[model_field.name] = [ctx.ref(model_field.related_model, ref) for ref in raw]
        elif not (label == WINDOW and key in ("opens_at", "closes_at")):  # placed by _window_times
            values[model_field.name] = _value(model_field, raw, ctx)
    for name in ctx.managed.get(label, set()) - set(values) - set(m2m):
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            m2m[name] = []
        else:
            values[name] = model_field.get_default()
    lookup = {name: values.pop(name) for name in NATURAL_KEYS[label]}
    create_only = {name: values.pop(name) for name in CREATE_ONLY.get(label, set()) & set(values)}
    history = ctx.history

    if model is get_user_model():
        obj = _load_user(lookup["username"], ctx)
    else:
        if label == WINDOW:
            plan = {"region": lookup["plan"].region, "slug": lookup["plan"].slug}
            create_only["opens_at"], create_only["closes_at"] = _window_times(plan=plan, record=record, now=ctx.now)
        if label == "plans.CooperationPlan":
            if "history" in record:
                history = _plan_history(plan=lookup, spec=record["history"], now=ctx.now)
            create_only["status_changed_at"] = history.created if history else ctx.now
        first_values = {
            name: _value(model._meta.get_field(name), raw, ctx) for name, raw in record.get("at_close", {}).items()
        }
        obj = _sync(
            model,
            result=ctx.result,
            lookup=lookup,
            values=values,
            create_only=create_only,
            m2m=m2m,
            history=history,
            first_values=first_values,
        )
    key = "/".join(ctx.key(v) if isinstance(v, models.Model) else str(v) for v in lookup.values())
    ctx.keys.setdefault(label, {})[key] = obj

    child_ctx = replace(ctx, history=history)
    if label == WINDOW:
        tz = ZoneInfo(lookup["plan"].region.timezone)
        child_ctx.anchor = (obj.opens_at.astimezone(tz).date(), tz)
    for reverse, records in children:
        _load_list(reverse.related_model, records, child_ctx, **{reverse.field.name: obj})


def _load_list(model: type[models.Model], records: list[Mapping[str, Any]], ctx: Context, **parent: Any) -> None:
    has_position = any(f.name == "position" for f in model._meta.concrete_fields)
    for position, record in enumerate(records, start=1):
        _load(model, {**record, "position": position} if has_position else record, ctx, **parent)


def _plan_history(*, plan: Mapping[str, Any], spec: Mapping[str, Any], now: datetime) -> History:
    """The plan's content is recorded as written before its closed demonstration window opened, and the changes
    its answers led to after the window closed, so that "What changed since the consultation" shows them."""
    [window] = [w for w in demo_records(WINDOW) if w["title"] == spec["window"]]
    opens_at, closes_at = _window_times(plan=plan, record=window, now=now)
    return History(
        created=opens_at - timedelta(**spec["created_before_opening"]),
        edited=closes_at + timedelta(**spec["edited_after_closing"]),
    )


@transaction.atomic
def demo_data_load(*, now: datetime | None = None) -> DemoLoadResult:
    """Load (or bring back) the demo data; a repeated run changes nothing.

    ``now`` places newly created demonstration windows; an existing window is never moved.
    """
    ctx = Context(result=DemoLoadResult(), now=now or timezone.now(), managed=_managed_fields())
    for _name, content in demo_data():
        for label, records in content.items():
            _load_list(apps.get_model(label), records, ctx)
    return ctx.result
