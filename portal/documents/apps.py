from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "portal.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # The tasks join Celery's registry here, so services can queue them by name
        # (portal/taskbase.py) in the web process as in the worker.
        import_module("portal.documents.tasks")
        from portal import roles
        from portal.registry import NavItem, registry

        # Everyone with a role may request and download documents; which objects they
        # may ask about is each document kind's rule (a representative: their own).
        for role in roles.ROLES:
            roles.grant(role, "documents.view_generateddocument", "documents.add_generateddocument")
        registry.add_nav(NavItem(_("Reports"), "documents:reports", roles.member_visible, order=70))
