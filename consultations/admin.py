from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin

from .models import (
    Comment,
    CommenterContact,
    ConsultationWindow,
    OutgoingMail,
    Response,
    Subscription,
    WindowAnnouncement,
    Workshop,
)


class ContactPrivacyMixin:
    """A commenter's e-mail is personal data: only superusers see or change it, and never in a list."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return [field for field in fields if field != "email"]

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            exclude.append("email")
        return exclude


class WorkshopInline(admin.TabularInline):
    model = Workshop
    fields = ["title", "starts_at", "ends_at", "place", "web_link", "registration_link"]
    extra = 0


class ResponseInline(admin.StackedInline):
    model = Response
    fk_name = "comment"
    fields = [
        "decision",
        "reason",
        "change_set",
        "changed_section",
        "changed_activity",
        "answered_by",
        "answered_at",
        "published_at",
    ]
    autocomplete_fields = ["changed_section", "changed_activity", "answered_by"]
    # Shown, not chosen here: the answer form checks that the change set makes the change (consultations.change_sets).
    readonly_fields = ["change_set"]
    extra = 0


class CommenterContactInline(ContactPrivacyMixin, admin.StackedInline):
    model = CommenterContact
    fields = ["email", "erase_after", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(ConsultationWindow)
class ConsultationWindowAdmin(HistoryAdmin):
    list_display = ["title", "plan", "opens_at", "closes_at", "is_open_now", "moderation_mode", "feedback_published_at"]
    list_filter = ["moderation_mode", "plan__region", "plan__status"]
    list_select_related = ["plan"]
    search_fields = ["title", "plan__title"]
    autocomplete_fields = ["plan", "sections"]
    readonly_fields = ["created_at"]
    date_hierarchy = "opens_at"
    inlines = [WorkshopInline]

    @admin.display(description=_("open now"), boolean=True)
    def is_open_now(self, obj):
        return obj.is_open()


@admin.register(Workshop)
class WorkshopAdmin(HistoryAdmin):
    list_display = ["title", "window", "starts_at", "ends_at", "place", "web_link"]
    list_filter = ["window__plan__region"]
    list_select_related = ["window"]
    search_fields = ["title", "place", "window__title"]
    autocomplete_fields = ["window"]
    date_hierarchy = "starts_at"


@admin.register(Comment)
class CommentAdmin(HistoryAdmin):
    list_display = ["reference", "window", "section", "category", "state", "source", "submitted_at"]
    list_filter = ["state", "category", "source", "section__theme", "window__plan__region"]
    list_select_related = ["window", "section"]
    search_fields = ["reference", "body", "author_name"]
    autocomplete_fields = ["window", "section", "municipality", "workshop", "moderated_by"]
    readonly_fields = ["reference"]
    date_hierarchy = "submitted_at"
    inlines = [ResponseInline, CommenterContactInline]
    fieldsets = [
        (None, {"fields": ["reference", "window", "section", "category", "body", "author_name", "municipality"]}),
        (_("Source"), {"fields": ["source", "workshop", "submitted_at"]}),
        (_("Moderation"), {"fields": ["state", "rejection_reason", "moderated_at", "moderated_by"]}),
    ]


@admin.register(CommenterContact)
class CommenterContactAdmin(ContactPrivacyMixin, admin.ModelAdmin):
    list_display = ["comment", "created_at", "erase_after"]
    list_select_related = ["comment"]
    search_fields = ["comment__reference"]
    autocomplete_fields = ["comment"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"

    def get_search_fields(self, request):
        # Finding a person's contacts by address is needed to erase them on request, and only superusers may.
        fields = list(super().get_search_fields(request))
        if request.user.is_superuser:
            fields.append("email")
        return fields


@admin.register(Response)
class ResponseAdmin(HistoryAdmin):
    list_display = ["comment", "decision", "changed_section", "changed_activity", "answered_by", "answered_at"]
    list_filter = ["decision", "comment__window__plan__region"]
    list_select_related = ["comment", "changed_section", "changed_activity", "answered_by"]
    search_fields = ["comment__reference", "reason"]
    autocomplete_fields = ["comment", "changed_section", "changed_activity", "answered_by"]
    date_hierarchy = "answered_at"


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Mail to residents: what was sent, what waits and why. The address is only shown to superusers."""

    list_display = ["created_at", "kind", "subject", "sent_at", "attempts", "give_up"]
    list_filter = ["kind", "give_up", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject"]
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]

    def has_add_permission(self, request):
        return False

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if request.user.is_superuser else [f for f in fields if f not in ("to", "body")]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Residents' subscriptions; the address is only shown to superusers (the admin is for superusers)."""

    list_display = ["region", "email", "language", "created_at", "confirmed_at"]
    list_filter = ["region", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    list_select_related = ["region"]
    readonly_fields = ["token", "created_at", "confirmed_at"]


@admin.register(WindowAnnouncement)
class WindowAnnouncementAdmin(admin.ModelAdmin):
    list_display = ["window", "created_at", "recipients"]
    search_fields = ["window__title"]
    list_select_related = ["window"]
    readonly_fields = ["window", "created_at", "recipients"]

    def has_add_permission(self, request):
        return False
