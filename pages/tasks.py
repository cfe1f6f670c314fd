import socket

from celery import shared_task
from django.core.mail import mail_admins
from django.db import connection

from core.models import Region

# The task names keep the "welfare_portal." prefix they had before these tasks moved here: queued messages and
# the callers of a deployment (README: worker_health from `manage.py shell`) name them.


# Its result is the point, so it is kept even if tasks ignore their results by default.
@shared_task(name="welfare_portal.worker_health", bind=True, ignore_result=False)
def worker_health(self) -> dict:
    """Prove that a worker is consuming tasks and can query the database.

    A worker that can reach the broker but not the database would take PDF jobs and fail every one of them, so
    the probe runs a real query rather than returning a constant. Callers: the integration tests and anyone
    checking a deployment (``worker_health.delay().get(timeout=30)`` from ``manage.py shell``).
    """
    return {
        "database": connection.vendor,
        "regions": Region.objects.count(),
        # None in eager mode, where no worker is involved.
        "worker": self.request.hostname or socket.gethostname(),
    }


@shared_task(
    name="welfare_portal.mail_admins",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_kwargs={"max_retries": 8},
)
def mail_admins_task(subject: str, message: str) -> None:
    """Mail the administrators from a worker, retrying while the mail server is away."""
    mail_admins(subject, message)
