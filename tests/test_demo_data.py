from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from institutions.models import GroupMembership, Institution, Person
from portal.roles import institution_id_of, role_of

pytestmark = pytest.mark.django_db


def test_demo_data_builds_the_seventh_meeting_group_and_is_safe_twice(settings):
    settings.DEBUG = True
    call_command("demo_data")
    call_command("demo_data")
    members = GroupMembership.objects.filter(group__short_name="WG-CKM")
    assert members.count() == 7
    assert set(members.values_list("institution__acronym", flat=True)) == {
        "PARCO",
        "DEI",
        "HEA",
        "APOSO",
        "BHAS",
        "ADS",
        "CBBH",
    }
    assert Institution.objects.get(acronym="BHAS").name_bs == "Agencija za statistiku BiH"
    assert Institution.objects.get(acronym="GIZ").kind == Institution.Kind.DONOR
    assert Person.objects.filter(institution__acronym="CBBH").count() == 1
    users = {u.username: u for u in get_user_model().objects.all()}
    assert {"secretariat", "coordinator", "statistics"} <= set(users)
    for username in ("secretariat", "coordinator", "statistics"):
        assert users[username].check_password("demo")
    assert role_of(users["statistics"]) == "representative"
    assert institution_id_of(users["statistics"]) == Institution.objects.get(acronym="BHAS").pk
    assert role_of(users["coordinator"]) == "coordinator"


def test_demo_data_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_data")
    call_command("demo_data", "--force")
    assert Institution.objects.filter(acronym="BHAS").exists()


def test_demo_data_prints_the_login_address_where_the_portal_runs(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8123"
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "Log in at http://127.0.0.1:8123/accounts/login/ with password 'demo'" in out.getvalue()
    assert "8000" not in out.getvalue()
