"""The consultation report: its data, and the download address that finds it (registered in apps.py).

The documents app renders and serves the report; only this app knows windows, comments and answers.
"""

from django.db.models import Prefetch

from documents.downloads import current_ready_document
from documents.kinds import DocumentKind, DocumentSource, DocumentSourceNotFound, Subject
from documents.models import Document
from documents.rendering import absolute_url
from plans.documents import is_draft
from plans.models import CooperationPlan, ThemeSection
from plans.selectors import get_plan_for_user

from .models import Comment, ConsultationWindow, Response


def consultation_report_source(*, plan: CooperationPlan, section: ThemeSection | None, scope: str) -> DocumentSource:
    """Counts by theme × category and every published comment with its published answer; scope is the window id."""
    try:
        window = plan.consultation_windows.get(pk=int(scope))
    except (ValueError, ConsultationWindow.DoesNotExist):
        raise DocumentSourceNotFound(f"Plan {plan.pk} has no consultation window {scope!r}.") from None
    comments = list(
        window.comments.published()
        .select_related("section__theme", "municipality")
        .prefetch_related(
            Prefetch(
                "response",
                queryset=Response.objects.select_related(
                    "changed_section", "changed_activity", "change_set__plan__region"
                ),
            )
        )
        .order_by("section__position", "section_id", "submitted_at", "pk")
    )
    categories = list(Comment.Category.choices)
    groups: dict[int, dict] = {}
    for comment in comments:
        response = getattr(comment, "response", None)
        comment.published_response = response if response and response.published_at else None
        # The change in the published change set's public page, absolute: a printed report is read off the site.
        path = comment.published_response.change_path if comment.published_response else ""
        comment.change_url = absolute_url(path) if path else ""
        group = groups.setdefault(comment.section_id, {"section": comment.section, "comments": []})
        group["comments"].append(comment)
    counts = []
    for group in groups.values():
        by_category = [sum(1 for c in group["comments"] if c.category == value) for value, _label in categories]
        counts.append({"section": group["section"], "counts": by_category, "total": sum(by_category)})
    return DocumentSource(
        template="pdf/consultation_report.html",
        title=window.title,
        url=absolute_url(window.get_absolute_url()),
        context={
            "window": window,
            "categories": categories,
            "counts": counts,
            "groups": list(groups.values()),
            "total": len(comments),
        },
    )


def _find_consultation_report(request, *, region: str, plan: str, window: int) -> Subject:
    found = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    scope = str(window)
    document = current_ready_document(plan=found, kind=Document.Kind.CONSULTATION_REPORT, scope=scope)
    return Subject(plan=found, title=f"{found.slug}-{scope}", private=is_draft(found), scope=scope, document=document)


# No `published`: a report is made when first downloaded, not each time the plan is published.
CONSULTATION_REPORT = DocumentKind(
    kind=Document.Kind.CONSULTATION_REPORT, build=consultation_report_source, find=_find_consultation_report
)
