"""Downloads of documents at stable addresses, for every kind.

The addresses are named by the apps that print them (plans/urls.py), each pattern passing the ``kind``; the
kind's owner finds what an address names and who may see it (documents/kinds.py). A download serves the newest
ready file from storage with an ETag (the source hash) and Last-Modified; the look-up (two queries: the plan, the
document) is cached until one of the plan's files changes. It never renders in the request: when nothing is ready
it requests the document (in the embedded default, where Celery is eager, that renders it in-process) and
otherwise answers with a page that says the file is being prepared and reloads itself.
"""

import contextlib
import hashlib
import io
import zipfile

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .downloads import DOWNLOAD_CACHE_SECONDS, ascii_file_name, current_ready_document, downloads_cache_key
from .kinds import DocumentKind, DocumentSourceNotFound, Subject, document_kind
from .models import Document
from .rendering import document_request

RETRY_SECONDS = 5


def _kind(kind: str) -> DocumentKind:
    try:
        return document_kind(kind)
    except DocumentSourceNotFound:
        raise Http404("No such kind of document") from None


@require_safe
def document_download(request, kind, region, plan, **address):
    """The newest ready file of one document; ``address`` holds the rest of its address (a theme, a window)."""
    found = _kind(kind).find
    what = ":".join([kind, *(str(address[name]) for name in sorted(address))])

    def lookup():
        subject = found(request, region=region, plan=plan, **address)
        return subject, subject.document or _request_now(kind=kind, subject=subject)

    return _download(request, region, plan, what, lookup)


def _download(request, region: str, plan: str, what: str, lookup):
    """Serve a ready file, found through the cache (no query) or by ``lookup`` (two queries), else the wait page.

    The cache key carries the plan's download version, which changes whenever one of its files becomes ready
    (documents.downloads.plan_downloads_changed), so a cached look-up never outlives the file it names.
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
        subject, document = lookup()
        if document.state != Document.State.READY:
            return _preparing(request, subject.plan)
        entry = {
            "name": document.file.name,
            "etag": f'"{document.source_hash}"',
            "last_modified": int(document.rendered_at.timestamp()),
            "filename": ascii_file_name(_file_label(subject.plan, document.kind), subject.title, extension="pdf"),
            "private": subject.private,
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
def documents_zip(request, kind, region, plan):
    """Every document of a kind that the kind's owner bundles (a plan's theme sheets) in one ZIP, built in memory
    from the ready files (a few hundred KB)."""
    bundle = _kind(kind).bundle
    if bundle is None:
        raise Http404("This kind of document has no ZIP")
    bundle = bundle(request, region=region, plan=plan)
    plan = bundle.plan
    ready = {}
    for document in Document.objects.filter(
        plan=plan, kind=kind, language=plan.language, state=Document.State.READY
    ).order_by("-created_at", "-pk"):
        ready.setdefault((document.section_id, document.scope), document)
    for subject in bundle.subjects:
        if _key(subject) not in ready:
            document = _request_now(kind=kind, subject=subject)
            if document.state == Document.State.READY:
                ready[_key(subject)] = document
    if any(_key(subject) not in ready for subject in bundle.subjects):
        return _preparing(request, plan)
    documents = [(subject, ready[_key(subject)]) for subject in bundle.subjects]
    combined = hashlib.sha256("".join(d.source_hash for _s, d in documents).encode()).hexdigest()
    etag = f'"{combined}"'
    last_modified = int(max(d.rendered_at for _s, d in documents).timestamp())
    validators = {"etag": etag, "last_modified": last_modified, "private": bundle.private}
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return _validators(not_modified, validators)
    buffer = io.BytesIO()
    label = _file_label(plan, kind)
    # Stored, not deflated: PDFs are compressed already.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for position, (subject, document) in enumerate(documents, start=1):
            with document.file.open("rb") as pdf:
                archive.writestr(f"{position:02d}_{ascii_file_name(label, subject.title, extension='pdf')}", pdf.read())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bundle.file_name}"'
    return _validators(response, validators)


def _key(subject: Subject) -> tuple:
    return (subject.section.pk if subject.section is not None else None, subject.scope)


def _request_now(*, kind: str, subject: Subject) -> Document:
    try:
        document = document_request(plan=subject.plan, kind=kind, section=subject.section, scope=subject.scope)
    except DocumentSourceNotFound:
        raise Http404("No such document") from None
    # In eager mode the render ran when the request's transaction committed; elsewhere it is still queued.
    document.refresh_from_db()
    if document.state != Document.State.READY:
        # The newest ready version (e.g. before a failed render of new content) is better than nothing.
        newest = current_ready_document(
            plan=subject.plan, kind=kind, section_id=document.section_id, scope=subject.scope
        )
        return newest or document
    return document


def _file_label(plan, kind: str) -> str:
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


def _preparing(request, plan):
    # 202 Accepted: the work is under way and nothing is wrong. A 5xx would be logged as a server error, mailed
    # to ADMINS and shown as an outage by monitors, for every PDF a visitor asks for before a worker made it.
    response = render(
        request,
        "documents/document_preparing.html",
        {"plan": plan, "retry_seconds": RETRY_SECONDS, "page_title": _("The document is being prepared")},
        status=202,
    )
    response["Retry-After"] = str(RETRY_SECONDS)
    reload_after(response, RETRY_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def reload_after(response, seconds: int) -> None:
    """Have the browser load the page again (the staff documents page too, while files are rendering)."""
    # The Refresh header, not a <meta> refresh: browsers reload the same, and the page says so in its status text
    # with a link to try at once (a silent meta refresh is what WCAG 2.2.1 and axe's meta-refresh rule forbid).
    response["Refresh"] = str(seconds)
