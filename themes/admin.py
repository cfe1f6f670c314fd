from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Theme


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name_et", "name_en", "name_fi", "slug", "colour_swatch", "position"]
    list_editable = ["position"]
    search_fields = ["name_et", "name_en", "name_fi", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name_et", "name_en", "name_fi", "slug", "description", "colour", "icon", "position"]

    @admin.display(description=_("colour"), ordering="colour")
    def colour_swatch(self, obj):
        return format_html(
            '<span style="display:inline-block;width:1em;height:1em;background:{};vertical-align:middle"'
            ' aria-hidden="true"></span> {}',
            obj.colour,
            obj.colour,
        )
