"""Pages of the portal itself rather than of one app."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.page_cache import public_page_cache

from .forms import AccessibilityFeedbackForm
from .services import accessibility_feedback_create


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
