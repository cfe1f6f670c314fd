"""Staff workspace pages that belong to no single app: log-in, dashboard, account, audit log."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from plans.access import staff_member_required

login = auth_views.LoginView.as_view(template_name="staff/account/login.html", redirect_authenticated_user=True)
logout = auth_views.LogoutView.as_view()


@staff_member_required
def dashboard(request):
    return render(request, "staff/dashboard.html", {})


@staff_member_required
def account(request):
    return render(request, "staff/account/account.html", {})


@staff_member_required
def audit_log(request):
    return render(request, "staff/audit_log.html", {})
