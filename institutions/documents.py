"""The institution report: a sectioned PDF about one institution.

This app registers the kind and its first section (the institution, its memberships and
people); meetings, work packages and communication plans add their own sections
(updates, action items, attendance, plan status) with ``documents.add_section``.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from institutions import access
from institutions.models import Delegate, GroupMembership, Institution
from institutions.selectors import groups_of
from portal.documents.forms import DocumentRequestForm
from portal.documents.registry import DocumentKind, Section
from portal.documents.rendering import SectionedRenderer

KIND = "institution"


class InstitutionReportForm(DocumentRequestForm):
    object_label = gettext_lazy("Institution")


class InstitutionReportRenderer(SectionedRenderer):
    kind_key = KIND

    def title(self, obj: Institution, options: dict) -> str:
        return _("Institution report: %(name)s") % {"name": obj.name}

    def header(self, obj: Institution, options: dict) -> str:
        groups = sorted({group.name for group in groups_of(obj)})
        return " · ".join(groups) or _("Working Group Portal")

    def filename(self, obj: Institution, options: dict) -> str:
        return f"institution-report-{obj.acronym.lower()}-{options.get('language', 'en')}.pdf"


def profile_section(institution: Institution, options: dict) -> dict:
    memberships = (
        GroupMembership.objects.filter(institution=institution)
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "delegates",
                queryset=Delegate.objects.select_related("person").order_by(
                    "role", "person__name", "pk"
                ),
            )
        )
        .order_by("group__short_name", "joined", "pk")
    )
    people = institution.people.filter(active=True).order_by("name", "pk")
    return {"institution": institution, "memberships": memberships, "people": people}


def register(documents) -> None:
    documents.register(
        DocumentKind(
            key=KIND,
            label=gettext_lazy("Institution report"),
            description=gettext_lazy(
                "One institution: its names, memberships and people, and what the other "
                "parts of the portal record about it."
            ),
            model=Institution,
            queryset=access.report_institutions,
            form_class=InstitutionReportForm,
            renderer=InstitutionReportRenderer(),
            order=40,
        )
    )
    documents.add_section(
        KIND,
        Section(
            key="institutions.profile",
            title=gettext_lazy("Institution"),
            template="pdf/sections/institution_profile.html",
            context=profile_section,
            order=10,
            optional=False,
        ),
    )
