"""Every action an institutions page offers is exactly what the server allows.

For each page and each role (secretariat, coordinator, the institution's representative,
another institution's representative) the test opens the page, collects the action links
it shows, then opens and posts to every action URL that could belong on the page: a URL
the page shows must be allowed, one it hides must be refused (403 or 404).
"""

import re

import pytest
from django.urls import Resolver404, resolve, reverse

from institutions.models import GroupMembership
from tests.factories import DelegateFactory, PersonFactory

pytestmark = pytest.mark.django_db

ACTIONS = {
    "institutions:create",
    "institutions:edit",
    "institutions:person_create",
    "institutions:person_edit",
    "institutions:my_contact",
    "institutions:membership_create",
    "institutions:membership_edit",
    "institutions:group_create",
    "institutions:group_edit",
}
ROLES = ["secretariat", "coordinator", "own_representative", "other_representative"]
PAGES = ["list", "detail", "group_list", "group_detail", "account"]
HREF = re.compile(r'(?:href|action)="([^"#?]+)')


@pytest.fixture
def world(group, institution, other_institution, secretariat, coordinator):
    from tests.factories import representative_of

    own = representative_of(institution, username="own-rep")
    other = representative_of(other_institution, username="other-rep")
    colleague = PersonFactory(institution=institution, name="Colleague")
    DelegateFactory(
        membership=GroupMembership.objects.get(institution=institution), person=colleague
    )
    PersonFactory(institution=other_institution, name="Stranger")
    # The coordinator has a person too: it is still not theirs to edit (read-only role).
    PersonFactory(institution=other_institution, name="Coordinator", user=coordinator)
    return {
        "group": group,
        "institution": institution,
        "users": {
            "secretariat": secretariat,
            "coordinator": coordinator,
            "own_representative": own,
            "other_representative": other,
        },
    }


def page_and_actions(page: str, world) -> tuple[str, set[str]]:
    """The page's URL and every action URL that could be offered on it."""
    group, institution = world["group"], world["institution"]
    mine: set[str] = set()
    if page == "account":  # the account page links to one's contact details
        return reverse("account"), {reverse("institutions:my_contact")}
    if page == "list":
        return reverse("institutions:list"), mine | {reverse("institutions:create")}
    if page == "group_list":
        return reverse("institutions:group_list"), mine | {reverse("institutions:group_create")}
    if page == "group_detail":
        return group.get_absolute_url(), mine | {
            reverse("institutions:group_edit", args=[group.pk])
        }
    actions = mine | {
        reverse("institutions:edit", args=[institution.pk]),
        reverse("institutions:person_create", args=[institution.pk]),
        reverse("institutions:membership_create", args=[institution.pk]),
    }
    actions |= {
        reverse("institutions:membership_edit", args=[m.pk]) for m in institution.memberships.all()
    }
    actions |= {reverse("institutions:person_edit", args=[p.pk]) for p in institution.people.all()}
    return institution.get_absolute_url(), actions


def shown_actions(body: str) -> set[str]:
    shown = set()
    for url in HREF.findall(body):
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.view_name in ACTIONS:
            shown.add(url)
    return shown


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_page_offers_exactly_what_the_server_allows(client, world, page, role):
    client.force_login(world["users"][role])
    url, candidates = page_and_actions(page, world)
    response = client.get(url)
    assert response.status_code == 200
    shown = shown_actions(response.content.decode())
    assert shown <= candidates, f"{page} shows actions that do not belong to it: {shown}"
    for action in sorted(candidates):
        get = client.get(action)
        post = client.post(action, {})
        if action in shown:
            assert get.status_code == 200, f"{role} sees {action} on {page} but GET is refused"
            assert post.status_code in (200, 302), f"{role}: POST {action} refused"
        else:
            assert get.status_code in (403, 404), f"{role} may GET {action}, {page} hides it"
            assert post.status_code in (403, 404), f"{role} may POST {action}, {page} hides it"


def test_the_secretariat_sees_every_action(client, world):
    """Guards the test itself: the pages do offer actions to someone."""
    client.force_login(world["users"]["secretariat"])
    url, candidates = page_and_actions("detail", world)
    shown = shown_actions(client.get(url).content.decode())
    assert shown == candidates


def test_a_representative_edits_only_their_own_contact_details(client, world):
    client.force_login(world["users"]["own_representative"])
    url, _ = page_and_actions("detail", world)
    shown = shown_actions(client.get(url).content.decode())
    assert not shown
    shown = shown_actions(client.get(reverse("account")).content.decode())
    assert shown == {reverse("institutions:my_contact")}
