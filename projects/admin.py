from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin

from .models import (
    Funder,
    Measure,
    Programme,
    Project,
    ProjectComponent,
    ProjectEvent,
    ProjectOutput,
    ProjectPartner,
)


class ProgrammeInline(admin.TabularInline):
    model = Programme
    fields = ["name", "slug", "start_year", "end_year"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    fields = ["organisation", "role", "contribution", "position"]
    autocomplete_fields = ["organisation"]
    extra = 0


class ProjectComponentInline(admin.TabularInline):
    model = ProjectComponent
    fields = ["title", "description", "position"]
    extra = 0


class ProjectEventInline(admin.TabularInline):
    model = ProjectEvent
    fields = ["title", "date", "end_date", "place"]
    extra = 0


class ProjectOutputInline(admin.TabularInline):
    model = ProjectOutput
    fields = ["kind", "title", "url", "valid_until", "position"]
    extra = 0


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "website"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProgrammeInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "start_year", "end_year"]
    list_filter = ["funder"]
    list_select_related = ["funder"]
    search_fields = ["name", "slug", "funder__name", "funder__short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["funder"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "funder", "programme"]
    list_filter = ["funder"]
    list_select_related = ["funder", "programme"]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["funder", "programme"]


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    list_display = [
        "name",
        "region",
        "funder",
        "start_date",
        "end_date",
        "total_cost",
        "grant_amount",
        "status",
        "archived",
    ]
    list_filter = ["status", "archived", "region", "funder", "themes"]
    list_select_related = ["region", "funder"]
    search_fields = ["name", "code", "goal", "manager_organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region", "funder", "programme", "measure", "manager_organisation", "activities", "themes"]
    readonly_fields = ["updated_at"]
    date_hierarchy = "start_date"
    inlines = [ProjectPartnerInline, ProjectComponentInline, ProjectEventInline, ProjectOutputInline]
    fieldsets = [
        (None, {"fields": ["region", "name", "slug", "code", "language", "status", "archived"]}),
        (_("Funding"), {"fields": ["funder", "programme", "measure", "total_cost", "grant_amount"]}),
        (_("Period"), {"fields": ["start_date", "end_date"]}),
        (_("Content"), {"fields": ["goal", "activities_text", "results", "themes", "activities"]}),
        (_("Management"), {"fields": ["manager_role", "manager_organisation", "updated_at"]}),
    ]


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(HistoryAdmin):
    list_display = ["organisation", "project", "role", "contribution", "position"]
    list_filter = ["role", "project__region"]
    list_select_related = ["organisation", "project"]
    search_fields = ["organisation__name", "project__name"]
    autocomplete_fields = ["project", "organisation"]


@admin.register(ProjectComponent)
class ProjectComponentAdmin(HistoryAdmin):
    list_display = ["title", "project", "position"]
    list_filter = ["project__region"]
    list_select_related = ["project"]
    search_fields = ["title", "description", "project__name"]
    autocomplete_fields = ["project"]


@admin.register(ProjectEvent)
class ProjectEventAdmin(HistoryAdmin):
    list_display = ["title", "project", "date", "end_date", "place"]
    list_filter = ["project__region"]
    list_select_related = ["project"]
    search_fields = ["title", "place", "project__name"]
    autocomplete_fields = ["project"]
    date_hierarchy = "date"


@admin.register(ProjectOutput)
class ProjectOutputAdmin(HistoryAdmin):
    list_display = ["title", "project", "kind", "valid_until", "position"]
    list_filter = ["kind", "project__region"]
    list_select_related = ["project"]
    search_fields = ["title", "description", "project__name"]
    autocomplete_fields = ["project"]
