"""Public consultation pages: a window, the comment form per theme, the receipt, workshops as iCal,
subscriptions and the removal of a commenter's e-mail. Only the .ics file is a cached page
(core/page_cache.py); the pages with a form carry the visitor's own CSRF token and are rendered for each."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import page_cache
from core.calendars import CalendarEvent, calendar_ics, event_uid
from core.models import Region
from plans.charts import bar_charts
from plans.selectors import get_plan_for_user

from . import abuse, services
from .feedback import (
    FORMATS,
    change_url,
    feedback_export,
    feedback_filename,
    feedback_queryset,
    published_counts,
    with_shown_responses,
)
from .forms import CommentForm, SubscribeForm
from .mail import comment_for_removal_token
from .models import Comment, ConsultationWindow, Response, Subscription


def _get_window(request, region: str, plan: str, window: int) -> ConsultationWindow:
    """The window of a plan the visitor may see (drafts only for staff), with its plan and region."""
    plan_obj = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    window_obj = get_object_or_404(ConsultationWindow, pk=window, plan=plan_obj)
    window_obj.plan = plan_obj
    return window_obj


def _times(window: ConsultationWindow) -> dict:
    zone = window.plan.region.zone
    now = timezone.now()
    return {
        "state": services.window_state(window, now),
        "zone": zone.key,
        "opens_local": timezone.localtime(window.opens_at, zone),
        "closes_local": timezone.localtime(window.closes_at, zone),
        "now": now,
    }


# The newest published comments shown per theme on a window's page; the feedback table lists them all, by theme.
WINDOW_COMMENTS = 5


def window_detail(request, region, plan, window):
    window = _get_window(request, region, plan, window)
    sections = services.window_sections(window)
    answered = Response.objects.filter(published_at__isnull=False).select_related("change_set__plan__region")
    newest_first = [F("submitted_at").desc(), F("pk").desc()]
    comments = (
        window.comments.published()
        .annotate(rank=Window(RowNumber(), partition_by=F("section_id"), order_by=newest_first))
        .filter(rank__lte=WINDOW_COMMENTS)
        .select_related("municipality")
        .prefetch_related(Prefetch("response", queryset=answered))
        .order_by(*newest_first)
    )
    counts = dict(window.comments.published().order_by().values_list("section").annotate(count=Count("pk")))
    by_section = {}
    for comment in comments:
        by_section.setdefault(comment.section_id, []).append(comment)
    context = {
        "window": window,
        "plan": window.plan,
        "sections": [(section, by_section.get(section.pk, []), counts.get(section.pk, 0)) for section in sections],
        "workshops": list(window.workshops.all()),
        "subscribe_form": SubscribeForm(),
        **_times(window),
    }
    return render(request, "consultations/window_detail.html", context)


def _comment_target(request, region: str, plan: str, window: int, theme: str):
    """(window with plan and region, section with theme), or (window, None) when the theme is not open in it.

    Every comment POST repeats these four look-ups; for visitors they are kept with the public pages (emptied
    with them on any content change), so a submission reads them from the cache instead of the database.
    """

    def look_up():
        window_obj = _get_window(request, region, plan, window)
        section = window_obj.plan.sections.select_related("theme").filter(theme__slug=theme).first()
        if section is None or not services.section_in_window(window_obj, section):
            section = None
        return window_obj, section

    return page_cache.remember(request, f"comment-target:{region}:{plan}:{window}:{theme}", look_up)


def _section_not_open(request, window: ConsultationWindow, theme: str):
    context = {"window": window, "plan": window.plan, "theme": theme}
    return render(request, "consultations/section_not_open.html", context, status=404)


@require_http_methods(["GET", "POST"])
def comment_create(request, region, plan, window, theme):
    window, section = _comment_target(request, region, plan, window, theme)
    if section is None:
        return _section_not_open(request, window, theme)
    status = 200
    if request.method == "GET":
        form = CommentForm(region=window.plan.region)
    elif _declared_length(request) > settings.CONSULTATION_MAX_BODY_BYTES:
        # Refused before the body is read: nothing of it can be shown again.
        form = CommentForm(region=window.plan.region)
        messages.error(request, _("What you sent was too large. A comment can have at most 5000 characters."))
        status = 413
    else:
        form = CommentForm(request.POST, region=window.plan.region)
        status = _submit(request, form, window, section)
        if isinstance(status, Comment):
            return redirect("consultations:receipt", token=services.receipt_token(status))
    context = {
        "window": window,
        "plan": window.plan,
        "section": section,
        "form": form,
        "retention_days": services.contact_retention_days(),
        **_times(window),
    }
    return render(request, "consultations/comment_form.html", context, status=status)


def _declared_length(request) -> int:
    """The body size the client declares; a header that is not a number counts as too large."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return settings.CONSULTATION_MAX_BODY_BYTES + 1


def _submit(request, form: CommentForm, window: ConsultationWindow, section) -> Comment | int:
    """The saved comment, or the status to show the form again with (the form keeps what was typed)."""
    if not window.is_open():
        messages.error(request, _("This consultation is not open for comments now, so the comment was not saved."))
        return 409
    if abuse.comment_rate_limited(request, request.POST.get("email", "")):
        messages.error(
            request, _("Too many comments were sent from here in a short time. Wait a while and send it again.")
        )
        return 429
    if not form.is_valid():
        return 400
    try:
        return services.comment_submit(
            window=window, section=section, data=form.cleaned_data, language=translation.get_language()
        )
    except services.WindowClosed:
        messages.error(request, _("This consultation closed just now, so the comment was not saved."))
        return 409


def receipt(request, token):
    reference = services.reference_for_receipt(token)
    comment = (
        Comment.objects.select_related("window__plan__region", "section").filter(reference=reference).first()
        if reference
        else None
    )
    if comment is None:
        raise Http404("No such receipt")
    context = {"comment": comment, "window": comment.window, "plan": comment.window.plan, "has_email": None}
    context["has_email"] = hasattr(comment, "contact")
    return render(request, "consultations/receipt.html", context)


def _workshop_event(workshop) -> CalendarEvent:
    parts = (workshop.description, workshop.web_link, workshop.registration_link)
    return CalendarEvent(
        uid=event_uid("workshop", workshop.pk),
        title=workshop.title,
        start=workshop.starts_at,
        end=workshop.ends_at,
        location=workshop.place or workshop.web_link,
        description="\n\n".join(part for part in parts if part),
        url=settings.PUBLIC_URL + workshop.get_absolute_url(),
    )


@page_cache.public_page_cache
def workshops_ics(request, region, plan, window):
    window = _get_window(request, region, plan, window)
    events = [_workshop_event(workshop) for workshop in window.workshops.all()]
    body = calendar_ics(name=window.title, product="Consultations//EN", events=events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workshops-{window.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def subscribe(request, region):
    region = get_object_or_404(Region, slug=region)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if abuse.subscribe_rate_limited(request, email):
            messages.error(
                request, _("Too many subscriptions were asked for from here in a short time. Try again later.")
            )
            return render(request, "consultations/subscribe.html", {"region": region, "form": form}, status=429)
        services.subscription_request(region=region, email=email, language=translation.get_language())
        messages.success(
            request,
            _("Thank you. We sent a mail to %(email)s: open the link in it to confirm the subscription.")
            % {"email": email},
        )
        return redirect("consultations:subscribe", region=region.slug)
    status = 400 if form.is_bound else 200
    return render(request, "consultations/subscribe.html", {"region": region, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token):
    subscription = Subscription.objects.select_related("region").filter(token=token).first()
    if subscription is None:
        raise Http404("No such subscription")
    if request.method == "POST":
        services.subscription_confirm(token=token)
        messages.success(request, _("Your subscription is confirmed."))
        return redirect("consultations:subscription-confirm", token=token)
    return render(request, "consultations/subscription_confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a form; the unguessable token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        services.subscription_cancel(token=token)
        return render(request, "consultations/unsubscribe.html", {"done": True})
    subscription = Subscription.objects.select_related("region").filter(token=token).first()
    return render(request, "consultations/unsubscribe.html", {"subscription": subscription, "done": False})


@require_http_methods(["GET", "POST"])
def contact_remove(request, token):
    comment_id = comment_for_removal_token(token)
    if comment_id is None:
        raise Http404("No such link")
    if request.method == "POST":
        services.contact_remove(comment_id=comment_id)
        messages.success(request, _("Your e-mail address has been deleted. Your comment itself stays."))
        return redirect(reverse("consultations:contact-remove", kwargs={"token": token}) + "?done=1")
    return render(request, "consultations/contact_remove.html", {"done": request.GET.get("done") == "1"})


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


# Comments and answers per page of the feedback table; the counts above it and the downloads hold them all.
FEEDBACK_PAGE_SIZE = 50


def feedback_table(request, region, plan, window):
    window = _window_for_visitor(request.user, region=region, plan=plan, window=window)
    rows, totals, total, answered = published_counts(window=window)
    # ?comment=<reference>: one comment (its address, Comment.get_absolute_url); ?theme=<slug>: one theme's comments
    # (the window page shows the newest of each theme and links here for all of them).
    reference = request.GET.get("comment", "")
    wanted = "" if reference else request.GET.get("theme")
    theme = next((row.section for row in rows if row.section.theme.slug == wanted), None)
    comments = feedback_queryset(window=window)
    if reference:
        comments = comments.filter(reference=reference)
    elif theme is not None:
        comments = comments.filter(section=theme)
    page = Paginator(comments, FEEDBACK_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = with_shown_responses(list(page.object_list))
    for comment in shown:
        comment.change_url = change_url(comment.shown_response)
    categories = [label for _value, label in Comment.Category.choices]
    # Drawn CHART_WIDTH wide and scaled down to their column (portal.css), with text that is 12px on a 320px phone.
    # Side by side on a wide screen (feedback.html): one scale, so that bars of one length are as many comments in
    # both. Each keeps its own height (columns=1): the table below spans both columns, so equal heights would align
    # nothing and would leave a gap under the shorter chart where the two stack on a phone.
    theme_chart, category_chart = bar_charts(
        [
            ([(row.section.title, Decimal(row.total)) for row in rows], _("Comments by theme"), None),
            (
                [(label, Decimal(count)) for label, count in zip(categories, totals, strict=True)],
                _("Comments by category"),
                None,
            ),
        ],
        unit=_comments,
        width=CHART_WIDTH,
    )
    context = {
        "window": window,
        "plan": window.plan,
        "comments": shown,
        "page": page,
        "theme": theme,
        "reference": reference,
        "filter_query": f"theme={theme.theme.slug}" if theme else "",
        "count_rows": rows,
        "category_labels": categories,
        "category_totals": totals,
        "total": total,
        "answered": answered,
        "theme_chart": theme_chart,
        "category_chart": category_chart,
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
