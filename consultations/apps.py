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
        # The report's data lives here; the documents app renders and serves it without importing this app.
        from documents.kinds import register_kind

        from .documents import CONSULTATION_REPORT

        register_kind(CONSULTATION_REPORT)
