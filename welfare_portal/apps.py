from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfarePortalConfig(AppConfig):
    name = "welfare_portal"
    verbose_name = _("Portal")
