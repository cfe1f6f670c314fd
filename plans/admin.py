from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from documents.models import Document

from .models import (
    Activity,
    ChangeSet,
    ChangeSetNote,
    ChangeSetRow,
    CooperationPlan,
    Indicator,
    IndicatorValue,
    Milestone,
    StrategyDocument,
    ThemeSection,
)
from .publishing import plan_published

# --- Inlines ----------------------------------------------------------------------------------------------------


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["kind", "title", "starts_on", "ends_on", "date_label"]
    extra = 0


class ThemeSectionInline(admin.TabularInline):
    model = ThemeSection
    fields = ["theme", "title", "lead_role", "lead_organisation", "position"]
    autocomplete_fields = ["theme", "lead_organisation"]
    show_change_link = True
    extra = 0


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["title", "responsible_organisation", "start_year", "end_year", "person_years", "budget", "status"]
    autocomplete_fields = ["responsible_organisation"]
    show_change_link = True
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["name", "unit", "source", "baseline_year", "baseline_value", "target_year", "target_value"]
    show_change_link = True
    extra = 0


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = ["year", "value"]
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    fields = ["kind", "section", "language", "state", "file", "pages", "rendered_at"]
    readonly_fields = ["rendered_at"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section")

    def has_add_permission(self, request, obj=None):
        # Documents are made by the rendering tasks, not typed in.
        return False


# --- Model admins -----------------------------------------------------------------------------------------------


class RefreshesPlanDocuments:
    """Admin edits of plan content bring the plan's PDFs up to date once the change is committed.

    ``plan_of`` names the plan an object belongs to. Only sheets whose content changed are rendered again (the
    services compare source hashes), so saving without a change renders nothing.
    """

    plan_path: tuple[str, ...] = ()

    def plan_of(self, obj):
        for name in self.plan_path:
            obj = getattr(obj, name)
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        plan = self.plan_of(form.instance)
        transaction.on_commit(lambda: plan_published(plan=plan))


@admin.register(StrategyDocument)
class StrategyDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "issuer", "start_year", "end_year"]
    list_filter = ["level"]
    list_select_related = ["issuer"]
    search_fields = ["title", "issuer__name"]
    autocomplete_fields = ["issuer"]


@admin.register(CooperationPlan)
class CooperationPlanAdmin(RefreshesPlanDocuments, HistoryAdmin):
    plan_path = ()
    list_display = ["title", "region", "period", "status", "lead_organisation", "updated_at"]
    list_filter = ["status", "region", "language"]
    list_select_related = ["region", "lead_organisation"]
    search_fields = ["title", "slug", "summary", "lead_organisation__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["region", "lead_organisation", "basis_documents"]
    readonly_fields = ["status_changed_at", "created_at", "updated_at"]
    inlines = [MilestoneInline, ThemeSectionInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["region", "title", "slug", "language", "start_year", "end_year", "status"]}),
        (_("Content"), {"fields": ["summary", "purpose", "audience", "expected_result", "basis_documents"]}),
        (_("Lead"), {"fields": ["lead_organisation", "contact_role"]}),
        (_("Dates"), {"fields": ["status_changed_at", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, obj):
        return obj.period


@admin.register(Milestone)
class MilestoneAdmin(RefreshesPlanDocuments, HistoryAdmin):
    plan_path = ("plan",)
    list_display = ["title", "plan", "kind", "starts_on", "ends_on", "date_label"]
    list_filter = ["kind", "plan__region"]
    list_select_related = ["plan"]
    search_fields = ["title", "description", "plan__title"]
    autocomplete_fields = ["plan"]
    date_hierarchy = "starts_on"


@admin.register(ThemeSection)
class ThemeSectionAdmin(RefreshesPlanDocuments, HistoryAdmin):
    plan_path = ("plan",)
    list_display = ["title", "plan", "theme", "lead_role", "lead_organisation", "position", "updated_at"]
    list_filter = ["theme", "plan__region", "plan__status"]
    list_select_related = ["plan", "theme", "lead_organisation"]
    search_fields = ["title", "plan__title", "theme__name_et", "theme__name_en", "theme__name_fi"]
    autocomplete_fields = ["plan", "theme", "lead_organisation"]
    readonly_fields = ["updated_at"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(RefreshesPlanDocuments, HistoryAdmin):
    plan_path = ("section", "plan")
    list_display = [
        "title",
        "section__plan",
        "responsible_organisation",
        "years",
        "person_years",
        "budget",
        "cooperation_form",
        "status",
    ]
    list_filter = ["status", "cooperation_form", "is_example", "section__theme", "section__plan__region"]
    list_select_related = ["section__plan", "responsible_organisation"]
    search_fields = ["title", "description", "responsible_organisation__name", "section__title"]
    autocomplete_fields = ["section", "responsible_organisation", "partner_organisations", "municipalities"]
    readonly_fields = ["updated_at"]
    inlines = [IndicatorInline]

    @admin.display(description=_("years"), ordering="start_year")
    def years(self, obj):
        return f"{obj.start_year}–{obj.end_year}"


@admin.register(Indicator)
class IndicatorAdmin(RefreshesPlanDocuments, HistoryAdmin):
    plan_path = ("activity", "section", "plan")
    list_display = [
        "name",
        "unit",
        "activity",
        "source",
        "baseline_year",
        "baseline_value",
        "target_year",
        "target_value",
    ]
    list_filter = ["source", "is_example", "activity__section__theme"]
    list_select_related = ["activity"]
    search_fields = ["name", "source", "activity__title"]
    autocomplete_fields = ["activity"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(RefreshesPlanDocuments, HistoryAdmin):
    plan_path = ("indicator", "activity", "section", "plan")
    list_display = ["indicator", "year", "value"]
    list_filter = ["year"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name"]
    autocomplete_fields = ["indicator"]


# --- Change sets (prepared and published in the staff workspace; here to look at) ------------------------------


class ChangeSetNoteInline(admin.TabularInline):
    model = ChangeSetNote
    fields = ["created_at", "kind", "author", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PortalWrittenAdmin(admin.ModelAdmin):
    """Rows the staff workspace writes (its checks and its one transaction): the admin shows them, changes none."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChangeSet)
class ChangeSetAdmin(PortalWrittenAdmin):
    list_display = ["title", "plan", "state", "created_at", "published_at"]
    list_filter = ["state", "plan__region"]
    list_select_related = ["plan"]
    search_fields = ["title", "description", "plan__title"]
    fields = [
        "plan",
        "title",
        "description",
        "state",
        "created_by",
        "created_at",
        "submitted_by",
        "published_by",
        "published_at",
        "published_changes",
    ]
    readonly_fields = fields
    inlines = [ChangeSetNoteInline]


@admin.register(ChangeSetNote)
class ChangeSetNoteAdmin(PortalWrittenAdmin):
    list_display = ["change_set", "kind", "author", "created_at"]
    list_select_related = ["change_set", "author"]
    search_fields = ["text", "change_set__title"]


@admin.register(ChangeSetRow)
class ChangeSetRowAdmin(PortalWrittenAdmin):
    list_display = ["change_set", "content_type", "copy_id", "origin_id"]
    list_select_related = ["change_set", "content_type"]
    search_fields = ["change_set__title"]
