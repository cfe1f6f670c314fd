from celery import shared_task
from celery.signals import worker_process_init
from django.conf import settings

from .rendering import TRANSIENT_ERRORS, document_render, documents_sweep

# The tasks keep the names they had when they lived in the plans app: messages already queued under those names,
# and beat schedules of running deployments, still reach them.


# Thin: the service claims the work with a conditional update, so a redelivered or retried task is harmless.
# The hard time limit is the claim's lease (documents/rendering.py); the soft one leaves time to record a failure.
@shared_task(
    bind=True,
    name="plans.render_document",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=settings.PDF_RENDER_LEASE_SECONDS - 10,
    time_limit=settings.PDF_RENDER_LEASE_SECONDS,
)
def render_document(self, document_id: int, force: bool = False) -> None:
    # The task id is the attempt: a redelivery after the worker was killed has the same id and resumes at once.
    document_render(document_id=document_id, attempt=self.request.id or "", force=force)


@shared_task(name="plans.sweep_documents", ignore_result=True)
def sweep_documents() -> int:
    return documents_sweep()


@worker_process_init.connect
def _import_weasyprint(**kwargs):
    # `import weasyprint` takes ~0.8 s: pay it when a worker process starts, not in its first render.
    import weasyprint  # noqa: F401
