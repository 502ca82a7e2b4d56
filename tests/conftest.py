import datetime
import os
import zoneinfo

import pytest
import time_machine

from portal import roles
from tests.factories import UserFactory, WorkingGroupFactory, member_institution, representative_of

SARAJEVO = zoneinfo.ZoneInfo("Europe/Sarajevo")


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("PORTAL_TEST_CLOCK", ""),
        help=(
            "Run the whole session as if today were this date (YYYY-MM-DD, noon in "
            "Sarajevo; or an ISO date-time). Also PORTAL_TEST_CLOCK. The clock keeps ticking; "
            "tests that pin their own time still do."
        ),
    )


def session_clock(value: str) -> datetime.datetime | None:
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise pytest.UsageError(f"--clock/PORTAL_TEST_CLOCK: {error}") from error
    if len(value) == 10:  # a date alone: noon, far from either midnight
        moment = moment.replace(hour=12)
    return moment if moment.tzinfo else moment.replace(tzinfo=SARAJEVO)


def pytest_configure(config):
    moment = session_clock(config.getoption("clock"))
    if moment is not None:
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        config._portal_clock = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_portal_clock", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    moment = session_clock(config.getoption("clock"))
    if moment is not None:
        return f"clock moved to {moment.isoformat()} for the whole session"
    return None


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def group(db):
    return WorkingGroupFactory(short_name="WG-T")


@pytest.fixture
def institution(group):
    return member_institution(
        group,
        acronym="BHAS",
        name_en="Agency for Statistics of BiH",
        name_bs="Agencija za statistiku BiH",
    )


@pytest.fixture
def other_institution(group):
    return member_institution(
        group, acronym="CBBH", name_en="Central Bank of BiH", name_bs="Centralna banka BiH"
    )


@pytest.fixture
def secretariat(db):
    return UserFactory(username="sec", role=roles.SECRETARIAT)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coord", role=roles.COORDINATOR)


@pytest.fixture
def representative(institution):
    return representative_of(institution, username="rep")


@pytest.fixture
def other_representative(other_institution):
    return representative_of(other_institution, username="rep2")


@pytest.fixture
def client_for(client):
    """Log the test client in as ``user`` and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDF renderings (WeasyPrint runs) while still producing real PDFs."""
    from portal.documents import rendering

    calls = []
    real = rendering.html_to_pdf

    def counting(html, **kwargs):
        calls.append(kwargs)
        return real(html, **kwargs)

    monkeypatch.setattr(rendering, "html_to_pdf", counting)
    return calls
