"""Roles, and the named permissions each role holds.

Roles are Django groups. Apps say which model permissions a role holds by calling
``grant`` from their AppConfig.ready; after every migrate the groups are brought in
line with those grants, so adding a model never leaves a role without its rights.
Per-object rules (a representative's own institution) live in each app's access
helpers, which answer 404 for objects outside the user's reach.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

SECRETARIAT = "secretariat"
COORDINATOR = "coordinator"
REPRESENTATIVE = "representative"
ROLES = (SECRETARIAT, COORDINATOR, REPRESENTATIVE)
ROLE_LABELS = {
    SECRETARIAT: _("Secretariat"),
    COORDINATOR: _("Coordinator"),
    REPRESENTATIVE: _("Representative"),
}

_grants: dict[str, set[str]] = {role: set() for role in ROLES}


def grant(role: str, *perms: str) -> None:
    """Give ``role`` the permissions named ``app_label.codename``."""
    if role not in _grants:
        raise ValueError(f"Unknown role {role!r}")
    _grants[role].update(perms)


def grants() -> dict[str, frozenset[str]]:
    return {role: frozenset(perms) for role, perms in _grants.items()}


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and set exactly the granted permissions on each."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for role, perms in _grants.items():
        group, _created = Group.objects.get_or_create(name=role)
        query = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(query))


def role_of(user) -> str | None:
    """The user's portal role; superusers act as secretariat. Cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_portal_role", False)
    if cached is not False:
        return cached
    if user.is_superuser:
        role = SECRETARIAT
    else:
        names = set(user.groups.values_list("name", flat=True))
        role = next((r for r in ROLES if r in names), None)
    user._portal_role = role
    return role


def is_secretariat(user) -> bool:
    return role_of(user) == SECRETARIAT


def is_coordinator(user) -> bool:
    return role_of(user) == COORDINATOR


def is_representative(user) -> bool:
    return role_of(user) == REPRESENTATIVE


def can_read_all(user) -> bool:
    """Secretariat and coordinators read everything."""
    return role_of(user) in (SECRETARIAT, COORDINATOR)


def institution_id_of(user) -> int | None:
    """The institution a representative speaks for (through their Person), else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    person = getattr(user, "person", None)
    return person.institution_id if person is not None else None


def role_required(*roles: str) -> Callable:
    """Let only signed-in users holding one of ``roles`` through; others get 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def member_required(view):
    """Any signed-in user who holds a portal role."""
    return role_required(*ROLES)(view)


def perm_required(*perms: str) -> Callable:
    """Signed-in users holding every named permission; anonymous users go to the login page."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def member_visible(user) -> bool:
    """For navigation: any user holding a portal role."""
    return role_of(user) is not None
