"""The production shape: docker-compose runs what README documents."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
README = (ROOT / "README.md").read_text()

WEB = (
    "python manage.py migrate --noinput && gunicorn portal.wsgi:application "
    "--bind 0.0.0.0:8000 --workers 3 --access-logfile -"
)
WORKER = "celery -A portal worker --loglevel=info"
BEAT = "celery -A portal beat --loglevel=info --schedule /data/celerybeat-schedule"


def command(service: str) -> str:
    cmd = COMPOSE["services"][service]["command"]
    return " ".join(cmd) if isinstance(cmd, list) else cmd


def test_compose_runs_the_production_services():
    assert set(COMPOSE["services"]) == {"db", "redis", "web", "worker", "beat"}
    assert COMPOSE["services"]["db"]["image"].startswith("postgres:")
    assert COMPOSE["services"]["redis"]["image"].startswith("redis:")


def test_web_worker_and_beat_run_the_documented_commands():
    assert command("web") == f'sh -c "{WEB}"'
    assert command("worker") == WORKER
    assert command("beat") == BEAT
    for documented in (WEB, WORKER, BEAT):
        assert documented in README


def test_app_services_share_database_broker_and_file_volume():
    for name in ("web", "worker", "beat"):
        service = COMPOSE["services"][name]
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["DEBUG"] == "false"
        assert "portal-data:/data" in service["volumes"]
        assert set(service["depends_on"]) == {"db", "redis"}


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
