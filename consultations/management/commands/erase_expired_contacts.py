from django.core.management.base import BaseCommand

from consultations.services import contact_retention_days, contacts_erase_expired


class Command(BaseCommand):
    help = (
        "Erase commenters' e-mail addresses (and mail to them) CONSULTATION_CONTACT_RETENTION_DAYS after their "
        "window closed or its feedback was published, whichever came first. Celery beat runs the same every "
        "hour; safe to run at any time."
    )

    def handle(self, *args, **options):
        erased = contacts_erase_expired()
        self.stdout.write(
            f"Erased {erased} contact(s) older than {contact_retention_days()} days after closing or feedback."
        )
