from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Regions and staff")

    def ready(self):
        from celery import signals as celery_signals
        from django.core import checks
        from django.core.signals import request_started

        from . import request_log
        from .checks import check_public_url
        from .page_cache import watch_app_models

        checks.register(check_public_url)
        # Roles and the audit log are on no public page.
        watch_app_models(self, not_public={"RegionRole", "AuditEvent"})

        # The request line's duration, and the request id carried into Celery task logs (request_log.py).
        request_started.connect(request_log.request_started, dispatch_uid="request-log-started")
        celery_signals.before_task_publish.connect(request_log.task_published, dispatch_uid="request-id-publish")
        celery_signals.task_prerun.connect(request_log.task_started, dispatch_uid="request-id-prerun")
        celery_signals.task_postrun.connect(request_log.task_finished, dispatch_uid="request-id-postrun")
