from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    # The admin's heading over accessibility feedback, as it was before the model moved here.
    verbose_name = _("Portal")
