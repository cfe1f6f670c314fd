from celery import shared_task

from .services import import_files_expire


# Thin and idempotent: deleting what is already gone does nothing.
@shared_task(name="projects.expire_import_files", soft_time_limit=240, time_limit=300)
def expire_import_files() -> int:
    return import_files_expire()
