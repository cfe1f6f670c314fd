"""A visitor's requests, run in a process of its own configured only by the environment (REDIS_URL, DATABASE_URL),
as a web process would be: used by test_redis_hang.py.

    python -m tests.integration.redis_hang_visitor REDIS_PID '{"form": "/et/...", "pages": [...], "pdf": "..."}'

Stops the Redis with that pid (SIGSTOP), makes the requests, continues it (SIGCONT), then lets the breaker's
pause pass on a moved clock and asks once more. Prints one JSON list: per request its status and how many calls
reached Redis.
"""

import json
import os
import signal
import sys
import time
from datetime import timedelta

import django


def main(redis_pid: int, urls: dict) -> list[dict]:
    django.setup()
    import pybreaker
    import time_machine
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from consultations.abuse import started_token
    from core.redis_breaker import breaker

    setup_test_environment()  # the test client's host name, mail kept in memory

    class Count(pybreaker.CircuitBreakerListener):
        calls = 0

        def before_call(self, cb, func, *args, **kwargs):
            Count.calls += 1

    breaker.add_listener(Count())
    client = Client()
    visits = []

    def visit(name, method, url, data=None):
        before = Count.calls
        response = client.post(url, data) if method == "POST" else client.get(url)
        visits.append({"name": name, "status": response.status_code, "redis_calls": Count.calls - before})

    def comment(body):
        return {
            "category": "recommendation",
            "body": body,
            "author_name": "Mari Maasikas",
            "email": "mari@example.org",
            "municipality": "",
            "consent": "on",
            "website": "",
            "started": started_token(time.time() - 60),
        }

    visit("form page, Redis answering", "GET", urls["form"])
    os.kill(redis_pid, signal.SIGSTOP)
    try:
        visit("form page", "GET", urls["form"])
        visit("first comment", "POST", urls["form"], comment("Esimene kommentaar, Redis ei vasta."))
        visit("second comment", "POST", urls["form"], comment("Teine kommentaar, Redis ei vasta."))
        visit("third comment, over the limit", "POST", urls["form"], comment("Kolmas kommentaar samalt aadressilt."))
        for url in urls["pages"]:
            visit(url, "GET", url)
        visit("PDF request", "GET", urls["pdf"])
    finally:
        os.kill(redis_pid, signal.SIGCONT)
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.REDIS_BREAKER_SECONDS + 1)):
        visit("form page, Redis back", "GET", urls["form"])
        visit("form page, Redis back again", "GET", urls["form"])
    return visits


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), json.loads(sys.argv[2]))))
