"""Who may read and change what the institutions app owns: the one place its rules live.

Every member (secretariat, coordinator, representative) reads every working group,
institution, person, membership and delegate. The secretariat edits them (the model
permissions its role is granted in ``InstitutionsConfig.ready``); a person edits their own
contact details (a coordinator only where the group allows it), and other institutions'
representatives see a person's e-mail and phone only where the person allows it
(``can_see_contact``); a representative may download the report about their own institution
only, readers about any.

- ``visible_<objects>(user)``: a queryset of what ``user`` may read.
- ``get_<object>_for_user(user, pk, *, write=False)``: the object, or Http404 when it is
  outside the user's reach; with ``write=True``, PermissionDenied (403) when the user may
  read it but not change it.
- ``can_<action>(user, obj)``: what views, templates (through their context) and documents
  ask before offering or doing something.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from institutions.models import Delegate, GroupMembership, Institution, Person, WorkingGroup
from portal import roles

# --- Reading ------------------------------------------------------------------


def can_read(user) -> bool:
    """Members of every role read everything the institutions app holds."""
    return roles.role_of(user) is not None


def _visible(user, model: type[Model]) -> QuerySet:
    return model.objects.all() if can_read(user) else model.objects.none()


def visible_groups(user) -> QuerySet[WorkingGroup]:
    return _visible(user, WorkingGroup)


def visible_institutions(user) -> QuerySet[Institution]:
    return _visible(user, Institution)


def visible_people(user) -> QuerySet[Person]:
    return _visible(user, Person)


def visible_memberships(user) -> QuerySet[GroupMembership]:
    return _visible(user, GroupMembership)


def visible_delegates(user) -> QuerySet[Delegate]:
    return _visible(user, Delegate)


def report_institutions(user) -> QuerySet[Institution]:
    """Institutions ``user`` may have a report about: all for readers, else their own."""
    if roles.can_read_all(user):
        return Institution.objects.all()
    institution_id = roles.institution_id_of(user)
    if roles.is_representative(user) and institution_id:
        return Institution.objects.filter(pk=institution_id)
    return Institution.objects.none()


# --- Changing -----------------------------------------------------------------


def can_add_group(user) -> bool:
    return user.has_perm("institutions.add_workinggroup")


def can_edit_group(user, group: WorkingGroup) -> bool:
    return user.has_perm("institutions.change_workinggroup")


def can_add_institution(user) -> bool:
    return user.has_perm("institutions.add_institution")


def can_edit_institution(user, institution: Institution) -> bool:
    """The secretariat edits institution pages; a representative does not, not even their own."""
    return user.has_perm("institutions.change_institution")


def can_add_person(user, institution: Institution) -> bool:
    return user.has_perm("institutions.add_person")


def can_edit_person(user, person: Person) -> bool:
    """Every field of a person: the secretariat's (a person edits ``contact details`` only)."""
    return user.has_perm("institutions.change_person")


def can_edit_contact_details(user, person: Person) -> bool:
    """A person edits their own position, e-mail, phone, language and who sees them.

    Representatives do (and the secretariat, who edit every person anyway). Coordinators
    only read: their details change through the secretariat, or on their own page only
    where the group allows it (``COORDINATOR_EDITS_OWN_CONTACT``).
    """
    if not getattr(user, "is_authenticated", False) or person.user_id != user.pk:
        return False
    if roles.is_coordinator(user):
        return settings.COORDINATOR_EDITS_OWN_CONTACT
    return roles.role_of(user) is not None


def can_edit_own_contact_details(user) -> bool:
    """Whether ``user`` has a person whose contact details they may edit."""
    person = getattr(user, "person", None)
    return person is not None and can_edit_contact_details(user, person)


def can_see_contact(user, person: Person) -> bool:
    """A person's e-mail and phone: the secretariat and coordinators, the person's own
    institution, and other institutions' representatives where the person allows it.
    Everyone who reads people reads their names, positions and roles."""
    if not can_read(user):
        return False
    if roles.can_read_all(user) or person.contact_public:
        return True
    own = roles.institution_id_of(user)
    return own is not None and own == person.institution_id


def can_add_membership(user, institution: Institution) -> bool:
    return user.has_perm("institutions.add_groupmembership")


def can_edit_membership(user, membership: GroupMembership) -> bool:
    """The membership's dates and its delegates, saved together."""
    return user.has_perm("institutions.change_groupmembership")


def require(allowed: bool) -> None:
    """PermissionDenied unless ``allowed``: for actions that create an object."""
    if not allowed:
        raise PermissionDenied


# --- Getting one object ----------------------------------------------------------


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_group_for_user(user, pk, *, write: bool = False) -> WorkingGroup:
    group = _get(visible_groups(user), pk)
    if write:
        require(can_edit_group(user, group))
    return group


def get_institution_for_user(user, pk, *, write: bool = False) -> Institution:
    institution = _get(visible_institutions(user), pk)
    if write:
        require(can_edit_institution(user, institution))
    return institution


def get_person_for_user(user, pk, *, write: bool = False) -> Person:
    person = _get(visible_people(user).select_related("institution"), pk)
    if write:
        require(can_edit_person(user, person))
    return person


def get_own_person(user) -> Person:
    """The person whose contact details ``user`` edits; Http404 for accounts without one,
    PermissionDenied for a person who may not edit their own (a coordinator, by default)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    person = Person.objects.filter(user=user).select_related("institution").first()
    if person is None:
        raise Http404
    require(can_edit_contact_details(user, person))
    return person


def get_membership_for_user(user, pk, *, write: bool = False) -> GroupMembership:
    membership = _get(visible_memberships(user).select_related("institution", "group"), pk)
    if write:
        require(can_edit_membership(user, membership))
    return membership
