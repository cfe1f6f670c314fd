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

        # Plans publish change sets without knowing who listens: answers naming one follow it to the public rows,
        # and the region's subscribers are told (consultations/change_sets.py).
        from plans.changesets import change_set_published

        from .change_sets import answers_follow_change_set, subscribers_tell_change_set

        change_set_published.connect(answers_follow_change_set, dispatch_uid="consultations.answers_follow_change_set")
        change_set_published.connect(
            subscribers_tell_change_set, dispatch_uid="consultations.subscribers_tell_change_set"
        )
