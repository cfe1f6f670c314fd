from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ContentLanguage


class Document(models.Model):
    """A rendered PDF: a plan summary, a theme sheet (plan × theme) or a consultation report.

    Files are content-addressed by the hash of their source HTML, so unchanged content is never rendered twice.
    What each kind holds, and who may download it, is registered by the app that owns the kind (documents/kinds.py).
    """

    class Kind(models.TextChoices):
        PLAN_SUMMARY = "plan_summary", _("plan summary")
        THEME_SHEET = "theme_sheet", _("theme sheet")
        CONSULTATION_REPORT = "consultation_report", _("consultation report")
        ANNUAL_REPORT = "annual_report", _("annual report")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RENDERING = "rendering", _("rendering")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    # Named by string: the plans app stands above this one, and documents never imports it.
    plan = models.ForeignKey(
        "plans.CooperationPlan", on_delete=models.CASCADE, related_name="documents", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    section = models.ForeignKey(
        "plans.ThemeSection",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("theme section"),
    )
    scope = models.CharField(
        _("scope"),
        max_length=60,
        blank=True,
        help_text=_("What else the document is about, e.g. the consultation window of a report."),
    )
    language = models.CharField(_("language"), max_length=2, choices=ContentLanguage.choices)
    source_hash = models.CharField(_("source hash"), max_length=64, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    file = models.FileField(_("file"), upload_to="documents/", blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    render_seconds = models.DecimalField(_("render time (s)"), max_digits=8, decimal_places=3, null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    # The render that holds the row while it is "rendering": its Celery task id, and when its claim runs out.
    attempt = models.CharField(_("render attempt"), max_length=64, blank=True)
    lease_expires_at = models.DateTimeField(_("render lease expires at"), null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "kind", "section_id", "-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="theme_sheet") | Q(section__isnull=False), name="document_theme_sheet_has_section"
            ),
            models.CheckConstraint(
                condition=~Q(state="ready") | (Q(size__isnull=False) & ~Q(file="")),
                name="document_ready_has_file",
            ),
            # Two constraints, because NULL sections never clash in a unique index: one for theme sheets,
            # one for the documents of a whole plan.
            models.UniqueConstraint(
                fields=["plan", "kind", "section", "scope", "language", "source_hash"],
                condition=~Q(source_hash="") & Q(section__isnull=False),
                name="document_unique_per_source_and_section",
            ),
            models.UniqueConstraint(
                fields=["plan", "kind", "scope", "language", "source_hash"],
                condition=~Q(source_hash="") & Q(section__isnull=True),
                name="document_unique_per_source_of_plan",
            ),
        ]
        indexes = [models.Index(fields=["plan", "kind", "state"], name="document_plan_kind_state")]

    def __str__(self):
        subject = self.section.title if self.section_id else self.plan.title
        return f"{self.get_kind_display()}: {subject} ({self.language})"

    def get_absolute_url(self):
        return self.plan.get_absolute_url() + "#downloads"
