"""The admin of core's models, and the history admin every app's admin uses."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .audit import audit_record
from .models import AuditEvent, Municipality, Organisation, Region, RegionRole

# core is the app every other app builds on, so the admin site's own texts live here.
admin.site.site_header = _("Welfare cooperation portal – administration")
admin.site.site_title = _("Welfare cooperation portal")
admin.site.index_title = _("Administration")


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, whose history page answers an address that cannot be a key with a 404 (its own
    view passes the text straight to a query, so "history/abc/" was a server error)."""

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context=extra_context)


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    fields = ["name", "slug", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "country", "language", "timezone"]
    list_filter = ["country", "kind", "language"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind", "slug"]
    list_filter = ["region", "kind"]
    list_select_related = ["region"]
    search_fields = ["name", "slug", "region__name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "region", "municipality", "website"]
    list_filter = ["kind", "region"]
    list_select_related = ["region", "municipality"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]


class RegionRoleForm(forms.ModelForm):
    """A progress reporter reports for one organisation, which must be named; the other roles have none."""

    class Meta:
        model = RegionRole
        fields = ["user", "region", "role", "organisation"]

    def clean(self):
        cleaned = super().clean()
        role, organisation, region = cleaned.get("role"), cleaned.get("organisation"), cleaned.get("region")
        if role == RegionRole.Role.REPORTER and organisation is None and "organisation" not in self.errors:
            self.add_error(
                "organisation",
                _("Choose the organisation whose activities the progress reporter reports on."),
            )
        elif role and role != RegionRole.Role.REPORTER and organisation is not None:
            self.add_error("organisation", _("Only a progress reporter has an organisation: leave this empty."))
        elif organisation is not None and region is not None and organisation.region_id not in (None, region.pk):
            self.add_error("organisation", _("Choose an organisation of this region, or a national one."))
        return cleaned


@admin.register(RegionRole)
class RegionRoleAdmin(admin.ModelAdmin):
    form = RegionRoleForm
    list_display = ["user", "region", "role", "organisation", "granted_at", "granted_by"]
    list_filter = ["role", "region"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "region", "organisation", "granted_by"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["granted_at", "granted_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.ROLE,
            obj=obj,
            region=obj.region_id,
            detail={"code": "role_granted", "role": obj.role, "user": obj.user.get_username()},
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.ROLE,
            obj=obj,
            region=obj.region_id,
            detail={"code": "role_withdrawn", "role": obj.role, "user": obj.user.get_username()},
        )
        super().delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is only ever added to."""

    list_display = ["at", "actor_label", "action", "region", "object_label"]
    list_filter = ["action", "region"]
    search_fields = ["actor_label", "object_label", "detail"]
    list_select_related = ["region"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
