"""No formset page builds more rows than it allows, whatever TOTAL_FORMS claims.

The audit posted ``kpis-TOTAL_FORMS=3000`` to a plan's KPI section (29 s, a 7.2 MB page)
and ``TOTAL_FORMS=2147483648`` to the activity and KPI sections (gunicorn workers killed).
Every formset page is listed in FORMSET_PAGES, as the role allowed to post there; a formset
class that no listed page posts fails ``test_every_formset_is_listed``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.forms.formsets import BaseFormSet
from django.urls import reverse

from commsplans.forms import SECTION_FORMSETS, RecommendationFormSet
from commsplans.models import CommunicationPlan, PlanReview, Recommendation
from institutions.forms import DelegateFormSet
from institutions.models import Delegate, GroupMembership
from portal import roles
from tests.commsplans.factories import plan_with_content
from tests.factories import UserFactory, representative_of
from tests.workpackages.factories import IndicatorFactory
from workpackages.forms import RubricLevelFormSet
from workpackages.models import RubricLevel

MAX_PAGE_BYTES = 1_000_000
HUGE = "2147483648"


@dataclass(frozen=True)
class FormsetPage:
    """A page with a formset: who posts there, its prefix, and the rows it would save."""

    name: str
    formset: type[BaseFormSet]
    prefix: str
    # (world) -> (user, url)
    target: Callable[[dict], tuple]
    # (world) -> a count that a save would change
    saved: Callable[[dict], int]
    # A field of a row, filled in every row of the full post.
    row_field: str


def _section(section):
    key = str(section)
    return FormsetPage(
        name=f"plan section {key}",
        formset=SECTION_FORMSETS[section],
        prefix=key,
        target=lambda w: (
            w["rep"],
            reverse("commsplans:section_edit", kwargs={"pk": w["plan"].pk, "section": key}),
        ),
        saved=lambda w: CommunicationPlan.objects.get(pk=w["plan"].pk).version,
        row_field=SECTION_FORMSETS[section].form._meta.fields[0],
    )


FORMSET_PAGES = [
    *(_section(section) for section in SECTION_FORMSETS),
    FormsetPage(
        name="plan review recommendations",
        formset=RecommendationFormSet,
        prefix="recommendations",
        target=lambda w: (
            w["sec"],
            reverse("commsplans:review", kwargs={"pk": w["submitted"].pk}),
        ),
        saved=lambda w: PlanReview.objects.count() + Recommendation.objects.count(),
        row_field="text",
    ),
    FormsetPage(
        name="indicator rubric levels",
        formset=RubricLevelFormSet,
        prefix="levels",
        target=lambda w: (
            w["sec"],
            reverse("workpackages:indicator_edit", kwargs={"pk": w["indicator"].pk}),
        ),
        saved=lambda w: RubricLevel.objects.count(),
        row_field="description",
    ),
    FormsetPage(
        name="membership delegates",
        formset=DelegateFormSet,
        prefix="delegates",
        target=lambda w: (
            w["sec"],
            reverse("institutions:membership_edit", kwargs={"pk": w["membership"].pk}),
        ),
        saved=lambda w: Delegate.objects.count(),
        row_field="role",
    ),
]


def _app_formsets() -> set[type[BaseFormSet]]:
    """Every formset class the apps' forms modules define."""
    found = set()
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in {
            "portal",
            "institutions",
            "meetings",
            "workpackages",
            "commsplans",
        }:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        values = list(vars(module).values())
        for value in list(values):
            if isinstance(value, dict):
                values.extend(value.values())
        for value in values:
            if (
                isinstance(value, type)
                and issubclass(value, BaseFormSet)
                and value.__module__ != "portal.forms"
                and getattr(value, "form", None) is not None
            ):
                found.add(value)
    return found


def test_every_formset_is_listed():
    listed = {page.formset for page in FORMSET_PAGES}
    missing = _app_formsets() - listed
    assert not missing, f"formsets with no page in FORMSET_PAGES: {missing}"


@pytest.mark.parametrize("page", FORMSET_PAGES, ids=lambda p: p.name)
def test_every_formset_has_a_small_absolute_max(page):
    assert page.formset.validate_max
    assert page.formset.absolute_max == page.formset.max_num <= 100


@pytest.fixture
def world(institution, group):
    plan = plan_with_content(institution=institution, group=group, start_year=2025, end_year=2026)
    submitted = plan_with_content(
        institution=institution,
        group=group,
        start_year=2027,
        end_year=2027,
        status=CommunicationPlan.Status.SUBMITTED,
    )
    return {
        "plan": plan,
        "submitted": submitted,
        "rep": representative_of(institution, username="rep-bounded"),
        "sec": UserFactory(username="sec-bounded", role=roles.SECRETARIAT),
        "indicator": IndicatorFactory(goal__work_package__group=group),
        "membership": GroupMembership.objects.get(institution=institution, group=group),
    }


def management(prefix: str, total: str) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _post(client, world, page, data):
    user, url = page.target(world)
    client.force_login(user)
    before = page.saved(world)
    response = client.post(url, data)
    assert page.saved(world) == before, f"{page.name}: something was saved"
    assert len(response.content) < MAX_PAGE_BYTES, f"{page.name}: {len(response.content)} bytes"
    return response


def _refused_with_a_form_error(response, page):
    assert response.status_code == 200, f"{page.name}: {response.status_code}"
    limit = page.formset.max_num
    assert f"Save at most {limit} rows at a time." in response.content.decode()


@pytest.mark.parametrize("page", FORMSET_PAGES, ids=lambda p: p.name)
def test_a_total_of_3000_forms_is_refused_with_a_form_error(client, world, page):
    response = _post(client, world, page, management(page.prefix, "3000"))
    _refused_with_a_form_error(response, page)


@pytest.mark.parametrize("page", FORMSET_PAGES, ids=lambda p: p.name)
def test_a_total_of_2147483648_forms_is_refused_with_a_form_error(client, world, page):
    response = _post(client, world, page, management(page.prefix, HUGE))
    _refused_with_a_form_error(response, page)


@pytest.mark.parametrize("page", FORMSET_PAGES, ids=lambda p: p.name)
def test_3000_filled_rows_are_refused(client, world, page):
    data = management(page.prefix, "3000")
    for i in range(3000):
        data[f"{page.prefix}-{i}-{page.row_field}"] = f"row {i}"
    response = _post(client, world, page, data)
    # Too many fields for one request (DATA_UPLOAD_MAX_NUMBER_FIELDS): a plain 400.
    assert response.status_code == 400, f"{page.name}: {response.status_code}"


@pytest.mark.parametrize("page", FORMSET_PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("initial", [HUGE, "3000", "-1", "x"])
def test_a_forged_initial_count_is_no_server_error(client, world, page, initial):
    data = {**management(page.prefix, "3"), f"{page.prefix}-INITIAL_FORMS": initial}
    user, url = page.target(world)
    client.force_login(user)
    response = client.post(url, data)
    # Refused, or taken as a save of no rows: either way an answer, not a server error.
    assert response.status_code in (200, 302, 400), f"{page.name}: {response.status_code}"
    assert len(response.content) < MAX_PAGE_BYTES
