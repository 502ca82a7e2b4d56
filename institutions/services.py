"""Writes that touch more than one row: a membership with its delegates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from institutions.models import Delegate, GroupMembership, Person, WorkingGroup


@dataclass(frozen=True)
class MembershipInput:
    group: WorkingGroup
    joined: datetime.date
    left: datetime.date | None = None


@dataclass(frozen=True)
class DelegateInput:
    person: Person
    role: str  # a Delegate.Role value


@transaction.atomic
def save_membership(
    membership: GroupMembership, data: MembershipInput, *, delegates: list[DelegateInput]
) -> GroupMembership:
    """Save ``membership`` with ``data`` (validated by the caller's forms) and make its
    delegates exactly ``delegates``, one per person; others are removed. Returns it."""
    membership.group = data.group
    membership.joined = data.joined
    membership.left = data.left
    membership.save()
    wanted = {d.person.pk: d for d in delegates}
    existing = {d.person_id: d for d in membership.delegates.all()}
    Delegate.objects.filter(membership=membership).exclude(person_id__in=wanted).delete()
    for person_id, item in wanted.items():
        delegate = existing.get(person_id)
        if delegate is None:
            Delegate.objects.create(membership=membership, person=item.person, role=item.role)
        elif delegate.role != item.role:
            delegate.role = item.role
            delegate.save(update_fields=["role"])
    return membership
