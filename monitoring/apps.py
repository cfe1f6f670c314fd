from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """The yearly cycle of a plan: progress per activity and year, indicators fetched from open statistics, the
    annual report and the region's annual clock."""

    name = "monitoring"
    verbose_name = _("Yearly follow-up")

    def ready(self):
        from core.access import EDIT_PLANS
        from core.page_cache import watch_app_models
        from documents.kinds import register_kind
        from plans.api import api
        from plans.history import HistoryKind, history_register

        from .models import ActivityProgress, ClockTask, ThemeYearSummary
        from .progress.api import router as progress_router
        from .report.documents import ANNUAL_REPORT

        # Reminders written show on no public page.
        watch_app_models(self, not_public={"ClockReminder"})

        # The annual report's PDF: the documents app renders and serves it; what it holds is ours.
        register_kind(ANNUAL_REPORT)

        # The staff history pages (accounts.views): read by any role of the region, restored by its editors.
        # Evidence links have history rows too, but no version column to restore one through.
        history_register(HistoryKind(ClockTask, lambda o: o.region_id, restore_roles=EDIT_PLANS))
        history_register(
            HistoryKind(
                ActivityProgress,
                lambda o: o.activity.section.plan.region_id,
                ("activity__section__plan",),
                EDIT_PLANS,
                lambda o: o.activity.section.plan,
            )
        )
        history_register(
            HistoryKind(
                ThemeYearSummary,
                lambda o: o.section.plan.region_id,
                ("section__plan",),
                EDIT_PLANS,
                lambda o: o.section.plan,
            )
        )

        # /api/v1/progress/ on plans' open data API (plans cannot import this app), before its URLs are read.
        api.add_router("/", progress_router)
