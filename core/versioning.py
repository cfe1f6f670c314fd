"""No lost updates: optimistic locking with a ``version`` column.

A staff form carries the version the user started from. Saving claims the row with a conditional update
(``UPDATE ... SET version = version + 1 WHERE pk = %s AND version = %s``); if someone else saved in between,
no row matches and :class:`EditConflict` is raised before anything is written, so the view can show the other
person's change beside the user's own input. The claim and the save run in one transaction, and the save
itself goes through ``Model.save()`` so django-simple-history records the version.

(django-concurrency does the same by patching ``save()``; a dozen explicit lines keep the locking path
visible and tested, which DESIGN.md's field note asks for: some version fields are not bumped by
``save(update_fields=...)``.)
"""

from django.db import models, transaction
from django.db.models import F


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
