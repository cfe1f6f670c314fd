from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "language", "handled_at"]
    list_filter = ["language", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["message", "page_url"]
    date_hierarchy = "created_at"
    readonly_fields = ["page_url", "message", "email", "language", "created_at"]


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, whose history page answers an address that cannot be a key with a 404 (its own
    view passes the text straight to a query, so "history/abc/" was a server error)."""

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context=extra_context)
