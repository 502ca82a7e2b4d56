from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsplansConfig(AppConfig):
    name = "commsplans"
    verbose_name = _("Communication plans")

    def ready(self) -> None:
        from commsplans import demo, documents, panels, reminders
        from portal import roles
        from portal.documents.registry import documents as document_registry
        from portal.registry import DemoStep, HomePanel, NavItem, registry

        models = [
            "communicationplan",
            "objective",
            "audience",
            "channel",
            "activity",
            "kpi",
            "risk",
            "reviewdate",
            "planversion",
            "planreview",
            "recommendation",
        ]
        readers = [f"commsplans.view_{m}" for m in models]
        roles.grant(
            roles.SECRETARIAT,
            *readers,
            "commsplans.review_communicationplan",
            "commsplans.add_planreview",
            "commsplans.add_recommendation",
        )
        roles.grant(roles.COORDINATOR, *readers)
        roles.grant(
            roles.REPRESENTATIVE,
            *readers,
            "commsplans.add_communicationplan",
            "commsplans.change_communicationplan",
            "commsplans.answer_recommendation",
        )

        registry.add_nav(
            NavItem(_("Communication plans"), "commsplans:list", roles.member_visible, order=40)
        )
        registry.add_home_panel(
            HomePanel("commsplans/_home_panel.html", panels.home_panel, order=400)
        )
        registry.add_demo_step(DemoStep("commsplans", demo.load, order=40))
        documents.register(document_registry)
        reminders.register()
