"""Everything under /<lang>/manage/: the staff workspace. Each app contributes its own staff URLs.

tests/staff/test_permission_matrix.py walks every URL under /manage/ and fails for one that no matrix lists.
"""

from django.urls import include, path

from . import history_views, staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("login/", staff_views.login, name="login"),
    path("login/code/", staff_views.login_verify, name="login-verify"),
    path("logout/", staff_views.logout, name="logout"),
    path("account/", staff_views.account, name="account"),
    path("account/two-step/", staff_views.two_factor_setup, name="two-factor-setup"),
    path("account/two-step/off/", staff_views.two_factor_disable, name="two-factor-disable"),
    path("account/password/", staff_views.password_change, name="password-change"),
    path("account/password/done/", staff_views.password_change_done, name="password-change-done"),
    path("password-reset/", staff_views.password_reset, name="password-reset"),
    path("password-reset/sent/", staff_views.password_reset_done, name="password-reset-done"),
    path("password-reset/<uidb64>/<token>/", staff_views.password_reset_confirm, name="password-reset-confirm"),
    path("password-reset/done/", staff_views.password_reset_complete, name="password-reset-complete"),
    path("audit/", staff_views.audit_log, name="audit"),
    path("history/<str:label>/<int:pk>/", history_views.history, name="history"),
    path(
        "history/<str:label>/<int:pk>/restore/<int:history_id>/",
        history_views.history_restore,
        name="history-restore",
    ),
]

# Namespaced per app (plans-staff:..., consultations-staff:..., projects-staff:...), outside "staff".
app_urlpatterns = [
    path("", include("plans.staff_urls")),
    path("", include("consultations.staff_urls")),
    path("", include("projects.staff_urls")),
]
