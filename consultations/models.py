import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Municipality, Region
from plans.models import Activity, ChangeSet, CooperationPlan, ThemeSection


class ConsultationWindowQuerySet(models.QuerySet):
    def open_now(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now=None):
        return self.filter(opens_at__gt=now or timezone.now())


class ConsultationWindow(models.Model):
    """A time in which a plan, or some of its theme sections, is open for public comments."""

    class ModerationMode(models.TextChoices):
        PRE = "pre", _("comments are checked before they are shown")
        POST = "post", _("comments are shown at once and checked afterwards")

    plan = models.ForeignKey(
        CooperationPlan, on_delete=models.PROTECT, related_name="consultation_windows", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    sections = models.ManyToManyField(
        ThemeSection,
        blank=True,
        related_name="consultation_windows",
        verbose_name=_("theme sections"),
        help_text=_("Leave empty to open every theme section of the plan."),
    )
    moderation_mode = models.CharField(
        _("moderation"), max_length=4, choices=ModerationMode.choices, default=ModerationMode.PRE
    )
    feedback_published_at = models.DateTimeField(_("feedback published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Optimistic locking for the staff form (core.versioning): two editors' changes merge per field.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ConsultationWindowQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sections])

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("consultation window")
        verbose_name_plural = _("consultation windows")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="window_closes_after_it_opens"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "consultations:window",
            kwargs={"region": self.plan.region.slug, "plan": self.plan.slug, "window": self.pk},
        )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class Workshop(models.Model):
    window = models.ForeignKey(
        ConsultationWindow, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("consultation window")
    )
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    web_link = models.URLField(_("web link"), blank=True)
    registration_link = models.URLField(_("registration link"), blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="workshop_ends_after_it_starts"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(web_link=""), name="workshop_has_place_or_web_link"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.window.get_absolute_url() + f"#workshop-{self.pk}"


def new_reference() -> str:
    """A short reference a commenter can quote; unambiguous letters only."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Comment.State.PUBLISHED)


class Comment(models.Model):
    class Category(models.TextChoices):
        OBSERVATION = "observation", _("observation")
        CLARIFICATION = "clarification", _("clarification")
        SOLUTION = "solution", _("solution")
        RECOMMENDATION = "recommendation", _("recommendation")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        SPAM = "spam", _("spam")

    class Source(models.TextChoices):
        WEB = "web", _("web form")
        WORKSHOP = "workshop", _("workshop")
        LETTER = "letter", _("letter or e-mail")

    window = models.ForeignKey(
        ConsultationWindow, on_delete=models.PROTECT, related_name="comments", verbose_name=_("consultation window")
    )
    section = models.ForeignKey(
        ThemeSection, on_delete=models.PROTECT, related_name="comments", verbose_name=_("theme section")
    )
    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference, editable=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    body = models.TextField(_("comment"))
    author_name = models.CharField(_("name (shown)"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("municipality")
    )
    source = models.CharField(_("channel"), max_length=20, choices=Source.choices, default=Source.WEB)
    workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments", verbose_name=_("workshop")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )

    objects = CommentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["author_name"])

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(rejection_reason=""), name="comment_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(source="workshop") | Q(workshop__isnull=False), name="comment_from_workshop_names_it"
            ),
        ]
        indexes = [models.Index(fields=["window", "state"], name="comment_window_state")]

    def __str__(self):
        return f"{self.reference} ({self.get_category_display()})"

    def get_absolute_url(self):
        # The comment alone in its window's feedback table: the window's page shows only the newest of each theme.
        plan = self.window.plan
        feedback = reverse(
            "consultations:feedback", kwargs={"region": plan.region.slug, "plan": plan.slug, "window": self.window_id}
        )
        return f"{feedback}?comment={self.reference}#comment-{self.reference}"


class CommenterContact(models.Model):
    """A commenter's e-mail, kept apart from the published comment and erased some days after the window closes."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="contact", verbose_name=_("comment"))
    email = models.EmailField(_("e-mail"))
    # The language of the page the comment was sent from: mail to this address is written in it.
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    erase_after = models.DateTimeField(_("erase after"), null=True, blank=True)
    # The confirmation mail is composed by the mail sender, not by the request that saved the comment
    # (consultations/mail.py: receipts_queue); this marks the contacts still waiting for theirs.
    receipt_owed = models.BooleanField(_("confirmation not yet written"), default=False)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["receipt_owed"], condition=Q(receipt_owed=True), name="contact_receipt_owed"),
        ]
        verbose_name = _("commenter's contact")
        verbose_name_plural = _("commenters' contacts")

    def __str__(self):
        return str(self.comment)


class Response(models.Model):
    """Staff's answer to a comment, and the change in the plan it led to.

    On a plan the public can see, an answer that takes the comment into account names the change set that makes
    the change (consultations/change_sets.py): until that change set is published the answer says the comment
    *will be* taken into account in it, and afterwards it links to the change in the change set's public page.
    Answers given before change sets existed name none and are shown as they were.
    """

    class Decision(models.TextChoices):
        TAKEN = "taken", _("taken into account")
        PARTLY = "partly", _("partly taken into account")
        NOT_TAKEN = "not_taken", _("not taken into account")
        NOTED = "noted", _("noted")

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, related_name="response", verbose_name=_("comment")
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    changed_section = models.ForeignKey(
        ThemeSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("section it changed"),
    )
    changed_activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("activity it changed"),
    )
    # While the change set is unpublished, a section or an activity it adds is its working copy's row; publishing
    # points the answer at the public row (consultations.change_sets.answers_follow_change_set).
    change_set = models.ForeignKey(
        ChangeSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("change set"),
        help_text=_("The change set that takes the comment into account."),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="response_has_reason"),
        ]

    def __str__(self):
        return f"{self.comment.reference}: {self.get_decision_display()}"

    def get_absolute_url(self):
        return self.comment.get_absolute_url()

    @property
    def change_pending(self) -> bool:
        """The answer names a change set that is not published yet: the change is promised, not made."""
        return self.change_set_id is not None and self.change_set.state != ChangeSet.State.PUBLISHED

    @property
    def decision_shown(self) -> str:
        """The decision as the public pages say it: "will be taken into account in …" while the change waits."""
        if not self.change_pending:
            return self.get_decision_display()
        if self.decision == self.Decision.PARTLY:
            text = gettext("will be partly taken into account in “%(change_set)s”")
        else:
            text = gettext("will be taken into account in “%(change_set)s”")
        return text % {"change_set": self.change_set.title}

    @property
    def change_path(self) -> str:
        """The change in the public page of the published change set the answer names ("" if there is none yet).

        Fetch the answer with ``change_set__plan__region`` to spare a query per answer.
        """
        if self.change_set_id is None or self.change_pending:
            return ""
        path = self.change_set.get_absolute_url()
        if self.changed_activity_id:
            return f"{path}#change-{Activity._meta.model_name}-{self.changed_activity_id}"
        if self.changed_section_id:
            return f"{path}#change-{ThemeSection._meta.model_name}-{self.changed_section_id}"
        return path


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(sent_at__isnull=True, give_up=False, send_after__lte=now or timezone.now())


class OutgoingMail(models.Model):
    """A mail to a resident, written to the database in the same transaction as what caused it.

    The request never waits for the broker: a task sends it soon after commit, and a periodic sweep sends
    whatever is still unsent (the broker was down, the worker died), so nothing is lost and each mail is sent
    once (the sender claims a row with a conditional update).
    """

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("comment received")
        ANSWER = "answer", _("comment answered")
        SUBSCRIBE = "subscribe", _("subscription confirmation")
        WINDOW = "window", _("consultation opened")
        PASSWORD = "password", _("password reset link")
        REMINDER = "reminder", _("annual clock reminder")
        CHANGES = "changes", _("plan changes published")

    to = models.EmailField(_("to"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("comment"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    give_up = models.BooleanField(_("given up"), default=False)
    last_error = models.TextField(_("last error"), blank=True)
    # One-click unsubscribe (RFC 8058) for mail to subscribers: sent as the List-Unsubscribe header.
    list_unsubscribe = models.URLField(_("unsubscribe address"), max_length=500, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [models.Index(fields=["sent_at", "send_after"], name="mail_unsent_due")]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to}"

    def get_absolute_url(self):
        return self.comment.get_absolute_url() if self.comment_id else "/"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    """A resident's e-mail subscription to a region's consultations: double opt-in, one-click unsubscribe.

    An unconfirmed row only ever receives the confirmation mail; unsubscribing deletes the row (and so the
    address).
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("region"))
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["region", "email"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["region", "email"], name="subscription_email_unique_in_region"),
        ]

    def __str__(self):
        return f"{self.region} ← {self.email}"

    def get_absolute_url(self):
        return reverse("consultations:unsubscribe", kwargs={"token": self.token})


class WindowAnnouncement(models.Model):
    """That subscribers have been told a window opened: the row makes the announcing task run once per window."""

    window = models.OneToOneField(
        ConsultationWindow, on_delete=models.CASCADE, related_name="announcement", verbose_name=_("consultation window")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("window announcement")
        verbose_name_plural = _("window announcements")

    def __str__(self):
        return str(self.window)

    def get_absolute_url(self):
        return self.window.get_absolute_url()
