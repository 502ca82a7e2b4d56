"""A backup restored into an empty database brings back the seventh meeting, its minutes
PDF and an attachment.

Each side is its own portal process (its own database and MEDIA_ROOT), as on two hosts:
the first migrates, loads the demo data, renders the seventh meeting's minutes, adds an
attachment and runs `backup`; the second runs `restore` into an empty database and an
empty MEDIA_ROOT and is asked what it has. SQLite always; PostgreSQL too when
DATABASE_URL points at it (as in CI), in side databases named after it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
TIMEOUT = 120

PREPARE = """
import io, json, sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from meetings import services as meeting_services
from meetings.models import Meeting
from portal.documents import services
from portal.documents.registry import documents

call_command("migrate", verbosity=0)
call_command("demo_data", stdout=io.StringIO())
seventh = Meeting.objects.get(number=7, city="Konjic")
options = {"language": "bs", "include_internal": True, "include_attendance": True,
           "include_action_items": True}
document, _ = services.request_document(
    kind=documents.get("minutes"), obj=seventh, options=options, by=None
)
document.refresh_from_db()
assert document.status == "ready", (document.status, document.failure_reason)
attachment = meeting_services.attachment_add(
    meeting=seventh,
    upload=SimpleUploadedFile("agenda-konjic.pdf", b"%PDF-1.4 agenda", "application/pdf"),
    title="Agenda",
)
call_command("backup", output=sys.argv[1], verbosity=0, stdout=io.StringIO())
print(json.dumps({"document": document.pk, "attachment": attachment.pk}))
"""

INSPECT = """
import hashlib, json, sys
import django
django.setup()
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from meetings.models import Attachment, Meeting
from portal.documents.models import GeneratedDocument

ids = json.loads(sys.argv[1])
seventh = Meeting.objects.get(number=7)
document = GeneratedDocument.objects.get(pk=ids["document"])
attachment = Attachment.objects.get(pk=ids["attachment"])

def sha(name):
    with default_storage.open(name, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()

print(json.dumps({
    "seventh": [seventh.title, str(seventh.date), seventh.city, seventh.attendances.count()],
    "document": [document.kind, document.object_id == seventh.pk, document.status,
                 document.file.name, document.checksum, sha(document.file.name)],
    "attachment": [attachment.meeting_id == seventh.pk, attachment.file.name,
                   sha(attachment.file.name)],
    "secretariat_logs_in": get_user_model().objects.get(username="secretariat").check_password("demo"),
    "rows": {m._meta.label: m._base_manager.count() for m in apps.get_models()},
}))
"""


def portal(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    shown = " ".join(arg for arg in args if len(arg) < 200)
    assert result.returncode == 0, f"{shown} failed:\n{result.stdout}\n{result.stderr}"
    return result


def side(tmp_path: Path, name: str, database_url: str | None) -> dict[str, str]:
    """The environment of one portal host: its VAR_DIR (SQLite, media) or PostgreSQL."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "BACKUP_DIR", "S3_BUCKET"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="true",  # the demo logins are only made in development
        VAR_DIR=str(tmp_path / name),
        PYTHONPATH=str(BASE_DIR),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def round_trip(tmp_path: Path, source_url: str | None = None, target_url: str | None = None):
    source = side(tmp_path, "source", source_url)
    target = side(tmp_path, "target", target_url)
    archive = tmp_path / "backup.tar.gz"
    ids = portal(source, "-c", PREPARE, str(archive)).stdout.strip().splitlines()[-1]
    before = json.loads(portal(source, "-c", INSPECT, ids).stdout.strip().splitlines()[-1])

    target_media = tmp_path / "target" / "media"
    assert not target_media.exists()
    restored = portal(target, "manage.py", "restore", str(archive))
    assert "Restored the backup" in restored.stdout
    after = json.loads(portal(target, "-c", INSPECT, ids).stdout.strip().splitlines()[-1])

    title, date, city, present = after["seventh"]
    assert (title, date, city) == ("Seventh meeting of the working group", "2014-03-04", "Konjic")
    assert present == before["seventh"][3] > 0

    kind, about_seventh, status, name, checksum, stored = after["document"]
    assert (kind, about_seventh, status) == ("minutes", True, "ready")
    assert checksum == stored == before["document"][4]
    source_pdf = (tmp_path / "source" / "media" / name).read_bytes()
    assert source_pdf.startswith(b"%PDF")
    assert (target_media / name).read_bytes() == source_pdf

    about_seventh, name, stored = after["attachment"]
    assert about_seventh
    assert (target_media / name).read_bytes() == b"%PDF-1.4 agenda"
    assert stored == hashlib.sha256(b"%PDF-1.4 agenda").hexdigest()

    assert after["secretariat_logs_in"]
    assert after["rows"] == before["rows"]
    return target, archive


def test_a_backup_restored_into_an_empty_sqlite_database_brings_back_the_seventh_meeting(
    tmp_path,
):
    target, archive = round_trip(tmp_path)

    # The restored database now holds data: a second restore is refused without --force.
    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=BASE_DIR,
        env=target,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert again.returncode != 0
    assert "already holds data" in again.stderr


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@pytest.fixture
def postgres_databases():
    """Two new, empty PostgreSQL databases named after DATABASE_URL's; dropped at the end."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL (CI sets it)")
    import psycopg

    base = urlsplit(url).path.lstrip("/") or "portal"
    suffix = uuid.uuid4().hex[:8]
    names = [f"{base}_bk_{suffix}_source", f"{base}_bk_{suffix}_target"]
    admin = psycopg.connect(_with_database(url, "postgres"), autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        yield [_with_database(url, name) for name in names]
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_backup_restored_into_an_empty_postgresql_database_brings_back_the_seventh_meeting(
    tmp_path, postgres_databases
):
    source_url, target_url = postgres_databases
    round_trip(tmp_path, source_url, target_url)
