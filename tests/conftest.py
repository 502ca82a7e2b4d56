import pytest

from portal import roles
from tests.factories import UserFactory, WorkingGroupFactory, member_institution, representative_of


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
