"""The staff page of a plan's PDFs. The downloads themselves are the documents app's (documents/views.py)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from core.access import ANY_ROLE, EDIT_PLANS, staff_member_required
from documents.models import Document
from documents.rendering import plan_documents_refresh
from documents.views import RETRY_SECONDS, reload_after

from .selectors import get_plan_for_staff


@staff_member_required
def staff_documents(request, region, plan):
    """Every PDF of a plan with its state (any role of the region), and a button that renders what changed,
    failed or is stuck rendering (editors)."""
    roles = EDIT_PLANS if request.method == "POST" else ANY_ROLE
    plan = get_plan_for_staff(request.user, region_slug=region, plan_slug=plan, roles=roles)
    if request.method == "POST":
        # Forced: a render left "rendering" (its worker killed) is taken over at once, not after its lease.
        documents = plan_documents_refresh(plan=plan, force=True)
        queued = sum(document.state != Document.State.READY for document in documents)
        messages.success(
            request,
            ngettext(
                "%(count)s document is being rendered; the others are up to date.",
                "%(count)s documents are being rendered; the others are up to date.",
                queued,
            )
            % {"count": queued},
        )
        return redirect("plans:staff-documents", region=plan.region.slug, plan=plan.slug)
    documents = list(
        plan.documents.select_related("section__theme").order_by("kind", "section__position", "-created_at")
    )
    busy = [document for document in documents if document.state in {Document.State.QUEUED, Document.State.RENDERING}]
    context = {
        "plan": plan,
        "documents": documents,
        "busy": len(busy),
        "ready": sum(document.state == Document.State.READY for document in documents),
    }
    response = render(request, "staff/plan_documents.html", context)
    if busy:
        reload_after(response, RETRY_SECONDS)
    return response
