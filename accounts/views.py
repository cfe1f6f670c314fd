"""Staff workspace pages that belong to no single app: log-in, dashboard, account, audit log.

Logging in takes one or two steps. The password step authenticates (django-axes counts failures and locks
out); a user with a confirmed TOTP device is not logged in yet, only remembered in the session for a few
minutes, and the second step logs in once the six-digit code is right. So nobody with a device ever holds a
session without having given the code.
"""

import base64
import time
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations import abuse
from consultations.models import Comment, ConsultationWindow
from core.access import ANY_ROLE, CHANGE_SETS, has_role, regions_for, require_role, staff_member_required
from core.models import AuditEvent, RegionRole
from core.proxy import client_ip
from documents.models import Document
from plans.history import (
    REGISTRY,
    field_changes,
    m2m_now,
    m2m_rows,
    object_versions,
    readable_changes,
    version_restore,
)
from plans.models import Activity, ChangeSet, CooperationPlan, ThemeSection
from projects.models import Project

from . import services
from .forms import AuditFilterForm, LoginForm, PasswordConfirmForm, TokenForm

PENDING_USER_KEY = "staff_login_pending_user"
PENDING_SECONDS = 5 * 60
RECENT_CHANGES = 20
AUDIT_PAGE_SIZE = 50


# --- Logging in -----------------------------------------------------------------------------------------------


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("staff:dashboard")


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if _confirmed_device(user) is None:
            auth_login(request, user)
            return redirect(_next_url(request))
        request.session[PENDING_USER_KEY] = {"id": user.pk, "backend": user.backend, "at": time.time()}
        url = reverse("staff:login-verify")
        if request.POST.get("next"):
            url += "?" + urlencode({"next": request.POST["next"]})
        return redirect(url)
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "staff/account/login.html", context)


def _pending_user(request):
    pending = request.session.get(PENDING_USER_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None
    user = get_user_model()._default_manager.filter(pk=pending["id"], is_active=True).first()
    return user, pending.get("backend")


@sensitive_post_parameters()
@csrf_protect
@never_cache
def login_verify(request):
    user, backend = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_USER_KEY, None)
        messages.info(request, _("Please log in again."))
        return redirect("staff:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = next(
            (
                d
                for d in TOTPDevice.objects.filter(user=user, confirmed=True)
                if d.verify_token(form.cleaned_data["token"])
            ),
            None,
        )
        if device is not None:
            del request.session[PENDING_USER_KEY]
            user.backend = backend
            auth_login(request, user)
            otp_login(request, device)
            return redirect(_next_url(request))
        # django-otp makes a device wait twice as long after each wrong code (even for a right one), so that
        # guessing six digits takes forever.
        form.add_error(
            "token", _("The code is not right or has expired. Wait a moment, then type the code your app shows now.")
        )
    return render(request, "staff/account/login_verify.html", {"form": form, "next": request.GET.get("next", "")})


logout = auth_views.LogoutView.as_view(http_method_names=["post", "options"])


def admin_login(request):
    """The admin's own log-in form knows nothing of the second step: every way in goes through the staff log-in."""
    return auth_views.redirect_to_login(
        request.GET.get("next") or reverse("admin:index"), login_url=reverse("staff:login")
    )


# --- Passwords --------------------------------------------------------------------------------------------------

password_change = staff_member_required(
    auth_views.PasswordChangeView.as_view(
        template_name="staff/account/password_change.html", success_url=reverse_lazy("staff:password-change-done")
    )
)
password_change_done = staff_member_required(
    auth_views.PasswordChangeDoneView.as_view(template_name="staff/account/password_change_done.html")
)


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for a reset link, mailed in the language of the page (services.password_reset_queue).

    Known and unknown addresses get the same answer, also once an address has reached its limit: a different
    answer would tell that the address has an account or is being asked for. Only a client address that asks
    too often is told so (429).
    """

    template_name = "staff/account/password_reset.html"
    success_url = reverse_lazy("staff:password-reset-done")

    def post(self, request, *args, **kwargs):
        if abuse.over_limit([("password-reset-ip", client_ip(request), settings.PASSWORD_RESET_RATE_IP)]):
            messages.error(request, _("Too many password reset requests were sent from here. Try again later."))
            return self.render_to_response(self.get_context_data(form=self.get_form()), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not abuse.over_limit([("password-reset-email", email.lower(), settings.PASSWORD_RESET_RATE_EMAIL)]):
            services.password_reset_queue(email=email)
        return redirect(self.get_success_url())


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="staff/account/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="staff/account/password_reset_confirm.html", success_url=reverse_lazy("staff:password-reset-complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="staff/account/password_reset_complete.html"
)

# --- My account and two-factor authentication -------------------------------------------------------------------


@staff_member_required
def account(request):
    context = {
        "roles": RegionRole.objects.filter(user=request.user).select_related("region").order_by("region__name", "role"),
        "device": _confirmed_device(request.user),
    }
    return render(request, "staff/account/account.html", context)


def _secret(device: TOTPDevice) -> str:
    """The key as authenticator apps accept it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@staff_member_required
def two_factor_setup(request):
    """Show a new key (QR code and text), and switch it on once the user types a code it makes."""
    if _confirmed_device(request.user) is not None:
        return redirect("staff:account")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-step verification is on. From now on you log in with a code too."))
            return redirect("staff:account")
        form.add_error("token", _("The code is not right. Check the time on your phone and try the code shown now."))
    qr = segno.make(device.config_url, error="m")
    context = {"form": form, "qr_svg": qr.svg_inline(scale=4, dark="#000", light="#fff"), "secret": _secret(device)}
    return render(request, "staff/account/two_factor_setup.html", context)


@sensitive_post_parameters()
@staff_member_required
def two_factor_disable(request):
    form = PasswordConfirmForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=request.user).delete()
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Two-step verification is off."))
        return redirect("staff:account")
    return render(request, "staff/account/two_factor_disable.html", {"form": form})


# --- Dashboard --------------------------------------------------------------------------------------------------


# One save may write several history rows with the same version (an activity with its partner and municipality
# lists writes one per list): read this many rows per save so that the list still fills after grouping them.
ROWS_PER_SAVE = 3


def recent_changes_by_others(*, user, region_ids: list[int], limit: int = RECENT_CHANGES) -> list[dict]:
    """The newest saved versions of plans, sections, activities and projects in these regions by someone else
    (or by nobody, e.g. an import): one query per kind of object. The history rows of one save (same object,
    version and person) are one change: listed once, as "created" when the save created the object."""
    sources = [
        (CooperationPlan, "region_id__in", "plans.cooperationplan"),
        (ThemeSection, "plan__region_id__in", "plans.themesection"),
        (Activity, "section__plan__region_id__in", "plans.activity"),
        (Project, "region_id__in", "projects.project"),
    ]
    saves: dict[tuple, dict] = {}
    for model, region_filter, label in sources:
        records = (
            model.history.filter(**{region_filter: region_ids})
            .exclude(history_user=user)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[: limit * ROWS_PER_SAVE]
        )
        for record in records:
            key = (label, record.id, record.version, record.history_user_id)
            change = saves.get(key)
            if change is not None:  # an older row of the same save: the newest one names it
                if record.history_type in {"+", "-"}:
                    change["type"] = record.history_type
                continue
            saves[key] = {
                "label": label,
                "verbose_name": model._meta.verbose_name,
                "pk": record.id,
                "name": str(record.instance),
                "at": record.history_date,
                "who": record.history_user.get_username() if record.history_user else "",
                "type": record.history_type,
            }
    found = sorted(saves.values(), key=lambda change: change["at"], reverse=True)
    return found[:limit]


@staff_member_required
def dashboard(request):
    regions = list(regions_for(request.user).order_by("name"))
    region_ids = [region.pk for region in regions]
    plans = list(
        CooperationPlan.objects.originals()
        .filter(region_id__in=region_ids)
        .select_related("region")
        .order_by("region__name", "-start_year")
    )
    windows = list(
        ConsultationWindow.objects.open_now()
        .filter(plan__region_id__in=region_ids)
        .select_related("plan__region")
        .annotate(pending=Count("comments", filter=Q(comments__state=Comment.State.PENDING)))
        .order_by("closes_at")
    )
    failed = list(
        Document.objects.filter(plan__region_id__in=region_ids, state=Document.State.FAILED)
        .select_related("plan__region", "section")
        .order_by("-created_at")[:50]
    )
    # Change sets being prepared or waiting for review, in the regions where the user prepares or reviews them.
    change_sets = list(
        ChangeSet.objects.filter(
            plan__region__in=regions_for(request.user, CHANGE_SETS),
            state__in=[ChangeSet.State.OPEN, ChangeSet.State.IN_REVIEW],
        )
        .select_related("plan__region")
        .order_by("-state", "-created_at")
    )
    context = {
        "regions": regions,
        "plans": plans,
        "change_sets": change_sets,
        "windows": windows,
        "failed_documents": failed,
        "changes": recent_changes_by_others(user=request.user, region_ids=region_ids),
        "now": timezone.now(),
    }
    return render(request, "staff/dashboard.html", context)


# --- Audit log --------------------------------------------------------------------------------------------------


@staff_member_required
def audit_log(request):
    regions = list(regions_for(request.user).order_by("name"))
    form = AuditFilterForm(request.GET or None, regions=regions)
    events = AuditEvent.objects.select_related("region")
    if not request.user.is_superuser:
        events = events.filter(region__in=[region.pk for region in regions])
    if form.is_valid():
        if form.cleaned_data["action"]:
            events = events.filter(action=form.cleaned_data["action"])
        if form.cleaned_data["region"]:
            events = events.filter(region__slug=form.cleaned_data["region"])
    page = Paginator(events.order_by("-at", "-pk"), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "staff/audit_log.html", context)


def _get_object_for_staff(user, label: str, pk: int, roles=ANY_ROLE):
    """The registered object (404 for an unknown kind or pk) if the user holds one of the roles in its region."""
    kind = REGISTRY.get(label)
    if kind is None:
        raise Http404("No history for this kind of object")
    objects = kind.model._default_manager.all()
    if kind.select_related:
        objects = objects.select_related(*kind.select_related)
    obj = objects.filter(pk=pk).first()
    if obj is None:
        raise Http404("No such object")
    region_id = kind.region_of(obj)
    require_role(user, region_id, roles)
    return kind, obj, region_id


@staff_member_required
def history(request, label, pk):
    kind, obj, region_id = _get_object_for_staff(request.user, label, pk)
    context = {
        "kind": kind,
        "obj": obj,
        "verbose_name": kind.model._meta.verbose_name,
        "versions": object_versions(obj=obj),
        "may_restore": has_role(request.user, region_id, kind.restore_roles),
    }
    return render(request, "staff/history/object_history.html", context)


@staff_member_required
def history_restore(request, label, pk, history_id):
    kind = REGISTRY.get(label)
    kind, obj, region_id = _get_object_for_staff(request.user, label, pk, kind.restore_roles if kind else ANY_ROLE)
    record = obj.history.filter(history_id=history_id).select_related("history_user").first()
    if record is None:
        raise Http404("No such version")
    if request.method == "POST" and request.POST.get("confirm") == "1":
        version_restore(obj=obj, history_id=history_id, actor=request.user, region_id=region_id, kind=kind)
        messages.success(request, _("The version was restored. The restore is itself a new version below."))
        return redirect("staff:history", label=label, pk=pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    # The object now (newer) against the version (older), turned round: what the restore changes, from now to then.
    model = type(obj)
    raw = field_changes(
        model=model,
        newer=obj,
        older=record,
        m2m=m2m_rows(model=model, records=[record]),
        m2m_newer=m2m_now(model, [obj]),
    )
    (changes,) = readable_changes([[(f, new, old) for f, old, new in raw]])
    context = {
        "kind": kind,
        "obj": obj,
        "record": record,
        "verbose_name": kind.model._meta.verbose_name,
        "changes": changes,
    }
    return render(request, "staff/history/restore_confirm.html", context)
