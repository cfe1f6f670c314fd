from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin

from .models import Theme


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["name_et", "name_en", "name_fi", "slug", "colour_swatch", "position"]
    list_editable = ["position"]
    search_fields = ["name_et", "name_en", "name_fi", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name_et", "name_en", "name_fi", "slug", "description", "colour", "icon", "position"]

    @admin.display(description=_("colour"), ordering="colour")
    def colour_swatch(self, obj):
        return format_html(
            # An SVG's fill attribute, not a style attribute: the Content-Security-Policy refuses inline styles.
            '<svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="{}"/></svg> {}',
            obj.colour,
            obj.colour,
        )
