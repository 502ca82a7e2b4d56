"""The production shape: docker-compose runs what README documents."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
README = (ROOT / "README.md").read_text()

MIGRATE = "python manage.py migrate --noinput"
WEB = "gunicorn portal.wsgi:application --bind 0.0.0.0:8000 --workers 3"
WORKER = "celery -A portal worker --loglevel=info"
BEAT = (
    "celery -A portal beat --loglevel=info --schedule /data/celerybeat-schedule --max-interval 60"
)
APP_SERVICES = ("web", "worker", "beat")
# Values the compose stack sets for itself, whatever .env says.
COMPOSE_OWN = {"DEBUG", "DATABASE_URL", "REDIS_URL", "VAR_DIR", "MEDIA_ROOT"}


def command(service: str) -> str:
    cmd = COMPOSE["services"][service]["command"]
    return " ".join(cmd) if isinstance(cmd, list) else cmd


def readme_table(header: str) -> list[list[str]]:
    """The rows of the README table whose header row starts with `header`."""
    lines = README.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def readme_settings() -> set[str]:
    names = set()
    for row in readme_table("| variable |"):
        names |= set(re.findall(r"`([A-Z0-9_]+)`", row[0]))
    assert len(names) > 40, "the README settings table changed shape"
    return names


def interpolate(value, variables: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error} against `variables`."""

    def one(match):
        name, op, rest = match[1], match[2], match[3]
        if variables.get(name):
            return variables[name]
        if op == ":?":
            raise AssertionError(f"{name} is required: {rest}")
        return rest or ""

    return re.sub(r"\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}", one, str(value))


def container_environment(service: dict, dotenv: dict[str, str]) -> dict[str, str]:
    """What a service's process sees, given a .env file beside the compose file."""
    result = {}
    for entry in service.get("env_file", []):
        path = entry["path"] if isinstance(entry, dict) else entry
        if path in (".env", "./.env"):
            result.update(dotenv)
    environment = service.get("environment", {})
    assert isinstance(environment, dict), "keep environment a mapping"
    for name, value in environment.items():
        if value is None:
            if name in dotenv:
                result[name] = dotenv[name]
        else:
            result[name] = interpolate(value, dotenv)
    return result


def test_compose_runs_the_production_services():
    assert set(COMPOSE["services"]) == {"db", "redis", "migrate", "web", "worker", "beat"}
    assert COMPOSE["services"]["db"]["image"].startswith("postgres:")
    assert COMPOSE["services"]["redis"]["image"].startswith("redis:")


def test_web_worker_and_beat_run_the_documented_commands():
    assert command("migrate") == MIGRATE
    assert command("web") == WEB
    assert command("worker") == WORKER
    assert command("beat") == BEAT
    for documented in (MIGRATE, WEB, WORKER, BEAT):
        assert documented in README


def test_readme_service_table_matches_compose():
    documented = {row[0]: row[1].strip("`") for row in readme_table("| service | command |")}
    assert documented == {name: command(name) for name in ("migrate", *APP_SERVICES)}


def test_app_services_share_database_broker_and_file_volume():
    for name in ("migrate", *APP_SERVICES):
        service = COMPOSE["services"][name]
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["DEBUG"] == "false"
        assert "portal-data:/data" in service["volumes"]
        after_migrate = set() if name == "migrate" else {"migrate"}
        assert set(service["depends_on"]) == {"db", "redis"} | after_migrate


def test_image_has_fonts_for_bosnian_pdfs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "fonts-dejavu-core" in dockerfile
    assert "libpango-1.0-0" in dockerfile


def test_image_installs_the_locked_runtime_then_the_project_without_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -r requirements.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile


def test_development_and_ci_install_from_the_test_lock():
    makefile = (ROOT / "Makefile").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    for script in (makefile, ci):
        assert "-r requirements-test.lock" in script or "-r $(TEST_LOCK)" in script
        assert "--no-deps -e ." in script
        assert '-e ".[test]"' not in script


def test_every_readme_setting_reaches_migrate_web_worker_and_beat():
    """A .env beside the compose file with every setting: each service sees each value."""
    names = readme_settings()
    dotenv = {name: f"value-of-{name}" for name in names}
    for name in ("migrate", *APP_SERVICES):
        seen = container_environment(COMPOSE["services"][name], dotenv)
        lost = sorted(n for n in names - COMPOSE_OWN if seen.get(n) != dotenv[n])
        assert not lost, f"{name} does not get {lost} from .env"
        missing = COMPOSE_OWN - set(seen)
        assert not missing, f"{name} misses the compose stack's own {sorted(missing)}"


def test_without_env_file_the_stack_needs_only_secret_key():
    for name in ("migrate", *APP_SERVICES):
        seen = container_environment(COMPOSE["services"][name], {"SECRET_KEY": "s"})
        assert seen["SECRET_KEY"] == "s"
        assert "127.0.0.1" in seen["ALLOWED_HOSTS"].split(",")  # the health check asks it
        assert seen["VAR_DIR"] == "/data"
        assert seen["MEDIA_ROOT"] == "/data/media"
        env_file = COMPOSE["services"][name]["env_file"]
        assert env_file == [{"path": ".env", "required": False}]


def test_env_file_stays_out_of_the_image():
    assert ".env" in (ROOT / ".dockerignore").read_text().split()


def test_migrations_run_once_in_a_one_shot_service_the_others_wait_for():
    migrate = COMPOSE["services"]["migrate"]
    assert command("migrate") == MIGRATE
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["db"] == {"condition": "service_healthy"}
    for name in APP_SERVICES:
        service = COMPOSE["services"][name]
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert service["restart"] == "unless-stopped"
        assert "migrate" not in command(name), f"{name} must not migrate"


def test_every_long_running_service_has_a_health_check():
    for name, service in COMPOSE["services"].items():
        if service.get("restart") == "no":
            continue
        check = service.get("healthcheck", {})
        assert check.get("test"), f"{name} has no health check"
        assert not check.get("disable"), f"{name} has its health check off"
    web = " ".join(COMPOSE["services"]["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in web
    worker = " ".join(COMPOSE["services"]["worker"]["healthcheck"]["test"])
    assert "celery -A portal inspect ping" in worker
    assert "celery@$$HOSTNAME" in worker and "--timeout" in worker


def test_beat_health_check_allows_for_how_often_beat_rewrites_its_schedule():
    """Beat syncs its schedule file every 3 minutes (celery's PersistentScheduler
    sync_every) at its next wake-up, at most --max-interval later."""
    from celery.beat import PersistentScheduler

    check = " ".join(COMPOSE["services"]["beat"]["healthcheck"]["test"])
    assert "/data/celerybeat-schedule" in check
    max_age = int(re.search(r"< (\d+)", check)[1])
    max_interval = int(re.search(r"--max-interval (\d+)", command("beat"))[1])
    assert max_age > PersistentScheduler.sync_every + max_interval
    assert max_age <= 600, "a stuck beat should show within minutes"


def gunicorn_settings(extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """What gunicorn runs with for the compose file's web command, from its working directory."""
    environment = {**os.environ, "DEBUG": "true", **(extra_env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", *shlex.split(WEB)[1:], "--print-config"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    values = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        values[name.strip()] = value.strip()
    return values


def test_gunicorn_reads_its_config_file_with_a_timeout_threads_and_request_limits():
    seen = gunicorn_settings()
    assert seen["config"] == "./gunicorn.conf.py"
    assert seen["workers"] == "3"
    # Threads: a slow client holds a thread, not a worker; a stuck worker is replaced.
    assert seen["worker_class"] == "gthread"
    assert int(seen["threads"]) >= 2
    assert 0 < int(seen["timeout"]) <= 60
    # Workers are recycled, with jitter so that not all at once.
    assert int(seen["max_requests"]) > 0
    assert 0 < int(seen["max_requests_jitter"]) < int(seen["max_requests"])
    assert int(seen["limit_request_line"]) <= 8190
    assert int(seen["limit_request_fields"]) <= 100
    assert int(seen["limit_request_field_size"]) <= 8190


def test_gunicorn_settings_come_from_the_environment():
    seen = gunicorn_settings({"WEB_TIMEOUT": "20", "WEB_THREADS": "8"})
    assert (seen["timeout"], seen["threads"]) == ("20", "8")


def test_the_image_ships_the_gunicorn_config_beside_the_command():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "WORKDIR /app" in dockerfile
    assert "gunicorn.conf.py" not in (ROOT / ".dockerignore").read_text()
    assert (ROOT / "gunicorn.conf.py").is_file()
