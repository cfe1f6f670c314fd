"""Download look-ups of a plan's documents: the newest ready file of a subject, cached per plan version.

A look-up (the plan, the newest ready document) is cached under the plan's download version, which changes
whenever one of its files becomes ready or its status changes (``plan_downloads_changed``), so a cached look-up
never outlives the file it names.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata

from django.core.cache import cache

from .models import Document
from .signals import plan_files_changed

logger = logging.getLogger(__name__)

# Download look-ups (plan + newest ready file) are cached per plan version; this bounds what no event announces.
DOWNLOAD_CACHE_SECONDS = 5 * 60


def _downloads_version_key(region_slug: str, plan_slug: str) -> str:
    return f"plan-downloads:{region_slug}:{plan_slug}"


def plan_downloads_changed(*, plan) -> None:
    """Forget the cached download look-ups of a plan: a file became ready, or the plan's status changed.

    Also announces the change (``plan_files_changed``): the plan's pages show each file's size and pages, and the
    conditional updates that record a ready file send no ``post_save`` (the portal's page cache listens).
    """
    try:
        cache.set(_downloads_version_key(plan.region.slug, plan.slug), time.time_ns(), None)
    except Exception:
        logger.warning("Could not reset the download cache of plan %s", plan.pk, exc_info=True)
    plan_files_changed.send(sender=Document, plan=plan)


def downloads_cache_key(*, region_slug: str, plan_slug: str, staff: bool, what: str) -> str:
    """The cache key of one download look-up, under the plan's current version (one cache read, or two)."""
    version_key = _downloads_version_key(region_slug, plan_slug)
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, time.time_ns(), None)
        version = cache.get(version_key)
    return f"plan-download:{region_slug}:{plan_slug}:{version}:{int(staff)}:{what}"


def current_ready_document(*, plan, kind: str, section_id: int | None = None, scope: str = "") -> Document | None:
    """The newest ready document of a subject in the plan's language (one query)."""
    return (
        Document.objects.filter(
            plan=plan,
            kind=kind,
            section_id=section_id,
            scope=scope,
            language=plan.language,
            state=Document.State.READY,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


_TRANSLITERATION = str.maketrans({"õ": "o", "Õ": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O"})


def ascii_file_name(*parts: str, extension: str) -> str:
    """'Teemaleht', 'Tervena vananemine' → 'Teemaleht_Tervena_vananemine.pdf' (õäöüšž and åäö made ASCII)."""
    text = "_".join(str(part) for part in parts if part).translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9-]+", "_", text).strip("_")
    return f"{text[:120] or 'document'}.{extension}"
