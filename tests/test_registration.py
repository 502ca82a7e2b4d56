"""One registration style: each AppConfig.ready() registers; importing a module does not.

Run in a fresh interpreter, so the modules imported again here are not the ones the rest
of the test session holds.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULES = [
    f"{app}.{module}"
    for app in ("institutions", "meetings", "workpackages", "commsplans")
    for module in ("reminders", "documents", "panels", "demo")
]

SCRIPT = """
import importlib, json, sys
import django

def snapshot():
    from portal import roles
    from portal.documents.registry import documents
    from portal.notifications import rules
    from portal.registry import registry

    return {
        "nav": [item.url_name for item in registry.nav],
        "home_panels": [panel.template for panel in registry.home_panels],
        "account_links": [link.url_name for link in registry.account_links],
        "demo_steps": [step.name for step in registry.demo_steps],
        "document_kinds": {k.key: id(k) for k in documents.kinds()},
        "sections": {
            k.key: [id(s) for s in documents.sections(k.key)] for k in documents.kinds()
        },
        "notification_kinds": {k.key: id(k) for k in rules.kinds()},
        "rules": {r.name: id(r) for r in rules.rules()},
        "grants": {role: sorted(perms) for role, perms in roles.grants().items()},
    }

before_setup = snapshot()
django.setup()
after_ready = snapshot()
found = []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        continue
    found.append(name)
    for _ in range(2):
        sys.modules.pop(name)
        importlib.import_module(name)
print(json.dumps({
    "before_setup": before_setup,
    "after_ready": after_ready,
    "after_imports": snapshot(),
    "found": found,
}))
"""


def run() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *MODULES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_registering_modules_again_registers_nothing_extra():
    state = run()
    assert "meetings.reminders" in state["found"]
    assert "workpackages.reminders" in state["found"]
    assert "commsplans.reminders" in state["found"]
    assert "institutions.documents" in state["found"]
    # Importing a reminders, documents, panels or demo module (once more, twice, with no
    # ready() of its own) adds and replaces nothing: the same objects stay registered.
    assert state["after_imports"] == state["after_ready"]


def test_the_registries_are_filled_by_ready_alone():
    state = run()
    before, after = state["before_setup"], state["after_ready"]
    # Nothing is registered before the apps are ready (portal's own modules register nothing).
    assert before["nav"] == before["home_panels"] == before["demo_steps"] == []
    assert before["document_kinds"] == before["rules"] == before["notification_kinds"] == {}
    assert all(perms == [] for perms in before["grants"].values())
    # ready() registers every app's entries.
    assert {"meetings:list", "workpackages:list", "commsplans:list"} <= set(after["nav"])
    assert len(after["demo_steps"]) == 4
    assert len(after["rules"]) >= 8
    assert len(after["document_kinds"]) >= 4
