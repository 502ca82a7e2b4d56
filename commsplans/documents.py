"""The communication plan as a PDF, and the institution report's plan section.

Registered from the AppConfig.ready. Who may have which plan is commsplans.access's
visible_plans: a representative their own institution's plans only (another's answers
404); coordinators and the secretariat all.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commsplans import access, selectors
from commsplans.models import CommunicationPlan, Section
from institutions.models import Institution
from portal.documents.forms import DocumentRequestForm
from portal.documents.registry import DocumentKind
from portal.documents.registry import Section as ReportSection
from portal.documents.rendering import DocumentRenderer

KIND = "plan"


def plan_queryset(user):
    return access.visible_plans(user).order_by("-start_year", "institution__acronym", "pk")


class PlanDocumentForm(DocumentRequestForm):
    object_label = gettext_lazy("Communication plan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object"].label_from_instance = lambda plan: (
            f"{plan.institution.acronym} {plan.period_label} · {plan.group.short_name} "
            f"({plan.get_status_display()})"
        )


class PlanRenderer(DocumentRenderer):
    template_name = "pdf/communication_plan.html"

    def title(self, obj: CommunicationPlan, options: dict) -> str:
        return _("Communication plan %(period)s: %(institution)s") % {
            "period": obj.period_label,
            "institution": obj.institution.name,
        }

    def header(self, obj: CommunicationPlan, options: dict) -> str:
        return obj.group.name

    def filename(self, obj: CommunicationPlan, options: dict) -> str:
        return (
            f"communication-plan-{obj.institution.acronym.lower()}-{obj.start_year}-"
            f"{options.get('language', 'en')}.pdf"
        )

    def get_context(self, obj: CommunicationPlan, options: dict) -> dict:
        plan = selectors.plan_for_document(obj.pk)
        reviews = list(plan.reviews.all())
        latest = reviews[-1] if reviews else None
        recommendations = list(latest.recommendations.all()) if latest else []
        return {
            "plan": plan,
            "sections": Section,
            "latest_review": latest,
            "recommendations": recommendations,
            "unanswered": sum(1 for r in recommendations if not r.is_answered),
            "earlier_reviews": reviews[:-1],
        }


def plan_section(institution: Institution, options: dict) -> dict:
    """The institution's plans with their status, and the recommendations still unanswered."""
    plans = list(
        CommunicationPlan.objects.filter(institution=institution)
        .select_related("group")
        .order_by("-start_year", "group__short_name")
    )
    return {
        "plans": plans,
        "unanswered": list(selectors.unanswered_recommendations(institution=institution)),
    }


def register(documents) -> None:
    documents.register(
        DocumentKind(
            key=KIND,
            label=gettext_lazy("Communication plan"),
            description=gettext_lazy(
                "An institution's communication plan with all its sections, its latest "
                "review, the recommendations and the institution's answers."
            ),
            model=CommunicationPlan,
            queryset=plan_queryset,
            form_class=PlanDocumentForm,
            renderer=PlanRenderer(),
            order=30,
        )
    )
    documents.add_section(
        "institution",
        ReportSection(
            key="commsplans.plans",
            title=gettext_lazy("Communication plans"),
            template="pdf/sections/commsplans_plans.html",
            context=plan_section,
            order=50,
        ),
    )
