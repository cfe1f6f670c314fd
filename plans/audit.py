"""The audit log: one row per accountable act (see plans.models.AuditEvent)."""

from django.db import models

from .models import AuditEvent, Region


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    region: Region | int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Record that ``actor`` did ``action`` (an ``AuditEvent.Action``) to ``obj`` in ``region``."""
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
        detail=detail,
    )
