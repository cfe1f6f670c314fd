"""The audit log: one row per accountable act (see plans.models.AuditEvent).

An event's details are stored as data, never as text: a code and its parameters, such as
``{"code": "status", "from": "draft", "to": "consultation"}``, with moments as ISO 8601 text with their offset.
:func:`audit_detail` writes them in the reader's language and the region's time zone when the log is read. Rows
from before the details were structured keep their old text in ``AuditEvent.detail``, shown as it is.
"""

from datetime import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.timezone import get_default_timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent, Region
from core.moments import format_moment

# code → (message, {parameter: kind}). A kind says how a stored value is shown: "moment" (an ISO datetime, in the
# region's time zone), "choice:<field>" (the label of a choice of the event's object's model, or of
# "<app>.<model>.<field>"), "sections" (a list of theme section ids, or empty for all), "changes" (a window's
# changed fields). Anything else is shown as stored (names, titles, reasons, counts).
MESSAGES = {
    "status": (_("from “%(from)s” to “%(to)s”"), {"from": "choice:status", "to": "choice:status"}),
    "restore": (_("version %(version)s of %(at)s"), {"at": "moment"}),
    "role_granted": (_("granted the role “%(role)s” to %(user)s"), {"role": "choice:core.regionrole.role"}),
    "role_granted_by_command": (
        _("granted the role “%(role)s” to %(user)s (manage.py create_staff)"),
        {"role": "choice:core.regionrole.role"},
    ),
    "role_withdrawn": (_("withdrew the role “%(role)s” from %(user)s"), {"role": "choice:core.regionrole.role"}),
    "archived": (_("moved to the archive"), {}),
    "unarchived": (_("brought back from the archive"), {}),
    "import": (_("%(file)s: projects new %(new)s, updated %(updated)s, unchanged %(unchanged)s"), {}),
    "personal_data_export": (
        _("personal data of %(email)s (%(format)s): comments %(comments)s, mails %(mails)s"),
        {},
    ),
    "personal_data_erase": (
        _(
            "personal data of %(email)s erased: addresses %(contacts)s, mails %(mails)s, names %(names)s, "
            "subscriptions %(subscriptions)s"
        ),
        {},
    ),
    "feedback_export": (
        _("feedback table for staff, with e-mail addresses (%(format)s, comments %(comments)s)"),
        {},
    ),
    "feedback_published": (_("feedback published"), {}),
    "window_created": (
        _("created: open from %(opens)s until %(closes)s; %(moderation)s; %(sections)s"),
        {
            "opens": "moment",
            "closes": "moment",
            "moderation": "choice:consultations.consultationwindow.moderation_mode",
            "sections": "sections",
        },
    ),
    "window_edited": (_("changed: %(changes)s"), {"changes": "changes"}),
    "window_intro_edited": (_("changed the introduction"), {}),
    "window_extended": (_("closing moved from %(from)s to %(to)s"), {"from": "moment", "to": "moment"}),
    "window_closed_early": (_("closed early at %(to)s instead of %(from)s"), {"from": "moment", "to": "moment"}),
    "window_closed_early_reason": (
        _("closed early at %(to)s instead of %(from)s; reason: %(reason)s"),
        {"from": "moment", "to": "moment"},
    ),
    "workshop_added": (_("workshop added: %(title)s (%(starts)s – %(ends)s)"), {"starts": "moment", "ends": "moment"}),
    "workshop_edited": (
        _("workshop changed: %(title)s (%(starts)s – %(ends)s)"),
        {"starts": "moment", "ends": "moment"},
    ),
    "moderated": (_("set to “%(state)s”"), {"state": "choice:consultations.comment.state"}),
    "moderated_reason": (_("set to “%(state)s”: %(reason)s"), {"state": "choice:consultations.comment.state"}),
    "rejection_reason": (_("new reason for the rejection: %(reason)s"), {}),
    "entered_by_staff": (_("entered by staff from %(source)s"), {"source": "choice:consultations.comment.source"}),
    "answered": (_("answered: %(decision)s"), {"decision": "choice:consultations.response.decision"}),
    "answer_published": (_("answer published"), {}),
}


def _stored(value):
    """A parameter as JSON can hold it: moments as ISO 8601 with their offset, lists element by element."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_stored(item) for item in value]
    if isinstance(value, dict):
        return {key: _stored(item) for key, item in value.items()}
    if isinstance(value, models.Choices):
        return value.value
    return value


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    region: Region | int | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` (an ``AuditEvent.Action``) to ``obj`` in ``region``.

    ``detail`` is ``{"code": <a key of MESSAGES>, <parameter>: <value>, ...}``; values may be datetimes.
    """
    if detail is not None and detail.get("code") not in MESSAGES:
        raise ValueError(f"unknown audit detail code: {detail.get('code')!r}")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    region_id = region.pk if isinstance(region, Region) else region
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=(actor.get_username() if authenticated else "")[:254],
        action=action,
        region_id=region_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=str(obj)[:400] if obj is not None else "",
        data=_stored(detail or {}),
    )


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _choice_label(spec: str, value, object_type: str) -> str:
    *model_label, field_name = spec.split(".")
    model = _model(".".join(model_label) if model_label else object_type)
    try:
        field = model._meta.get_field(field_name) if model else None
    except FieldDoesNotExist:
        field = None
    labels = dict(field.flatchoices) if field is not None and field.choices else {}
    return str(labels.get(value, value))


def _field_name(object_type: str, name: str) -> str:
    model = _model(object_type)
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


def _moment(value, zone) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    return format_moment(moment, zone, "SHORT_DATETIME_FORMAT") if moment and moment.tzinfo else str(value)


def _sections(value) -> str:
    if not value:
        return gettext("all theme sections")
    return ngettext("%(count)d theme section", "%(count)d theme sections", len(value)) % {"count": len(value)}


def _shown(kind: str, value, *, event: AuditEvent, zone) -> str:
    if kind == "moment":
        return _moment(value, zone)
    if kind.startswith("choice:"):
        return _choice_label(kind.removeprefix("choice:"), value, event.object_type)
    if kind == "sections":
        return _sections(value)
    if kind == "changes":
        return "; ".join(_change(change, event=event, zone=zone) for change in value or [])
    return str(value)


def _change(change: dict, *, event: AuditEvent, zone) -> str:
    name = change.get("field", "")
    kind = "moment" if name.endswith("_at") else "sections" if name == "sections" else ""
    if name == "moderation_mode":
        kind = "choice:moderation_mode"
    old, new = (_shown(kind, change.get(side), event=event, zone=zone) for side in ("from", "to"))
    return gettext("%(field)s from “%(from)s” to “%(to)s”") % {
        "field": _field_name(event.object_type, name),
        "from": old,
        "to": new,
    }


def audit_detail(event: AuditEvent) -> str:
    """The event's details in the active language, moments in the event's region's time zone (or the site's).

    Old rows without structured details show their text as it was written.
    """
    data = event.data or {}
    message = MESSAGES.get(data.get("code"))
    if message is None:
        return event.detail
    text, kinds = message
    zone = event.region.zone if event.region_id else get_default_timezone()
    params = {
        key: _shown(kinds.get(key, ""), value, event=event, zone=zone) for key, value in data.items() if key != "code"
    }
    try:
        return str(text) % params
    except (KeyError, TypeError, ValueError):
        # A translation that lost a parameter must not break the log: fall back to the English text.
        return event.detail or data.get("code", "")


def change_reason_restored(at: datetime) -> str:
    """The change reason of a version made by restoring the version of ``at`` (shown by :func:`change_reason`)."""
    return f"restore:{at.isoformat()}"


def change_reason(reason: str | None, *, region: Region | None = None) -> str:
    """A version's change reason as people read it: a restore in the reader's language and time zone, anything else
    (free text, the demo loader's name) as it is."""
    if reason and reason.startswith("restore:"):
        moment = parse_datetime(reason.removeprefix("restore:"))
        if moment and moment.tzinfo:
            zone = region.zone if region else get_default_timezone()
            return gettext("restored the version of %(date)s") % {
                "date": format_moment(moment, zone, "SHORT_DATETIME_FORMAT")
            }
    return reason or ""
