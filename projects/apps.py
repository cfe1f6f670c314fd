from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Funded projects")

    def ready(self):
        from core.page_cache import watch_app_models

        watch_app_models(self)

        # The staff history pages (accounts.views) show and restore a project's versions.
        from core.access import EDIT_PROJECTS
        from plans.history import HistoryKind, history_register

        from .models import Project

        history_register(HistoryKind(Project, lambda o: o.region_id, restore_roles=EDIT_PROJECTS))
