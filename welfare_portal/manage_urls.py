"""Everything under /<lang>/manage/: the staff workspace. Each app contributes its own staff URLs.

tests/staff/test_permission_matrix.py walks every URL under /manage/ and fails for one that no matrix lists.
"""

from django.urls import include, path

from . import staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("login/", staff_views.login, name="login"),
    path("logout/", staff_views.logout, name="logout"),
    path("account/", staff_views.account, name="account"),
    path("audit/", staff_views.audit_log, name="audit"),
]

# Namespaced per app (plans-staff:..., consultations-staff:..., projects-staff:...), outside "staff".
app_urlpatterns = [
    path("", include("plans.staff_urls")),
    path("", include("consultations.staff_urls")),
    path("", include("projects.staff_urls")),
]
