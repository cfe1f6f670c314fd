"""A window's feedback table: its comments with their answers, counts by theme × category, and exports.

The public version holds published comments and published answers only, and no e-mail address. The staff version
holds every comment with its state, channel and the commenter's e-mail; exporting it is logged (AuditEvent EXPORT)
because it contains personal data.
"""

from dataclasses import dataclass

import tablib
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.spreadsheets import dataset_for_spreadsheets
from plans.models import ThemeSection

from .models import Comment, ConsultationWindow, Response

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def feedback_comments(*, window: ConsultationWindow, staff: bool = False) -> list[Comment]:
    """The window's comments in theme order, each with ``shown_response`` (None unless the viewer may see it).

    Two queries: comments with their section, theme, municipality, workshop (and, for staff, contact); responses.
    """
    return with_shown_responses(list(feedback_queryset(window=window, staff=staff)), staff=staff)


def feedback_queryset(*, window: ConsultationWindow, staff: bool = False) -> QuerySet[Comment]:
    """The window's comments in theme order (published ones only unless ``staff``), with what a row shows; a page
    of it goes through ``with_shown_responses``."""
    comments: QuerySet[Comment] = window.comments.all() if staff else window.comments.published()
    related = ["section__theme", "municipality", "workshop"]
    if staff:
        related += ["contact", "moderated_by"]
    responses = Response.objects.select_related(
        "changed_section__theme",
        "changed_section__plan__region",
        "changed_activity__section__theme",
        "changed_activity__section__plan__region",
        "change_set__plan__region",
    )
    if staff:
        responses = responses.select_related("answered_by")
    return (
        comments.select_related(*related)
        .prefetch_related(Prefetch("response", queryset=responses))
        .order_by("section__position", "section_id", "submitted_at", "pk")
    )


def with_shown_responses(rows: list[Comment], *, staff: bool = False) -> list[Comment]:
    """Each comment with ``shown_response``: its answer, for visitors only once published."""
    for comment in rows:
        try:
            response = comment.response
        except Response.DoesNotExist:
            response = None
        comment.shown_response = response if response and (staff or response.published_at) else None
    return rows


@dataclass
class CountRow:
    section: object
    counts: list[int]
    total: int


def published_counts(*, window: ConsultationWindow) -> tuple[list[CountRow], list[int], int, int]:
    """Rows per theme section with a count per category of the window's published comments, the category totals,
    the grand total, and how many of them have a published answer; counted by the database in two queries."""
    categories = [value for value, _label in Comment.Category.choices]
    published = Q(comments__window=window, comments__state=Comment.State.PUBLISHED)
    sections = (
        ThemeSection.objects.filter(published)
        .select_related("theme")
        .annotate(**{f"count_{value}": Count("comments", filter=Q(comments__category=value)) for value in categories})
        .order_by("position", "pk")
    )
    rows = []
    for section in sections:
        counts = [getattr(section, f"count_{value}") for value in categories]
        rows.append(CountRow(section, counts, sum(counts)))
    totals = [sum(row.counts[index] for row in rows) for index in range(len(categories))]
    answered = window.comments.published().filter(response__published_at__isnull=False).count()
    return rows, totals, sum(totals), answered


def change_url(response: Response | None) -> str:
    """Where the public can see the change the answer led to: with a change set, the change in the change set's
    page once it is published (nothing before: the change is not public yet); without, the page of the plan content
    the answer says it changed."""
    if response is None:
        return ""
    if response.change_set_id:
        return response.change_path
    if response.changed_activity_id:
        return response.changed_activity.get_absolute_url()
    if response.changed_section_id:
        return response.changed_section.get_absolute_url()
    return ""


def _local(moment, zone) -> str:
    return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _change_set_cells(response: Response | None, zone) -> list[str]:
    """The change set's title and when it was published ("not yet" while the change waits)."""
    if response is None or response.change_set_id is None:
        return ["", ""]
    change_set = response.change_set
    return [change_set.title, _local(change_set.published_at, zone) if change_set.published_at else _("not yet")]


def feedback_dataset(*, window: ConsultationWindow, staff: bool = False, base_url: str = "") -> tablib.Dataset:
    zone = window.plan.region.zone
    headers = [
        _("Reference"),
        _("Theme"),
        _("Category"),
        _("Comment"),
        _("Name"),
        _("Municipality"),
        _("Submitted"),
        _("Decision"),
        _("Answer"),
        _("Changed section"),
        _("Changed activity"),
        _("Link to the change"),
        _("Change set"),
        _("Change set published"),
    ]
    if staff:
        headers += [
            _("State"),
            _("Reason for rejection"),
            _("Channel"),
            _("Workshop"),
            _("E-mail"),
            _("Moderated"),
            _("Moderated by"),
            _("Answered by"),
            _("Answer published"),
        ]
    data = tablib.Dataset(headers=headers, title=str(_("Feedback"))[:31])
    for comment in feedback_comments(window=window, staff=staff):
        response = comment.shown_response
        link = change_url(response)
        row = [
            comment.reference,
            comment.section.title,
            comment.get_category_display(),
            comment.body,
            comment.author_name,
            comment.municipality.name if comment.municipality else "",
            _local(comment.submitted_at, zone),
            response.decision_shown if response else "",
            response.reason if response else "",
            response.changed_section.title if response and response.changed_section else "",
            response.changed_activity.title if response and response.changed_activity else "",
            base_url + link if link else "",
            *_change_set_cells(response, zone),
        ]
        if staff:
            contact = getattr(comment, "contact", None)
            row += [
                comment.get_state_display(),
                comment.rejection_reason,
                comment.get_source_display(),
                comment.workshop.title if comment.workshop else "",
                contact.email if contact else "",
                _local(comment.moderated_at, zone),
                comment.moderated_by.get_username() if comment.moderated_by else "",
                response.answered_by.get_username() if response and response.answered_by else "",
                _local(response.published_at, zone) if response else "",
            ]
        data.append([str(value) for value in row])
    return data


def feedback_export(
    *, window: ConsultationWindow, file_format: str, staff: bool = False, actor=None, base_url: str = ""
) -> bytes:
    """The table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the letters) or XLSX."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    data = feedback_dataset(window=window, staff=staff, base_url=base_url)
    if staff:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.EXPORT,
            obj=window,
            region=window.plan.region_id,
            detail={"code": "feedback_export", "format": file_format, "comments": len(data)},
        )
    # Residents' text never runs as a formula in the spreadsheet that opens it (plans/spreadsheets.py).
    if file_format == "csv":
        return ("\ufeff" + dataset_for_spreadsheets(data).export("csv")).encode("utf-8")
    return dataset_for_spreadsheets(data, xlsx=True).export("xlsx")


def feedback_filename(*, window: ConsultationWindow, file_format: str, staff: bool = False) -> str:
    return f"feedback-{window.plan.slug}-{window.pk}{'-staff' if staff else ''}.{file_format}"
