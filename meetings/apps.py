from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from meetings import reminders  # noqa: F401  (registers the meeting e-mail rules)
