"""Two people edit the same shared record: the first save wins, the second is refused with
the other person's version shown beside theirs, and nothing of the stale save is written."""

from __future__ import annotations

from django.urls import reverse

from tests.commsplans.factories import plan_with_content
from tests.stale import conflict_section, form_values, race, session

# --- The three pages of the audit's finding ------------------------------------


def test_plan_edit_refuses_the_second_stale_save(representative, institution, group):
    plan = plan_with_content(institution=institution, group=group)
    url = reverse("commsplans:edit", args=[plan.pk])
    response = race(
        representative,
        url,
        {"context": "Context from the first session."},
        {"context": "Context from the second session."},
    )
    shown = conflict_section(response.content.decode())
    assert "Context from the first session." in shown
    assert "Context from the second session." in shown
    plan.refresh_from_db()
    assert plan.context == "Context from the first session."


def test_risks_section_refuses_the_second_stale_save(representative, institution, group):
    plan = plan_with_content(institution=institution, group=group)
    url = reverse("commsplans:section_edit", args=[plan.pk, "risks"])
    response = race(
        representative,
        url,
        {"risks-0-description": "Staff turnover", "risks-0-mitigation": "Handover notes"},
        {"risks-0-description": "Budget cuts", "risks-0-mitigation": "Fewer events"},
    )
    shown = conflict_section(response.content.decode())
    assert "Staff turnover" in shown and "Budget cuts" in shown
    assert [risk.description for risk in plan.risks.all()] == ["Staff turnover"]


def test_my_contact_details_refuse_the_second_stale_save(representative):
    url = reverse("institutions:my_contact")
    response = race(
        representative,
        url,
        {"phone": "+387 33 111 111", "position": "Head of unit"},
        {"phone": "+387 33 222 222", "position": "Adviser"},
    )
    shown = conflict_section(response.content.decode())
    assert "+387 33 111 111" in shown and "+387 33 222 222" in shown
    assert "Head of unit" in shown
    person = representative.person
    person.refresh_from_db()
    assert (person.phone, person.position) == ("+387 33 111 111", "Head of unit")


def test_saving_again_after_the_conflict_is_accepted(representative):
    """The refused form carries the version now saved: copying and saving again works."""

    url = reverse("institutions:my_contact")
    response = race(representative, url, {"phone": "111"}, {"phone": "222"})
    again = session(representative).post(
        url, {**form_values(response.content.decode()), "phone": "333"}
    )
    assert again.status_code == 302
    representative.person.refresh_from_db()
    assert representative.person.phone == "333"
