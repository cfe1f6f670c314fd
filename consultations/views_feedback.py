"""The public feedback table of a consultation window and its CSV and XLSX exports (published content only)."""

from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.charts import bar_chart
from plans.selectors import get_plan_for_user

from .feedback import FORMATS, change_url, feedback_comments, feedback_counts, feedback_export, feedback_filename
from .models import Comment, ConsultationWindow

CHART_WIDTH = 320


def _comments(value: Decimal) -> str:
    count = int(value)
    return ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count}


def _window_for_visitor(user, *, region: str, plan: str, window: int) -> ConsultationWindow:
    plan = get_plan_for_user(user, region_slug=region, plan_slug=plan)
    try:
        found = plan.consultation_windows.get(pk=window)
    except ConsultationWindow.DoesNotExist:
        raise Http404("No such consultation window") from None
    found.plan = plan
    return found


def feedback_table(request, region, plan, window):
    window = _window_for_visitor(request.user, region=region, plan=plan, window=window)
    comments = feedback_comments(window=window)
    for comment in comments:
        comment.change_url = change_url(comment.shown_response)
    rows, totals, total = feedback_counts(comments=comments)
    categories = [label for _value, label in Comment.Category.choices]
    context = {
        "window": window,
        "plan": window.plan,
        "comments": comments,
        "count_rows": rows,
        "category_labels": categories,
        "category_totals": totals,
        "total": total,
        "answered": sum(comment.shown_response is not None for comment in comments),
        # Drawn CHART_WIDTH wide and scaled down to fit (portal.css): on a 320px phone the text keeps ~10px.
        "theme_chart": bar_chart(
            [(row.section.title, Decimal(row.total)) for row in rows],
            title=_("Comments by theme"),
            unit=_comments,
            width=CHART_WIDTH,
        ),
        "category_chart": bar_chart(
            [(label, Decimal(count)) for label, count in zip(categories, totals, strict=True)],
            title=_("Comments by category"),
            unit=_comments,
            width=CHART_WIDTH,
        ),
    }
    return render(request, "consultations/feedback.html", context)


def feedback_download(request, region, plan, window, file_format):
    window = _window_for_visitor(request.user, region=region, plan=plan, window=window)
    content = feedback_export(window=window, file_format=file_format, base_url=request.build_absolute_uri("/")[:-1])
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{feedback_filename(window=window, file_format=file_format)}"'
    )
    return response
