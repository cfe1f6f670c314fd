from django.urls import path

from . import staff_views as views

app_name = "projects-staff"

PROJECTS = "regions/<slug:region>/projects/"
urlpatterns = [
    path(PROJECTS, views.project_list, name="list"),
    path(PROJECTS + "new/", views.project_create, name="create"),
    path(PROJECTS + "import/", views.project_import_view, name="import"),
    path(PROJECTS + "<slug:project>/edit/", views.project_edit, name="edit"),
    path(PROJECTS + "<slug:project>/archive/", views.project_archive, name="archive"),
]
