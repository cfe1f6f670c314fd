"""Opening, changing, extending and closing consultation windows, and their workshops. Every change is logged
(AuditEvent WINDOW).

Staff type dates and times in the region's own time zone (Region.timezone; Europe/Tallinn for Estonia and
Europe/Helsinki for Finland when it is not set): the forms convert, these functions receive aware datetimes.
"""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.audit import audit_record
from plans.models import AuditEvent, CooperationPlan, Region, ThemeSection

from .models import ConsultationWindow, Workshop

COUNTRY_ZONES = {Region.Country.ESTONIA: "Europe/Tallinn", Region.Country.FINLAND: "Europe/Helsinki"}


def region_zone(region: Region) -> ZoneInfo:
    """The zone the region's staff and residents read times in."""
    for name in (region.timezone, COUNTRY_ZONES.get(region.country), "Europe/Tallinn"):
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("Europe/Tallinn")


def _in_zone(moment: datetime, zone: ZoneInfo) -> str:
    return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M %Z")


def _log(*, actor, window: ConsultationWindow, detail: str) -> None:
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
    zone = region_zone(plan.region)
    _log(
        actor=actor,
        window=window,
        detail=f"created: {_in_zone(opens_at, zone)} – {_in_zone(closes_at, zone)}, moderation {moderation_mode}, "
        f"sections {[s.pk for s in sections] or 'all'}",
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
) -> ConsultationWindow:
    if closes_at <= opens_at:
        raise ValidationError(_("The window must close after it opens."))
    if any(section.plan_id != window.plan_id for section in sections):
        raise ValidationError(_("Choose theme sections of this plan."))
    zone = region_zone(window.plan.region)
    before = {
        "title": window.title,
        "opens_at": _in_zone(window.opens_at, zone),
        "closes_at": _in_zone(window.closes_at, zone),
        "moderation_mode": window.moderation_mode,
        "sections": sorted(s.pk for s in window.sections.all()),
    }
    window.title, window.intro, window.opens_at, window.closes_at = title, intro, opens_at, closes_at
    window.moderation_mode = moderation_mode
    window.save()
    window.sections.set(sections)
    after = {
        "title": title,
        "opens_at": _in_zone(opens_at, zone),
        "closes_at": _in_zone(closes_at, zone),
        "moderation_mode": moderation_mode,
        "sections": sorted(s.pk for s in sections),
    }
    changes = [f"{key}: {before[key]} → {after[key]}" for key in before if before[key] != after[key]]
    _log(actor=actor, window=window, detail="edited: " + ("; ".join(changes) or "intro only"))
    return window


@transaction.atomic
def window_extend(*, actor, window: ConsultationWindow, closes_at: datetime, now: datetime | None = None) -> None:
    """Move the closing moment later (also reopens a window that has closed)."""
    now = now or timezone.now()
    if closes_at <= window.closes_at:
        raise ValidationError(_("The new closing time must be later than the current one."))
    if closes_at <= now:
        raise ValidationError(_("The new closing time must be in the future."))
    zone = region_zone(window.plan.region)
    previous = window.closes_at
    ConsultationWindow.objects.filter(pk=window.pk).update(closes_at=closes_at)
    window.closes_at = closes_at
    _log(actor=actor, window=window, detail=f"extended: {_in_zone(previous, zone)} → {_in_zone(closes_at, zone)}")


@transaction.atomic
def window_close_early(*, actor, window: ConsultationWindow, reason: str = "", now: datetime | None = None) -> None:
    """Close an open window now."""
    now = now or timezone.now()
    if not window.is_open(now):
        raise ValidationError(_("Only an open window can be closed early."))
    zone = region_zone(window.plan.region)
    previous = window.closes_at
    ConsultationWindow.objects.filter(pk=window.pk).update(closes_at=now)
    window.closes_at = now
    detail = f"closed early: {_in_zone(previous, zone)} → {_in_zone(now, zone)}"
    _log(actor=actor, window=window, detail=detail + (f"; reason: {reason}" if reason else ""))


@transaction.atomic
def workshop_save(*, actor, window: ConsultationWindow, workshop: Workshop) -> Workshop:
    """Create or change a workshop of the window (the form has validated it)."""
    created = workshop.pk is None
    workshop.window = window
    workshop.full_clean()
    workshop.save()
    zone = region_zone(window.plan.region)
    _log(
        actor=actor,
        window=window,
        detail=f"{'workshop added' if created else 'workshop edited'}: {workshop.title} "
        f"({_in_zone(workshop.starts_at, zone)} – {_in_zone(workshop.ends_at, zone)})",
    )
    return workshop
