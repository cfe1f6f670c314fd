"""Opening, changing, extending and closing consultation windows, and their workshops. Every change is logged
(AuditEvent WINDOW).

Staff type dates and times in the region's own time zone (Region.timezone; Europe/Tallinn for Estonia and
Europe/Helsinki for Finland when it is not set): the forms convert, these functions receive aware datetimes.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.versioning import save_versioned
from plans.models import CooperationPlan, ThemeSection

from .models import ConsultationWindow, Workshop


def _log(*, actor, window: ConsultationWindow, detail: dict) -> None:
    audit_record(actor=actor, action=AuditEvent.Action.WINDOW, obj=window, region=window.plan.region_id, detail=detail)


@transaction.atomic
def window_create(
    *,
    actor,
    plan: CooperationPlan,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    intro: str = "",
    moderation_mode: str = ConsultationWindow.ModerationMode.PRE,
    sections: list[ThemeSection] | None = None,
) -> ConsultationWindow:
    """A new window; no sections means every theme section of the plan."""
    if closes_at <= opens_at:
        raise ValidationError(_("The window must close after it opens."))
    sections = list(sections or [])
    if any(section.plan_id != plan.pk for section in sections):
        raise ValidationError(_("Choose theme sections of this plan."))
    window = ConsultationWindow.objects.create(
        plan=plan,
        title=title,
        intro=intro,
        opens_at=opens_at,
        closes_at=closes_at,
        moderation_mode=moderation_mode,
    )
    window.sections.set(sections)
    _log(
        actor=actor,
        window=window,
        detail={
            "code": "window_created",
            "opens": opens_at,
            "closes": closes_at,
            "moderation": moderation_mode,
            "sections": [s.pk for s in sections],
        },
    )
    return window


@transaction.atomic
def window_update(
    *,
    actor,
    window: ConsultationWindow,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    intro: str,
    moderation_mode: str,
    sections: list[ThemeSection],
    expected_version: int,
) -> ConsultationWindow:
    """Change a window; raises core.versioning.EditConflict (nothing written) if saved after ``expected_version``."""
    if closes_at <= opens_at:
        raise ValidationError(_("The window must close after it opens."))
    if any(section.plan_id != window.plan_id for section in sections):
        raise ValidationError(_("Choose theme sections of this plan."))
    before = {
        "title": window.title,
        "opens_at": window.opens_at,
        "closes_at": window.closes_at,
        "moderation_mode": window.moderation_mode,
        "sections": sorted(s.pk for s in window.sections.all()),
    }
    window.title, window.intro, window.opens_at, window.closes_at = title, intro, opens_at, closes_at
    window.moderation_mode = moderation_mode
    save_versioned(window, expected_version=expected_version)
    window.sections.set(sections)
    after = {
        "title": title,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "moderation_mode": moderation_mode,
        "sections": sorted(s.pk for s in sections),
    }
    changes = [{"field": key, "from": before[key], "to": after[key]} for key in before if before[key] != after[key]]
    detail = {"code": "window_edited", "changes": changes} if changes else {"code": "window_intro_edited"}
    _log(actor=actor, window=window, detail=detail)
    return window


@transaction.atomic
def window_extend(*, actor, window: ConsultationWindow, closes_at: datetime, now: datetime | None = None) -> None:
    """Move the closing moment later (also reopens a window that has closed)."""
    now = now or timezone.now()
    if closes_at <= window.closes_at:
        raise ValidationError(_("The new closing time must be later than the current one."))
    if closes_at <= now:
        raise ValidationError(_("The new closing time must be in the future."))
    previous = window.closes_at
    # A new version, so an edit form opened before keeps this closing time (core.versioning merges it).
    ConsultationWindow.objects.filter(pk=window.pk).update(closes_at=closes_at, version=F("version") + 1)
    window.closes_at = closes_at
    _log(actor=actor, window=window, detail={"code": "window_extended", "from": previous, "to": closes_at})


@transaction.atomic
def window_close_early(*, actor, window: ConsultationWindow, reason: str = "", now: datetime | None = None) -> None:
    """Close an open window now."""
    now = now or timezone.now()
    if not window.is_open(now):
        raise ValidationError(_("Only an open window can be closed early."))
    previous = window.closes_at
    ConsultationWindow.objects.filter(pk=window.pk).update(closes_at=now, version=F("version") + 1)
    window.closes_at = now
    detail = {"code": "window_closed_early", "from": previous, "to": now}
    if reason:
        detail.update(code="window_closed_early_reason", reason=reason)
    _log(actor=actor, window=window, detail=detail)


@transaction.atomic
def workshop_save(*, actor, window: ConsultationWindow, workshop: Workshop) -> Workshop:
    """Create or change a workshop of the window (the form has validated it)."""
    created = workshop.pk is None
    workshop.window = window
    workshop.full_clean()
    workshop.save()
    _log(
        actor=actor,
        window=window,
        detail={
            "code": "workshop_added" if created else "workshop_edited",
            "title": workshop.title,
            "starts": workshop.starts_at,
            "ends": workshop.ends_at,
        },
    )
    return workshop
