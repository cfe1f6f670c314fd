from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

CONTENT_APPS = ("themes", "plans", "consultations", "projects")


class WelfarePortalConfig(AppConfig):
    name = "welfare_portal"
    verbose_name = _("Portal")

    def ready(self):
        from .page_cache import content_saved

        # Any change of public content empties the page cache (see page_cache.py). History rows are not content.
        for label in CONTENT_APPS:
            for model in apps.get_app_config(label).get_models():
                if model.__name__.startswith("Historical"):
                    continue
                post_save.connect(content_saved, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
                post_delete.connect(content_saved, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
                for field in model._meta.local_many_to_many:
                    m2m_changed.connect(
                        content_saved, sender=field.remote_field.through, dispatch_uid=f"page-cache-m2m-{field}"
                    )
