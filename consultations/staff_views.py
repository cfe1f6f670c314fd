"""Staff pages of consultations: windows and workshops, the moderation queue, answers, exports, personal data.

Who may do what (encoded in tests/staff/matrix_consultations.py):
- any role of the region may read the queue, a comment and the list of windows;
- editors and moderators open, change, extend and close windows and their workshops (plan work);
- moderators moderate, answer, enter workshop input, export the staff feedback table (it holds e-mail
  addresses) and export or erase one person's data.
A page that only exists to act (a form) needs the acting role to be opened at all.
"""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.access import (
    ANY_ROLE,
    EDIT_PLANS,
    MODERATE,
    get_region_for_staff,
    has_role,
    require_role,
    staff_member_required,
)
from core.models import Region
from core.versioning import report_merge, save_merging
from plans.selectors import get_plan_for_staff

from . import feedback, moderation, personal_data, windows
from .models import Comment, ConsultationWindow, Workshop
from .staff_forms import (
    TO_CHECK,
    BulkForm,
    CloseEarlyForm,
    EraseForm,
    ExtendForm,
    PersonalDataForm,
    QueueFilterForm,
    RejectForm,
    ResponseForm,
    WindowForm,
    WorkshopCommentForm,
    WorkshopForm,
)

WINDOW_ROLES = EDIT_PLANS | MODERATE
QUEUE_PAGE_SIZE = 50


def _window_for_staff(user, *, region: str, window: int, roles=ANY_ROLE) -> ConsultationWindow:
    try:
        found = ConsultationWindow.objects.select_related("plan__region").get(pk=window, plan__region__slug=region)
    except ConsultationWindow.DoesNotExist:
        raise Http404("No such consultation window") from None
    require_role(user, found.plan.region_id, roles)
    return found


def _comment_for_staff(user, *, region: str, pk: int, roles=ANY_ROLE) -> Comment:
    try:
        comment = Comment.objects.select_related(
            "window__plan__region", "section__theme", "municipality", "workshop", "moderated_by", "contact"
        ).get(pk=pk, window__plan__region__slug=region)
    except Comment.DoesNotExist:
        raise Http404("No such comment") from None
    require_role(user, comment.window.plan.region_id, roles)
    return comment


def _posted(request):
    # Not ``request.POST or None``: a form posted with no fields (closing a window without a reason) is still posted.
    return request.POST if request.method == "POST" else None


# --- windows ----------------------------------------------------------------------------------------------------


@staff_member_required
def window_list(request, region):
    region = get_region_for_staff(request.user, region_slug=region)
    plans = region.plans.originals().prefetch_related("consultation_windows").order_by("-start_year", "title")
    return render(
        request,
        "staff/consultations/window_list.html",
        {"region": region, "plans": plans, "zone": region.zone.key},
    )


@staff_member_required
def window_create(request, region, plan):
    plan = get_plan_for_staff(request.user, region_slug=region, plan_slug=plan, roles=WINDOW_ROLES)
    form = WindowForm(_posted(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        window = windows.window_create(
            actor=request.user,
            plan=plan,
            title=data["title"],
            intro=data["intro"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            moderation_mode=data["moderation_mode"],
            sections=list(data["sections"]),
        )
        messages.success(request, _("The consultation window was created."))
        return redirect("consultations-staff:window-edit", region=plan.region.slug, window=window.pk)
    return render(request, "staff/consultations/window_form.html", {"form": form, "plan": plan, "window": None})


@staff_member_required
def window_edit(request, region, window):
    window = _window_for_staff(request.user, region=region, window=window, roles=WINDOW_ROLES)
    form = WindowForm(_posted(request), instance=copy(window), plan=window.plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        result = save_merging(
            form, save=lambda form: _window_update(request, window, form), form_kwargs={"plan": window.plan}
        )
        report_merge(request, result)
        if result.saved:
            messages.success(request, _("The consultation window was saved."))
            return redirect("consultations-staff:window-edit", region=region, window=window.pk)
        form, conflict = result.form, result.conflict
    context = {
        "form": form,
        "plan": window.plan,
        "window": window,
        "workshops": window.workshops.all(),
        "conflict": conflict,
    }
    return render(request, "staff/consultations/window_form.html", context, status=409 if conflict else 200)


def _window_update(request, window, form):
    data = form.cleaned_data
    return windows.window_update(
        actor=request.user,
        window=ConsultationWindow.objects.select_related("plan").get(pk=window.pk),
        title=data["title"],
        intro=data["intro"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        moderation_mode=data["moderation_mode"],
        sections=list(data["sections"]),
        expected_version=form.expected_version,
    )


@staff_member_required
def window_extend(request, region, window):
    window = _window_for_staff(request.user, region=region, window=window, roles=WINDOW_ROLES)
    form = ExtendForm(_posted(request), window=window)
    if request.method == "POST" and form.is_valid():
        try:
            windows.window_extend(actor=request.user, window=window, closes_at=form.cleaned_data["closes_at"])
        except ValidationError as error:
            form.add_error("closes_at", error)
        else:
            messages.success(request, _("The consultation window was extended."))
            return redirect("consultations-staff:window-edit", region=region, window=window.pk)
    return render(request, "staff/consultations/window_extend.html", {"form": form, "window": window})


@staff_member_required
def window_close(request, region, window):
    window = _window_for_staff(request.user, region=region, window=window, roles=WINDOW_ROLES)
    form = CloseEarlyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            windows.window_close_early(actor=request.user, window=window, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The consultation window was closed."))
            return redirect("consultations-staff:window-edit", region=region, window=window.pk)
    return render(request, "staff/consultations/window_close.html", {"form": form, "window": window})


@staff_member_required
def workshop_edit(request, region, window, pk=None):
    window = _window_for_staff(request.user, region=region, window=window, roles=WINDOW_ROLES)
    instance = None
    if pk is not None:
        instance = window.workshops.filter(pk=pk).first()
        if instance is None:
            raise Http404("No such workshop")
    form = WorkshopForm(_posted(request), instance=instance or Workshop(window=window), window=window)
    if request.method == "POST" and form.is_valid():
        try:
            windows.workshop_save(actor=request.user, window=window, workshop=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The workshop was saved."))
            return redirect("consultations-staff:window-edit", region=region, window=window.pk)
    return render(request, "staff/consultations/workshop_form.html", {"form": form, "window": window})


# --- moderation -------------------------------------------------------------------------------------------------


@staff_member_required
def queue(request, region):
    region = get_region_for_staff(request.user, region_slug=region)
    data = request.GET.copy()
    # The queue opens on what is still to check; "all states" is an explicit empty choice.
    data.setdefault("state", TO_CHECK)
    filters = QueueFilterForm(data, region=region)
    comments = filters.filter(
        Comment.objects.filter(window__plan__region=region)
        .select_related("window", "section", "workshop")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(comments, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "region": region,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "bulk_actions": BulkForm.ACTION_LABELS.items(),
        "can_moderate": _can(request.user, region, MODERATE),
    }
    return render(request, "staff/consultations/queue.html", context)


def _can(user, region: Region, roles) -> bool:
    return has_role(user, region, roles)


@staff_member_required
def bulk(request, region):
    region = get_region_for_staff(request.user, region_slug=region, roles=MODERATE)
    if request.method != "POST":
        return redirect("consultations-staff:queue", region=region.slug)
    form = BulkForm(request.POST, region=region)
    if form.is_valid():
        data = form.cleaned_data
        changed = moderation.comments_bulk(
            actor=request.user, action=data["action"], comments=list(data["comments"]), reason=data["reason"]
        )
        messages.success(
            request,
            ngettext("%(count)s comment changed.", "%(count)s comments changed.", changed) % {"count": changed},
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    # Back to the same filtered page of the queue.
    back = request.POST.get("next", "")
    queue_url = reverse("consultations-staff:queue", kwargs={"region": region.slug})
    return redirect(queue_url + back if back.startswith("?") else queue_url)


@staff_member_required
def comment_detail(request, region, pk):
    comment = _comment_for_staff(request.user, region=region, pk=pk)
    return _render_comment(request, comment, RejectForm())


def _render_comment(request, comment, reject_form, status=200):
    context = {
        "comment": comment,
        "region": comment.window.plan.region,
        "reject_form": reject_form,
        "response": getattr(comment, "response", None),
        "can_moderate": _can(request.user, comment.window.plan.region, MODERATE),
    }
    return render(request, "staff/consultations/comment_detail.html", context, status=status)


@staff_member_required
def comment_moderate(request, region, pk):
    comment = _comment_for_staff(request.user, region=region, pk=pk, roles=MODERATE)
    if request.method != "POST":
        return redirect("consultations-staff:comment", region=region, pk=pk)
    action = request.POST.get("action")
    if action == "publish":
        moderation.comment_publish(actor=request.user, comment=comment)
        messages.success(request, _("The comment was published."))
    elif action == "spam":
        moderation.comment_mark_spam(actor=request.user, comment=comment)
        messages.success(request, _("The comment was marked as spam."))
    elif action == "reject":
        form = RejectForm(request.POST)
        if not form.is_valid():
            return _render_comment(request, comment, form, status=400)
        moderation.comment_reject(actor=request.user, comment=comment, reason=form.cleaned_data["reason"])
        messages.success(request, _("The comment was rejected."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect("consultations-staff:comment", region=region, pk=pk)


@staff_member_required
def comment_answer(request, region, pk):
    comment = _comment_for_staff(request.user, region=region, pk=pk, roles=MODERATE)
    existing = getattr(comment, "response", None)
    form = ResponseForm(_posted(request), instance=existing, comment=comment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publish = "publish" in request.POST
        try:
            response = moderation.response_save(
                actor=request.user,
                comment=comment,
                decision=data["decision"],
                reason=data["reason"],
                changed_section=data["changed_section"],
                changed_activity=data["changed_activity"],
                change_set=data.get("change_set"),
                publish=publish,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if publish and not response.published_at:
                messages.warning(request, _("The answer was saved; answers to rejected comments are not published."))
            else:
                messages.success(
                    request, _("The answer was published.") if publish else _("The answer was saved as a draft.")
                )
            return redirect("consultations-staff:comment", region=region, pk=pk)
    status = 400 if form.is_bound else 200
    return render(request, "staff/consultations/comment_answer.html", {"form": form, "comment": comment}, status=status)


def _add_errors(form, error: ValidationError) -> None:
    """A service's errors by field onto the form's fields, the rest (or a field it lacks) above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@staff_member_required
def responses_publish(request, region, window):
    window = _window_for_staff(request.user, region=region, window=window, roles=MODERATE)
    if request.method != "POST":
        return redirect("consultations-staff:window-edit", region=region, window=window.pk)
    count, marked = moderation.window_feedback_publish(actor=request.user, window=window)
    messages.success(
        request, ngettext("%(count)s answer published.", "%(count)s answers published.", count) % {"count": count}
    )
    if marked:
        messages.success(request, _("The feedback of the window is published, with its consultation report."))
    elif not window.feedback_published_at:
        messages.info(request, _("The feedback as a whole is published once the window has closed."))
    return redirect("consultations-staff:window-edit", region=region, window=window.pk)


@staff_member_required
def workshop_comment(request, region, window):
    window = _window_for_staff(request.user, region=region, window=window, roles=MODERATE)
    form = WorkshopCommentForm(_posted(request), window=window)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            comment = moderation.workshop_comment_create(
                actor=request.user,
                window=window,
                section=data["section"],
                category=data["category"],
                body=data["body"],
                source=data["source"],
                workshop=data["workshop"],
                author_name=data["author_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Comment %(reference)s was added to the queue.") % {"reference": comment.reference}
            )
            return redirect("consultations-staff:workshop-comment", region=region, window=window.pk)
    status = 400 if form.is_bound else 200
    return render(request, "staff/consultations/workshop_comment.html", {"form": form, "window": window}, status=status)


@staff_member_required
def feedback_export(request, region, window, file_format):
    window = _window_for_staff(request.user, region=region, window=window, roles=MODERATE)
    if file_format not in feedback.FORMATS:
        raise Http404("No such format")
    content = feedback.feedback_export(
        window=window,
        file_format=file_format,
        staff=True,
        actor=request.user,
        base_url=request.build_absolute_uri("/")[:-1],
    )
    response = HttpResponse(content, content_type=feedback.FORMATS[file_format])
    filename = feedback.feedback_filename(window=window, file_format=file_format, staff=True)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- personal data ----------------------------------------------------------------------------------------------


@staff_member_required
def personal_data_view(request, region):
    region = get_region_for_staff(request.user, region_slug=region, roles=MODERATE)
    # Addresses travel in POST bodies only, never in URLs (which end up in access logs and browser history).
    form = PersonalDataForm(_posted(request))
    found = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        action = request.POST.get("action")
        if action in ("json", "csv"):
            content = personal_data.personal_data_export(
                actor=request.user, region=region, email=email, file_format=action
            )
            response = HttpResponse(
                content, content_type="application/json" if action == "json" else "text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="personal-data-{region.slug}.{action}"'
            return response
        if action == "erase":
            erase_form = EraseForm(request.POST)
            if erase_form.is_valid():
                erased = personal_data.personal_data_erase(actor=request.user, region=region, email=email)
                messages.success(
                    request,
                    _(
                        "Erased %(contacts)s addresses, %(mails)s mails, %(names)s names and "
                        "%(subscriptions)s subscriptions."
                    )
                    % {
                        "contacts": erased.contacts,
                        "mails": erased.mails,
                        "names": erased.names,
                        "subscriptions": erased.subscriptions,
                    },
                )
                return redirect("consultations-staff:personal-data", region=region.slug)
            found = personal_data.personal_data_find(region=region, email=email)
            context = {"region": region, "form": form, "found": found, "erase_form": erase_form}
            return render(request, "staff/consultations/personal_data.html", context, status=400)
    if form.is_bound and form.is_valid():
        found = personal_data.personal_data_find(region=region, email=form.cleaned_data["email"])
    erase_form = EraseForm(initial={"email": form.cleaned_data["email"]}) if found else None
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {"region": region, "form": form, "found": found, "erase_form": erase_form}
    return render(request, "staff/consultations/personal_data.html", context, status=status)
