from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Cooperation plans")

    def ready(self):
        from core.page_cache import watch_app_models
        from documents.kinds import register_kind

        from .changesets import no_public_page_shows
        from .documents import PLAN_SUMMARY, THEME_SHEET

        # A change set is on public pages once published (its publishing empties the cache) or named by an answer;
        # its rows and review notes never are, nor is its working copy.
        watch_app_models(
            self,
            not_public={"ChangeSetRow", "ChangeSetNote"},
            unshown_when_new={"ChangeSet"},
            unshown=no_public_page_shows,
        )
        # The documents app renders and serves them; what they hold and who may download them is ours.
        register_kind(PLAN_SUMMARY)
        register_kind(THEME_SHEET)

        # The staff history pages (accounts.views) show and restore the versions of these kinds.
        from core.access import EDIT_PLANS

        from .history import HistoryKind, history_register
        from .models import Activity, CooperationPlan, Indicator, Milestone, ThemeSection

        for kind in [
            HistoryKind(CooperationPlan, lambda o: o.region_id, restore_roles=EDIT_PLANS, plan_of=lambda o: o),
            HistoryKind(Milestone, lambda o: o.plan.region_id, ("plan",), EDIT_PLANS, lambda o: o.plan),
            HistoryKind(ThemeSection, lambda o: o.plan.region_id, ("plan",), EDIT_PLANS, lambda o: o.plan),
            HistoryKind(
                Activity, lambda o: o.section.plan.region_id, ("section__plan",), EDIT_PLANS, lambda o: o.section.plan
            ),
            HistoryKind(
                Indicator,
                lambda o: o.activity.section.plan.region_id,
                ("activity__section__plan",),
                EDIT_PLANS,
                lambda o: o.activity.section.plan,
            ),
        ]:
            history_register(kind)
