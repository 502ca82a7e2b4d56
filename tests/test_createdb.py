"""`make db` (manage.py createdb): creates the PostgreSQL database if missing; safe twice."""

from io import StringIO

import pytest
from django.core.management import call_command


def test_on_sqlite_there_is_nothing_to_create(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the default database is not SQLite")
    out = StringIO()
    call_command("createdb", stdout=out)
    assert "migrate creates the file; nothing to do" in out.getvalue()


@pytest.mark.django_db
def test_an_existing_postgresql_database_is_left_alone():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL")
    # During the tests settings.DATABASES names the test database, which exists.
    out = StringIO()
    call_command("createdb", stdout=out)
    call_command("createdb", stdout=out)
    assert out.getvalue().count("already exists") == 2
