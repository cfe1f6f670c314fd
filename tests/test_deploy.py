"""The deployment files agree with the code and with each other.

deploy/systemd/*, deploy/env.example, deploy/Caddyfile and docker-compose.yml were followed end to end by hand
(README.md, "Production"); these tests catch what drifts afterwards: a unit naming a module that was renamed, a
unit that reads another environment than its siblings, an env file that no longer passes `check --deploy`, a
compose file that builds the image twice or leaves Redis open.
"""

import configparser
import importlib
import importlib.util
import re
import secrets
import shlex
from pathlib import Path

import pytest
import yaml

from tests.test_settings import run_in_fresh_process

ROOT = Path(__file__).resolve().parent.parent
SYSTEMD = ROOT / "deploy" / "systemd"
APP_UNITS = ["portal-web", "portal-worker", "portal-beat"]


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read_string((SYSTEMD / f"{name}.service").read_text())
    return parser


def exec_start(name: str) -> list[str]:
    return shlex.split(unit(name)["Service"]["ExecStart"])


def env_example() -> dict[str, str]:
    # Read by the same code that deploy/manage and the backup scripts use.
    spec = importlib.util.spec_from_file_location("portal_env", ROOT / "scripts" / "portal_env.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.read_env_file(ROOT / "deploy" / "env.example")


def option(argv: list[str], name: str) -> str:
    for index, arg in enumerate(argv):
        if arg == name:
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    raise AssertionError(f"{name} not in {argv}")


def test_web_worker_and_beat_run_the_same_code_with_one_environment_as_an_unprivileged_user():
    services = [unit(name)["Service"] for name in APP_UNITS]
    shared = ["User", "Group", "WorkingDirectory", "EnvironmentFile", "StateDirectory"]

    assert {tuple(service[key] for key in shared) for service in services} == {
        ("welfare-portal", "welfare-portal", "/srv/welfare-portal", "/etc/welfare-portal/env", "welfare-portal")
    }
    assert {service["Restart"] for service in services} == {"on-failure"}
    for name in APP_UNITS:
        program = Path(exec_start(name)[0])
        assert program.parent == Path(unit(name)["Service"]["WorkingDirectory"]) / ".venv" / "bin"
    # The settings' VAR_DIR (media files) is the units' state directory, which systemd gives to the portal's user.
    assert env_example()["VAR_DIR"] == "/var/lib/welfare-portal"


def test_web_unit_serves_the_wsgi_application_where_the_proxy_forwards():
    argv = exec_start("portal-web")
    module_name, attribute = argv[1].split(":")

    assert Path(argv[0]).name == "gunicorn"
    assert callable(getattr(importlib.import_module(module_name), attribute))
    assert int(option(argv, "--workers")) >= 2
    caddy_upstream = re.search(
        r"reverse_proxy \{\$PORTAL_UPSTREAM:([^}]+)\}", (ROOT / "deploy" / "Caddyfile").read_text()
    )
    assert option(argv, "--bind") == caddy_upstream.group(1) == "127.0.0.1:8000"


def test_worker_and_beat_units_run_the_portals_celery_app_and_beat_keeps_its_schedule_in_the_state_directory():
    from welfare_portal.celery import app

    worker, beat = exec_start("portal-worker"), exec_start("portal-beat")

    assert [Path(worker[0]).name, *worker[1:4]] == ["celery", "-A", "welfare_portal", "worker"]
    assert [Path(beat[0]).name, *beat[1:4]] == ["celery", "-A", "welfare_portal", "beat"]
    assert app.main == "welfare_portal"
    # Beat inside a worker would run once per worker and die with it.
    assert not {"--beat", "-B"} & set(worker)
    state = Path("/var/lib") / unit("portal-beat")["Service"]["StateDirectory"]
    assert Path(option(beat, "--schedule")).parent == state


def test_backup_unit_and_timer_run_the_repositorys_backup_script():
    argv = exec_start("portal-backup")
    script = Path(argv[0]).relative_to(unit("portal-backup")["Service"]["WorkingDirectory"])

    assert script == Path("scripts/backup")
    assert (ROOT / script).stat().st_mode & 0o111
    assert (SYSTEMD / "portal-backup.timer").read_text().count("OnCalendar=") == 1


@pytest.fixture
def production_env():
    env = env_example()
    assert env["SECRET_KEY"] == "", "env.example must not ship a usable secret key"
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def test_env_example_with_its_secret_filled_in_passes_the_deploy_check(production_env, tmp_path):
    completed = run_in_fresh_process(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env, tmp_path
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_env_example_without_public_url_fails_the_check(production_env, tmp_path):
    del production_env["PUBLIC_URL"]

    completed = run_in_fresh_process(["manage.py", "check", "--deploy"], production_env, tmp_path)

    assert completed.returncode != 0
    assert "welfare_portal.E001" in completed.stderr


def test_every_variable_of_env_example_is_in_the_readme_configuration_reference():
    readme = (ROOT / "README.md").read_text()
    reference = readme[readme.index("## Configuration reference") :]
    documented = set(re.findall(r"^\| `([A-Z_]+)`", reference, flags=re.MULTILINE)) | set(
        re.findall(r"`([A-Z_]+)`, `[A-Z_]+` \|", reference) + re.findall(r"`[A-Z_]+`, `([A-Z_]+)` \|", reference)
    )

    assert set(env_example()) - documented == set()


# --- docker-compose.yml --------------------------------------------------------------------------------------


@pytest.fixture
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_compose_runs_web_worker_beat_and_migrate_from_one_image_built_once(compose):
    portal = ["migrate", "web", "worker", "beat"]

    assert len({compose[name]["image"] for name in portal}) == 1
    assert [name for name, service in compose.items() if "build" in service] == ["migrate"]
    # The others never look for the image in a registry: they wait for migrate, which builds it.
    assert {compose[name]["pull_policy"] for name in portal} == {"never"}
    assert all("migrate" in compose[name]["depends_on"] for name in ["web", "worker", "beat"])


def test_compose_redis_needs_a_password_and_evicts_only_expiring_keys(compose):
    command = compose["redis"]["command"]

    assert option(command, "--requirepass") == "${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}"
    assert option(command, "--maxmemory")
    assert option(command, "--maxmemory-policy") == "volatile-lru"
    assert compose["web"]["environment"]["REDIS_URL"].startswith("redis://:${REDIS_PASSWORD:?")


def test_compose_passes_public_url_and_admins_and_puts_the_tls_proxy_in_front_of_web(compose):
    environment = compose["web"]["environment"]
    proxy = compose["proxy"]

    assert environment["PUBLIC_URL"].startswith("${PUBLIC_URL:?")
    assert environment["ADMINS"] == "${ADMINS:-}"
    assert (environment["USE_X_FORWARDED_PROTO"], environment["USE_X_FORWARDED_FOR"]) == ("1", "1")
    assert "ports" not in compose["web"]
    assert proxy["environment"]["PORTAL_UPSTREAM"] == "web:8000"
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert "beat:/app/var/beat" in compose["beat"]["volumes"]


def test_with_the_https_redirect_on_health_answers_over_plain_http_and_pages_are_redirected(settings, client, db):
    # Health probes ask gunicorn directly over http (compose's check, a load balancer); people go through the proxy.
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    page = client.get("/et/")
    assert (page.status_code, page["Location"]) == (301, "https://testserver/et/")
