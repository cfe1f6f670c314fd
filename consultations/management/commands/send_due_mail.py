from django.core.management.base import BaseCommand

from consultations.mail import mail_send_due


class Command(BaseCommand):
    help = "Send every queued mail to residents that is due (what Celery beat does every minute)."

    def handle(self, *args, **options):
        sent = mail_send_due()
        self.stdout.write(f"{sent} sent")
