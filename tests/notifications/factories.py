from __future__ import annotations

import datetime

import factory

from institutions.models import Delegate
from portal.notifications.models import Notification
from tests.factories import (
    DelegateFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    WorkingGroupFactory,
)
from tests.meetings import factories as meetings_factories


class MeetingFactory(meetings_factories.MeetingFactory):
    """Numbered by the meeting service's rule, as the meetings factory is."""

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    date = datetime.date(2026, 12, 10)
    start_time = datetime.time(10, 0)
    end_time = datetime.time(13, 0)
    city = "Sarajevo"
    venue = "Agency for Statistics, hall A"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    key = factory.Sequence(lambda n: f"test|{n}")
    rule = "test.rule"
    kind = "meeting_reminders"
    occasion = "once"
    email = factory.Sequence(lambda n: f"to{n}@example.org")
    recipient_name = "Recipient"
    recipient_key = factory.LazyAttribute(lambda n: n.email)
    subject = "Hello"
    body_text = "Hello\n"
    body_html = "<p>Hello</p>"


def delegate(group, *, role=Delegate.Role.REPRESENTATIVE, language="en", user=None, **person):
    """A person who is ``role`` for a new member institution of ``group``."""
    membership = MembershipFactory(group=group)
    return DelegateFactory(
        membership=membership,
        role=role,
        person=PersonFactory(
            institution=membership.institution, language=language, user=user, **person
        ),
    ).person


def representative_user(group, username: str, *, language="en"):
    """A user with the representative role who is the representative of a member institution."""
    from portal import roles

    user = UserFactory(username=username, role=roles.REPRESENTATIVE)
    person = delegate(group, language=language, user=user, email=f"{username}@example.org")
    return user, person
