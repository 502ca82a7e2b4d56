"""`make db`: create the PostgreSQL database DATABASE_URL names, if it is missing."""

from __future__ import annotations

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql


class Command(BaseCommand):
    help = (
        "Create the PostgreSQL database named in DATABASE_URL if it does not exist "
        "(connecting to the 'postgres' maintenance database). Safe to run twice."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--maintenance-db",
            default="postgres",
            help="Database to connect to while creating (default: postgres).",
        )

    def handle(self, *args, maintenance_db: str, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] == "django.db.backends.sqlite3":
            self.stdout.write(f"SQLite ({db['NAME']}): migrate creates the file; nothing to do.")
            return
        if db["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError(f"Only PostgreSQL databases can be created here, not {db['ENGINE']}")
        name = db["NAME"]
        params = {
            "dbname": maintenance_db,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "connect_timeout": 10,
        }
        try:
            # CREATE DATABASE cannot run inside a transaction.
            with psycopg.connect(
                **{k: v for k, v in params.items() if v is not None}, autocommit=True
            ) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if exists:
                    self.stdout.write(f"Database {name!r} already exists.")
                    return
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as exc:
            raise CommandError(f"Could not create database {name!r}: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Created database {name!r}."))
