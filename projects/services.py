"""Writes of the staff workspace for projects: create, edit with all parts, archive, and the stored import file.

Every edit of an existing project goes through core.versioning.save_versioned with the version the user's form
started from; the project's version guards the whole page, its partners, components, events and outputs
included, so a second person's save never silently overwrites the first (EditConflict, nothing written).
Projects are archived (hidden from the public registry), never deleted. The import itself is
projects/imports.py.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditEvent
from core.versioning import save_versioned
from plans.models import Activity
from themes.models import Theme

from .models import Project

IMPORT_FOLDER = "project-imports"


def _save_parts(*, project: Project, to_save: Sequence[models.Model], to_delete: Sequence[models.Model]) -> None:
    for part in to_delete:
        if part.pk is not None:
            part.delete()
    for part in to_save:
        part.project = project
        part.save()


@transaction.atomic
def project_create(
    *,
    project: Project,
    activities: Iterable[Activity] = (),
    themes: Iterable[Theme] = (),
    parts_to_save: Sequence[models.Model] = (),
    actor,
) -> Project:
    """Save a new project with its partners, components, events and outputs (unsaved instances)."""
    save_versioned(project, expected_version=1)
    project.activities.set(activities)
    project.themes.set(themes)
    _save_parts(project=project, to_save=parts_to_save, to_delete=())
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    expected_version: int,
    activities: Iterable[Activity],
    themes: Iterable[Theme],
    parts_to_save: Sequence[models.Model] = (),
    parts_to_delete: Sequence[models.Model] = (),
    actor,
) -> Project:
    """Save a project and its parts; raises EditConflict (and writes nothing) if it changed meanwhile."""
    save_versioned(project, expected_version=expected_version)
    project.activities.set(activities)
    project.themes.set(themes)
    _save_parts(project=project, to_save=parts_to_save, to_delete=parts_to_delete)
    return project


@transaction.atomic
def project_set_archived(*, project: Project, archived: bool, expected_version: int, actor) -> Project:
    """Archive a project (the public registry hides it) or bring it back; recorded in the audit log."""
    project.archived = archived
    save_versioned(project, expected_version=expected_version)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ARCHIVE,
        obj=project,
        region=project.region_id,
        detail={"code": "archived" if archived else "unarchived"},
    )
    return project


def import_file_store(*, data: bytes, file_name: str) -> str:
    """Keep an uploaded file between the dry run and the confirmation; returns its storage name.

    The name is random, so it cannot be guessed; the view keeps it in the user's session and never trusts a
    name sent back by the browser.
    """
    suffix = PurePath(file_name).suffix.lower()[:8]
    return default_storage.save(f"{IMPORT_FOLDER}/{uuid.uuid4().hex}{suffix}", ContentFile(data))


def import_file_read(*, name: str) -> bytes | None:
    if not name.startswith(f"{IMPORT_FOLDER}/") or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def import_file_delete(*, name: str) -> None:
    if name.startswith(f"{IMPORT_FOLDER}/") and default_storage.exists(name):
        default_storage.delete(name)


def import_files_expire(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete uploaded import files that no one confirmed (a dry run left alone); the number deleted."""
    try:
        _folders, names = default_storage.listdir(IMPORT_FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    deadline = timezone.now() - older_than
    deleted = 0
    for name in names:
        path = f"{IMPORT_FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < deadline:
                default_storage.delete(path)
                deleted += 1
        except (FileNotFoundError, NotImplementedError):
            continue
    return deleted
