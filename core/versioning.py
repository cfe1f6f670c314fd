"""No lost updates: optimistic locking with a ``version`` column.

A staff form carries the version the user started from. Saving claims the row with a conditional update
(``UPDATE ... SET version = version + 1 WHERE pk = %s AND version = %s``); if someone else saved in between,
no row matches and :class:`EditConflict` is raised before anything is written, so the view can show the other
person's change beside the user's own input. The claim and the save run in one transaction, and the save
itself goes through ``Model.save()`` so django-simple-history records the version.

When that happens, :func:`save_merging` merges per field against the history row of the user's starting version:
fields only one person changed are combined, and only fields both changed are shown as a conflict.

(django-concurrency does the same by patching ``save()``; a dozen explicit lines keep the locking path
visible and tested, which DESIGN.md's field note asks for: some version fields are not bumped by
``save(update_fields=...)``.)
"""

import dataclasses
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class EditConflict(Exception):
    """Someone saved the object after the user opened it."""

    def __init__(self, current):
        super().__init__(f"{type(current).__name__} {current.pk} changed meanwhile (now version {current.version})")
        self.current = current


@transaction.atomic
def save_versioned(instance: models.Model, *, expected_version: int, **save_kwargs) -> models.Model:
    """Save ``instance`` if the stored row is still at ``expected_version``; bump the version.

    A new object (no pk) is simply saved at version 1.
    """
    model = type(instance)
    if instance.pk is None:
        instance.version = 1
        instance.save(**save_kwargs)
        return instance
    claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        current = model._default_manager.filter(pk=instance.pk).first()
        if current is None:
            raise model.DoesNotExist(f"{model.__name__} {instance.pk} was deleted")
        raise EditConflict(current)
    instance.version = expected_version + 1
    instance.save(**save_kwargs)
    return instance


def _shown(field, value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal) or hasattr(value, "isoformat"):
        # As the user types them: a decimal comma, a local date and time.
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return str(formats.localize(value, use_l10n=True))
    if hasattr(value, "all"):
        value = list(value.all())
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(str(item) for item in value)) or "–"
    choices = dict(getattr(field, "choices", None) or ())
    if not hasattr(value, "pk") and value in choices:
        return str(choices[value])
    return str(value)


def conflict_summary(form, current) -> dict:
    """What the staff pages show after EditConflict (templates/staff/_conflict.html): each field where the other
    person's saved value and the user's input differ, and who saved last. Call it before a new form is bound to
    ``current`` (validating one copies the user's input onto the instance)."""
    rows = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        theirs = _shown(field, getattr(current, name, None))
        yours = _shown(field, form.cleaned_data.get(name))
        if theirs != yours:
            rows.append({"label": field.label, "theirs": theirs, "yours": yours})
    last_change = current.history.first()
    return {"rows": rows, "by": last_change.history_user if last_change else None}


# --- Per-field merge ----------------------------------------------------------------------------------------------
# Two people edit the same object: the fields only one of them changed are merged, only the fields both changed
# (to different values) are a conflict. The base is the history row of the version the form started from.

UNKNOWN = object()  # no base value: the history row was pruned, or the field is not tracked


@dataclass
class MergeResult:
    """What :func:`save_merging` did. ``form`` is the form to show again when nothing was saved."""

    form: forms.BaseForm
    saved: bool = False
    kept: list[str] = dataclasses.field(default_factory=list)
    """Labels of the fields whose value the other person saved meanwhile and that were kept."""
    by: object = None
    conflict: dict | None = None
    """For templates/staff/_conflict.html: only the fields both people changed, with both values."""

    @property
    def message(self) -> str | None:
        """Tells the user whose changes were merged into theirs (None when nothing was merged)."""
        if not self.saved or not self.kept:
            return None
        who = _person(self.by) or _("Another editor")
        return ngettext(
            "%(who)s changed this meanwhile too: their change to %(fields)s was kept along with yours.",
            "%(who)s changed this meanwhile too: their changes to %(fields)s were kept along with yours.",
            len(self.kept),
        ) % {"who": who, "fields": ", ".join(self.kept)}


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _comparable(value):
    """One shape for form, model and history values: related objects as pks, sets of them as frozensets."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | models.Manager):
        return frozenset(value.values_list("pk", flat=True))
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(_comparable(item) for item in value)
    return None if value == "" else value


def _model_field(model, name):
    """The model's own field behind a form field, or None for a form-only one (never merged)."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # Reverse relations (another model's foreign key) are not this object's to merge.
    return None if model_field.auto_created and not model_field.concrete else model_field


def _theirs(instance, model_field):
    if model_field.many_to_many:
        return frozenset(getattr(instance, model_field.name).values_list("pk", flat=True))
    return _comparable(getattr(instance, model_field.attname))


def _base(row, form, name, model_field):
    """The value at the version the form started from, or UNKNOWN."""
    if model_field.many_to_many:
        history_model = type(row) if row is not None else None
        if row is not None and hasattr(history_model, name):
            # simple-history tracks it (m2m_fields): the rows written with that version.
            target = model_field.m2m_reverse_field_name()
            return frozenset(getattr(row, name).values_list(target, flat=True))
        bound = form[name]
        if bound.field.show_hidden_initial:
            # The form posted back the set it was given (an ``initial-`` input).
            widget = bound.field.hidden_widget()
            raw = widget.value_from_datadict(form.data, form.files, form.add_initial_prefix(name))
            try:
                return _comparable(bound.field.clean(raw))
            except forms.ValidationError:
                return UNKNOWN
        return UNKNOWN
    if row is None or not hasattr(row, model_field.attname):
        return UNKNOWN
    return _comparable(getattr(row, model_field.attname))


def base_version_row(instance, version: int):
    """The newest history row written at ``version`` (an m2m change writes another row with the same version)."""
    return instance.history.filter(version=version).order_by("-history_date", "-history_id").first()


def _same(form_field, a, b) -> bool:
    if a == b:
        return True
    # Times the input cannot show (seconds of a minute field, e.g. a window closed early) are not a change.
    if isinstance(a, datetime | time) and isinstance(b, datetime | time):
        return _formatted(form_field, a) == _formatted(form_field, b)
    return False


def _formatted(form_field, value):
    return form_field.widget.format_value(form_field.prepare_value(value))


def _three_way(form, current, base_row):
    """Split the form's fields into (theirs only, both differently): the names, compared mine/base/theirs."""
    model = type(current)
    theirs_only, conflicts = [], []
    for name, form_field in form.fields.items():
        model_field = _model_field(model, name)
        if name == "version" or model_field is None or name not in form.cleaned_data:
            continue
        mine = _comparable(form.cleaned_data[name])
        theirs = _theirs(current, model_field)
        if _same(form_field, mine, theirs):
            continue
        base = _base(base_row, form, name, model_field)
        if base is UNKNOWN or not (_same(form_field, base, mine) or _same(form_field, base, theirs)):
            conflicts.append(name)
        elif _same(form_field, base, mine):
            theirs_only.append(name)
        # base == theirs: only I changed it, mine stays.
    return theirs_only, conflicts


def _as_data(bound_field):
    """An unbound field's value as a browser would post it (for putting the other person's value in a form)."""
    widget, value = bound_field.field.widget, bound_field.value()
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if value else []
    formatted = value if isinstance(value, list | tuple) else widget.format_value(value)
    if isinstance(formatted, list | tuple):  # choice widgets format to a list of values
        return [str(item) for item in formatted if item is not None]
    return [] if formatted is None else [str(formatted)]


def _merged_form(form, current, theirs_only, form_kwargs):
    """The user's input with the other person's values in the fields only they changed, at the current version."""
    form_class = type(form)
    saved = form_class(instance=current, prefix=form.prefix, **form_kwargs)
    data = form.data.copy()
    for name in theirs_only:
        values = _as_data(saved[name])
        if hasattr(data, "setlist"):  # a QueryDict, as from a request
            data.setlist(form.add_prefix(name), values)
        elif getattr(saved[name].field.widget, "allow_multiple_selected", False):
            data[form.add_prefix(name)] = values
        else:
            data[form.add_prefix(name)] = values[0] if values else ""
    data[form.add_prefix("version")] = str(current.version)
    return form_class(data, form.files or None, instance=copy(current), prefix=form.prefix, **form_kwargs)


def _typed(bound_field, cleaned):
    """The user's text or number as typed (0,75 stays 0,75); anything else as the other person's value is shown."""
    raw = bound_field.data
    if isinstance(raw, str) and isinstance(cleaned, str | Decimal):
        return raw or "–"
    return _shown(bound_field.field, cleaned)


def _conflict_rows(form, current, names):
    rows = []
    for name in names:
        bound = form[name]
        rows.append(
            {
                "label": bound.label,
                "theirs": _shown(bound.field, getattr(current, name, None)),
                "yours": _typed(bound, form.cleaned_data.get(name)),
            }
        )
    return rows


def save_merging(
    form: forms.BaseModelForm,
    *,
    save: Callable[[forms.BaseModelForm], object],
    reload: Callable[[int], models.Model] | None = None,
    form_kwargs: dict | None = None,
    mergeable: bool = True,
) -> MergeResult:
    """Save a valid versioned model form with ``save(form)`` (which calls save_versioned with
    ``form.expected_version`` and may raise EditConflict); if someone saved meanwhile, merge per field.

    ``reload(pk)`` fetches the current object (default: a plain get); ``form_kwargs`` are the form's own
    keyword arguments (section=..., region=...). ``mergeable=False`` (a page whose formsets the user changed)
    makes every differing field a conflict, as before the merge existed, and refuses the save even when no field
    differs: the formset's rows may (a step of an editor with only a formset has no fields to compare). A third
    save during the merge is retried once; after that it is a conflict like any other.
    """
    form_kwargs = form_kwargs or {}
    model = type(form.instance)
    reload = reload or (lambda pk: model._default_manager.get(pk=pk))
    kept: list[str] = []
    by = None
    # A form that opened empty (two people creating the same row) has no version to start from: no base.
    mergeable = mergeable and form.instance.pk is not None
    for attempt in range(2):
        try:
            save(form)
        except EditConflict as error:
            current = reload(error.current.pk)
        else:
            return MergeResult(form=form, saved=True, kept=kept, by=by)
        by = _last_user(current)
        if mergeable:
            theirs_only, conflicts = _three_way(form, current, base_version_row(current, form.expected_version))
        else:
            theirs_only, conflicts = [], [name for name in form.cleaned_data if _differs(form, current, name)]
        rows = _conflict_rows(form, current, conflicts)
        merged = _merged_form(form, current, theirs_only, form_kwargs)
        kept += [str(form[name].label) for name in theirs_only if str(form[name].label) not in kept]
        valid = merged.is_valid()  # also shows the user any rule the merged values break
        if conflicts or not valid or attempt == 1 or not mergeable:
            summary = {"rows": rows, "by": by, "merged": mergeable, "kept": kept}
            return MergeResult(form=merged, kept=kept, by=by, conflict=summary)
        form = merged
    raise AssertionError("unreachable")  # pragma: no cover


def _differs(form, current, name) -> bool:
    if name == "version":
        return False
    model_field = _model_field(type(current), name)
    theirs = _theirs(current, model_field) if model_field is not None else _comparable(getattr(current, name, None))
    return _comparable(form.cleaned_data[name]) != theirs


def _last_user(instance):
    last_change = instance.history.order_by("-history_date", "-history_id").first()
    return last_change.history_user if last_change else None


def report_merge(request, result: MergeResult) -> None:
    """Tell the user what a merge did: whose changes were kept beside theirs, or that nothing was saved."""
    if result.saved:
        if result.message:
            messages.info(request, result.message)
        return
    if result.conflict and result.conflict["merged"] and result.conflict["rows"]:
        text = _(
            "Someone else saved this page after you opened it and changed some of the same fields. Nothing has "
            "been saved yet: your input is kept below. Choose the values to keep in those fields, then save again."
        )
    else:
        text = _(
            "Someone else saved this page after you opened it. Your input has not been saved: it is kept below. "
            "Compare it with their version, then save again to keep yours."
        )
    messages.error(request, text)
