"""Public pages of the portal itself rather than of one domain app: home, contact, accessibility statement, and
the answers to load balancers and browsers (health check, favicon, refused forms)."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from consultations.models import ConsultationWindow
from core.page_cache import public_page_cache
from plans.models import CooperationPlan
from plans.selectors import regions_with_counts, visible_plans
from projects.models import Project

from .forms import AccessibilityFeedbackForm
from .services import accessibility_feedback_create


@public_page_cache
def home(request):
    plans = visible_plans(request.user)
    context = {
        "regions": regions_with_counts(),
        # The current ones: each region's page lists its archived plans too (there are a hundred and more).
        "plans": plans.exclude(status=CooperationPlan.Status.ARCHIVED).annotate(section_count=Count("sections")),
        "windows": ConsultationWindow.objects.open_now().filter(plan__in=plans).select_related("plan__region"),
        "projects": Project.objects.public().select_related("region", "funder").order_by("-start_date")[:6],
    }
    return render(request, "portal/home.html", context)


def accessibility_statement(request):
    form = AccessibilityFeedbackForm(request.POST or None, initial={"page_url": request.GET.get("page", "")[:500]})
    if request.method == "POST" and form.is_valid():
        if not form.is_spam():
            accessibility_feedback_create(
                page_url=form.cleaned_data["page_url"],
                message=form.cleaned_data["message"],
                email=form.cleaned_data["email"],
            )
        messages.success(request, _("Thank you. Your feedback has been received and will be answered."))
        return redirect("accessibility")
    return render(request, "portal/accessibility.html", {"form": form})


@public_page_cache
def contact(request):
    """Who runs the portal and how to reach them; questions about a plan's content go to its organisation."""
    context = {"operator_name": settings.PORTAL_OPERATOR_NAME, "operator_email": settings.PORTAL_OPERATOR_EMAIL}
    return render(request, "portal/contact.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links: send them to the portal's own SVG icon (not
    permanently: its static address changes with its content)."""
    return redirect(static("favicon.svg"))


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a refused form in the portal's design and the visitor's language."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


@never_cache
def health(request):
    """For load balancers and compose: the database must answer; the cache is reported, not required."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"error: {error.__class__.__name__}"
    try:
        cache.set("healthz", "1", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error: no value"
    except Exception as error:
        checks["cache"] = f"error: {error.__class__.__name__}"
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "error", **checks}, status=status)
