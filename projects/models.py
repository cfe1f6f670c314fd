from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import YEAR_VALIDATORS, ContentLanguage, Organisation, Region
from plans.models import Activity
from themes.models import Theme

MONEY_MAX = Decimal(1_000_000_000)
# Money is never negative and at most a billion euros (far above any welfare project, far below what 14 digits hold).
MONEY = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(MONEY_MAX)],
}


class Funder(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("projects:funder", kwargs={"funder": self.slug})


class Programme(models.Model):
    """A funding programme of a funder, e.g. the EEA and Norway Grants 2014–2021."""

    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("funder"))
    slug = models.SlugField(_("slug"), max_length=120)
    name = models.CharField(_("name"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("until year"), null=True, blank=True, validators=YEAR_VALIDATORS)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["funder", "slug"], name="programme_slug_unique_per_funder"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="programme_years_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:list") + f"?programme={self.pk}"


class Measure(models.Model):
    """A funding measure (*meede*) under which grants are given."""

    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="measures", verbose_name=_("funder"))
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("programme"),
    )
    slug = models.SlugField(_("slug"), max_length=160)
    name = models.CharField(_("name"), max_length=400)
    code = models.CharField(_("code"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["funder", "slug"], name="measure_slug_unique_per_funder"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:measure", kwargs={"funder": self.funder.slug, "measure": self.slug})


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(archived=False)


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        CANCELLED = "cancelled", _("cancelled")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="projects", verbose_name=_("region"))
    slug = models.SlugField(_("slug"), max_length=160)
    code = models.CharField(
        _("project code"),
        max_length=60,
        blank=True,
        help_text=_("The funder's reference number; with the region, the stable key for imports."),
    )
    name = models.CharField(_("name"), max_length=400)
    language = models.CharField(
        _("content language"), max_length=2, choices=ContentLanguage.choices, default=ContentLanguage.ESTONIAN
    )
    goal = models.TextField(_("goal"), blank=True)
    activities_text = models.TextField(_("what is done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="projects", verbose_name=_("funder"))
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("programme")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("measure")
    )
    # Money and dates may be unknown (empty) when a project is registered: unknown is never shown as 0.
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    total_cost = models.DecimalField(_("total cost (€)"), null=True, blank=True, **MONEY)
    grant_amount = models.DecimalField(_("grant (€)"), null=True, blank=True, **MONEY)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    manager_role = models.CharField(_("project manager's role"), max_length=200, blank=True)
    manager_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_projects",
        verbose_name=_("project manager's organisation"),
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="projects", verbose_name=_("plan activities it serves")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="projects", verbose_name=_("themes"))
    archived = models.BooleanField(_("archived"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking for the staff workspace (plans/versioning.py): every save through a form bumps it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[activities, themes])

    class Meta:
        ordering = [F("start_date").desc(nulls_last=True), "name"]
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="project_slug_unique_in_region"),
            models.UniqueConstraint(
                fields=["region", "code"], condition=~Q(code=""), name="project_code_unique_in_region"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="project_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(total_cost__isnull=True) | Q(total_cost__gte=0), name="project_total_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(grant_amount__isnull=True) | Q(grant_amount__gte=0), name="project_grant_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(total_cost__isnull=True) | Q(total_cost__lte=MONEY_MAX),
                name="project_total_cost_at_most_a_billion",
            ),
            models.CheckConstraint(
                condition=Q(grant_amount__isnull=True) | Q(grant_amount__lte=MONEY_MAX),
                name="project_grant_at_most_a_billion",
            ),
            models.CheckConstraint(
                condition=Q(total_cost__isnull=True)
                | Q(grant_amount__isnull=True)
                | Q(grant_amount__lte=F("total_cost")),
                name="project_grant_at_most_total_cost",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"region": self.region.slug, "slug": self.slug})

    @property
    def own_contribution(self) -> Decimal | None:
        """The total cost less the grant; None when either is not known."""
        if self.total_cost is None or self.grant_amount is None:
            return None
        return self.total_cost - self.grant_amount

    @property
    def grant_share(self) -> Decimal | None:
        """The grant as a percentage of the total cost, or None for a project without a known cost or grant."""
        if not self.total_cost or self.grant_amount is None:
            return None
        return (self.grant_amount / self.total_cost * 100).quantize(Decimal("0.1"))


class ProjectPartner(models.Model):
    class Role(models.TextChoices):
        BENEFICIARY = "beneficiary", _("beneficiary")
        LEAD_PARTNER = "lead_partner", _("lead partner")
        PARTNER = "partner", _("partner")
        SERVICE_PROVIDER = "service_provider", _("service provider")
        FINANCIER = "financier", _("co-financier")
        INTERMEDIARY = "intermediary", _("intermediary body")
        COORDINATOR = "coordinator", _("coordinator")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners", verbose_name=_("project"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="project_roles", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    contribution = models.DecimalField(_("contribution (€)"), null=True, blank=True, **MONEY)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "role", "position", "pk"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation", "role"], name="project_partner_role_once"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="beneficiary"), name="project_has_one_beneficiary"
            ),
            models.CheckConstraint(
                condition=Q(contribution__isnull=True) | Q(contribution__gte=0),
                name="project_partner_contribution_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(contribution__isnull=True) | Q(contribution__lte=MONEY_MAX),
                name="project_partner_contribution_at_most_a_billion",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()}"


class ProjectComponent(models.Model):
    """A work part of a project, e.g. one of the five parts of an analysis."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="components", verbose_name=_("project"))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "position", "pk"]
        verbose_name = _("project component")
        verbose_name_plural = _("project components")

    def __str__(self):
        return self.title


class ProjectEvent(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events", verbose_name=_("project"))
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "date", "pk"]
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")), name="project_event_dates_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"


class ProjectOutput(models.Model):
    class Kind(models.TextChoices):
        OUTPUT = "output", _("output")
        FOLLOW_UP = "follow_up", _("follow-up")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OUTPUT)
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web address"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "kind", "position", "pk"]
        verbose_name = _("project output")
        verbose_name_plural = _("project outputs")

    def __str__(self):
        return self.title
