"""Role edges of the institutions app: the coordinator only reads (their own contact details
too, unless the group allows otherwise), and other institutions' representatives see
people's names and positions but not their e-mails and phones unless the person allows it."""

import pytest
from django.urls import reverse

from institutions.models import Person
from tests.factories import PersonFactory

CONTACT = {
    "position": "Adviser",
    "email": "new@example.org",
    "phone": "+387 33 000 000",
    "language": "en",
}


@pytest.fixture
def coordinator_person(coordinator, institution):
    return PersonFactory(
        institution=institution, user=coordinator, email="coord@example.org", phone="+387 1"
    )


@pytest.fixture
def stranger(other_institution):
    return PersonFactory(
        institution=other_institution,
        name="Selma Stranger",
        position="Head of IT",
        email="selma@cbbh.example",
        phone="+387 33 278 222",
    )


def test_coordinator_cannot_change_own_contact_details(client_for, coordinator, coordinator_person):
    client = client_for(coordinator)
    assert client.get(reverse("institutions:my_contact")).status_code == 403
    assert client.post(reverse("institutions:my_contact"), CONTACT).status_code == 403
    coordinator_person.refresh_from_db()
    assert coordinator_person.email == "coord@example.org"
    assert reverse("institutions:my_contact") not in client.get(reverse("account")).content.decode()


def test_coordinator_edits_own_contact_details_where_the_group_allows_it(
    client_for, coordinator, coordinator_person, settings
):
    settings.COORDINATOR_EDITS_OWN_CONTACT = True
    client = client_for(coordinator)
    assert reverse("institutions:my_contact") in client.get(reverse("account")).content.decode()
    assert client.post(reverse("institutions:my_contact"), CONTACT).status_code == 302
    coordinator_person.refresh_from_db()
    assert coordinator_person.email == "new@example.org"


def test_representative_sees_other_institutions_people_without_their_contacts(
    client_for, representative, other_institution, stranger
):
    page = client_for(representative).get(other_institution.get_absolute_url())
    body = page.content.decode()
    assert "Selma Stranger" in body and "Head of IT" in body
    assert "selma@cbbh.example" not in body
    assert "+387 33 278 222" not in body
    assert "Not shown to other institutions" in body


@pytest.mark.parametrize("reader", ["secretariat", "coordinator", "other_representative"])
def test_readers_of_all_and_the_own_institution_see_contacts(
    client_for, request, other_institution, stranger, reader
):
    body = (
        client_for(request.getfixturevalue(reader))
        .get(other_institution.get_absolute_url())
        .content.decode()
    )
    assert "selma@cbbh.example" in body and "+387 33 278 222" in body


def test_person_who_allows_it_shows_contacts_to_other_institutions(
    client_for, representative, other_representative, institution
):
    response = client_for(representative).post(
        reverse("institutions:my_contact"), {**CONTACT, "contact_public": "on"}
    )
    assert response.status_code == 302
    assert Person.objects.get(user=representative).contact_public is True
    body = client_for(other_representative).get(institution.get_absolute_url()).content.decode()
    assert "new@example.org" in body and "+387 33 000 000" in body


def test_contact_page_offers_the_choice_and_the_secretariat_may_set_it(
    client_for, representative, secretariat, stranger
):
    page = client_for(representative).get(reverse("institutions:my_contact")).content.decode()
    assert "Other institutions&#x27; representatives may see my e-mail and phone" in page
    response = client_for(secretariat).post(
        reverse("institutions:person_edit", args=[stranger.pk]),
        {
            "name": stranger.name,
            "position": stranger.position,
            "email": stranger.email,
            "phone": stranger.phone,
            "contact_public": "on",
            "language": "en",
            "active": "on",
        },
    )
    assert response.status_code == 302
    stranger.refresh_from_db()
    assert stranger.contact_public is True
