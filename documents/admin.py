from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "kind", "section", "language", "state", "size", "pages", "rendered_at"]
    list_filter = ["kind", "state", "language"]
    list_select_related = ["plan", "section"]
    search_fields = ["plan__title", "section__title", "scope", "source_hash"]
    autocomplete_fields = ["plan", "section"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"
