from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The tasks join Celery's registry here, so services can queue them by name
        # (portal/taskbase.py) in the web process as in the worker.
        import_module("portal.notifications.tasks")
        from portal import roles
        from portal.registry import AccountLink, NavItem, registry

        roles.grant(
            roles.SECRETARIAT,
            "notifications.view_notification",
            "notifications.change_notification",
        )
        registry.add_nav(
            NavItem(_("Outbox"), "notifications:outbox", roles.is_secretariat, order=95)
        )
        registry.add_account_link(
            AccountLink(
                _("E-mail notifications"),
                "notifications:preferences",
                roles.member_visible,
                order=20,
            )
        )
