"""The one log line per request, and the request's id in the logs of the Celery tasks it starts.

django-log-request-id (first in MIDDLEWARE) gives each request an id, keeps it in ``log_request_id.local`` (where
its ``RequestIDFilter`` reads it for every log record) and writes the request line. This module adds how long the
request took to that line, and carries the id through Celery: a task published during a request takes the id
along in its message headers, and the worker logs under it while the task runs. A task published outside any
request (by beat, a management command or the shell) logs under its own task id, and what it publishes in turn
carries that id on, so one request or one periodic run can be followed through every process it touched.
"""

import contextlib
import logging
import time

from asgiref.local import Local
from log_request_id import local as request_id_storage

# The message header that carries the id from the publisher to the worker.
HEADER = "request_id"

_request = Local()
_task = Local()


def request_started(**kwargs) -> None:
    """Django's ``request_started`` signal: the handler took the request, before any middleware ran."""
    _request.started = time.perf_counter()


class RequestDurationFilter(logging.Filter):
    """Adds ``duration_ms`` to django-log-request-id's request line (LOGGING puts it on that logger only)."""

    def filter(self, record: logging.LogRecord) -> bool:
        started = getattr(_request, "started", None)
        # runserver configures logging twice (django.setup() again for the WSGI application), and dictConfig adds a
        # logger's filters anew each time: the line gets its duration once, however many copies of this filter run.
        if started is not None and not hasattr(record, "duration_ms"):
            record.duration_ms = round((time.perf_counter() - started) * 1000)
            record.msg = f"{record.msg} duration_ms={record.duration_ms}"
        return True


def task_published(headers: dict | None = None, **kwargs) -> None:
    """Celery's ``before_task_publish``: the current request's (or task's) id goes with the message."""
    request_id = getattr(request_id_storage, "request_id", None)
    if request_id and headers is not None:
        headers.setdefault(HEADER, request_id)


def task_started(task_id: str | None = None, task=None, **kwargs) -> None:
    """Celery's ``task_prerun``: log under the id that came with the message, else under the task's own id."""
    if task.request.is_eager and getattr(request_id_storage, "request_id", None):
        # Run in-process by a request or a task that already has an id: its lines belong to that one.
        return
    request_id_storage.request_id = task.request.get(HEADER) or task_id
    _task.id = task_id


def task_finished(task_id: str | None = None, **kwargs) -> None:
    """Celery's ``task_postrun``: the worker process's next task must not log under this one's id."""
    if getattr(_task, "id", None) == task_id:
        del _task.id
        with contextlib.suppress(AttributeError):
            del request_id_storage.request_id
