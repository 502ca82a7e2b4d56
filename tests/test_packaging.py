"""The package installs: a built wheel carries everything the portal reads at run time."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "institutions", "meetings", "workpackages", "commsplans")
# The project-wide templates/ and static/ ship inside the portal package (pyproject.toml).
PROJECT_FILES = {"templates": "portal/_project/templates", "static": "portal/_project/static"}


def source_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Build from a clean copy: setuptools reuses a build/ folder, which could hide a file
    # the configuration no longer ships.
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "var", "build", "staticfiles", "*.egg-info", "__pycache__", ".*cache"
        ),
    )
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = tmp.glob("working_group_portal-*.whl")
    return built


def test_wheel_carries_every_file_of_the_apps(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        path.relative_to(ROOT).as_posix() for app in APPS for path in source_files(ROOT / app)
    }
    assert expected, "no app files found"
    assert not expected - names, f"missing from the wheel: {sorted(expected - names)}"
    # Templates of pages, e-mails and PDFs, and the compiled and source translations.
    for name in (
        "meetings/templates/meetings/meeting_list.html",
        "meetings/templates/emails/meetings/invitation_subject.txt",
        "portal/documents/templates/pdf/base.html",
        "portal/notifications/templates/emails/base.html",
    ):
        assert name in names
    for app in APPS:
        assert f"{app}/locale/bs/LC_MESSAGES/django.mo" in names
        assert f"{app}/locale/bs/LC_MESSAGES/django.po" in names


def test_wheel_carries_the_project_templates_and_static_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, packaged in PROJECT_FILES.items():
        expected = {
            f"{packaged}/{path.relative_to(ROOT / folder).as_posix()}"
            for path in source_files(ROOT / folder)
        }
        assert expected
        assert not expected - names, f"missing from the wheel: {sorted(expected - names)}"
    assert "portal/_project/templates/base.html" in names
    assert "portal/_project/static/portal/portal.css" in names


def test_wheel_installs_nothing_outside_its_packages(wheel):
    top_level = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    dist_info = {name for name in top_level if name.endswith(".dist-info")}
    assert top_level - dist_info == set(APPS)


def test_installed_copy_finds_templates_static_files_and_translations(wheel, tmp_path):
    """Outside the source tree, the installed package alone renders and translates."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, wheel],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = """
import django, portal
django.setup()
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils import translation
assert portal.__file__.startswith(sys.argv[1]), portal.__file__
for name in ("base.html", "registration/login.html", "meetings/meeting_list.html",
             "emails/meetings/invitation.txt", "pdf/base.html"):
    assert get_template(name).origin.name.startswith(sys.argv[1]), name
assert finders.find("portal/portal.css").startswith(sys.argv[1])
translation.activate("bs")
print(translation.gettext("Log in"), translation.gettext("Meetings"))
print(render_to_string("emails/_footer.txt").strip() != "")
"""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST") and not k.startswith("S3_")
    }
    environment.update(
        {
            "PYTHONPATH": str(target),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "VAR_DIR": str(tmp_path / "var"),
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "import sys\n" + code, str(target)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Prijava", "Sastanci", "True"]
    check = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def locked_versions(lock: Path) -> dict[str, Version]:
    pins = {}
    for line in lock.read_text().splitlines():
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if match:
            pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", ("s3",)), ("requirements-test.lock", ("s3", "test"))],
)
def test_lock_files_satisfy_pyproject(lock, extras):
    """A dependency added to or raised in pyproject.toml without `make lock` fails here."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        wanted += [Requirement(r) for r in project["optional-dependencies"][extra]]
    pins = locked_versions(ROOT / lock)
    assert pins, f"{lock} pins nothing"
    stale = [
        str(req)
        for req in wanted
        if canonicalize_name(req.name) != canonicalize_name(project["name"])
        and not (
            canonicalize_name(req.name) in pins
            and req.specifier.contains(pins[canonicalize_name(req.name)], prereleases=True)
        )
    ]
    assert not stale, f"{lock} is out of date for {stale}: run `make lock` and commit it"
