"""restore checks an archive against its manifest before it changes anything."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile

import pytest

from portal import backups


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive(path, members: dict[str, bytes], *, files: dict[str, bytes], database=b"dump"):
    manifest = {
        "format": backups.FORMAT,
        "created_at": "2026-03-01T02:00:00+01:00",
        "portal_version": "0.1.0",
        "database": {
            "engine": "sqlite",
            "name": "database.sqlite3",
            "size": len(database),
            "sha256": sha(database),
        },
        "migrations": {},
        "files": [{"name": n, "size": len(d), "sha256": sha(d)} for n, d in files.items()],
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_a_complete_archive_passes_and_its_database_dump_is_extracted(tmp_path):
    path = archive(
        tmp_path / "ok.tar.gz",
        {"database.sqlite3": b"dump", "files/meetings/1/a.pdf": b"%PDF"},
        files={"meetings/1/a.pdf": b"%PDF"},
    )
    out = tmp_path / "out"
    out.mkdir()

    manifest = backups.verify_archive(path, extract_database_to=out)

    assert manifest["database"]["engine"] == "sqlite"
    assert (out / "database.sqlite3").read_bytes() == b"dump"


def test_a_file_whose_bytes_changed_is_refused(tmp_path):
    path = archive(
        tmp_path / "bad.tar.gz",
        {"database.sqlite3": b"dump", "files/meetings/1/a.pdf": b"%PDF changed"},
        files={"meetings/1/a.pdf": b"%PDF"},
    )
    with pytest.raises(backups.BackupError, match="wrong size or checksum"):
        backups.verify_archive(path)


def test_a_missing_file_is_refused(tmp_path):
    path = archive(
        tmp_path / "short.tar.gz",
        {"database.sqlite3": b"dump"},
        files={"meetings/1/a.pdf": b"%PDF"},
    )
    with pytest.raises(backups.BackupError, match="missing"):
        backups.verify_archive(path)


def test_an_entry_outside_the_storage_is_refused(tmp_path):
    path = archive(
        tmp_path / "evil.tar.gz",
        {"database.sqlite3": b"dump", "files/../../etc/cron.d/x": b"boom"},
        files={},
    )
    with pytest.raises(backups.BackupError, match="unsafe"):
        backups.verify_archive(path)


def test_something_that_is_not_an_archive_is_refused(tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_bytes(b"not a backup")
    with pytest.raises(backups.BackupError, match="not a readable backup"):
        backups.verify_archive(path)
