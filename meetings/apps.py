from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

MODELS = [
    "meeting",
    "agendaitem",
    "attendance",
    "guest",
    "decision",
    "actionitem",
    "minutes",
    "minutesentry",
    "minutescomment",
    "attachment",
]


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from meetings import demo, documents, panels, reminders
        from portal import roles
        from portal.documents.registry import documents as document_registry
        from portal.registry import DemoStep, HomePanel, NavItem, registry

        roles.grant(
            roles.SECRETARIAT,
            *[f"meetings.{a}_{m}" for m in MODELS for a in ("add", "change", "delete", "view")],
            "meetings.mark_actionitem_done",
            "meetings.comment_minutes",
        )
        readers = [f"meetings.view_{m}" for m in MODELS]
        roles.grant(roles.COORDINATOR, *readers)
        roles.grant(
            roles.REPRESENTATIVE,
            *readers,
            "meetings.mark_actionitem_done",
            "meetings.comment_minutes",
        )

        registry.add_nav(NavItem(_("Meetings"), "meetings:list", roles.member_visible, order=20))
        registry.add_home_panel(HomePanel("meetings/_home_panel.html", panels.home_panel, order=20))
        registry.add_demo_step(DemoStep("meetings", demo.load, order=20))
        documents.register(document_registry)
        reminders.register()
