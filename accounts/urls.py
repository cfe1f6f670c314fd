"""The staff workspace's own pages under /<lang>/manage/ (namespace "staff"): log-in, account, dashboard, audit
log, history. Each app adds its staff URLs under /manage/ too (welfare_portal/urls.py).

tests/staff/test_permission_matrix.py walks every URL under /manage/ and fails for one that no matrix lists.
"""

from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login, name="login"),
    path("login/code/", views.login_verify, name="login-verify"),
    path("logout/", views.logout, name="logout"),
    path("account/", views.account, name="account"),
    path("account/two-step/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-step/off/", views.two_factor_disable, name="two-factor-disable"),
    path("account/password/", views.password_change, name="password-change"),
    path("account/password/done/", views.password_change_done, name="password-change-done"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_done, name="password-reset-done"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
    path("audit/", views.audit_log, name="audit"),
    path("history/<str:label>/<int:pk>/", views.history, name="history"),
    path(
        "history/<str:label>/<int:pk>/restore/<int:history_id>/",
        views.history_restore,
        name="history-restore",
    ),
]
