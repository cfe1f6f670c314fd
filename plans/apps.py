from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Cooperation plans")

    def ready(self):
        from core.page_cache import content_saved, watch_app_models

        from .signals import plan_files_changed

        watch_app_models(self)
        # A PDF that becomes ready is recorded with a conditional update (no post_save), yet plan pages show its size.
        plan_files_changed.connect(content_saved, dispatch_uid="page-cache-plan-files")
