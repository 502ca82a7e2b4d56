import importlib
import pkgutil

import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver, reverse

import tests.matrix
from portal import roles
from tests.factories import PersonFactory, UserFactory, WorkingGroupFactory, member_institution
from tests.matrix import ACTORS, ANON, COORD, REP, REP_B, SEC

MODULES = [
    importlib.import_module(f"tests.matrix.{info.name}")
    for info in pkgutil.iter_modules(tests.matrix.__path__)
]
RULES = [rule for module in MODULES for rule in module.RULES]
SKIPPED_NAMESPACES = {"admin"}
COUNTED_APPS = {
    "auth",
    "institutions",
    "meetings",
    "workpackages",
    "commsplans",
    "portal",
    "documents",
    "notifications",
}


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, ns)
            elif pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_has_a_rule():
    missing = url_names() - {rule.url_name for rule in RULES}
    assert not missing, f"URLs without a permission-matrix rule: {sorted(missing)}"


@pytest.fixture
def world(db):
    group = WorkingGroupFactory(short_name="WG-M")
    own = member_institution(group, acronym="OWN")
    other = member_institution(group, acronym="OTHER")
    users = {
        SEC: UserFactory(username="m-sec", role=roles.SECRETARIAT),
        COORD: UserFactory(username="m-coord", role=roles.COORDINATOR),
        REP: UserFactory(username="m-rep", role=roles.REPRESENTATIVE),
        REP_B: UserFactory(username="m-rep-b", role=roles.REPRESENTATIVE),
    }
    PersonFactory(institution=own, user=users[REP])
    PersonFactory(institution=other, user=users[REP_B])
    # The coordinator has a person too; the role, not a missing person, keeps them read-only.
    PersonFactory(institution=own, user=users[COORD])
    PersonFactory(institution=own, user=users[SEC])
    base = {"group": group, "own_institution": own, "other_institution": other, "users": users}
    for module in MODULES:
        base = module.world(base)
    return base


def row_counts() -> dict[str, int]:
    """Rows of every model the portal's apps own (sessions and login records left out)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in COUNTED_APPS
    }


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
@pytest.mark.parametrize("role", ACTORS)
def test_matrix(client, world, rule, role):
    if role != ANON:
        client.force_login(world["users"][role])
    url = reverse(rule.url_name, kwargs=rule.kwargs(world))
    before = row_counts() if rule.method == "get" else None
    response = getattr(client, rule.method)(url, rule.data(world))
    expected = rule.expected(role)
    assert response.status_code == expected, (
        f"{role} {rule.id} {url}: {response.status_code} != {expected}"
    )
    if before is not None:
        # Opening a page creates nothing: no draft, no document, no row of any kind.
        assert row_counts() == before, f"{role} GET {url} created or removed rows"
