from celery import shared_task

from .changesets import working_copies_delete


# Idempotent: a redelivered or a second task finds nothing left to delete.
@shared_task(name="plans.delete_spent_working_copies", ignore_result=True)
def delete_spent_working_copies() -> int:
    return working_copies_delete()
