from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from core.page_cache import watch_app_models

        # Contacts, mail and subscriptions are on no public page; a new comment shows only on the window page
        # (not cached) until it is answered, which is a save.
        watch_app_models(
            self,
            not_public={"CommenterContact", "OutgoingMail", "Subscription", "WindowAnnouncement"},
            unshown_when_new={"Comment"},
        )
        # The report's data lives here; plans renders and serves it without importing this app.
        from plans.documents import register_source
        from plans.models import Document

        from .documents import consultation_report_source

        register_source(Document.Kind.CONSULTATION_REPORT, consultation_report_source)
