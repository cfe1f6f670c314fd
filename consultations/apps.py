from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        # The report's data lives here; plans renders and serves it without importing this app.
        from plans.documents import register_source
        from plans.models import Document

        from .documents import consultation_report_source

        register_source(Document.Kind.CONSULTATION_REPORT, consultation_report_source)
