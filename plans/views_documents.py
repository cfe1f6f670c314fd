"""Downloads of a plan's PDFs at stable addresses.

A download serves the newest ready file from storage with an ETag (the source hash) and Last-Modified; the
look-up (two queries: the plan, the document) is cached until one of the plan's files changes. It never renders
in the request: when nothing is ready it requests the document (in the embedded default, where Celery is eager,
that renders it in-process) and otherwise answers with a page that says the file is being prepared and reloads
itself.
"""

import contextlib
import hashlib
import io
import zipfile

from django.contrib import messages
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_safe

from core.access import ANY_ROLE, EDIT_PLANS, staff_member_required

from .documents import (
    DOWNLOAD_CACHE_SECONDS,
    DocumentSourceNotFound,
    ascii_file_name,
    current_ready_document,
    document_request,
    downloads_cache_key,
    plan_documents_refresh,
)
from .models import CooperationPlan, Document
from .selectors import get_plan_for_staff, get_plan_for_user

RETRY_SECONDS = 5


@require_safe
def summary_pdf(request, region, plan):
    def lookup():
        found = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
        document = current_ready_document(plan=found, kind=Document.Kind.PLAN_SUMMARY)
        if document is None:
            document = _request_now(plan=found, kind=Document.Kind.PLAN_SUMMARY)
        return found, document, found.title

    return _download(request, region, plan, "summary", lookup)


@require_safe
def theme_sheet_pdf(request, region, plan, theme):
    def lookup():
        found = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
        document = (
            Document.objects.filter(
                plan=found,
                kind=Document.Kind.THEME_SHEET,
                section__theme__slug=theme,
                scope="",
                language=found.language,
                state=Document.State.READY,
            )
            .select_related("section")
            .order_by("-created_at", "-pk")
            .first()
        )
        if document is None:
            section = found.sections.filter(theme__slug=theme).first()
            if section is None:
                raise Http404("No such theme in this plan")
            document = _request_now(plan=found, kind=Document.Kind.THEME_SHEET, section=section)
        return found, document, document.section.title

    return _download(request, region, plan, f"theme:{theme}", lookup)


@require_safe
def consultation_report_pdf(request, region, plan, window):
    scope = str(window)

    def lookup():
        found = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
        document = current_ready_document(plan=found, kind=Document.Kind.CONSULTATION_REPORT, scope=scope)
        if document is None:
            document = _request_now(plan=found, kind=Document.Kind.CONSULTATION_REPORT, scope=scope)
        return found, document, f"{found.slug}-{scope}"

    return _download(request, region, plan, f"consultation:{scope}", lookup)


def _download(request, region: str, plan: str, what: str, lookup):
    """Serve a ready file, found through the cache (no query) or by ``lookup`` (two queries), else the wait page.

    The cache key carries the plan's download version, which changes whenever one of its files becomes ready
    (plans.documents.plan_downloads_changed), so a cached look-up never outlives the file it names.
    """
    key = entry = None
    # Staff may see drafts of their own regions only, so only visitors' look-ups are shared through the cache.
    if not request.user.is_authenticated:
        try:
            key = downloads_cache_key(region_slug=region, plan_slug=plan, staff=False, what=what)
            entry = cache.get(key)
        except Exception:
            entry = None  # a cache that is down costs two queries, not the download
    if entry is None:
        found, document, title = lookup()
        if document.state != Document.State.READY:
            return _preparing(request, found)
        entry = {
            "name": document.file.name,
            "etag": f'"{document.source_hash}"',
            "last_modified": int(document.rendered_at.timestamp()),
            "filename": ascii_file_name(_file_label(found, document.kind), title, extension="pdf"),
            "private": found.status == CooperationPlan.Status.DRAFT,
        }
        if key is not None:
            with contextlib.suppress(Exception):
                cache.set(key, entry, DOWNLOAD_CACHE_SECONDS)
    not_modified = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
    if not_modified is not None:
        return _validators(not_modified, entry)
    response = FileResponse(
        default_storage.open(entry["name"], "rb"),
        as_attachment=True,
        filename=entry["filename"],
        content_type="application/pdf",
    )
    # Django's 4 KiB blocks make ~40 round trips through the WSGI stack for one sheet; 64 KiB make three.
    response.block_size = 64 * 1024
    return _validators(response, entry)


@require_safe
def theme_sheets_zip(request, region, plan):
    """Every theme sheet of the plan in one ZIP, built in memory from the ready files (a few hundred KB)."""
    plan = get_plan_for_user(request.user, region_slug=region, plan_slug=plan)
    sections = list(plan.sections.all())
    if not sections:
        raise Http404("This plan has no themes")
    ready = {}
    for document in Document.objects.filter(
        plan=plan, kind=Document.Kind.THEME_SHEET, scope="", language=plan.language, state=Document.State.READY
    ).order_by("-created_at", "-pk"):
        ready.setdefault(document.section_id, document)
    missing = [section for section in sections if section.pk not in ready]
    for section in missing:
        document = _request_now(plan=plan, kind=Document.Kind.THEME_SHEET, section=section)
        if document.state == Document.State.READY:
            ready[section.pk] = document
    if any(section.pk not in ready for section in sections):
        return _preparing(request, plan)
    documents = [(section, ready[section.pk]) for section in sections]
    combined = hashlib.sha256("".join(d.source_hash for _s, d in documents).encode()).hexdigest()
    etag = f'"{combined}"'
    last_modified = int(max(d.rendered_at for _s, d in documents).timestamp())
    validators = {"etag": etag, "last_modified": last_modified, "private": plan.status == CooperationPlan.Status.DRAFT}
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return _validators(not_modified, validators)
    buffer = io.BytesIO()
    label = _file_label(plan, Document.Kind.THEME_SHEET)
    # Stored, not deflated: PDFs are compressed already.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for position, (section, document) in enumerate(documents, start=1):
            with document.file.open("rb") as pdf:
                archive.writestr(f"{position:02d}_{ascii_file_name(label, section.title, extension='pdf')}", pdf.read())
    with translation.override(plan.language):
        zip_label = pgettext("file name", "Theme sheets")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{ascii_file_name(zip_label, plan.slug, extension="zip")}"'
    return _validators(response, validators)


def _request_now(*, plan: CooperationPlan, kind: str, section=None, scope: str = "") -> Document:
    try:
        document = document_request(plan=plan, kind=kind, section=section, scope=scope)
    except DocumentSourceNotFound:
        raise Http404("No such document") from None
    # In eager mode the render ran when the request's transaction committed; elsewhere it is still queued.
    document.refresh_from_db()
    if document.state != Document.State.READY:
        # The newest ready version (e.g. before a failed render of new content) is better than nothing.
        return current_ready_document(plan=plan, kind=kind, section_id=document.section_id, scope=scope) or document
    return document


def _file_label(plan: CooperationPlan, kind: str) -> str:
    with translation.override(plan.language):
        return capfirst(str(Document.Kind(kind).label))


def _validators(response, entry: dict):
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    # Revalidate every time (a cheap 304): a plan republished a minute ago must not be served stale from a cache.
    if entry["private"]:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    return response


def _preparing(request, plan: CooperationPlan):
    # 202 Accepted: the work is under way and nothing is wrong. A 5xx would be logged as a server error, mailed
    # to ADMINS and shown as an outage by monitors, for every PDF a visitor asks for before a worker made it.
    response = render(
        request,
        "plans/document_preparing.html",
        {"plan": plan, "retry_seconds": RETRY_SECONDS, "page_title": _("The document is being prepared")},
        status=202,
    )
    response["Retry-After"] = str(RETRY_SECONDS)
    _reload_after(response, RETRY_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def _reload_after(response, seconds: int) -> None:
    # The Refresh header, not a <meta> refresh: browsers reload the same, and the page says so in its status text
    # with a link to try at once (a silent meta refresh is what WCAG 2.2.1 and axe's meta-refresh rule forbid).
    response["Refresh"] = str(seconds)


# --- Staff ---------------------------------------------------------------------------------------------------


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
        _reload_after(response, RETRY_SECONDS)
    return response
