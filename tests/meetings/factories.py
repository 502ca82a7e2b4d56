from __future__ import annotations

import datetime

import factory
from django.db import transaction

from meetings import services
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from tests.factories import InstitutionFactory, WorkingGroupFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    date = datetime.date(2014, 3, 4)
    start_time = datetime.time(10)
    end_time = datetime.time(15)
    city = "Konjic"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Numbered as the meeting service numbers (the group's row locked)."""
        with transaction.atomic():
            if kwargs.get("number") is None:
                kwargs["number"] = services.next_meeting_number(kwargs["group"])
            return super()._create(model_class, *args, **kwargs)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Decision {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(InstitutionFactory)
    due_date = datetime.date(2014, 4, 30)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    institution = factory.SubFactory(InstitutionFactory)
    status = Attendance.Status.PRESENT
