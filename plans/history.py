"""Every saved version of a staff-edited object (django-simple-history), as people read it, and restoring one.

The history pages (accounts.views) are generic: each app registers in its AppConfig.ready() which of its models
have them, how to find an object's region and who may restore, so that this module needs no app above plans.

Readable means: field names are verbose names, choices show their labels, foreign keys show the related
objects' names and many-to-many lists (those given to ``HistoricalRecords(m2m_fields=...)``) show who was added
and who removed. Reading a page of versions costs a fixed number of queries: one for the versions, one per
many-to-many field and one per related model named in the changes, however many versions there are.

Only simple-history's public API is used: ``diff_against`` for the fields of two versions, and the manager that
simple-history puts on the historical model under each tracked list's name for the lists' rows.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.manager import HistoryManager
from simple_history.utils import get_history_model_for_model, get_m2m_field_name, get_m2m_reverse_field_name

from core.audit import audit_record, change_reason_restored
from core.models import AuditEvent, Municipality
from core.versioning import save_versioned

from .models import Activity, ThemeSection
from .publishing import plan_published

# Bookkeeping that changes with every save and says nothing to a reader.
NOT_DIFFED = frozenset({"version", "updated_at", "created_at", "id"})


@dataclass(frozen=True)
class HistoryKind:
    """How the history pages treat one model."""

    model: type[models.Model]
    region_of: Callable[[models.Model], int]
    """The region id of an object, from the object fetched with ``select_related``."""
    select_related: tuple[str, ...] = ()
    restore_roles: frozenset = frozenset()
    """Roles (in the object's region) that may restore a version; any role may read."""
    plan_of: Callable[[models.Model], object] | None = None
    """The plan whose public pages and PDFs show the object, refreshed after a restore (None: no plan)."""

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


REGISTRY: dict[str, HistoryKind] = {}


def history_register(kind: HistoryKind) -> HistoryKind:
    REGISTRY[kind.label] = kind
    return kind


@dataclass
class FieldChange:
    name: str
    old: str
    new: str
    added: list[str] = field(default_factory=list)
    """For a many-to-many list: the names added and removed (``old`` and ``new`` are the whole lists)."""
    removed: list[str] = field(default_factory=list)
    is_list: bool = False
    names_are_content: bool = False
    """Whether the list's names are content in the plan's language (organisations), not proper names."""


@dataclass
class Version:
    record: models.Model
    """The historical record: history_id, history_date, history_user, history_type, history_change_reason."""
    changes: list[FieldChange] = field(default_factory=list)
    is_current: bool = False

    @property
    def kind(self) -> str:
        return {"+": _("created"), "~": _("changed"), "-": _("deleted")}.get(self.record.history_type, "")


def _diffed_fields(model) -> list[models.Field]:
    # diff_against compares editable fields only; the non-editable ones are bookkeeping (NOT_DIFFED) anyway.
    return [f for f in model._meta.concrete_fields if f.name not in NOT_DIFFED and f.editable]


def _m2m_fields(model) -> list[models.ManyToManyField]:
    """The many-to-many fields whose lists the history keeps: for each, simple-history puts a manager of the list's
    historical rows on the historical model under the field's name."""
    history_model = get_history_model_for_model(model)
    return [f for f in model._meta.many_to_many if isinstance(getattr(history_model, f.name, None), HistoryManager)]


def _m2m_rows_model(model, m2m: models.ManyToManyField):
    """The model of a tracked list's historical rows (one per related object and version)."""
    return getattr(get_history_model_for_model(model), m2m.name).model


def _m2m_rows(model, records: list) -> dict[str, dict[int, list]]:
    """For each many-to-many field: history_id → sorted related ids. One query per field."""
    ids = [record.history_id for record in records]
    rows: dict[str, dict[int, list]] = {}
    for m2m in _m2m_fields(model):
        target = get_m2m_reverse_field_name(m2m)
        by_record: dict[int, list] = defaultdict(list)
        for history_id, target_id in (
            _m2m_rows_model(model, m2m).objects.filter(history_id__in=ids).values_list("history_id", f"{target}_id")
        ):
            by_record[history_id].append(target_id)
        rows[m2m.name] = {history_id: sorted(values) for history_id, values in by_record.items()}
    return rows


def m2m_now(model, objects: list) -> dict[str, dict[int, list]]:
    """For each tracked many-to-many field: object id → sorted related ids as they are now. One query per field
    (the relation's through table, whatever the number of objects)."""
    pks = [obj.pk for obj in objects]
    rows: dict[str, dict[int, list]] = {}
    for m2m in _m2m_fields(model):
        by_object: dict[int, list] = defaultdict(list)
        source, target = get_m2m_field_name(m2m), get_m2m_reverse_field_name(m2m)
        through = m2m.remote_field.through
        for pk, target_id in through.objects.filter(**{f"{source}__in": pks}).values_list(
            f"{source}_id", f"{target}_id"
        ):
            by_object[pk].append(target_id)
        rows[m2m.name] = {pk: sorted(values) for pk, values in by_object.items()}
    return rows


def _as_record(model, obj):
    """An object as an unsaved historical record (no query), so that ``diff_against`` compares it with a saved
    one: the public page compares the plan now with its recorded state then."""
    history_model = get_history_model_for_model(model)
    if isinstance(obj, history_model):
        return obj
    return history_model(**{f.attname: getattr(obj, f.attname) for f in _diffed_fields(model)})


def _display(field_obj, value, names: dict) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(field_obj, models.ManyToManyField):
        labels = [names.get((field_obj.related_model, pk), str(pk)) for pk in value]
        return ", ".join(sorted(labels)) if labels else "–"
    if isinstance(field_obj, models.ForeignKey):
        return names.get((field_obj.related_model, value), _("(deleted: %(id)s)") % {"id": value})
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal | int | float) or hasattr(value, "isoformat"):
        return str(formats.localize(value, use_l10n=True))
    return str(value)


def _changes(
    model, newer, older, m2m: dict, wanted: Iterable[str] | None = None, m2m_newer: dict | None = None
) -> list[tuple]:
    """Raw (field, old, new) triples between two historical records, or between an object now and a record
    (``older`` may be None: everything set is new). Many-to-many values are sorted id lists: from ``m2m`` (rows
    of historical records by history_id) or, for an object now, ``m2m_newer`` (by object id)."""
    fields = [f for f in _diffed_fields(model) if wanted is None or f.name in wanted]
    triples = []
    if older is None:
        for f in fields:
            new = getattr(newer, f.attname)
            if new not in (None, ""):
                triples.append((f, None, new))
    elif fields:
        # The lists are compared below from rows read in bulk: diff_against would read them per pair of versions.
        delta = _as_record(model, newer).diff_against(older, included_fields=[f.name for f in fields])
        by_name = {f.name: f for f in fields}
        triples += [(by_name[c.field], c.old, c.new) for c in delta.changes]
        triples.sort(key=lambda triple: fields.index(triple[0]))
    for f in _m2m_fields(model):
        if wanted is not None and f.name not in wanted:
            continue
        if m2m_newer is not None:
            new = m2m_newer.get(f.name, {}).get(newer.pk, [])
        else:
            new = m2m.get(f.name, {}).get(newer.history_id, [])
        old = m2m.get(f.name, {}).get(older.history_id, []) if older is not None else []
        if old != new:
            triples.append((f, old, new))
    return triples


def _resolve_names(triples: Iterable[tuple]) -> dict:
    """(related model, pk) → str for every foreign key and many-to-many value; one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    for f, old, new in triples:
        if isinstance(f, models.ManyToManyField):
            wanted[f.related_model].update(old or [])
            wanted[f.related_model].update(new or [])
        elif isinstance(f, models.ForeignKey):
            wanted[f.related_model].update(v for v in (old, new) if v is not None)
    names = {}
    for related, pks in wanted.items():
        for pk, obj in related._default_manager.in_bulk(pks).items():
            names[(related, pk)] = str(obj)
    return names


def _readable(triples: list[tuple], names: dict) -> list[FieldChange]:
    changes = []
    for f, old, new in triples:
        change = FieldChange(capfirst(f.verbose_name), _display(f, old, names), _display(f, new, names))
        if isinstance(f, models.ManyToManyField):
            change.is_list = True
            # Municipalities' names are proper names, the same in every language; organisations' are content.
            change.names_are_content = f.related_model is not Municipality
            change.added = _names(f, set(new or []) - set(old or []), names)
            change.removed = _names(f, set(old or []) - set(new or []), names)
        changes.append(change)
    return changes


def _names(f, pks, names: dict) -> list[str]:
    return sorted(names.get((f.related_model, pk), _("(deleted: %(id)s)") % {"id": pk}) for pk in pks)


def object_versions(*, obj: models.Model, limit: int = 100) -> list[Version]:
    """The object's versions, newest first, each with what changed from the version before it."""
    model = type(obj)
    # One more than shown, so that the oldest shown version has something to be compared with.
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    m2m = _m2m_rows(model, records)
    pairs = [(record, records[i + 1] if i + 1 < len(records) else None) for i, record in enumerate(records[:limit])]
    raw = [_changes(model, newer, older, m2m) for newer, older in pairs]
    names = _resolve_names(triple for triples in raw for triple in triples)
    versions = [
        Version(record=newer, changes=_readable(triples, names))
        for (newer, _older), triples in zip(pairs, raw, strict=True)
    ]
    if versions:
        versions[0].is_current = True
    return versions


def field_changes(
    *,
    model,
    newer,
    older,
    m2m: dict | None = None,
    fields: Iterable[str] | None = None,
    m2m_newer: dict | None = None,
) -> list:
    """Raw changes between two historical records (or an object's state now and a record), for other pages
    that resolve names in bulk themselves with :func:`readable_changes`. ``m2m``: the lists' rows of the records
    (:func:`m2m_rows`); ``m2m_newer``: the lists of objects now (:func:`m2m_now`), when ``newer`` is one."""
    return _changes(model, newer, older, m2m or {}, fields, m2m_newer)


def m2m_rows(*, model, records: list) -> dict[str, dict[int, list]]:
    """The tracked many-to-many lists of historical records: field name → history_id → sorted related ids."""
    return _m2m_rows(model, records)


def readable_changes(raw: list[list[tuple]]) -> list[list[FieldChange]]:
    names = _resolve_names(triple for triples in raw for triple in triples)
    return [_readable(triples, names) for triples in raw]


@transaction.atomic
def version_restore(
    *, obj: models.Model, history_id: int, actor, region_id: int, kind: HistoryKind | None = None
) -> models.Model:
    """Make the object look as it did in version ``history_id``: saved as a new version (so the restore is itself
    in the history, and optimistic locking sees it) and recorded in the audit log.

    Raises the historical model's ``DoesNotExist`` for a version that is not the object's.
    """
    model = type(obj)
    record = obj.history.get(history_id=history_id)
    restored = record.instance
    # Stored as data; the history page writes it in the reader's language and time zone (audit.change_reason).
    restored._change_reason = change_reason_restored(record.history_date)
    restored._history_user = actor
    # A restore is a deliberate overwrite of what is there now: the current version is the expected one.
    current_version = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).get()
    old_status = getattr(obj, "status", None)
    save_versioned(restored, expected_version=current_version)
    for m2m in _m2m_fields(model):
        # The record's manager under the list's name holds the list as it was in that version.
        ids = getattr(record, m2m.name).values_list(f"{get_m2m_reverse_field_name(m2m)}_id", flat=True)
        getattr(restored, m2m.name).set(list(ids))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.RESTORE,
        obj=restored,
        region=region_id,
        detail={"code": "restore", "version": history_id, "at": record.history_date},
    )
    if old_status is not None and restored.status != old_status:
        # A restore that changes the status is a status change too, and the audit log says so.
        audit_record(
            actor=actor,
            action=AuditEvent.Action.STATUS,
            obj=restored,
            region=region_id,
            detail={"code": "status", "from": old_status, "to": restored.status},
        )
    plan = kind.plan_of(restored) if kind and kind.plan_of else None
    if plan is not None:
        # Restored public content is published content: the plan's PDFs follow, once the restore has committed.
        transaction.on_commit(lambda: plan_published(plan=plan))
    return restored


# --- Public "changes since the consultation" -------------------------------------------------------------------

# Public content only: no staff bookkeeping, no positions, no archive dates.
PUBLIC_SECTION_FIELDS = ("title", "intro", "challenges", "goals", "lead_role", "lead_organisation")
PUBLIC_ACTIVITY_FIELDS = (
    "title",
    "description",
    "rationale",
    "responsible_organisation",
    "start_year",
    "end_year",
    "person_years",
    "budget",
    "funding_source",
    "cooperation_form",
    "status",
    "partner_organisations",
    "municipalities",
)


@dataclass
class ContentChange:
    state: str  # "added", "changed" or "removed"
    title: str
    obj: models.Model | None
    changes: list[FieldChange] = field(default_factory=list)
    raw: list = field(default_factory=list, repr=False)


@dataclass
class SectionChanges:
    title: str
    section: ContentChange | None
    activities: list[ContentChange]


def changes_baseline(*, plan) -> tuple:
    """When the consultation ended: the close of the plan's last closed window, or else the first time the plan
    was in consultation. Returns (moment or None, window or None)."""
    window = plan.consultation_windows.filter(closes_at__lte=timezone.now()).order_by("-closes_at").first()
    if window is not None:
        return window.closes_at, window
    first = (
        plan.history.filter(status="consultation")
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return first, None


def _state_then(records) -> dict:
    """id → the newest historical record of each object (records ordered by id, newest first), if it existed."""
    then = {}
    for record in records:
        if record.id not in then:
            then[record.id] = record
    return {pk: record for pk, record in then.items() if record.history_type != "-" and record.archived_at is None}


def _compare(model, now_by_id: dict, then_by_id: dict, fields) -> dict[int, ContentChange]:
    # The tracked lists: now from the relations' tables, then from the lists' historical rows; a query per list.
    lists_now = m2m_now(model, list(now_by_id.values()))
    lists_then = _m2m_rows(model, list(then_by_id.values()))
    found = {}
    for pk in set(now_by_id) | set(then_by_id):
        now, then = now_by_id.get(pk), then_by_id.get(pk)
        if now is not None and then is None:
            raw = field_changes(model=model, newer=now, older=None, fields=fields, m2m_newer=lists_now)
            found[pk] = ContentChange("added", str(now), now, raw=raw)
        elif now is None and then is not None:
            found[pk] = ContentChange("removed", str(then.instance), None)
        elif now is not None:
            raw = field_changes(model=model, newer=now, older=then, m2m=lists_then, fields=fields, m2m_newer=lists_now)
            if raw:
                found[pk] = ContentChange("changed", str(now), now, raw=raw)
    return found


def plan_changes_since(*, plan, since) -> list[SectionChanges]:
    """What changed in the public content of the plan's sections and activities since ``since``, field by field,
    with the activities' partners and municipalities as who was added and who removed.

    Ten queries, however big the plan: sections now and then, activities now and then, the activities' two lists
    now and then, and the names of the organisations and municipalities the changes mention."""
    sections_now = list(plan.sections.select_related("theme"))
    sections_then = _state_then(
        ThemeSection.history.filter(plan_id=plan.pk, history_date__lte=since).order_by(
            "id", "-history_date", "-history_id"
        )
    )
    live_sections = {s.pk: s for s in sections_now if s.archived_at is None}
    section_ids = {s.pk for s in sections_now} | set(sections_then)
    activities_now = list(Activity.objects.filter(section__plan=plan))
    sections_by_id = {s.pk: s for s in sections_now}
    for activity in activities_now:
        # Links need the section, its theme and plan: reuse the ones in hand rather than a query per activity.
        activity.section = sections_by_id[activity.section_id]
    activities_then = _state_then(
        Activity.history.filter(section_id__in=section_ids, history_date__lte=since).order_by(
            "id", "-history_date", "-history_id"
        )
    )
    live_activities = {a.pk: a for a in activities_now if a.archived_at is None and a.section_id in live_sections}
    section_changes = _compare(ThemeSection, live_sections, sections_then, PUBLIC_SECTION_FIELDS)
    activity_changes = _compare(Activity, live_activities, activities_then, PUBLIC_ACTIVITY_FIELDS)
    everything = [*section_changes.values(), *activity_changes.values()]
    for change, readable in zip(everything, readable_changes([c.raw for c in everything]), strict=True):
        change.changes = readable

    order = {s.pk: (s.position, s.pk) for s in sections_now}
    titles = {s.pk: s.title for s in sections_now} | {pk: r.title for pk, r in sections_then.items() if pk not in order}
    by_section: dict[int, list] = defaultdict(list)
    for pk, change in activity_changes.items():
        section_id = (live_activities.get(pk) or activities_then.get(pk)).section_id
        by_section[section_id].append(change)
    groups = []
    for section_id in sorted(set(section_changes) | set(by_section), key=lambda pk: order.get(pk, (9999, pk))):
        activities = sorted(by_section.get(section_id, []), key=lambda c: c.title)
        groups.append(SectionChanges(titles.get(section_id, ""), section_changes.get(section_id), activities))
    return groups
