"""The yearly cycle: what each activity achieved in a year, indicators bound to open statistics and the values
fetched from them, staff summaries per theme and year for the annual report, and the region's annual clock."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import YEAR_VALIDATORS, Region, RegionRole
from plans.models import Activity, Indicator, ThemeSection
from projects.models import Project

MONEY_MAX = Decimal(1_000_000_000)
PERSON_YEARS_MAX = Decimal(1000)


class ActivityProgress(models.Model):
    """One activity in one plan year, as its responsible organisation reports it."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        ON_TRACK = "on_track", _("on track")
        DELAYED = "delayed", _("delayed")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="progress", verbose_name=_("activity")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    account = models.TextField(_("what was done"), blank=True)
    money_spent = models.DecimalField(
        _("money spent (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MONEY_MAX)],
    )
    person_years_used = models.DecimalField(
        _("person-years used"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(PERSON_YEARS_MAX)],
    )
    evidence_projects = models.ManyToManyField(
        Project, blank=True, related_name="progress_reports", verbose_name=_("projects as evidence")
    )
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Illustrative figures, not from the source documents: public pages and PDFs mark them."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[evidence_projects])

    class Meta:
        ordering = ["activity_id", "year"]
        verbose_name = _("progress of an activity")
        verbose_name_plural = _("progress of activities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "year"], name="progress_one_per_activity_and_year"),
            models.CheckConstraint(
                condition=Q(money_spent__isnull=True) | Q(money_spent__gte=0, money_spent__lte=MONEY_MAX),
                name="progress_money_in_range",
            ),
            models.CheckConstraint(
                condition=Q(person_years_used__isnull=True)
                | Q(person_years_used__gte=0, person_years_used__lte=PERSON_YEARS_MAX),
                name="progress_person_years_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.activity} {self.year}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.activity.get_absolute_url() + f"#progress-{self.year}"


class EvidenceLink(models.Model):
    """A document or page that shows what was done: a report, minutes, a news item."""

    progress = models.ForeignKey(
        ActivityProgress, on_delete=models.CASCADE, related_name="links", verbose_name=_("progress")
    )
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("web address"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["progress_id", "position", "pk"]
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")

    def __str__(self):
        return self.title


class ThemeYearSummary(models.Model):
    """Staff's own words on one theme of the plan in one year, for the annual report."""

    section = models.ForeignKey(
        ThemeSection, on_delete=models.CASCADE, related_name="year_summaries", verbose_name=_("theme section")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    summary = models.TextField(_("summary of the year"), blank=True)
    next_year = models.TextField(_("planned for next year"), blank=True)
    is_example = models.BooleanField(_("example data"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section_id", "year"]
        verbose_name = _("theme summary of a year")
        verbose_name_plural = _("theme summaries of years")
        constraints = [
            models.UniqueConstraint(fields=["section", "year"], name="theme_summary_one_per_year"),
        ]

    def __str__(self):
        return f"{self.section} {self.year}"


class StatisticsSource(models.Model):
    """An indicator bound to a table or indicator of an open statistics service; its values are fetched."""

    class Provider(models.TextChoices):
        SOTKANET = "sotkanet", _("THL Sotkanet")
        PXWEB = "pxweb", _("Statistics Estonia (PxWeb)")

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("higher is better")
        LOWER_IS_BETTER = "lower", _("lower is better")

    class Rule(models.TextChoices):
        TREND = "trend", _("on track while it moves from the baseline towards the target")
        PATH = "path", _("on track while at least on the straight path from the baseline to the target")

    class State(models.TextChoices):
        NEW = "new", _("not fetched yet")
        OK = "ok", _("fetched")
        FAILED = "failed", _("last fetch failed")

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="statistics_source", verbose_name=_("indicator")
    )
    provider = models.CharField(_("statistics service"), max_length=20, choices=Provider.choices)
    dataset = models.CharField(
        _("indicator or table"),
        max_length=200,
        help_text=_("Sotkanet: the indicator's number. Statistics Estonia: the table's code, e.g. RV0240."),
    )
    query = models.JSONField(
        _("other selections"),
        default=dict,
        blank=True,
        help_text=_("Sotkanet: gender. Statistics Estonia: the table's other variables and the chosen value codes."),
    )
    area_code = models.CharField(
        _("area code"), max_length=20, help_text=_("The plan's area in the service's own codes.")
    )
    municipality_codes = models.JSONField(
        _("municipality codes"),
        default=dict,
        blank=True,
        help_text=_("The service's code of each municipality of the region, by the municipality's slug."),
    )
    country_code = models.CharField(_("country code"), max_length=20, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    rule = models.CharField(_("rule for on track"), max_length=10, choices=Rule.choices, default=Rule.TREND)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    last_attempt_at = models.DateTimeField(_("last fetch attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    source_updated_at = models.DateTimeField(_("updated at the source"), null=True, blank=True)
    # A failure as a message code and its parameters, shown in the reader's language (monitoring/statistics).
    error_code = models.CharField(_("error"), max_length=40, blank=True)
    error_params = models.JSONField(_("error details"), default=dict, blank=True)
    is_example = models.BooleanField(_("example data"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id"]
        verbose_name = _("statistics source")
        verbose_name_plural = _("statistics sources")

    def __str__(self):
        return f"{self.get_provider_display()} {self.dataset}"


class StatisticValue(models.Model):
    """One fetched value: an area in a year. A changed value is saved over the old one, which stays in history."""

    class AreaKind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        REGION = "region", _("region")
        COUNTRY = "country", _("country")

    source = models.ForeignKey(
        StatisticsSource, on_delete=models.CASCADE, related_name="values", verbose_name=_("statistics source")
    )
    area_kind = models.CharField(_("kind of area"), max_length=20, choices=AreaKind.choices)
    area_code = models.CharField(_("area code"), max_length=20)
    area_name = models.CharField(_("area"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    fetched_at = models.DateTimeField(_("fetched at"))
    source_updated_at = models.DateTimeField(_("updated at the source"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source_id", "area_kind", "area_code", "year"]
        verbose_name = _("statistic value")
        verbose_name_plural = _("statistic values")
        constraints = [
            models.UniqueConstraint(fields=["source", "area_code", "year"], name="statistic_value_one_per_area_year"),
        ]

    def __str__(self):
        return f"{self.area_name or self.area_code} {self.year}: {self.value}"


class ClockTask(models.Model):
    """A recurring task of the region's annual clock (vuosikello): every year in the same month."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="clock_tasks", verbose_name=_("region"))
    title = models.CharField(_("task"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    day = models.PositiveSmallIntegerField(
        _("day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Leave empty for the whole month; the reminder is then for the month's first day."),
    )
    responsible_role = models.CharField(_("responsible role"), max_length=20, choices=RegionRole.Role.choices)
    remind_days_before = models.PositiveSmallIntegerField(
        _("reminder, days before"), default=14, validators=[MaxValueValidator(90)]
    )
    is_example = models.BooleanField(_("example data"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "month", "day", "pk"]
        verbose_name = _("annual clock task")
        verbose_name_plural = _("annual clock tasks")
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="clock_task_month_in_range"),
        ]

    def __str__(self):
        return self.title


class ClockReminder(models.Model):
    """A reminder mail written for one task's occurrence to one staff member: each is written once."""

    task = models.ForeignKey(ClockTask, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("task"))
    occurs_on = models.DateField(_("occurs on"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurs_on", "task_id"]
        verbose_name = _("annual clock reminder")
        verbose_name_plural = _("annual clock reminders")
        constraints = [
            models.UniqueConstraint(fields=["task", "occurs_on", "user"], name="clock_reminder_once"),
        ]

    def __str__(self):
        return f"{self.task} {self.occurs_on}"
