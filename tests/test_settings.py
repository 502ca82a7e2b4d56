import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal import env

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a" * 20 + "-production-secret-that-is-long-and-random-%$#@!",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal:portal@db:5432/portal",
    "REDIS_URL": "redis://redis:6379/0",
    "SECURE_HSTS_PRELOAD": "true",
}


def run_manage(*args, extra_env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", extra_env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_without_secret_key_fails_loudly():
    env_without_secret = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", extra_env=env_without_secret)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_secret_can_come_from_a_file(tmp_path, monkeypatch):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("MY_SECRET_FILE", str(secret))
    assert env.envsecret("MY_SECRET") == "from-a-file"


@pytest.mark.parametrize("raw", ["maybe", "2"])
def test_bad_boolean_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env.envbool("SOME_FLAG", False)


def test_bad_integer_names_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "seven")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be an integer"):
        env.envint("SOME_NUMBER", 1)


def test_without_configuration_it_uses_sqlite_and_in_process_tasks(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.TIME_ZONE)"
    )
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST")
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "VAR_DIR": str(tmp_path)})
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.filebased.EmailBackend",
        "Europe/Sarajevo",
    ]


def settings_in_subprocess(names, *, env_file, extra_env=None):
    """The values of ``names`` as portal.settings computes them in a fresh process."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        f"print('|'.join(str(getattr(s, n)) for n in {list(names)!r}))"
    )
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "SITE_URL", "HOST", "PORT", "LOG_LEVEL")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "ENV_FILE": str(env_file),
            "VAR_DIR": str(env_file.parent),
            **(extra_env or {}),
        }
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().split("|")


def test_settings_come_from_the_env_file_and_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comments and blank lines are fine\n\n"
        "LOG_LEVEL=WARNING\n"
        'SITE_URL="https://portal.example.org/"\n'
        "REMINDER_HOUR=9\n"
    )
    assert settings_in_subprocess(["SITE_URL", "REMINDER_HOUR", "ENV_FILE"], env_file=env_file) == [
        "https://portal.example.org",
        "9",
        str(env_file),
    ]
    assert settings_in_subprocess(
        ["SITE_URL", "REMINDER_HOUR"], env_file=env_file, extra_env={"REMINDER_HOUR": "6"}
    ) == ["https://portal.example.org", "6"]


def test_a_bad_value_in_the_env_file_names_the_variable(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=eighty\n")
    result = run_manage("check", extra_env={"ENV_FILE": str(env_file)})
    assert result.returncode != 0
    assert "PORT must be an integer" in result.stderr


def test_a_missing_named_env_file_stops_start_up(tmp_path):
    result = run_manage("check", extra_env={"ENV_FILE": str(tmp_path / "nothing-here")})
    assert result.returncode != 0
    assert "ENV_FILE points at" in result.stderr


def test_the_tests_do_not_read_a_developers_env_file():
    assert os.environ["ENV_FILE"] == ""
    from django.conf import settings

    assert settings.ENV_FILE is None


def test_site_url_follows_host_and_port_unless_set(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("")
    names = ["SITE_URL", "HOST", "PORT"]
    assert settings_in_subprocess(names, env_file=env_file) == [
        "http://127.0.0.1:8000",
        "127.0.0.1",
        "8000",
    ]
    assert settings_in_subprocess(names, env_file=env_file, extra_env={"PORT": "8123"}) == [
        "http://127.0.0.1:8123",
        "127.0.0.1",
        "8123",
    ]
    env_file.write_text("HOST=localhost\nPORT=8124\n")
    assert settings_in_subprocess(["SITE_URL"], env_file=env_file) == ["http://localhost:8124"]
    env_file.write_text("PORT=8124\nSITE_URL=https://portal.example.org\n")
    assert settings_in_subprocess(["SITE_URL"], env_file=env_file, extra_env={"PORT": "8123"}) == [
        "https://portal.example.org"
    ]


def setup_django(code: str, extra_env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    """Run `code` after django.setup() with the real settings and only `extra_env` set."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST") and not k.startswith("S3_")
    }
    environment.update(
        {"DJANGO_SETTINGS_MODULE": "portal.settings", "VAR_DIR": str(tmp_path), **extra_env}
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_s3_bucket_the_s3_client_is_not_imported(tmp_path):
    code = (
        "import sys, django; django.setup(); from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND'], 'storages' in sys.modules, 'boto3' in sys.modules)"
    )
    result = setup_django(code, {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        "False",
        "False",
    ]


def test_s3_bucket_selects_s3_storage(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND'], s.AWS_STORAGE_BUCKET_NAME)"
    )
    result = setup_django(code, {"S3_BUCKET": "portal-files"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "portal-files"]


def test_s3_bucket_without_the_s3_extra_fails_loudly(tmp_path):
    # A None entry in sys.modules makes the module look uninstalled.
    code = "import sys; sys.modules['boto3'] = None; import django; django.setup()"
    result = setup_django(code, {"S3_BUCKET": "portal-files"}, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "S3_BUCKET is set but the S3 client is not installed" in result.stderr


def test_request_size_limits_are_set_deliberately_and_come_from_the_environment(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("")
    names = [
        "DATA_UPLOAD_MAX_NUMBER_FIELDS",
        "DATA_UPLOAD_MAX_NUMBER_FILES",
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        "FILE_UPLOAD_MAX_MEMORY_SIZE",
    ]
    assert settings_in_subprocess(names, env_file=env_file) == [
        "2000",
        "10",
        "2621440",
        "2621440",
    ]
    assert settings_in_subprocess(
        names[:1], env_file=env_file, extra_env={"DATA_UPLOAD_MAX_NUMBER_FIELDS": "500"}
    ) == ["500"]


def test_a_bad_request_limit_names_the_variable(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DATA_UPLOAD_MAX_NUMBER_FIELDS=many\n")
    result = run_manage("check", extra_env={"ENV_FILE": str(env_file)})
    assert result.returncode != 0
    assert "DATA_UPLOAD_MAX_NUMBER_FIELDS must be an integer" in result.stderr


def test_with_debug_unset_an_error_is_the_portals_own_500_page_not_the_debug_page(tmp_path):
    """The audit saw Django's debug page as a representative where DEBUG was left unset."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.test import Client, override_settings; "
        "print('DEBUG', settings.DEBUG); "
        # Static files without collectstatic's manifest (this checkout has not run it).
        "override_settings(STORAGES={**settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable(); "
        # No tables in this fresh VAR_DIR: logging in fails inside the view, a server error.
        "from django.urls import reverse; "
        "r = Client(raise_request_exception=False).post(reverse('login'), "
        "{'username': 'u', 'password': 'p'}); "
        "print('STATUS', r.status_code); print(r.content.decode())"
    )
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "ENV_FILE": "",
            "VAR_DIR": str(tmp_path),
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "testserver",
            "HTTPS": "false",
            "LOG_LEVEL": "CRITICAL",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout
    assert "STATUS 500" in result.stdout
    assert "Something went wrong on our side" in result.stdout
    assert "Traceback" not in result.stdout
    assert "OperationalError" not in result.stdout
