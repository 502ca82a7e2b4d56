"""README stays true: every setting read from the environment is in its settings table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_setting_is_documented_in_the_readme():
    settings_source = (ROOT / "portal" / "settings.py").read_text()
    names = set(
        re.findall(r'env(?:bool|int|float|list|secret)?\(\s*"([A-Z0-9_]+)"', settings_source)
    )
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"`([A-Z0-9_]+)`", readme))
    assert names, "no settings found: has portal/settings.py changed shape?"
    assert not names - documented, f"settings missing from README: {sorted(names - documented)}"


def test_readme_quick_start_names_the_two_commands_and_the_demo_logins():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    for login in ("secretariat", "coordinator", "statistics"):
        assert f"`{login}`" in readme


def test_every_environment_setting_is_listed_in_the_env_example():
    settings_source = (ROOT / "portal" / "settings.py").read_text()
    names = set(re.findall(r'env(?:bool|int|list|secret)?\(\s*"([A-Z0-9_]+)"', settings_source))
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert not names - listed, f"settings missing from .env.example: {sorted(names - listed)}"
