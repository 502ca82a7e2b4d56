from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django_structlog import signals as structlog_signals
        from django_structlog.celery import signals as structlog_celery_signals

        from portal import logs, roles, sessions

        post_migrate.connect(roles.sync_role_groups, dispatch_uid="portal.sync_role_groups")
        user_logged_in.connect(sessions.mark_active, dispatch_uid="portal.sessions.mark_active")

        structlog_signals.bind_extra_request_metadata.connect(
            logs.request_started, dispatch_uid="portal.logs.request_started"
        )
        structlog_signals.bind_extra_request_finished_metadata.connect(
            logs.request_finished, dispatch_uid="portal.logs.request_finished"
        )
        structlog_signals.bind_extra_request_failed_metadata.connect(
            logs.request_failed, dispatch_uid="portal.logs.request_failed"
        )
        structlog_celery_signals.bind_extra_task_metadata.connect(
            logs.task_started, dispatch_uid="portal.logs.task_started"
        )
        logs.InProcessTaskReceiver().connect()
