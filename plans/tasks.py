from celery import shared_task
from celery.signals import worker_process_init

from .documents import TRANSIENT_ERRORS, document_render


# Thin: the service decides whether the work is still wanted and claims it with a conditional update, so a
# redelivered (acks_late) or retried task is harmless. A render takes ~0.2-2 s; the limits only stop runaways.
@shared_task(
    name="plans.render_document",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def render_document(document_id: int) -> None:
    document_render(document_id=document_id)


@worker_process_init.connect
def _import_weasyprint(**kwargs):
    # `import weasyprint` takes ~0.8 s: pay it when a worker process starts, not in its first render.
    import weasyprint  # noqa: F401
