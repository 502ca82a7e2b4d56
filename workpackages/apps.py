from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkpackagesConfig(AppConfig):
    name = "workpackages"
    verbose_name = _("Work packages")

    def ready(self) -> None:
        from portal import roles
        from portal.documents.registry import documents as document_registry
        from portal.registry import DemoStep, HomePanel, NavItem, registry
        from workpackages import demo, documents, panels, reminders

        models = ["workpackage", "goal", "indicator", "rubriclevel", "reportingperiod"]
        roles.grant(
            roles.SECRETARIAT,
            *[f"workpackages.{a}_{m}" for m in models for a in ("add", "change", "delete", "view")],
            "workpackages.view_progressupdate",
            "workpackages.review_progressupdate",
            "workpackages.report_group_progressupdate",
        )
        readers = [f"workpackages.view_{m}" for m in models]
        roles.grant(roles.COORDINATOR, *readers, "workpackages.view_progressupdate")
        roles.grant(
            roles.REPRESENTATIVE,
            *readers,
            "workpackages.view_progressupdate",
            "workpackages.report_progressupdate",
        )
        registry.add_nav(
            NavItem(_("Work package"), "workpackages:list", roles.member_visible, order=30)
        )
        registry.add_home_panel(
            HomePanel("workpackages/_home_panel.html", panels.home_panel, order=30)
        )
        registry.add_demo_step(DemoStep("workpackages", demo.load, order=30))
        documents.register(document_registry)
        reminders.register()
