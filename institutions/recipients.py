"""People as e-mail recipients for portal.notifications, for every app's reminder rules."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from institutions import selectors
from institutions.models import Person
from portal.notifications import rules


def person_recipient(person: Person) -> rules.Recipient:
    """``person`` as a recipient, in their own language, linked to their account."""
    return rules.Recipient(
        email=person.email,
        name=person.name,
        language=person.language,
        user_id=person.user_id,
        obj=person,
    )


def representative_recipients(
    institution_ids: Iterable[int], *, group_ids: Iterable[int], on: datetime.date
) -> dict[int, list[rules.Recipient]]:
    """Institution pk → its current representatives and deputies in the groups who have an
    e-mail address."""
    people = selectors.representatives_of(
        institution_ids, group_ids=group_ids, on=on, with_email=True
    )
    return {pk: [person_recipient(p) for p in persons] for pk, persons in people.items()}


def meeting_recipients(meetings: Iterable, *, on: datetime.date) -> dict[int, list]:
    """Meeting pk → Recipients: the delegates invited to it who have an e-mail address."""
    people = selectors.delegates_of_meetings(meetings, on=on, with_email=True)
    return {pk: [person_recipient(p) for p in persons] for pk, persons in people.items()}
