from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsplansConfig(AppConfig):
    name = "commsplans"
    verbose_name = _("Communication plans")
