from django.apps import AppConfig, apps
from django.core import checks
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

CONTENT_APPS = ("core", "themes", "plans", "consultations", "projects")
# Rows of those apps that no public page shows: saving them must not empty the page cache (a comment submitted
# at 200 a second writes a contact and a mail row each).
NOT_PUBLIC_MODELS = {
    "core.RegionRole",
    "core.AuditEvent",
    "consultations.CommenterContact",
    "consultations.OutgoingMail",
    "consultations.Subscription",
    "consultations.WindowAnnouncement",
}
# Rows that no cached page shows while they are new: creating one keeps the cache (a resident's comment appears on
# the window page, which is not cached, and on cached pages only once it is answered, which is a save).
UNSHOWN_WHEN_NEW = {"consultations.Comment"}


class WelfarePortalConfig(AppConfig):
    name = "welfare_portal"
    verbose_name = _("Portal")

    def ready(self):
        from plans.signals import plan_files_changed

        from .checks import check_public_url
        from .page_cache import content_saved, content_saved_unless_new

        checks.register(check_public_url)

        # Any change of public content empties the page cache (see page_cache.py). History rows are not content.
        for label in CONTENT_APPS:
            for model in apps.get_app_config(label).get_models():
                if model.__name__.startswith("Historical") or model._meta.label in NOT_PUBLIC_MODELS:
                    continue
                saved = content_saved_unless_new if model._meta.label in UNSHOWN_WHEN_NEW else content_saved
                post_save.connect(saved, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
                post_delete.connect(content_saved, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
                for field in model._meta.local_many_to_many:
                    m2m_changed.connect(
                        content_saved, sender=field.remote_field.through, dispatch_uid=f"page-cache-m2m-{field}"
                    )
        # A PDF that becomes ready is recorded with a conditional update (no post_save), yet plan pages show its size.
        plan_files_changed.connect(content_saved, dispatch_uid="page-cache-plan-files")

        # The request line's duration, and the request id carried into Celery task logs (request_log.py).
        from celery import signals as celery_signals
        from django.core.signals import request_started

        from . import request_log

        request_started.connect(request_log.request_started, dispatch_uid="request-log-started")
        celery_signals.before_task_publish.connect(request_log.task_published, dispatch_uid="request-id-publish")
        celery_signals.task_prerun.connect(request_log.task_started, dispatch_uid="request-id-prerun")
        celery_signals.task_postrun.connect(request_log.task_finished, dispatch_uid="request-id-postrun")
