from celery import shared_task

from .services import send_clock_reminders as reminders_send


# Idempotent: a ClockReminder row (unique per task, occurrence and user) is written with each mail, so a second or
# overlapping run writes nothing new. Beat runs it hourly; a reminder is due on any day of its period.
@shared_task(name="monitoring.send_clock_reminders", soft_time_limit=240, time_limit=300)
def send_clock_reminders() -> int:
    return reminders_send()
