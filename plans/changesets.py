"""Change sets: edits to a public plan are prepared together, reviewed, and published in one transaction.

A plan the public can see (in consultation, adopted, archived) is never edited in place. An editor starts a change
set ("Changes after the summer consultation"): :func:`change_set_start` copies the plan — the plan row, its
milestones, theme sections, activities (with their partners and municipalities), indicators and yearly values —
into a *working copy*, a draft no visitor sees, and records for every copied row the public row's values then
(:class:`~plans.models.ChangeSetRow`, the *base*). Editors edit the copy with the ordinary staff editor (so the
per-field merge between two editors works there as anywhere) and staff preview it with the public templates.

:func:`changes` compares the copy with the public plan object by object and field by field, three ways: the base,
the copy ("mine") and the public plan now ("theirs"). A field is a *conflict* when both sides changed it
differently since the copy was made — possible only when another change set was published meanwhile.
:func:`change_set_rebase` brings every public change the copy does not touch into the copy; conflicts stay flagged
field by field until :func:`conflict_resolve` settles them.

:func:`change_set_publish` refuses a change set with conflicts, or one that changed since the reviewer looked at it
(the *fingerprint* of its changes), and otherwise applies every change to the public plan in one transaction:
the page cache is emptied once and the PDFs are refreshed once when it commits; the changes are kept for the public
changelog (``ChangeSet.published_changes``), the working copy is deleted, and :data:`change_set_published` tells
the apps above (answers to comments, subscribers).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.db.models.lookups import Exact, IsNull
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.access import REVIEW_CHANGES, has_role
from core.audit import audit_record
from core.models import AuditEvent
from core.page_cache import one_change, unseen_changes

from . import history
from .models import (
    Activity,
    ChangeSet,
    ChangeSetNote,
    ChangeSetRow,
    CooperationPlan,
    Indicator,
    IndicatorValue,
    Milestone,
    ThemeSection,
)
from .publishing import plan_published

# The content a change set holds, parents first, with each model's way to its plan.
CONTENT: dict[type[models.Model], str] = {
    CooperationPlan: "pk",
    Milestone: "plan",
    ThemeSection: "plan",
    Activity: "section__plan",
    Indicator: "activity__section__plan",
    IndicatorValue: "indicator__activity__section__plan",
}
# Each row's parent: its field and model.
PARENT = {
    Milestone: "plan",
    ThemeSection: "plan",
    Activity: "section",
    Indicator: "activity",
    IndicatorValue: "indicator",
}
PARENT_MODEL = {
    Milestone: CooperationPlan,
    ThemeSection: CooperationPlan,
    Activity: ThemeSection,
    Indicator: Activity,
    IndicatorValue: Indicator,
}
# Bookkeeping and workflow, not content a change set changes.
NOT_CONTENT = {
    "id",
    "version",
    "updated_at",
    "created_at",
    "slug",
    "region",
    "status",
    "status_changed_at",
    "status_changed_by",
    "working_copy_of",
}

change_set_published = Signal()
"""Sent inside the publishing transaction with ``change_set`` and ``live_ids``: {(model, copy pk): public pk} for
every row of the working copy, so that what pointed at the copy (an answer naming a new activity) can point at the
public row before the copy is deleted."""


class ChangeSetRefused(Exception):
    """Publishing (or another step) is not possible; the message says why, in the user's language."""


def content_fields(model) -> list[models.Field]:
    """The fields of ``model`` a change set compares and applies: its content, not its parent or bookkeeping."""
    parent = PARENT.get(model)
    concrete = [f for f in model._meta.concrete_fields if f.name not in NOT_CONTENT and f.name != parent]
    return concrete + list(model._meta.many_to_many)


def _normal(f: models.Field, value):
    """One JSON-able shape for a field's value, so that copy, public row and base compare equal when they are."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal(1).scaleb(-f.decimal_places)), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _value(obj, f: models.Field):
    if f.many_to_many:
        return sorted(related.pk for related in getattr(obj, f.name).all())
    return _normal(f, getattr(obj, f.attname))


def _snapshot(obj) -> dict:
    return {f.name: _value(obj, f) for f in content_fields(type(obj))}


# What a row's str() reads beyond its own columns (ObjectChange.label): fetched with the rows, not one query each.
LABEL_RELATED = {IndicatorValue: ("indicator",)}


def _with_label_related(model, queryset: QuerySet) -> QuerySet:
    related = LABEL_RELATED.get(model)
    return queryset.select_related(*related) if related else queryset


def _rows(model, plan, pks=None) -> dict[int, models.Model]:
    """Every row of ``model`` in ``plan`` (archived ones too), or those of them with these ids, with its lists: one
    query, one more per list."""
    queryset = _with_label_related(model, model._default_manager.filter(**{CONTENT[model]: plan.pk}))
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    many = [f.name for f in model._meta.many_to_many]
    return {obj.pk: obj for obj in queryset.prefetch_related(*many)}


@dataclass
class FieldChange:
    name: str
    base: object
    mine: object
    theirs: object

    @property
    def conflict(self) -> bool:
        """Both the change set and the public plan changed it since the copy was made, differently."""
        return self.theirs != self.base and self.theirs != self.mine


@dataclass
class ObjectChange:
    """One object the change set adds, changes or removes."""

    model: type[models.Model]
    action: str  # "added", "changed" or "removed"
    copy: models.Model | None
    origin: models.Model | None
    row: ChangeSetRow | None = None
    fields: list[FieldChange] = field(default_factory=list)
    removed_id: int | None = None
    """A removed row's public id, kept for the changelog once the row is deleted."""

    @property
    def gone(self) -> bool:
        """The public row it changes no longer exists (removed by a change set published meanwhile)."""
        return self.action != "added" and self.origin is None

    @property
    def conflicts(self) -> list[FieldChange]:
        return [f for f in self.fields if f.conflict]

    @property
    def has_conflict(self) -> bool:
        return self.gone or bool(self.conflicts)

    @property
    def shown(self) -> models.Model:
        return self.copy if self.copy is not None else self.origin

    @property
    def label(self) -> str:
        obj = self.shown
        return str(obj) if obj is not None else ""

    def as_json(self) -> dict:
        return {
            "model": self.model._meta.model_name,
            "action": self.action,
            "id": self.origin.pk if self.origin is not None and self.origin.pk is not None else self.removed_id,
            "label": self.label,
            "parent": self._parent_id(),
            "fields": [{"name": f.name, "old": f.theirs, "new": f.mine} for f in self.fields],
        }

    def _parent_id(self) -> int | None:
        """The public parent's id (a removed milestone's plan, an added activity's section once published)."""
        parent = PARENT.get(self.model)
        if parent is None:
            return None
        obj = self.origin if self.origin is not None else self.copy
        return getattr(obj, f"{parent}_id")


def _row_index(change_set) -> dict[type, dict[int, ChangeSetRow]]:
    index: dict[type, dict[int, ChangeSetRow]] = {model: {} for model in CONTENT}
    for row in change_set.rows.select_related("content_type"):
        index[row.content_type.model_class()][row.copy_id] = row
    return index


# The models with many rows a plan: the rows a change set left alone are found in the database. Comparing the others in
# SQL costs more to build than reading their few rows. Neither has a list (many-to-many field): those are compared
# in Python.
COMPARED_IN_DATABASE = (Indicator, IndicatorValue)


def _unchanged(model, change_set) -> QuerySet[ChangeSetRow]:
    """The ChangeSetRow of the copy row ``OuterRef("pk")`` if its base still holds each of the row's columns, as
    text. Compared in the database, so that the thousands of untouched rows of a plan never leave it; a value whose
    text differs from its base's however equal (a time spelled otherwise) only makes :func:`changes` compare it."""
    same = [
        Q(Exact(Cast(OuterRef(f.attname), TextField()), KT(f"base__{f.name}")))
        | Q(IsNull(OuterRef(f.attname), True), IsNull(KT(f"base__{f.name}"), True))
        for f in content_fields(model)
        if not f.many_to_many
    ]
    rows = change_set.rows.filter(content_type=ContentType.objects.get_for_model(model), copy_id=OuterRef("pk"))
    return rows.filter(*same)


def changes(change_set: ChangeSet) -> list[ObjectChange]:
    """What publishing the change set would do, parents first; conflicts flagged field by field.

    The plan, its milestones, sections and activities (tens of rows) are read whole and compared here. Of the
    indicators and their values (thousands in a large plan) only the copy's rows whose columns differ from their
    base (:func:`_unchanged`, in the database) are read, and the public rows of those."""
    copy, plan = change_set.working_copy, change_set.plan
    if copy is None:
        return []
    found: list[ObjectChange] = []
    for model in CONTENT:
        fields = content_fields(model)
        in_copy = model._default_manager.filter(**{CONTENT[model]: copy.pk})
        candidates = (
            in_copy.filter(~Exists(_unchanged(model, change_set))) if model in COMPARED_IN_DATABASE else in_copy
        )
        candidates = _with_label_related(model, candidates)
        copies = {obj.pk: obj for obj in candidates.prefetch_related(*(f.name for f in model._meta.many_to_many))}
        # The rows of those copies, and of copy rows removed since.
        rows = {
            row.copy_id: row
            for row in change_set.rows.filter(content_type=ContentType.objects.get_for_model(model))
            .filter(Q(copy_id__in=list(copies)) | ~Q(copy_id__in=in_copy.values("pk")))
            .order_by("pk")
        }
        public = _rows(model, plan, [row.origin_id for row in rows.values()])
        for obj in copies.values():
            row = rows.get(obj.pk)
            if row is None:
                added = [FieldChange(f.name, None, _value(obj, f), None) for f in fields]
                found.append(ObjectChange(model, "added", obj, None, None, [f for f in added if f.mine not in EMPTY]))
                continue
            origin = public.get(row.origin_id)
            changed = []
            for f in fields:
                mine, base = _value(obj, f), row.base.get(f.name)
                if mine != base:
                    theirs = _value(origin, f) if origin is not None else None
                    changed.append(FieldChange(f.name, base, mine, theirs))
            if changed:
                found.append(ObjectChange(model, "changed", obj, origin, row, changed))
        for copy_id, row in rows.items():
            if copy_id not in copies and row.origin_id in public:
                origin = public[row.origin_id]
                # Removed here, with all it held (the changelog shows it, an undo recreates it); a public change to it
                # since then is a conflict (it would be lost unseen).
                held = [FieldChange(f.name, row.base.get(f.name), None, _value(origin, f)) for f in fields]
                found.append(
                    ObjectChange(
                        model, "removed", None, origin, row, [f for f in held if f.conflict or f.theirs not in EMPTY]
                    )
                )
    return found


EMPTY = (None, "", [], False)


def fingerprint(found: list[ObjectChange]) -> str:
    """Names exactly these changes: a reviewer's publish button carries it, so a stale tab cannot publish."""
    content = json.dumps([change.as_json() for change in found], sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()[:32]


# --- Starting ---------------------------------------------------------------------------------------------------


def _clone(obj, **changes) -> models.Model:
    model = type(obj)
    values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
    if "version" in values:
        values["version"] = 1
    values.update(changes)
    return model(**values)


def _copy_lists(model, pairs: list[tuple[models.Model, models.Model]]) -> None:
    """The many-to-many lists of each (public, copy) pair onto the copy: one insert per list."""
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(**{f"{source}_id": copy.pk, f"{target}_id": related.pk})
            for origin, copy in pairs
            for related in getattr(origin, m2m.name).all()
        )


@transaction.atomic
def change_set_start(*, plan: CooperationPlan, title: str, description: str = "", actor, now=None) -> ChangeSet:
    """A new change set of a public plan, with its working copy."""
    now = now or timezone.now()
    change_set = ChangeSet.objects.create(
        plan=plan, title=title, description=description, created_by=actor, based_at=now
    )
    copy = _clone(plan, slug=f"{plan.slug[:90]}-changes-{change_set.pk}", working_copy_of_id=plan.pk)
    copy.status = CooperationPlan.Status.DRAFT
    copy.status_changed_at = copy.status_changed_by_id = None
    copy.save()
    copy.basis_documents.set(plan.basis_documents.all())
    change_set.working_copy = copy
    change_set.save(update_fields=["working_copy"])
    mapping = {CooperationPlan: {plan.pk: copy.pk}}
    rows = [_row(change_set, plan, copy)]
    for model, parent in PARENT.items():
        originals = list(_rows(model, plan).values())
        parents = mapping[PARENT_MODEL[model]]
        copies = [_clone(obj, **{f"{parent}_id": parents[getattr(obj, f"{parent}_id")]}) for obj in originals]
        copies = bulk_create_with_history(copies, model, default_user=actor, default_date=now)
        _copy_lists(model, list(zip(originals, copies, strict=True)))
        mapping[model] = {origin.pk: obj.pk for origin, obj in zip(originals, copies, strict=True)}
        rows += [_row(change_set, origin, obj) for origin, obj in zip(originals, copies, strict=True)]
    ChangeSetRow.objects.bulk_create(rows)
    return change_set


def _row(change_set, origin, copy) -> ChangeSetRow:
    return ChangeSetRow(
        change_set=change_set,
        content_type=ContentType.objects.get_for_model(type(origin)),
        copy_id=copy.pk,
        origin_id=origin.pk,
        base=_snapshot(origin),
    )


@transaction.atomic
def change_set_start_undo(*, published: ChangeSet, actor, now=None) -> tuple[ChangeSet, int]:
    """A new change set that undoes a published one, ready for review: changed fields get their old values back,
    added rows are archived (or removed, for rows that cannot be archived), removed rows come back. A field changed
    again since is left as it is now. Returns the change set and how many of those fields were left."""
    now = now or timezone.now()
    change_set = change_set_start(
        plan=published.plan,
        title=(_("Undo: %(title)s") % {"title": published.title})[:200],
        description=_("Undoes the change set “%(title)s” published on %(date)s.")
        % {
            "title": published.title,
            "date": date_format(timezone.localtime(published.published_at), "SHORT_DATE_FORMAT"),
        },
        actor=actor,
        now=now,
    )
    to_copy = {
        (row.content_type.model_class(), row.origin_id): row.copy_id
        for row in change_set.rows.select_related("content_type")
    }
    left = 0
    for entry in published.published_changes:
        model = MODELS.get(entry["model"])
        if model is None:
            continue
        copy_id = to_copy.get((model, entry["id"]))
        obj = model._default_manager.filter(pk=copy_id).first() if copy_id else None
        if entry["action"] == "changed" and obj is not None:
            for item in entry["fields"]:
                f = model._meta.get_field(item["name"])
                if _value(obj, f) != item["new"]:
                    left += 1
                elif f.many_to_many:
                    getattr(obj, f.name).set(item["old"] or [])
                else:
                    setattr(obj, f.attname, _python(f, item["old"]))
            _save_copy(obj)
        elif entry["action"] == "added" and obj is not None:
            if hasattr(obj, "archived_at"):
                obj.archived_at = now
                _save_copy(obj)
            else:
                obj.delete()
        elif entry["action"] == "removed":
            parent_copy = to_copy.get((PARENT_MODEL[model], entry["parent"]))
            if parent_copy is None:
                left += 1
                continue
            restored = model(**{f"{PARENT[model]}_id": parent_copy})
            lists = {}
            for item in entry["fields"]:
                f = model._meta.get_field(item["name"])
                if f.many_to_many:
                    lists[f.name] = item["old"] or []
                else:
                    setattr(restored, f.attname, _python(f, item["old"]))
            restored.save()
            for name, pks in lists.items():
                getattr(restored, name).set(pks)
    return change_set, left


# --- Rebasing and conflicts ---------------------------------------------------------------------------------------


def _set(obj, f: models.Field, source) -> None:
    """Give ``obj`` the value ``source`` has in field ``f`` (lists are written at once, plain fields on save)."""
    if f.many_to_many:
        getattr(obj, f.name).set(getattr(source, f.name).all())
    else:
        setattr(obj, f.attname, getattr(source, f.attname))


def _bump(obj) -> None:
    """The next version, as a staff form's save would have it (an open form of the old one sees the change)."""
    if hasattr(obj, "version"):
        obj.version += 1


def _save_copy(obj) -> None:
    _bump(obj)
    obj.save()


def rebase_due(change_set: ChangeSet) -> bool:
    """Another change set of the plan was published since this one's copy last matched the public plan."""
    return ChangeSet.objects.filter(
        plan_id=change_set.plan_id, state=ChangeSet.State.PUBLISHED, published_at__gt=change_set.based_at
    ).exists()


@transaction.atomic
def change_set_rebase(change_set: ChangeSet, *, now=None) -> int:
    """Bring the public plan's changes into the working copy wherever the change set does not change the same field;
    where it does, the field stays a conflict. New public rows are copied in, rows removed from the public plan
    are removed from the copy unless the change set changed them. Returns how many fields were brought in."""
    copy, plan = change_set.working_copy, change_set.plan
    index = _row_index(change_set)
    brought = 0
    mapping: dict[type, dict[int, int]] = {CooperationPlan: {plan.pk: copy.pk}}
    for model in CONTENT:
        parent = PARENT.get(model)
        copies, public = _rows(model, copy), _rows(model, plan)
        rows = index[model]
        fields = content_fields(model)
        mapping.setdefault(model, {})
        for copy_id, row in list(rows.items()):
            obj, origin = copies.get(copy_id), public.get(row.origin_id)
            if obj is None:
                if origin is None:  # removed on both sides
                    row.delete()
                continue
            if origin is None:
                if all(_value(obj, f) == row.base.get(f.name) for f in fields):
                    obj.delete()  # removed from the public plan, untouched here: gone from the copy too
                    row.delete()
                continue
            mapping[model][origin.pk] = obj.pk
            touched = False
            for f in fields:
                base, mine, theirs = row.base.get(f.name), _value(obj, f), _value(origin, f)
                if theirs == base:
                    continue
                if mine == base:
                    _set(obj, f, origin)
                    brought += 1
                    touched = touched or not f.many_to_many
                if mine in (base, theirs):
                    row.base[f.name] = theirs
            if touched:
                _save_copy(obj)
            row.save(update_fields=["base"])
        if parent is None:
            continue
        # Rows the public plan gained meanwhile, under a parent the copy still has.
        known = {row.origin_id for row in rows.values()}
        parents = mapping[PARENT_MODEL[model]]
        new = [obj for pk, obj in public.items() if pk not in known and getattr(obj, f"{parent}_id") in parents]
        for origin in new:
            obj = _clone(origin, **{f"{parent}_id": parents[getattr(origin, f"{parent}_id")]})
            obj.save()
            _copy_lists(model, [(origin, obj)])
            mapping[model][origin.pk] = obj.pk
            _row(change_set, origin, obj).save()
            brought += 1
    change_set.based_at = now or timezone.now()
    change_set.save(update_fields=["based_at"])
    return brought


@transaction.atomic
def conflict_resolve(*, change_set: ChangeSet, row: ChangeSetRow, name: str | None, keep: str, actor) -> None:
    """Settle one conflict. ``keep="mine"``: the change set's value wins over the public one (it is applied on
    publishing); ``keep="theirs"``: the copy takes the public value. ``name`` None: the whole object, whose public
    row is gone — "theirs" drops it from the copy."""
    model = row.content_type.model_class()
    obj = model._default_manager.filter(pk=row.copy_id).first()
    origin = model._default_manager.filter(pk=row.origin_id).first()
    if name is None:
        if origin is None and obj is not None and keep == "theirs":
            obj.delete()
            row.delete()
        return
    f = model._meta.get_field(name)
    if origin is None:
        return
    theirs = _value(origin, f)
    if keep == "theirs" and obj is not None:
        _set(obj, f, origin)
        if not f.many_to_many:
            _save_copy(obj)
    row.base[name] = theirs
    row.save(update_fields=["base"])
    ChangeSetNote.objects.create(
        change_set=change_set,
        author=actor,
        text=_("Conflict in “%(object)s”, field “%(field)s”: kept %(which)s.")
        % {
            "object": obj or origin,
            "field": f.verbose_name,
            "which": _("the change set's value") if keep == "mine" else _("the public value"),
        },
    )


# --- Review and publishing ----------------------------------------------------------------------------------------


def may_publish(user, change_set: ChangeSet) -> bool:
    """A reviewer of the region who did not prepare it; or its editor when the region allows that."""
    if not has_role(user, change_set.plan.region_id, REVIEW_CHANGES):
        return False
    if user.is_superuser or change_set.plan.region.change_sets_self_approval:
        return True
    return not _prepared_by(user, change_set)


def _prepared_by(user, change_set: ChangeSet) -> bool:
    """Whether ``user`` started the change set or edited its working copy."""
    if change_set.created_by_id == user.pk or change_set.submitted_by_id == user.pk:
        return True
    copy = change_set.working_copy
    if copy is None:
        return False
    for model, way in CONTENT.items():
        history = model.history.filter(**{"id" if way == "pk" else way: copy.pk})
        if history.filter(history_user=user).exists():
            return True
    return False


def _note(change_set, kind, actor, text=""):
    ChangeSetNote.objects.create(change_set=change_set, kind=kind, author=actor, text=text)


def _claim(change_set: ChangeSet, *states: str) -> ChangeSet:
    """The change set, locked, if it is in one of ``states``; refused otherwise."""
    current = (
        ChangeSet.objects.select_for_update(of=("self",))
        .select_related("plan__region", "working_copy")
        .get(pk=change_set.pk)
    )
    if current.state not in states:
        raise ChangeSetRefused(
            _("The change set is now “%(state)s”: reload the page to see what happened to it.")
            % {"state": current.get_state_display()}
        )
    return current


@transaction.atomic
def change_set_submit(*, change_set: ChangeSet, actor, text: str = "") -> ChangeSet:
    change_set = _claim(change_set, ChangeSet.State.OPEN)
    if not changes(change_set):
        raise ChangeSetRefused(_("The change set changes nothing yet: edit the plan in it first."))
    change_set.state, change_set.submitted_by = ChangeSet.State.IN_REVIEW, actor
    change_set.save(update_fields=["state", "submitted_by"])
    _note(change_set, ChangeSetNote.Kind.SUBMITTED, actor, text)
    return change_set


@transaction.atomic
def change_set_return(*, change_set: ChangeSet, actor, text: str) -> ChangeSet:
    change_set = _claim(change_set, ChangeSet.State.IN_REVIEW)
    change_set.state = ChangeSet.State.OPEN
    change_set.save(update_fields=["state"])
    _note(change_set, ChangeSetNote.Kind.RETURNED, actor, text)
    return change_set


@transaction.atomic
def change_set_discard(*, change_set: ChangeSet, actor, text: str = "") -> ChangeSet:
    change_set = _claim(change_set, ChangeSet.State.OPEN, ChangeSet.State.IN_REVIEW)
    # Answers to comments (the consultations app) may promise the change set: discarding it would break the promise.
    # The reverse relation is read without importing that app; its answer service locks the change set too.
    if change_set.responses.exists():
        raise ChangeSetRefused(
            _(
                "Answers to comments say the comments will be taken into account in this change set, so it cannot "
                "be discarded. Change those answers first, then discard it."
            )
        )
    change_set.state, change_set.working_copy = ChangeSet.State.DISCARDED, None
    change_set.save(update_fields=["state", "working_copy"])
    _delete_working_copy_later()
    change_set.rows.all().delete()
    _note(change_set, ChangeSetNote.Kind.DISCARDED, actor, text)
    return change_set


def _apply_fields(obj, source, fields: list[models.Field]) -> list[models.Field]:
    """Copy the plain fields from the copy onto ``obj``; return the lists, which are set once ``obj`` is saved."""
    lists = []
    for f in fields:
        if f.many_to_many:
            lists.append(f)
        else:
            setattr(obj, f.attname, getattr(source, f.attname))
    return lists


@transaction.atomic
def change_set_publish(*, change_set: ChangeSet, actor, seen: str, now=None) -> ChangeSet:
    """Apply the change set to the public plan: everything or nothing.

    ``seen`` is the fingerprint of the changes the reviewer was shown; if the change set changed since, or any of
    its changes conflicts with the public plan, nothing is written and :class:`ChangeSetRefused` says why.
    """
    now = now or timezone.now()
    change_set = _claim(change_set, ChangeSet.State.IN_REVIEW)
    CooperationPlan.objects.select_for_update().filter(pk=change_set.plan_id).first()
    with one_change():
        return _publish(change_set, actor, seen, now)


def _publish(change_set: ChangeSet, actor, seen: str, now) -> ChangeSet:
    if rebase_due(change_set):
        raise ChangeSetRefused(
            _(
                "Another change set was published since this one was prepared. Nothing was published: bring the "
                "public changes into this one first and check the result."
            )
        )
    found = changes(change_set)
    if fingerprint(found) != seen:
        raise ChangeSetRefused(
            _("The change set changed since you opened it. Nothing was published: review it again, then publish.")
        )
    conflicts = [change for change in found if change.has_conflict]
    if conflicts:
        raise ChangeSetRefused(
            _(
                "The public plan changed since this change set was prepared and %(count)s of its changes no longer "
                "apply as they are: settle them on the change set's page, then publish."
            )
            % {"count": len(conflicts)}
        )
    if not found:
        raise ChangeSetRefused(_("The change set changes nothing: there is nothing to publish."))
    live_ids: dict[tuple[type, int], int] = {}
    for row in change_set.rows.select_related("content_type"):
        live_ids[(row.content_type.model_class(), row.copy_id)] = row.origin_id
    try:
        with transaction.atomic():
            _apply(found, live_ids, actor, change_set.plan.region_id)
    except IntegrityError:
        raise ChangeSetRefused(
            _(
                "The change set no longer applies to the public plan (for example, a theme section for the same "
                "theme was added meanwhile). Nothing was published."
            )
        ) from None
    change_set.published_changes = [change.as_json() for change in found]
    change_set.state, change_set.published_at, change_set.published_by = ChangeSet.State.PUBLISHED, now, actor
    change_set.working_copy = None
    change_set.save()
    _note(change_set, ChangeSetNote.Kind.PUBLISHED, actor)
    change_set_published.send(sender=ChangeSet, change_set=change_set, live_ids=live_ids)
    _delete_working_copy_later()
    audit_record(actor=actor, action=AuditEvent.Action.PUBLISH, obj=change_set, region=change_set.plan.region_id)
    plan_id = change_set.plan_id
    transaction.on_commit(lambda: plan_published(plan=CooperationPlan.objects.select_related("region").get(pk=plan_id)))
    return change_set


def _delete_working_copy_later() -> None:
    """A published or discarded change set's working copy is no longer anyone's (``working_copy`` is cleared, so no
    page links it) and is deleted by a task once the transaction commits: deleting a plan's worth of rows with their
    history is most of a publish's queries, and none of it changes what the public sees. The beat schedule sweeps
    any copy a lost task left behind."""
    from .tasks import delete_spent_working_copies

    transaction.on_commit(delete_spent_working_copies.delay)


def no_public_page_shows(row) -> bool:
    """The row is a change set's and no public page shows it: a row (plan, milestone, section, activity, indicator,
    yearly value) of a working copy, or an unpublished change set no answer names. Saving it keeps the public page
    cache (core.page_cache.watch_app_models)."""
    copies = CooperationPlan.objects.filter(working_copy_of__isnull=False)
    match row:
        case ChangeSet():
            return row.state != ChangeSet.State.PUBLISHED and not row.responses.exists()
        case CooperationPlan():
            return row.working_copy_of_id is not None
        case Milestone() | ThemeSection():
            return copies.filter(pk=row.plan_id).exists()
        case Activity():
            return copies.filter(sections=row.section_id).exists()
        case Indicator():
            return copies.filter(sections__activities=row.activity_id).exists()
        case IndicatorValue():
            return copies.filter(sections__activities__indicators=row.indicator_id).exists()
    return False


def working_copies_delete() -> int:
    """Delete the working copies no open change set uses any more; returns how many."""
    spent = CooperationPlan.objects.filter(working_copy_of__isnull=False, change_set_of_copy__isnull=True)
    deleted = 0
    for copy in spent:
        with transaction.atomic(), unseen_changes():  # no public page ever showed a working copy
            copy.delete()
        deleted += 1
    return deleted


def _apply(found: list[ObjectChange], live_ids: dict, actor, region_id: int) -> None:
    removed: set[tuple[type, int]] = set()
    for change in found:
        model = change.model
        if change.action == "removed":
            audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=change.origin, region=region_id)
            change.removed_id = change.origin.pk
            removed.add((model, change.origin.pk))
            parent = PARENT.get(model)
            # Parents come first: a removed parent's delete() has removed its rows already (CASCADE). Deleting
            # them again would only repeat the queries and record a second deletion in their history.
            if parent is None or (PARENT_MODEL[model], getattr(change.origin, f"{parent}_id")) not in removed:
                change.origin.delete()
            continue
        if change.action == "added":
            obj = _clone(change.copy, **_parent_id(change.copy, live_ids))
            lists = [f for f in content_fields(model) if f.many_to_many]
        else:
            obj = change.origin
            wanted = {f.name for f in change.fields}
            lists = _apply_fields(obj, change.copy, [f for f in content_fields(model) if f.name in wanted])
            _bump(obj)
        obj.save()
        for f in lists:
            related = getattr(change.copy, f.name).all()  # prefetched by changes()
            if change.action != "added":
                getattr(obj, f.name).set(related)
            elif related:  # a new row's list is empty: set() would read it first to find nothing to remove
                getattr(obj, f.name).add(*related)
        live_ids[(model, change.copy.pk)] = obj.pk
        change.origin = obj


def _parent_id(copy, live_ids) -> dict:
    model = type(copy)
    parent = PARENT[model]
    return {f"{parent}_id": live_ids[(PARENT_MODEL[model], getattr(copy, f"{parent}_id"))], "id": None}


# --- Showing changes ----------------------------------------------------------------------------------------------

MODELS = {model._meta.model_name: model for model in CONTENT}


@dataclass
class ShownChange:
    """One object's change as the review page and the public changelog show it."""

    model: type[models.Model]
    action: str
    label: str
    id: int | None
    fields: list  # plans.history.FieldChange, in the reader's language
    conflicts: list[str] = field(default_factory=list)
    """Labels of the fields both sides changed (the review page only), as in ``fields``."""
    change: ObjectChange | None = None

    @property
    def kind(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def anchor(self) -> str:
        return f"change-{self.model._meta.model_name}-{self.id}" if self.id else ""

    @property
    def conflict_fields(self) -> list[tuple[str, str]]:
        """(field name, label) of each conflicting field, for the forms that settle them."""
        if self.change is None:
            return []
        return [(f.name, _label(self.model, f.name)) for f in self.change.conflicts]

    @property
    def action_label(self) -> str:
        return {"added": _("added"), "changed": _("changed"), "removed": _("removed")}[self.action]


def _label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


def _python(f: models.Field, value):
    if value is None or f.many_to_many or f.is_relation:
        return value
    return f.to_python(value)


def shown_changes(entries: list[dict], found: list[ObjectChange] | None = None) -> list[ShownChange]:
    """Readable changes from ``ObjectChange.as_json()`` entries (stored in ``published_changes``, or of
    ``found``, whose conflicts are then marked): field labels, choices, numbers and dates in the reader's language,
    names of organisations and municipalities looked up once for all."""
    raw, kept = [], []
    for index, entry in enumerate(entries):
        model = MODELS.get(entry["model"])
        if model is None:
            continue
        triples = []
        for item in entry["fields"]:
            try:
                f = model._meta.get_field(item["name"])
            except FieldDoesNotExist:  # a field removed since it was published
                continue
            triples.append((f, _python(f, item["old"]), _python(f, item["new"])))
        raw.append(triples)
        kept.append((index, model, entry))
    shown = []
    for fields, (index, model, entry) in zip(history.readable_changes(raw), kept, strict=True):
        change = found[index] if found is not None else None
        shown.append(
            ShownChange(
                model=model,
                action=entry["action"],
                label=entry["label"],
                id=entry["id"],
                fields=fields,
                conflicts=[_label(model, f.name) for f in change.conflicts] if change is not None else [],
                change=change,
            )
        )
    return shown
