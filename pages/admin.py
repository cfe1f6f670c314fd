from django.contrib import admin

from .models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "language", "handled_at"]
    list_filter = ["language", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["message", "page_url"]
    date_hierarchy = "created_at"
    readonly_fields = ["page_url", "message", "email", "language", "created_at"]
