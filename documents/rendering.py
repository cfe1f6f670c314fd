"""PDF documents: when they are rendered, and where the files live.

A document is identified by what it is about (plan, kind, theme section, scope, language) and by the sha256 of
its source HTML (plus the renderer's identity). ``document_request`` never renders: it returns the Document for
the current source hash, creating a queued one and enqueueing ``documents.tasks.render_document`` on commit when
the content is new. ``document_render`` (run by the task) claims the job with a conditional update, so a repeated,
late or superseded task does nothing.

A claim is a lease: the row records the claiming attempt (the Celery task id) and when its claim runs out
(``PDF_RENDER_LEASE_SECONDS``, which is also the task's hard time limit, so no render outlives its lease). The
same attempt redelivered after its worker was killed (acks_late) takes its claim over at once; another attempt
only after the lease ran out, and ``documents_sweep`` (on beat) queues those again. A staff "render again" forces a
new attempt. Every outcome is recorded only while the row still belongs to the attempt, so a late finisher never
overwrites newer work.

What goes into each kind of document comes from the app that owns the kind (documents/kinds.py): this module
never imports plans or consultations.

"Current" is the document of a subject with the newest ``created_at``. When content changes back to a version
that was rendered before, ``document_request`` moves that document's ``created_at`` forward, so it is current
again (Document has no separate "requested at" field).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
import uuid
from datetime import timedelta
from decimal import Decimal

import segno
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import capfirst

from .downloads import plan_downloads_changed
from .kinds import DocumentSource, document_kind, registered_kinds
from .models import Document

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"
# Part of every source hash: a new renderer or variant may change the output of unchanged HTML.
RENDERER_ID = f"weasyprint-70 {PDF_VARIANT} documents-v1"
# Filled in at render time, so that neither the hash nor the HTML depends on the day or on the hash itself.
VERSION_PLACEHOLDER = "@@document-version@@"
DATE_PLACEHOLDER = "@@document-date@@"
SOURCE_CACHE_SECONDS = 60 * 60
# Errors worth retrying (the task retries them with a backoff); anything else fails the document for good.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


# --- Sources -----------------------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + path


@functools.lru_cache(maxsize=512)
def _qr_data_uri(url: str) -> str:
    # ~30 ms to encode: a plan's addresses rarely change, and every request and render of a document needs it.
    # A PNG, not an SVG: the footer repeats on every page, and WeasyPrint embeds a bitmap once but draws an SVG's
    # hundreds of modules again on each page (~25 ms a page).
    return segno.make(url, error="m").png_data_uri(scale=5, border=2)


def document_source(
    *, plan, kind: str, section=None, scope: str = "", language: str
) -> tuple[DocumentSource, str, str]:
    """The source of a document: (source, HTML with placeholders, its hash). Runs queries, never WeasyPrint."""
    build = document_kind(kind).build
    with translation.override(language):
        source = build(plan=plan, section=section, scope=scope)
        context = {
            **source.context,
            "plan": plan,
            "title": source.title,
            "kind_label": capfirst(str(Document.Kind(kind).label)),
            "author": plan.lead_organisation.name,
            "language": language,
            "url": source.url,
            "qr": _qr_data_uri(source.url),
            "version": VERSION_PLACEHOLDER,
            "date": DATE_PLACEHOLDER,
        }
        html = render_to_string(source.template, context)
    return source, html, _source_hash(kind=kind, scope=scope, language=language, html=html)


def _source_hash(*, kind: str, scope: str, language: str, html: str) -> str:
    return hashlib.sha256("\n".join([RENDERER_ID, kind, scope, language, html]).encode()).hexdigest()


def _remember_source(source_hash: str, html: str) -> None:
    # The worker renders exactly the HTML that was hashed, without building it again (~10 % of a render). The
    # cache is Redis when workers run elsewhere; on a miss the worker rebuilds and checks the hash.
    try:
        cache.set(f"document-source:{source_hash}", html, SOURCE_CACHE_SECONDS)
    except Exception:
        logger.warning("Could not cache the source of %s", source_hash, exc_info=True)


def _remembered_source(document: Document) -> str | None:
    try:
        html = cache.get(f"document-source:{document.source_hash}")
    except Exception:
        logger.warning("Could not read the cached source of %s", document.source_hash, exc_info=True)
        return None
    if html is None:
        return None
    digest = _source_hash(kind=document.kind, scope=document.scope, language=document.language, html=html)
    return html if digest == document.source_hash else None


# --- Requests ----------------------------------------------------------------------------------------------


def _subject(document: Document) -> Q:
    return Q(
        plan_id=document.plan_id,
        kind=document.kind,
        section_id=document.section_id,
        scope=document.scope,
        language=document.language,
    )


def _enqueue(document_id: int, *, force: bool = False) -> None:
    from .tasks import render_document

    # A broker that is down must not turn a publish or a download into an error: the document stays queued and
    # the next request or `manage.py render_documents` enqueues it again. In eager mode this renders in-process.
    try:
        render_document.delay(*((document_id, True) if force else (document_id,)))
    except Exception:
        logger.exception("Could not enqueue the rendering of document %s", document_id)


@transaction.atomic
def document_request(
    *,
    plan,
    kind: str,
    section=None,
    scope: str = "",
    language: str | None = None,
    requeue: bool = False,
    force: bool = False,
) -> Document:
    """Return the Document for the current content, creating and enqueueing it only if that content is new.

    With ``requeue``, a document of the current content that failed, or is still queued (its task may have been
    lost), is enqueued again; the render's conditional claim makes duplicate tasks harmless. With ``force`` (staff),
    one that is not ready is rendered by a new attempt that takes over any claim, also of a "rendering" row.
    """
    language = language or plan.language
    _source, html, source_hash = document_source(plan=plan, kind=kind, section=section, scope=scope, language=language)
    subject = {
        "plan": plan,
        "kind": kind,
        "section": section if document_kind(kind).per_section else None,
        "scope": scope,
        "language": language,
    }
    document, created = Document.objects.get_or_create(**subject, source_hash=source_hash)
    if created:
        _remember_source(source_hash, html)
        transaction.on_commit(lambda: _enqueue(document.pk))
        return document
    if Document.objects.filter(_subject(document), created_at__gt=document.created_at).exists():
        # The content went back to a version rendered before: make that document current again.
        document.created_at = timezone.now()
        Document.objects.filter(pk=document.pk).update(created_at=document.created_at)
        if document.state == Document.State.READY:
            transaction.on_commit(lambda: plan_downloads_changed(plan=plan))
    if force and document.state != Document.State.READY:
        _remember_source(source_hash, html)
        transaction.on_commit(lambda: _enqueue(document.pk, force=True))
    elif requeue and document.state in {Document.State.QUEUED, Document.State.FAILED}:
        _remember_source(source_hash, html)
        transaction.on_commit(lambda: _enqueue(document.pk))
    return document


def plan_documents_refresh(*, plan, force: bool = False) -> list[Document]:
    """Request every document a plan has now (each kind's ``published``); each new one is its own task.

    With ``force`` (the staff button), documents that are not ready are rendered again even while "rendering".
    """
    options = {"requeue": True, "force": force}
    documents = []
    for kind in registered_kinds():
        if kind.published is not None:
            for subject in kind.published(plan):
                documents.append(document_request(plan=plan, kind=kind.kind, **subject, **options))
    return documents


def _lease_expired(now) -> Q:
    # Rows claimed before leases existed have none: they count as expired one lease after they were requested.
    lease = timedelta(seconds=settings.PDF_RENDER_LEASE_SECONDS)
    return Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True, created_at__lt=now - lease)


def documents_sweep() -> int:
    """Queue again every render whose worker died without a redelivery (beat runs this every minute).

    A row still "rendering" after its lease ran out has no live render (the lease is the task's hard time limit):
    a new attempt takes it over. Returns how many were queued.
    """
    ids = list(
        Document.objects.filter(_lease_expired(timezone.now()), state=Document.State.RENDERING).values_list(
            "pk", flat=True
        )
    )
    for document_id in ids:
        logger.warning("Rendering document %s was interrupted; queueing it again", document_id)
        _enqueue(document_id)
    return len(ids)


# --- Rendering ---------------------------------------------------------------------------------------------


def render_pdf(*, html: str, base_url: str) -> tuple[bytes, int]:
    """WeasyPrint: the PDF's bytes and its number of pages. The one place that renders (tests count calls)."""
    # Imported here: the import costs ~0.8 s, which web processes pay only in the embedded (eager) default.
    from weasyprint import HTML

    rendered = HTML(string=html, base_url=base_url).render(pdf_variant=PDF_VARIANT)
    return rendered.write_pdf(pdf_variant=PDF_VARIANT), len(rendered.pages)


def _claimable(*, attempt: str, force: bool, now) -> Q:
    # A "rendering" row is taken over by the same attempt redelivered (its worker was killed), by any attempt once
    # the lease ran out (no render can still be running), and by a forced one (staff) at any time.
    if force:
        return ~Q(state=Document.State.READY)
    return Q(state__in=[Document.State.QUEUED, Document.State.FAILED]) | (
        Q(state=Document.State.RENDERING) & (Q(attempt=attempt) | _lease_expired(now))
    )


def document_render(*, document_id: int, attempt: str = "", force: bool = False) -> Document | None:
    """Render a queued document; safe to run twice, late, or after a newer version was requested.

    ``attempt`` names this try (the task id: a redelivery has the same); ``force`` takes over a running claim.
    Returns the ready document, or None when there was nothing to do. A failure marks this document failed with
    the error and leaves every other document (the previous ready one keeps being served) untouched.
    """
    attempt = attempt or uuid.uuid4().hex
    document = Document.objects.select_related("plan__region", "plan__lead_organisation", "section").filter(
        pk=document_id
    )
    document = document.first()
    if document is None or document.state == Document.State.READY:
        return None
    if Document.objects.filter(_subject(document), created_at__gt=document.created_at).exists():
        return None  # superseded: a newer version of this subject was requested since
    now = timezone.now()
    claimed = Document.objects.filter(_claimable(attempt=attempt, force=force, now=now), pk=document.pk).update(
        state=Document.State.RENDERING,
        error="",
        attempt=attempt,
        lease_expires_at=now + timedelta(seconds=settings.PDF_RENDER_LEASE_SECONDS),
    )
    if not claimed:
        return None  # another attempt holds an unexpired lease, or it is done
    document.attempt = attempt
    started = time.perf_counter()
    name = ""
    try:
        source_hash = document.source_hash
        html = _remembered_source(document)
        if html is None:
            _source, html, source_hash = document_source(
                plan=document.plan,
                kind=document.kind,
                section=document.section,
                scope=document.scope,
                language=document.language,
            )
        if source_hash != document.source_hash:
            # The content changed between request and render: render what is current, as its own document.
            _finish(document, state=Document.State.FAILED, error="The content changed before rendering.")
            document_request(
                plan=document.plan,
                kind=document.kind,
                section=document.section,
                scope=document.scope,
                language=document.language,
            )
            return None
        with translation.override(document.language):
            today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        html = html.replace(VERSION_PLACEHOLDER, source_hash[:12]).replace(DATE_PLACEHOLDER, today)
        pdf, pages = render_pdf(html=html, base_url=str(settings.BASE_DIR))
        # The bytes exist in full before anything is written: a killed worker never leaves a referenced half file.
        # If the name is taken (a leftover of a killed save), storage picks another and the row records that one.
        name = default_storage.save(f"documents/{source_hash}.pdf", ContentFile(pdf))
    except Exception as error:
        _finish(document, state=Document.State.FAILED, error=f"{type(error).__name__}: {error}"[:4000])
        if isinstance(error, TRANSIENT_ERRORS):
            raise
        logger.exception("Rendering document %s failed", document.pk)
        return None
    finished = _finish(
        document,
        state=Document.State.READY,
        file=name,
        size=len(pdf),
        pages=pages,
        render_seconds=Decimal(f"{time.perf_counter() - started:.3f}"),
        rendered_at=timezone.now(),
        error="",
    )
    if not finished:
        default_storage.delete(name)
        return None
    plan_downloads_changed(plan=document.plan)
    document.refresh_from_db()
    return document


def _finish(document: Document, **fields) -> int:
    try:
        # Only while this attempt still holds the row: a late finisher never overwrites newer work.
        return Document.objects.filter(pk=document.pk, state=Document.State.RENDERING, attempt=document.attempt).update(
            lease_expires_at=None, **fields
        )
    except TRANSIENT_ERRORS:
        logger.exception("Could not record the outcome of document %s", document.pk)
        return 0
