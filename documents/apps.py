from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from core.page_cache import content_saved, watch_app_models

        from .signals import plan_files_changed

        # Plan pages list their files with size and pages: a new or deleted document changes them.
        watch_app_models(self)
        # A PDF that becomes ready is recorded with a conditional update (no post_save), yet plan pages show its size.
        plan_files_changed.connect(content_saved, dispatch_uid="page-cache-plan-files")
