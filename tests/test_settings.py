"""The settings module as the environment configures it.

Settings are read once per process, so each case starts a fresh Python with a controlled environment
(nothing inherited but PATH and HOME) and reads back what Django and Celery made of it. Each start costs
about a second, so the cases are few and each checks several things.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.test import override_settings

from core.checks import check_public_url

BASE_DIR = Path(__file__).resolve().parent.parent


def run_in_fresh_process(args: list[str], env: dict[str, str], var_dir: Path) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "welfare_portal.settings",
        # Never the developer's var/: the embedded default creates its SQLite database here.
        "VAR_DIR": str(var_dir),
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=clean_env, capture_output=True, text=True, timeout=60, check=False
    )


def read_settings(script: str, env: dict[str, str], var_dir: Path) -> dict:
    completed = run_in_fresh_process(["-c", script], env, var_dir)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


EMBEDDED_SCRIPT = """
import json, sqlite3
import django

django.setup()
from django.conf import settings
from django.core.cache import caches
from django.core.mail import mailers
from django.db import connection, transaction
from welfare_portal.celery import app

with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    (journal_mode,) = cursor.fetchone()

# In IMMEDIATE mode a transaction takes SQLite's write lock when it begins, even before it writes, so a second
# writer is refused at once (timeout=0) while the first transaction is open.
with transaction.atomic():
    connection.ensure_connection()
    other = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=0)
    try:
        other.execute("CREATE TABLE probe (x)")
        other.commit()
        second_writer_blocked = False
    except sqlite3.OperationalError as exc:
        second_writer_blocked = "locked" in str(exc)
    finally:
        other.close()

print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "database": str(settings.DATABASES["default"]["NAME"]),
    "transaction_mode": settings.DATABASES["default"]["OPTIONS"]["transaction_mode"],
    "journal_mode": journal_mode,
    "second_writer_blocked": second_writer_blocked,
    "media_root": str(settings.MEDIA_ROOT),
    "celery_eager": app.conf.task_always_eager,
    "broker": app.conf.broker_url,
    "mail": type(mailers["default"]).__module__,
    "cache": type(caches["default"]).__name__,
    "debug": settings.DEBUG,
}))
"""


def test_with_nothing_set_the_portal_runs_embedded_on_sqlite_with_eager_tasks(tmp_path):
    found = read_settings(EMBEDDED_SCRIPT, {}, tmp_path)

    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["database"] == str(tmp_path / "portal.sqlite3")
    assert found["journal_mode"] == "wal"
    assert found["transaction_mode"] == "IMMEDIATE"
    assert found["second_writer_blocked"] is True
    assert found["media_root"] == str(tmp_path / "media")
    assert found["celery_eager"] is True
    assert found["broker"] == "memory://"
    assert found["mail"] == "django.core.mail.backends.console"
    assert found["cache"] == "LocMemCache"
    assert found["debug"] is True


SERVICES_SCRIPT = """
import json
import django

django.setup()
from django.conf import settings
from django.core.cache import caches
from welfare_portal.celery import app

print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "database": settings.DATABASES["default"]["NAME"],
    "host": settings.DATABASES["default"]["HOST"],
    "cache": type(caches["default"]).__name__,
    "cache_options": settings.CACHES["default"]["OPTIONS"],
    "celery_eager": app.conf.task_always_eager,
    "broker": app.conf.broker_url,
    "result_backend": app.conf.result_backend,
    "broker_transport_options": app.conf.broker_transport_options,
    "broker_connection_timeout": app.conf.broker_connection_timeout,
    "redis_socket_timeout": app.conf.redis_socket_timeout,
    "redis_socket_connect_timeout": app.conf.redis_socket_connect_timeout,
}))
"""


def test_with_database_and_redis_urls_the_portal_uses_postgresql_redis_and_a_worker(tmp_path):
    env = {
        "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
        "REDIS_URL": "redis://cache.internal:6379/2",
        # An unusual value, to show that one variable reaches every Redis client.
        "REDIS_TIMEOUT": "4",
    }
    found = read_settings(SERVICES_SCRIPT, env, tmp_path)

    assert found["engine"] == "django.db.backends.postgresql"
    assert (found["host"], found["database"]) == ("db.internal", "portal")
    assert found["cache"] == "GuardedRedisCache"  # core/cache.py
    assert found["cache_options"] == {"socket_connect_timeout": 4, "socket_timeout": 4}
    assert found["celery_eager"] is False
    assert found["broker"] == found["result_backend"] == "redis://cache.internal:6379/2"
    assert found["broker_transport_options"]["socket_timeout"] == 4
    assert found["broker_transport_options"]["socket_connect_timeout"] == 4
    assert found["broker_connection_timeout"] == 4
    assert (found["redis_socket_timeout"], found["redis_socket_connect_timeout"]) == (4, 4)
    assert not (tmp_path / "portal.sqlite3").exists()


def test_with_debug_off_and_no_secret_key_the_portal_refuses_to_start(tmp_path):
    completed = run_in_fresh_process(["manage.py", "check"], {"DEBUG": "0"}, tmp_path)

    assert completed.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in completed.stderr


# Exactly the production check of the README: nothing but these four.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64)[:50],
    "ALLOWED_HOSTS": "example.org",
    "PUBLIC_URL": "https://example.org",
}

MAILER_SCRIPT = """
import json
import django

django.setup()
from django.conf import settings

print(json.dumps(settings.MAILERS["default"]))
"""


def test_production_environment_passes_the_deploy_check_at_warning_level(tmp_path):
    completed = run_in_fresh_process(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_with_debug_off_mail_goes_over_smtp_to_a_local_relay_never_to_the_console(tmp_path):
    mailer = read_settings(MAILER_SCRIPT, PRODUCTION_ENV, tmp_path)

    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (mailer["OPTIONS"]["host"], mailer["OPTIONS"]["port"], mailer["OPTIONS"]["use_tls"]) == (
        "localhost",
        25,
        False,
    )


def test_with_an_smtp_host_mail_uses_tls_on_the_submission_port(tmp_path):
    mailer = read_settings(MAILER_SCRIPT, {**PRODUCTION_ENV, "EMAIL_HOST": "smtp.example.org"}, tmp_path)

    assert (mailer["OPTIONS"]["host"], mailer["OPTIONS"]["port"], mailer["OPTIONS"]["use_tls"]) == (
        "smtp.example.org",
        587,
        True,
    )


def test_with_debug_off_and_no_public_url_the_portal_refuses_to_start(tmp_path):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "PUBLIC_URL"}
    completed = run_in_fresh_process(["manage.py", "check"], env, tmp_path)

    assert completed.returncode != 0
    assert "welfare_portal.E001" in completed.stderr


@pytest.mark.parametrize(
    "public_url", ["", "http://localhost:8000", "http://127.0.0.1", "http://[::1]:8000", "portal.example.org"]
)
def test_with_debug_off_a_missing_or_local_public_url_is_an_error(public_url):
    with override_settings(DEBUG=False, PUBLIC_URL=public_url):
        errors = check_public_url()

    assert [error.id for error in errors] == ["welfare_portal.E001"]
    assert errors[0].level == checks.ERROR


def test_with_debug_off_a_public_address_passes_and_with_debug_on_localhost_is_fine():
    with override_settings(DEBUG=False, PUBLIC_URL="https://heaolu.example.org"):
        assert check_public_url() == []
    with override_settings(DEBUG=True, PUBLIC_URL="http://localhost:8000"):
        assert check_public_url() == []


def celery_command_of(make_target: str) -> str:
    # `make -n` prints the recipe without running it.
    completed = subprocess.run(
        ["make", "-n", make_target],
        cwd=BASE_DIR,
        env={**os.environ, "REDIS_URL": "redis://x"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return next(line for line in completed.stdout.splitlines() if "celery -A welfare_portal" in line)


def test_make_worker_runs_no_beat_and_make_beat_runs_the_one_scheduler_with_its_schedule_under_var():
    assert "--beat" not in celery_command_of("worker").split()
    assert celery_command_of("beat").split()[1:] == [
        "-A",
        "welfare_portal",
        "beat",
        "--schedule=var/celerybeat-schedule",
        "--loglevel=INFO",
    ]
