from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import YEAR_VALIDATORS, ContentLanguage, Municipality, Organisation, Region
from themes.models import Theme


class StrategyDocument(models.Model):
    """A strategy or development plan that cooperation plans rest on (e.g. *Eesti 2035*)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        COUNTY = "county", _("county or region")
        MUNICIPAL = "municipal", _("municipal")

    title = models.CharField(_("title"), max_length=255, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    issuer = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("issuer"))
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("until year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    url = models.URLField(_("web address"), blank=True)

    class Meta:
        ordering = ["level", "title"]
        verbose_name = _("strategy document")
        verbose_name_plural = _("strategy documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="strategy_document_years_in_order",
            ),
        ]

    def __str__(self):
        return self.title


class CooperationPlanQuerySet(models.QuerySet):
    def public(self):
        """Plans a visitor may read: everything but drafts."""
        return self.exclude(status=CooperationPlan.Status.DRAFT)

    def originals(self):
        """Plans, not the working copies of change sets (which are drafts only their change set's pages list)."""
        return self.filter(working_copy_of__isnull=True)


class CooperationPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("in consultation")
        ADOPTED = "adopted", _("adopted")
        ARCHIVED = "archived", _("archived")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="plans", verbose_name=_("region"))
    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(
        _("content language"), max_length=2, choices=ContentLanguage.choices, default=ContentLanguage.ESTONIAN
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("What the plan is, in a paragraph."))
    purpose = models.TextField(_("purpose"), blank=True)
    audience = models.TextField(_("who it is for"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_plans", verbose_name=_("lead organisation")
    )
    contact_role = models.CharField(
        _("contact role"), max_length=200, blank=True, help_text=_("A role, not a person, e.g. welfare lead.")
    )
    basis_documents = models.ManyToManyField(
        StrategyDocument, blank=True, related_name="plans", verbose_name=_("basis documents")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking for the staff workspace (plans/versioning.py): every save through a form bumps it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # A change set's working copy (plans/changesets.py): a hidden draft the change set's edits go into.
    working_copy_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="working_copies",
        verbose_name=_("working copy of"),
    )

    objects = CooperationPlanQuerySet.as_manager()
    # The basis documents are public content: the history keeps their list too (plans.history shows its changes).
    history = HistoricalRecords(m2m_fields=[basis_documents])

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("cooperation plan")
        verbose_name_plural = _("cooperation plans")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="plan_slug_unique_in_region"),
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_years_in_order"),
            models.CheckConstraint(
                condition=Q(end_year__lte=F("start_year") + 10), name="plan_period_at_most_ten_years"
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.start_year}–{self.end_year}"

    def get_absolute_url(self):
        return reverse("plans:detail", kwargs={"region": self.region.slug, "plan": self.slug})

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def edited_through_change_sets(self) -> bool:
        """A plan the public can see (in consultation, adopted or archived) changes only by publishing a change set;
        a draft is edited directly."""
        return self.status != self.Status.DRAFT and self.working_copy_of_id is None


class Milestone(models.Model):
    """A step in the making of a plan: a round table, a workshop, a comment period, a seminar."""

    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", _("round table")
        WORKSHOP = "workshop", _("workshop")
        CONSULTATION = "consultation", _("public comments")
        SEMINAR = "seminar", _("seminar")
        DRAFTING = "drafting", _("drafting")
        DECISION = "decision", _("decision")

    plan = models.ForeignKey(
        CooperationPlan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    # Sources often give no exact date ("in September"): the date may stay empty and the words say when.
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    date_label = models.CharField(
        _("date as written"),
        max_length=100,
        blank=True,
        help_text=_(
            "For an approximate date, the words to show, e.g. 'since autumn 2020'; "
            "leave the dates empty when the source gives none."
        ),
    )
    # Optimistic locking for the staff workspace (plans/versioning.py): every save through a form bumps it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", F("starts_on").asc(nulls_last=True), "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="milestone_dates_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.plan.get_absolute_url() + f"#milestone-{self.pk}"


class ThemeSection(models.Model):
    """A plan's chapter on one theme: the content of the theme sheet."""

    plan = models.ForeignKey(CooperationPlan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="sections", verbose_name=_("theme"))
    title = models.CharField(_("title"), max_length=255, help_text=_("The theme's name as the plan writes it."))
    intro = models.TextField(_("introduction"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    lead_role = models.CharField(_("lead expert's role"), max_length=200, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_sections",
        verbose_name=_("lead organisation"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        help_text=_("Archived content is hidden from the public pages but kept, since comments may refer to it."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking for the staff workspace (plans/versioning.py): every save through a form bumps it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "position", "pk"]
        verbose_name = _("theme section")
        verbose_name_plural = _("theme sections")
        constraints = [
            models.UniqueConstraint(fields=["plan", "theme"], name="section_theme_unique_in_plan"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "plans:section", kwargs={"region": self.plan.region.slug, "plan": self.plan.slug, "theme": self.theme.slug}
        )


class Activity(models.Model):
    class CooperationForm(models.TextChoices):
        JOINT_SERVICE = "joint_service", _("joint service")
        JOINT_PROCUREMENT = "joint_procurement", _("joint procurement")
        SHARED_OFFICIAL = "shared_official", _("shared official")
        NETWORK = "network", _("network or round table")
        TRAINING = "training", _("training")
        TOOLKIT = "toolkit", _("common toolkit")
        ANALYSIS = "analysis", _("joint analysis")
        CAMPAIGN = "campaign", _("joint campaign")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    section = models.ForeignKey(
        ThemeSection, on_delete=models.CASCADE, related_name="activities", verbose_name=_("theme section")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("what"), blank=True)
    rationale = models.TextField(_("why"), blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="responsible_activities",
        verbose_name=_("responsible organisation"),
    )
    partner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_activities", verbose_name=_("partner organisations")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="activities", verbose_name=_("municipalities")
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR_VALIDATORS)
    person_years = models.DecimalField(
        _("person-years"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget = models.DecimalField(
        _("estimated budget (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    funding_source = models.CharField(_("funding source"), max_length=255, blank=True)
    cooperation_form = models.CharField(_("form of cooperation"), max_length=30, choices=CooperationForm.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Illustrative figures, not from the source documents: public pages and PDFs mark them."),
    )
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        help_text=_("Archived content is hidden from the public pages but kept, since comments may refer to it."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking for the staff workspace (plans/versioning.py): every save through a form bumps it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[partner_organisations, municipalities])

    class Meta:
        ordering = ["section_id", "position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="activity_years_in_order"),
            models.CheckConstraint(condition=Q(person_years__gte=0), name="activity_person_years_not_negative"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="activity_budget_not_negative"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        section = self.section
        return reverse(
            "plans:activity",
            kwargs={
                "region": section.plan.region.slug,
                "plan": section.plan.slug,
                "theme": section.theme.slug,
                "pk": self.pk,
            },
        )


class Indicator(models.Model):
    """How an activity's effect is measured, preferably with an existing statistic (HYTE: use what exists)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("activity")
    )
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=60)
    source = models.CharField(_("source"), max_length=200, help_text=_("e.g. Statistics Estonia, Sotkanet"))
    source_url = models.URLField(_("source address"), blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), validators=YEAR_VALIDATORS)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=YEAR_VALIDATORS)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Illustrative figures, not from the source documents: public pages and PDFs mark them."),
    )
    # Optimistic locking for the staff workspace (plans/versioning.py): every save through a form bumps it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_id", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__gte=F("baseline_year")), name="indicator_target_after_baseline"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})"

    def get_absolute_url(self):
        return self.activity.get_absolute_url() + f"#indicator-{self.pk}"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_one_per_year"),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.year}: {self.value}"


class ChangeSet(models.Model):
    """Named edits to a public plan, prepared in a working copy, reviewed and published together.

    The editors edit ``working_copy`` (a hidden draft clone of the plan) with the ordinary staff editor; the
    public plan does not change until a reviewer publishes the change set (plans/changesets.py), which applies
    the copy's differences to the plan in one transaction and keeps them in ``published_changes`` for the
    public changelog.
    """

    class State(models.TextChoices):
        OPEN = "open", _("being prepared")
        IN_REVIEW = "review", _("waiting for review")
        PUBLISHED = "published", _("published")
        DISCARDED = "discarded", _("discarded")

    plan = models.ForeignKey(
        CooperationPlan, on_delete=models.CASCADE, related_name="change_sets", verbose_name=_("plan")
    )
    working_copy = models.OneToOneField(
        CooperationPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_set_of_copy",
        verbose_name=_("working copy"),
    )
    title = models.CharField(
        _("name"), max_length=200, help_text=_("e.g. Changes after the summer consultation. Shown to the public.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What changes and why, for the public changelog.")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When the copy last matched the public plan: another change set published later means a rebase is due.
    based_at = models.DateTimeField(_("based on the public plan of"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent for review by"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # What publishing changed, as the changelog shows it (plans.changesets.ObjectChange.as_json()).
    published_changes = models.JSONField(_("published changes"), default=list, blank=True, editable=False)

    class Meta:
        ordering = ["plan_id", F("published_at").desc(nulls_first=True), "-created_at"]
        verbose_name = _("change set")
        verbose_name_plural = _("change sets")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="change_set_has_title"),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False), name="change_set_published_has_time"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "plans:change-set",
            kwargs={"region": self.plan.region.slug, "plan": self.plan.slug, "pk": self.pk},
        )

    @property
    def editable(self) -> bool:
        return self.state == self.State.OPEN


class ChangeSetRow(models.Model):
    """One row of a change set's working copy and the public row it was copied from, with the public row's
    values at that time (the base of the per-field three-way merge when the change set is published)."""

    change_set = models.ForeignKey(ChangeSet, on_delete=models.CASCADE, related_name="rows")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    copy_id = models.PositiveBigIntegerField()
    origin_id = models.PositiveBigIntegerField()
    base = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["change_set", "content_type", "copy_id"], name="change_set_row_copy_once"),
        ]

    def __str__(self):
        return f"{self.content_type_id}: {self.copy_id} ← {self.origin_id}"


class ChangeSetNote(models.Model):
    """The review conversation of a change set: comments and what happened to it (sent for review, sent back,
    published, discarded), oldest first."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        SUBMITTED = "submitted", _("sent for review")
        RETURNED = "returned", _("sent back")
        PUBLISHED = "published", _("published")
        DISCARDED = "discarded", _("discarded")

    change_set = models.ForeignKey(ChangeSet, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["change_set_id", "created_at", "pk"]
        verbose_name = _("change set note")
        verbose_name_plural = _("change set notes")

    def __str__(self):
        return f"{self.change_set}: {self.get_kind_display()}"
