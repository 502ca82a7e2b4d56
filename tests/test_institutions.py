import pytest
from django.urls import reverse

from institutions.models import Delegate, GroupMembership, Institution, Person
from tests.factories import InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name_en": "Directorate for European Integration",
    "name_bs": "Direkcija za evropske integracije",
    "acronym": "DEI",
    "country": "BA",
    "kind": "agency",
    "website": "",
    "active": "on",
}


def test_secretariat_creates_an_institution(client_for, secretariat):
    client = client_for(secretariat)
    response = client.post(reverse("institutions:create"), VALID, follow=True)
    institution = Institution.objects.get(acronym="DEI")
    assert response.redirect_chain[-1][0] == institution.get_absolute_url()
    assert "Directorate for European Integration" in response.content.decode()


def test_empty_name_shows_an_error_and_saves_nothing(client_for, secretariat):
    client = client_for(secretariat)
    response = client.post(reverse("institutions:create"), {**VALID, "name_en": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Institution.objects.filter(acronym="DEI").exists()


def test_duplicate_acronym_is_refused_whatever_its_case(client_for, secretariat):
    InstitutionFactory(acronym="DEI")
    client = client_for(secretariat)
    response = client.post(reverse("institutions:create"), {**VALID, "acronym": "dei"})
    assert response.status_code == 200
    assert "An institution with this acronym already exists." in response.content.decode()
    assert Institution.objects.filter(acronym__iexact="dei").count() == 1


def test_duplicate_acronym_error_is_translated(client_for, secretariat):
    InstitutionFactory(acronym="DEI")
    client = client_for(secretariat)
    client.cookies["django_language"] = "bs"
    response = client.post(reverse("institutions:create"), {**VALID, "name_en": ""})
    body = response.content.decode()
    assert "Institucija s ovim akronimom već postoji." in body
    assert "Ovo polje se mora popuniti." in body


def test_secretariat_sees_every_institution(
    client_for, secretariat, institution, other_institution
):
    response = client_for(secretariat).get(reverse("institutions:list"))
    body = response.content.decode()
    assert "Agency for Statistics of BiH" in body and "Central Bank of BiH" in body
    assert reverse("institutions:create") in body


def test_list_filters_by_text_and_kind(client_for, coordinator, institution, other_institution):
    client = client_for(coordinator)
    body = client.get(reverse("institutions:list"), {"q": "statist"}).content.decode()
    assert "BHAS" in body and "CBBH" not in body
    other_institution.kind = Institution.Kind.CENTRAL_BANK
    other_institution.save()
    body = client.get(reverse("institutions:list"), {"kind": "central_bank"}).content.decode()
    assert "CBBH" in body and "BHAS" not in body


def test_representative_reads_but_cannot_edit_an_institution(
    client_for, representative, other_institution
):
    client = client_for(representative)
    detail = client.get(other_institution.get_absolute_url())
    assert detail.status_code == 200
    assert reverse("institutions:edit", args=[other_institution.pk]) not in detail.content.decode()
    assert client.get(reverse("institutions:edit", args=[other_institution.pk])).status_code == 403
    response = client.post(
        reverse("institutions:edit", args=[other_institution.pk]), {**VALID, "acronym": "HACK"}
    )
    assert response.status_code == 403
    other_institution.refresh_from_db()
    assert other_institution.acronym == "CBBH"


def test_coordinator_cannot_create_institutions(client_for, coordinator):
    client = client_for(coordinator)
    assert client.post(reverse("institutions:create"), VALID).status_code == 403
    assert not Institution.objects.filter(acronym="DEI").exists()


def test_representative_edits_own_contact_details(client_for, representative):
    client = client_for(representative)
    response = client.post(
        reverse("institutions:my_contact"),
        {
            "position": "PR officer",
            "email": "rep@bhas.example",
            "phone": "+387 33 911 911",
            "language": "bs",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(user=representative)
    assert (person.position, person.phone, person.language) == (
        "PR officer",
        "+387 33 911 911",
        "bs",
    )


def test_contact_details_page_is_404_for_an_account_without_a_person(client_for, coordinator):
    assert client_for(coordinator).get(reverse("institutions:my_contact")).status_code == 404


def test_membership_edit_saves_delegates_in_one_go(client_for, secretariat, institution):
    membership = GroupMembership.objects.get(institution=institution)
    person = PersonFactory(institution=institution, name="Amra Čaušević")
    stranger = PersonFactory(name="Not from here")
    url = reverse("institutions:membership_edit", args=[membership.pk])
    form = {
        "group": membership.group_id,
        "joined": "2012-01-01",
        "left": "",
        "delegates-TOTAL_FORMS": "2",
        "delegates-INITIAL_FORMS": "0",
        "delegates-0-person": person.pk,
        "delegates-0-role": "representative",
        "delegates-1-person": stranger.pk,
        "delegates-1-role": "deputy",
    }
    client = client_for(secretariat)
    response = client.post(url, form)
    assert response.status_code == 200  # the stranger does not work for the institution
    assert not Delegate.objects.exists()
    form["delegates-1-person"] = ""
    form["delegates-1-role"] = ""
    assert client.post(url, form).status_code == 302
    assert list(Delegate.objects.values_list("person__name", "role")) == [
        ("Amra Čaušević", "representative")
    ]


def test_membership_left_before_joined_is_refused(client_for, secretariat, institution, group):
    url = reverse("institutions:membership_create", args=[institution.pk])
    response = client_for(secretariat).post(
        url, {"group": group.pk, "joined": "2014-03-04", "left": "2013-01-01"}
    )
    assert "The date left cannot be before the date joined." in response.content.decode()
    assert GroupMembership.objects.filter(institution=institution).count() == 1


def test_institution_list_queries_stay_constant(
    client_for, secretariat, group, django_assert_max_num_queries
):
    from tests.factories import member_institution

    client = client_for(secretariat)
    for _ in range(3):
        member_institution(group)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("institutions:list"))
    for _ in range(40):
        PersonFactory(institution=member_institution(group))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("institutions:list"))


def test_group_page_shows_quorum_and_members(client_for, coordinator, group, institution):
    body = client_for(coordinator).get(group.get_absolute_url()).content.decode()
    assert "0.50 of member institutions" in body
    assert "BHAS" in body


def test_institution_pages_are_in_bosnian_when_chosen(client_for, coordinator, institution):
    client = client_for(coordinator)
    client.cookies["django_language"] = "bs"
    listing = client.get(reverse("institutions:list")).content.decode()
    assert '<h1 class="h3 mb-0">Institucije</h1>' in listing
    assert "Agencija za statistiku BiH" in listing and "Bosna i Hercegovina" in listing
    detail = client.get(institution.get_absolute_url()).content.decode()
    assert "Osobe" in detail and "Radne grupe" in detail and "Državna agencija" in detail
