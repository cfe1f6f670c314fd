import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "welfare_portal.settings")


class GuardedTask(Task):
    """Publishes through the Redis circuit breaker (core/redis_breaker.py): while Redis is away,
    apply_async fails at once and the caller's fallback (a periodic sweep) takes the work instead."""

    def apply_async(self, *args, **kwargs):
        if self.app.conf.task_always_eager:  # runs here and now: no Redis involved
            return super().apply_async(*args, **kwargs)
        from core.redis_breaker import breaker  # reads Django settings, which are not ready when this module loads

        return breaker.call(super().apply_async, *args, **kwargs)


app = Celery("welfare_portal", task_cls=GuardedTask)
# Every Celery option lives in Django settings under the CELERY_ prefix.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
