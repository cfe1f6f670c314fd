from django.contrib import admin

from core.admin import HistoryAdmin

from .models import (
    ActivityProgress,
    ClockReminder,
    ClockTask,
    EvidenceLink,
    StatisticsSource,
    StatisticValue,
    ThemeYearSummary,
)


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    fields = ["title", "url", "position"]
    extra = 0


@admin.register(ActivityProgress)
class ActivityProgressAdmin(HistoryAdmin):
    list_display = ["activity", "year", "status", "money_spent", "person_years_used", "is_example"]
    list_filter = ["status", "year", "is_example"]
    list_select_related = ["activity"]
    search_fields = ["activity__title", "account"]
    autocomplete_fields = ["evidence_projects"]
    raw_id_fields = ["activity", "updated_by"]
    inlines = [EvidenceLinkInline]


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(HistoryAdmin):
    list_display = ["title", "url", "progress"]
    list_select_related = ["progress__activity"]
    search_fields = ["title", "url"]
    raw_id_fields = ["progress"]


@admin.register(ThemeYearSummary)
class ThemeYearSummaryAdmin(HistoryAdmin):
    list_display = ["section", "year", "is_example"]
    list_filter = ["year"]
    list_select_related = ["section"]
    search_fields = ["section__title", "summary", "next_year"]
    raw_id_fields = ["section"]


class StatisticValueInline(admin.TabularInline):
    model = StatisticValue
    fields = ["area_kind", "area_code", "area_name", "year", "value", "fetched_at", "source_updated_at"]
    extra = 0


@admin.register(StatisticsSource)
class StatisticsSourceAdmin(HistoryAdmin):
    list_display = ["indicator", "provider", "dataset", "area_code", "state", "last_success_at"]
    list_filter = ["provider", "state"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "dataset", "area_code"]
    raw_id_fields = ["indicator"]
    readonly_fields = ["state", "last_attempt_at", "last_success_at", "source_updated_at", "error_code", "error_params"]


@admin.register(StatisticValue)
class StatisticValueAdmin(HistoryAdmin):
    list_display = ["area_name", "area_code", "year", "value", "source", "fetched_at"]
    list_filter = ["area_kind", "year"]
    list_select_related = ["source"]
    search_fields = ["area_name", "area_code", "source__dataset"]
    raw_id_fields = ["source"]


@admin.register(ClockTask)
class ClockTaskAdmin(HistoryAdmin):
    list_display = ["title", "region", "month", "day", "responsible_role", "remind_days_before"]
    list_filter = ["region", "month", "responsible_role"]
    list_select_related = ["region"]
    search_fields = ["title", "description"]


@admin.register(ClockReminder)
class ClockReminderAdmin(admin.ModelAdmin):
    """Written by the reminder task, once per task, occurrence and person: kept as a record, never typed in."""

    list_display = ["task", "occurs_on", "user", "created_at"]
    list_select_related = ["task", "user"]
    search_fields = ["task__title", "user__username"]
    readonly_fields = ["task", "occurs_on", "user", "created_at"]

    def has_add_permission(self, request):
        return False
