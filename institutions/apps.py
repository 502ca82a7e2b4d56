from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def has_person(user) -> bool:
    from institutions.access import can_edit_own_contact_details

    return can_edit_own_contact_details(user)


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        from institutions import demo, documents, panels
        from portal import roles
        from portal.documents.registry import documents as document_registry
        from portal.registry import AccountLink, DemoStep, HomePanel, NavItem, registry

        models = ["workinggroup", "institution", "groupmembership", "person", "delegate"]
        secretariat = [
            f"institutions.{a}_{m}" for m in models for a in ("add", "change", "delete", "view")
        ]
        roles.grant(roles.SECRETARIAT, *secretariat)
        readers = [f"institutions.view_{m}" for m in models]
        roles.grant(roles.COORDINATOR, *readers)
        roles.grant(roles.REPRESENTATIVE, *readers)

        registry.add_nav(
            NavItem(_("Institutions"), "institutions:list", roles.member_visible, order=80)
        )
        registry.add_home_panel(
            HomePanel("institutions/_home_panel.html", panels.home_panel, order=900)
        )
        registry.add_account_link(
            AccountLink(_("My contact details"), "institutions:my_contact", has_person, order=10)
        )
        registry.add_demo_step(DemoStep("institutions", demo.load, order=10))
        documents.register(document_registry)
