"""Reads on institutions that every app shares: who is a member, who speaks for whom.

- ``members_of``: the institutions that are members of a working group (or of any group)
  on a date; ``members_by_group`` is the same for several groups in one query.
- ``representatives_of``: an institution's representatives and deputies in some groups.
- ``delegates_of_meetings``: who is invited to a meeting: the representatives and deputies
  of its group's active member institutions.

Membership on a date is ``GroupMembership.current_q`` (joined on or before the date, not
left before it); nothing else spells that rule out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from institutions.models import Delegate, GroupMembership, Institution, Person, WorkingGroup

SPEAKING_ROLES = (Delegate.Role.REPRESENTATIVE, Delegate.Role.DEPUTY)


def memberships_on(on: datetime.date | None = None, *, group=None) -> QuerySet[GroupMembership]:
    """Memberships in force on ``on`` (today by default), of ``group`` (a pk or group) if given."""
    memberships = GroupMembership.objects.filter(GroupMembership.current_q(on=on))
    if group is not None:
        memberships = memberships.filter(group=group)
    return memberships


def members_of(group=None, *, on: datetime.date | None = None) -> QuerySet[Institution]:
    """Institutions that are members of ``group`` (a pk or group; any group if None) on ``on``."""
    return Institution.objects.filter(memberships__in=memberships_on(on, group=group)).distinct()


def members_by_group(
    group_ids: Iterable[int], *, on: datetime.date | None = None, active_only: bool = False
) -> dict[int, list[Institution]]:
    """Group pk → its member institutions on ``on``, by acronym (only active ones if asked)."""
    memberships = memberships_on(on).filter(group_id__in=set(group_ids))
    if active_only:
        memberships = memberships.filter(institution__active=True)
    result: dict[int, dict[int, Institution]] = {}
    for m in memberships.select_related("institution").order_by("institution__acronym"):
        result.setdefault(m.group_id, {})[m.institution_id] = m.institution
    return {g: list(insts.values()) for g, insts in result.items()}


def groups_of(institution, *, on: datetime.date | None = None) -> QuerySet[WorkingGroup]:
    """The working groups ``institution`` (a pk or institution) is a member of on ``on``."""
    return WorkingGroup.objects.filter(
        memberships__in=memberships_on(on).filter(institution=institution)
    ).distinct()


def _speaking_delegates(on: datetime.date, *, with_email: bool) -> QuerySet[Delegate]:
    """Active representatives and deputies of memberships in force on ``on``."""
    delegates = Delegate.objects.filter(
        GroupMembership.current_q("membership__", on=on),
        role__in=SPEAKING_ROLES,
        person__active=True,
    )
    if with_email:
        delegates = delegates.exclude(person__email="")
    return delegates.select_related("person", "membership").order_by("person__name", "pk")


def representatives_of(
    institution_ids: Iterable[int],
    *,
    group_ids: Iterable[int],
    on: datetime.date | None = None,
    with_email: bool = False,
) -> dict[int, list[Person]]:
    """Institution pk → its representatives and deputies in the groups on ``on``, by name."""
    delegates = _speaking_delegates(on or timezone.localdate(), with_email=with_email).filter(
        membership__institution_id__in=set(institution_ids),
        membership__group_id__in=set(group_ids),
    )
    seen: dict[int, dict[int, Person]] = {}
    for d in delegates:
        seen.setdefault(d.membership.institution_id, {})[d.person_id] = d.person
    return {pk: list(people.values()) for pk, people in seen.items()}


def delegates_of_meetings(
    meetings: Iterable, *, on: datetime.date | None = None, with_email: bool = False
) -> dict[int, list[Person]]:
    """Meeting pk → who is invited: the representatives and deputies of its group's active
    member institutions on ``on``, by name. A meeting is anything with ``pk`` and ``group_id``.
    """
    meetings = list(meetings)
    delegates = _speaking_delegates(on or timezone.localdate(), with_email=with_email).filter(
        membership__group_id__in={m.group_id for m in meetings},
        membership__institution__active=True,
    )
    by_group: dict[int, dict[int, Person]] = {}
    for delegate in delegates:
        by_group.setdefault(delegate.membership.group_id, {})[delegate.person_id] = delegate.person
    return {m.pk: list(by_group.get(m.group_id, {}).values()) for m in meetings}
