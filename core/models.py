"""The base every app stands on: regions and their municipalities, organisations, who may do what in which region,
and the audit log of accountable acts."""

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import get_default_timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]
# A phone number as people write it: digits in groups, an optional leading + and country code, brackets or hyphens.
PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{3,}[0-9]$",
    _("Enter a phone number in digits and spaces, with + before a country code."),
    code="invalid_phone",
)


class ContentLanguage(models.TextChoices):
    """The language a piece of content is written in (not the interface language)."""

    ESTONIAN = "et", _("Estonian")
    FINNISH = "fi", _("Finnish")
    ENGLISH = "en", _("English")


class Region(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", _("county (maakond)")
        REGION = "region", _("region (maakunta)")

    class Country(models.TextChoices):
        ESTONIA = "EE", _("Estonia")
        FINLAND = "FI", _("Finland")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COUNTY)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.ESTONIA)
    language = models.CharField(
        _("content language"), max_length=2, choices=ContentLanguage.choices, default=ContentLanguage.ESTONIAN
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Tallinn")
    change_sets_self_approval = models.BooleanField(
        _("editors may publish their own change sets"),
        default=False,
        help_text=_("Otherwise a change set is published by a reviewer who did not prepare it."),
    )

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:region", kwargs={"region": self.slug})

    @property
    def zone(self) -> ZoneInfo:
        """The time zone its moments are shown in: its own, else its country's (Helsinki for Finland), else the
        site's (settings.TIME_ZONE)."""
        country_zone = {self.Country.ESTONIA: "Europe/Tallinn", self.Country.FINLAND: "Europe/Helsinki"}
        for name in (self.timezone, country_zone.get(self.country)):
            try:
                if name:
                    return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
        return get_default_timezone()


class Municipality(models.Model):
    class Kind(models.TextChoices):
        RURAL = "vald", _("rural municipality (vald)")
        TOWN = "linn", _("town (linn)")
        KUNTA = "kunta", _("municipality (kunta)")
        CITY = "kaupunki", _("city (kaupunki)")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RURAL)
    # Municipalities merged into this one (Estonia's 2017 reform): older documents name them, not this one.
    former_names = models.CharField(
        _("former municipalities"),
        max_length=400,
        blank=True,
        help_text=_("The municipalities merged into this one, as they were named, e.g. 'Rannu vald, Rõngu vald'."),
    )
    merged_year = models.PositiveSmallIntegerField(
        _("year of the merger"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="municipality_slug_unique_in_region"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:municipality", kwargs={"region": self.region.slug, "slug": self.slug})


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DEVELOPMENT_CENTRE = "development_centre", _("development centre")
        MUNICIPAL_UNION = "municipal_union", _("municipal union")
        REGIONAL_COUNCIL = "regional_council", _("regional council")
        WELLBEING_COUNTY = "wellbeing_county", _("wellbeing services county")
        MUNICIPALITY = "municipality", _("municipal government")
        MUNICIPAL_AGENCY = "municipal_agency", _("municipal agency")
        STATE_AGENCY = "state_agency", _("state agency")
        NGO = "ngo", _("non-governmental organisation")
        COMPANY = "company", _("company")
        UNIVERSITY = "university", _("university")
        FOUNDATION = "foundation", _("foundation")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
        help_text=_("Leave empty for national or foreign organisations."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
        help_text=_("For a municipal government or agency: the municipality it belongs to."),
    )
    website = models.URLField(_("website"), blank=True)
    public_email = models.EmailField(
        _("public e-mail"),
        blank=True,
        help_text=_("The organisation's public contact, shown in plans and PDFs: a general address, not a person's."),
    )
    public_phone = models.CharField(
        _("public phone"),
        max_length=40,
        blank=True,
        validators=[PHONE_VALIDATOR],
        help_text=_("The organisation's public contact, shown in plans and PDFs: a general number, not a person's."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="municipality") | Q(municipality__isnull=False),
                name="organisation_municipal_government_has_municipality",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:organisation", kwargs={"slug": self.slug})

    @property
    def has_public_contact(self) -> bool:
        """Whether plans and PDFs can give a way to reach it: a public e-mail, phone or, failing those, a website."""
        return bool(self.public_email or self.public_phone or self.website)

    @property
    def public_phone_uri(self) -> str:
        """The public phone as a tel: address (RFC 3966): its digits and a leading +, without spaces."""
        if not self.public_phone:
            return ""
        return "tel:" + re.sub(r"[^\d+]", "", self.public_phone)


class RegionRole(models.Model):
    """What one staff member may do in one region's workspace. A superuser needs none."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("editor")
        MODERATOR = "moderator", _("moderator")
        PROJECT_EDITOR = "project_editor", _("project editor")
        VIEWER = "viewer", _("viewer")
        REPORTER = "reporter", _("progress reporter")
        REVIEWER = "reviewer", _("reviewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="region_roles", verbose_name=_("user")
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="staff_roles", verbose_name=_("region"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # A progress reporter reports for the activities this organisation is responsible for.
    organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff_roles",
        verbose_name=_("organisation"),
        help_text=_("For a progress reporter: the organisation whose activities they report on."),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        ordering = ["region_id", "user_id", "role"]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "role"], name="region_role_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.region}: {self.get_role_display()}"

    def get_absolute_url(self):
        return reverse("staff:dashboard")


class AuditEvent(models.Model):
    """Who did what and when, for the acts that must be accountable (publish, status change, restore, delete,
    role change, personal-data export or erasure). Rows are only ever added."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("published")
        STATUS = "status", _("changed the status")
        RESTORE = "restore", _("restored a version")
        ARCHIVE = "archive", _("archived")
        DELETE = "delete", _("deleted")
        ROLE = "role", _("changed a role")
        EXPORT = "export", _("exported personal data")
        ERASE = "erase", _("erased personal data")
        WINDOW = "window", _("changed a consultation window")
        MODERATE = "moderate", _("moderated")
        IMPORT = "import", _("imported")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(
        _("who (as recorded)"), max_length=254, blank=True, help_text=_("Kept when the account is removed.")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=400, blank=True)
    detail = models.TextField(
        _("details (old text)"), blank=True, help_text=_("Written before details were stored as data; shown as it is.")
    )
    data = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("A code and its parameters (core.audit.MESSAGES), shown in the reader's language."),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["region", "-at"], name="audit_region_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.object_label}"

    def get_absolute_url(self):
        return reverse("staff:audit")
