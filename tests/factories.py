"""Factories for the object graphs the tests need. Each app's factories live here too."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from institutions.models import Delegate, GroupMembership, Institution, Person, WorkingGroup
from portal import roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            roles.sync_role_groups()
            self.groups.add(Group.objects.get(name=extracted))


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"WG{n}")
    name_en = factory.LazyAttribute(lambda g: f"Working group {g.short_name}")
    name_bs = factory.LazyAttribute(lambda g: f"Radna grupa {g.short_name}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    acronym = factory.Sequence(lambda n: f"INST{n}")
    name_en = factory.LazyAttribute(lambda i: f"Agency {i.acronym}")
    name_bs = factory.LazyAttribute(lambda i: f"Agencija {i.acronym}")
    country = "BA"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(WorkingGroupFactory)
    institution = factory.SubFactory(InstitutionFactory)
    joined = datetime.date(2012, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    institution = factory.SubFactory(InstitutionFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    language = "en"


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    membership = factory.SubFactory(MembershipFactory)
    person = factory.SubFactory(
        PersonFactory, institution=factory.SelfAttribute("..membership.institution")
    )
    role = Delegate.Role.REPRESENTATIVE


def member_institution(group: WorkingGroup, **kwargs) -> Institution:
    """An institution that is a current member of ``group``."""
    institution = InstitutionFactory(**kwargs)
    MembershipFactory(group=group, institution=institution)
    return institution


def representative_of(institution: Institution, username: str | None = None, **person_kwargs):
    """A user holding the representative role for ``institution``, with their Person."""
    user = UserFactory(role=roles.REPRESENTATIVE, **({"username": username} if username else {}))
    PersonFactory(institution=institution, user=user, **person_kwargs)
    return user
