"""Backups: the database and every stored file in one ``.tar.gz``, and restoring it.

The archive holds::

    database.pgdump      PostgreSQL: ``pg_dump --format=custom``
    database.sqlite3     or SQLite: a consistent copy made with sqlite3's backup API
    files/<name>         every file in the default storage (attachments, documents)
    manifest.json        time, versions, engine, migration state, sizes and SHA-256 of all

A native dump per engine restores everything as it was (sequences, history tables,
login lock-outs, the role groups and their permissions) without depending on how
``migrate`` would recreate rows; the price is that a backup restores onto the same
engine. Files are read and written through Django's storage API, so a backup of S3
storage works the same way as one of ``MEDIA_ROOT``.

Restoring checks every checksum before it changes anything, refuses a database that
holds data (unless forced), restores the files and then the database, and finally runs
``migrate`` so an older backup comes up to the current schema.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024
# Rows that `migrate` itself creates on an empty database: their presence does not make a
# database "in use" (docker-compose's web service migrates before anyone can restore).
CREATED_BY_MIGRATE = {
    "contenttypes.ContentType",
    "auth.Permission",
    "auth.Group",
    "auth.Group_permissions",
}

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    sha256: str


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Reads through to ``fh`` and hashes what passes, so a file is read only once."""

    def __init__(self, fh: IO[bytes]):
        self.fh = fh
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


# --- What is there ------------------------------------------------------------


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def storage_files(storage: Storage = default_storage, path: str = "") -> Iterator[str]:
    """Every file name in ``storage``, walking directories with ``listdir``."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        # A local MEDIA_ROOT that nothing has been stored in yet.
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from storage_files(storage, f"{path}/{directory}" if path else directory)


def migration_state() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app_label, []).append(name)
    return state


def portal_version() -> str:
    try:
        return metadata.version("working-group-portal")
    except metadata.PackageNotFoundError:
        return "unknown"


def database_in_use() -> list[str]:
    """The models whose tables hold rows (beyond what `migrate` creates); [] when empty."""
    tables = set(connection.introspection.table_names())
    in_use = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in CREATED_BY_MIGRATE or model._meta.db_table not in tables:
            continue
        if model._base_manager.exists():
            in_use.append(model._meta.label)
    return in_use


# --- Backing up ---------------------------------------------------------------


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    command = [program, "--no-password"]
    if db.get("HOST"):
        command += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", str(db["USER"])]
    environment = dict(os.environ)
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        environment["PGSSLMODE"] = str(sslmode)
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (PostgreSQL's client programs)")
    return command, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 (a fixed program; arguments are not a shell line)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


def dump_database(path: Path) -> None:
    """Write a dump of the default database to ``path`` in the engine's own format."""
    if engine() == "postgresql":
        command, environment = _pg_command("pg_dump")
        command += ["--format=custom", "--file", str(path), str(connection.settings_dict["NAME"])]
        _run(command, environment)
        return
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        # One step: the whole copy is made under one read lock, so it is consistent.
        connection.connection.backup(target)
    finally:
        target.close()


def default_backup_path(now: datetime.datetime | None = None) -> Path:
    now = timezone.localtime(now or timezone.now())
    return Path(settings.BACKUP_DIR) / f"portal-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(
    output: Path | None = None, *, storage: Storage = default_storage, log: Log = lambda _: None
) -> tuple[Path, dict[str, Any]]:
    """Write one archive with the database and every stored file; ``(path, manifest)``.

    The database is dumped first and the files listed after it, so every file a row of
    the dump refers to is in the archive (files stored later are in it too, unused).
    The archive is written under a temporary name and renamed when complete.
    """
    now = timezone.now()
    output = Path(output) if output else default_backup_path(now)
    if output.is_dir():
        output = output / default_backup_path(now).name
    output.parent.mkdir(parents=True, exist_ok=True)
    vendor = engine()
    database_member = DATABASE_MEMBERS[vendor]
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
        dump = Path(tmp) / database_member
        log(f"Dumping the {vendor} database…")
        dump_database(dump)
        database = Entry(database_member, dump.stat().st_size, _sha256_of(dump))
        files: list[Entry] = []
        try:
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(dump, arcname=database_member)
                for name in storage_files(storage):
                    info = tarfile.TarInfo(FILES_PREFIX + name)
                    info.size = storage.size(name)
                    info.mtime = int(now.timestamp())
                    info.mode = 0o644
                    with storage.open(name, "rb") as fh:
                        reader = _HashingReader(fh)
                        tar.addfile(info, reader)
                    files.append(Entry(name, reader.size, reader.digest.hexdigest()))
                log(f"Stored {len(files)} files.")
                manifest = {
                    "format": FORMAT,
                    "created_at": now.isoformat(),
                    "portal_version": portal_version(),
                    "django_version": django.get_version(),
                    "database": {"engine": vendor, **database.__dict__},
                    "migrations": migration_state(),
                    "files": [entry.__dict__ for entry in files],
                }
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(now.timestamp())
                info.mode = 0o644
                tar.addfile(info, _BytesReader(data))
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    return output, manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self.data = data
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


# --- Checking an archive ------------------------------------------------------


def _member_storage_name(member: tarfile.TarInfo) -> str:
    name = member.name[len(FILES_PREFIX) :]
    parts = PurePosixPath(name).parts
    if not member.isfile() or not name or name.startswith("/") or ".." in parts:
        raise BackupError(f"the archive holds an unsafe entry: {member.name!r}")
    return name


def verify_archive(path: Path, *, extract_database_to: Path | None = None) -> dict[str, Any]:
    """Read the whole archive and check it against its manifest; return the manifest.

    Every member is hashed while it streams past (nothing but the database dump is
    written to disk); any difference from the manifest raises ``BackupError``.
    """
    seen: dict[str, Entry] = {}
    manifest_data = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    manifest_data = tar.extractfile(member).read()
                    continue
                if member.name in DATABASE_MEMBERS.values():
                    name = member.name
                elif member.name.startswith(FILES_PREFIX):
                    name = FILES_PREFIX + _member_storage_name(member)
                else:
                    raise BackupError(f"the archive holds an unexpected entry: {member.name!r}")
                source = tar.extractfile(member)
                digest = hashlib.sha256()
                out = None
                if extract_database_to is not None and name in DATABASE_MEMBERS.values():
                    out = (extract_database_to / name).open("wb")
                try:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        if out is not None:
                            out.write(chunk)
                finally:
                    if out is not None:
                        out.close()
                seen[name] = Entry(name, member.size, digest.hexdigest())
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{path} is not a readable backup archive: {exc}") from None
    if manifest_data is None:
        raise BackupError(f"{path} has no {MANIFEST}: it is not a portal backup")
    manifest = json.loads(manifest_data)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    expected = {
        manifest["database"]["name"]: Entry(
            manifest["database"]["name"],
            manifest["database"]["size"],
            manifest["database"]["sha256"],
        )
    }
    for entry in manifest["files"]:
        expected[FILES_PREFIX + entry["name"]] = Entry(
            FILES_PREFIX + entry["name"], entry["size"], entry["sha256"]
        )
    missing = sorted(set(expected) - set(seen))
    extra = sorted(set(seen) - set(expected))
    damaged = sorted(n for n in set(expected) & set(seen) if expected[n] != seen[n])
    if missing or extra or damaged:
        raise BackupError(
            "the archive does not match its manifest: "
            f"missing {missing or 'none'}, unlisted {extra or 'none'}, "
            f"wrong size or checksum {damaged or 'none'}"
        )
    return manifest


# --- Restoring ----------------------------------------------------------------


def _check_compatible(manifest: dict[str, Any]) -> None:
    vendor = engine()
    if manifest["database"]["engine"] != vendor:
        raise BackupError(
            f"the backup holds a {manifest['database']['engine']} database and this portal "
            f"runs on {vendor}: restore it onto the same engine"
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            "the backup comes from a newer portal (migrations unknown here: "
            f"{', '.join(unknown)}): restore it with that version or later"
        )


def _restore_files(path: Path, storage: Storage, log: Log) -> int:
    restored = 0
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if not member.name.startswith(FILES_PREFIX):
                continue
            name = _member_storage_name(member)
            if storage.exists(name):
                # Only with --force onto storage in use: a file of that name is replaced.
                storage.delete(name)
            saved = storage.save(name, File(tar.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}")
            restored += 1
    log(f"Restored {restored} files.")
    return restored


def _restore_postgresql(dump: Path) -> None:
    command, environment = _pg_command("pg_restore")
    # Tables of a newer schema than the dump's would make the later `migrate` fail: the
    # target starts with no tables at all, then gets exactly the dump's.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if tables:
            names = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")
    connection.close()
    command += [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        str(connection.settings_dict["NAME"]),
        str(dump),
    ]
    _run(command, environment)


def _restore_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        # The backup API replaces the whole target database, page for page.
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def restore_backup(
    path: Path,
    *,
    force: bool = False,
    storage: Storage = default_storage,
    log: Log = lambda _: None,
    migrate_verbosity: int = 1,
) -> dict[str, Any]:
    """Restore an archive made by ``create_backup`` into this portal's database and storage."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    in_use = database_in_use()
    if in_use and not force:
        raise BackupError(
            "the database already holds data (" + ", ".join(in_use[:5]) + ", …): "
            "restore into an empty database, or use --force to replace everything in it"
        )
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as tmp:
        log(f"Checking {path}…")
        manifest = verify_archive(path, extract_database_to=Path(tmp))
        _check_compatible(manifest)
        log(
            f"Backup of {manifest['created_at']} (portal {manifest['portal_version']}): "
            f"{len(manifest['files'])} files, {manifest['database']['engine']} database."
        )
        _restore_files(path, storage, log)
        dump = Path(tmp) / manifest["database"]["name"]
        log("Restoring the database…")
        if manifest["database"]["engine"] == "postgresql":
            _restore_postgresql(dump)
        else:
            _restore_sqlite(dump)
    log("Bringing the schema up to date…")
    call_command("migrate", interactive=False, verbosity=migrate_verbosity)
    return manifest
