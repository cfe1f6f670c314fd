"""scripts/backup and scripts/restore (`make backup`, `make restore`) on the real PostgreSQL.

The scripts run as an operator runs them, in their own processes, against the integration database from
DATABASE_URL (its rows committed by ``transaction=True``). The backup is restored into a second, scratch database
(``welfare_restore_ci``, created and dropped here through the server's ``postgres`` database) and a second media
directory, and compared with the original table by table and file by file.
"""

import hashlib
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from core.models import Region
from documents.models import Document
from tests.factories import (
    ActivityFactory,
    CommenterContactFactory,
    DocumentFactory,
    ProjectFactory,
    ThemeSectionFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
RESTORE_DATABASE = "welfare_restore_ci"

TABLES = "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY tablename"
SEQUENCES = "SELECT sequencename, last_value FROM pg_catalog.pg_sequences WHERE schemaname = 'public' ORDER BY 1"


def database_url(name: str) -> str:
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


@contextmanager
def cursor_on(name: str):
    """A cursor on another database of the same server, in autocommit; the connection is closed afterwards."""
    params = dj_database_url.parse(database_url(name))
    connection = psycopg2.connect(
        dbname=name, host=params["HOST"], port=params["PORT"] or None, user=params["USER"], password=params["PASSWORD"]
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def run_script(script: str, *args: str, database: str, media_root: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, "DATABASE_URL": database_url(database), "MEDIA_ROOT": str(media_root), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def snapshot(cursor) -> dict:
    """Every table's row count and a digest of its rows in a fixed order, and every sequence's position."""
    cursor.execute(TABLES)
    tables = {}
    for (table,) in cursor.fetchall():
        # The table names come from pg_tables, not from outside.
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608
        )
        tables[table] = cursor.fetchone()
    cursor.execute(SEQUENCES)
    return {"tables": tables, "sequences": dict(cursor.fetchall())}


def checksums(media_root: Path) -> dict[str, str]:
    return {
        path.relative_to(media_root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in media_root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def restore_database():
    """An empty database beside the integration one, dropped afterwards (also if an earlier run left it)."""
    with cursor_on("postgres") as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {RESTORE_DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {RESTORE_DATABASE}")
    yield RESTORE_DATABASE
    with cursor_on("postgres") as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {RESTORE_DATABASE} WITH (FORCE)")


@pytest.fixture
def portal_data(media_root):
    """Rows in most apps' tables (with their history rows) and files as the portal stores them."""
    section = ThemeSectionFactory()
    ActivityFactory.create_batch(3, section=section)
    CommenterContactFactory(comment__window__plan=section.plan, comment__section=section)
    ProjectFactory(region=section.plan.region)
    UserFactory(superuser=True)
    # A rendered PDF the way documents/rendering.py stores it, a spreadsheet upload, and bytes of every value.
    pdf = b"%PDF-1.7\n" + os.urandom(200_000)
    name = default_storage.save("documents/summary.pdf", ContentFile(pdf))
    DocumentFactory(plan=section.plan, ready=True, file=name, size=len(pdf))
    default_storage.save("imports/3f2a.xlsx", ContentFile(os.urandom(50_000)))
    default_storage.save("documents/bytes.bin", ContentFile(bytes(range(256)) * 64))
    return section


def only_backup_in(directory: Path) -> Path:
    (backup,) = directory.iterdir()
    return backup


def test_a_backup_restored_into_an_empty_database_brings_back_every_row_and_every_file(
    portal_data, media_root, restore_database, tmp_path
):
    backed_up = run_script(
        "backup", str(tmp_path / "backups"), database=connection.settings_dict["NAME"], media_root=media_root
    )
    assert backed_up.returncode == 0, backed_up.stderr
    backup = only_backup_in(tmp_path / "backups")
    assert {path.name for path in backup.iterdir()} == {"database.dump", "media.tar", "media.sha256", "manifest.txt"}

    restored_media = tmp_path / "restored-media"
    restored = run_script("restore", str(backup), database=restore_database, media_root=restored_media)

    assert restored.returncode == 0, restored.stderr
    with connection.cursor() as cursor:
        original = snapshot(cursor)
    with cursor_on(restore_database) as cursor:
        assert snapshot(cursor) == original
    # Not a comparison of two empty databases: the rows written above are among those compared.
    assert original["tables"]["core_region"][0] == Region.objects.count() >= 1
    assert original["tables"]["documents_document"][0] == Document.objects.count() == 1
    assert sum(count for count, _digest in original["tables"].values()) > 50
    assert checksums(restored_media) == checksums(media_root)
    assert len(checksums(media_root)) == 3
    assert "3 media files, each matching its checksum" in restored.stdout


def test_restore_with_force_replaces_what_the_backup_holds_in_a_filled_database(
    portal_data, media_root, restore_database, tmp_path
):
    database = connection.settings_dict["NAME"]
    assert run_script("backup", str(tmp_path / "backups"), database=database, media_root=media_root).returncode == 0
    backup = only_backup_in(tmp_path / "backups")
    restored_media = tmp_path / "restored-media"
    assert run_script("restore", str(backup), database=restore_database, media_root=restored_media).returncode == 0
    with cursor_on(restore_database) as cursor:
        cursor.execute("DELETE FROM core_regionrole")
        cursor.execute("UPDATE core_region SET name = 'changed after the backup'")
    (restored_media / "documents" / "summary.pdf").write_bytes(b"changed after the backup")

    again = run_script("restore", "--force", str(backup), database=restore_database, media_root=restored_media)

    assert again.returncode == 0, again.stderr
    with connection.cursor() as cursor:
        original = snapshot(cursor)
    with cursor_on(restore_database) as cursor:
        assert snapshot(cursor) == original
    assert checksums(restored_media) == checksums(media_root)


def test_restore_refuses_a_database_with_tables_and_changes_nothing(portal_data, media_root, tmp_path):
    database = connection.settings_dict["NAME"]
    assert run_script("backup", str(tmp_path / "backups"), database=database, media_root=media_root).returncode == 0
    with connection.cursor() as cursor:
        before = snapshot(cursor)

    refused = run_script(
        "restore", str(only_backup_in(tmp_path / "backups")), database=database, media_root=tmp_path / "other-media"
    )

    assert refused.returncode == 1
    assert f"the database {database} already has" in refused.stderr
    assert "--force" in refused.stderr
    with connection.cursor() as cursor:
        assert snapshot(cursor) == before
    assert not (tmp_path / "other-media").exists()


def test_restore_refuses_a_media_directory_with_files_before_touching_the_database(
    portal_data, media_root, restore_database, tmp_path
):
    database = connection.settings_dict["NAME"]
    assert run_script("backup", str(tmp_path / "backups"), database=database, media_root=media_root).returncode == 0

    refused = run_script(
        "restore", str(only_backup_in(tmp_path / "backups")), database=restore_database, media_root=media_root
    )

    assert refused.returncode == 1
    assert f"{media_root} is not empty" in refused.stderr
    with cursor_on(restore_database) as cursor:
        cursor.execute(TABLES)
        assert cursor.fetchall() == []


def test_backup_with_keep_removes_all_but_the_newest_backups(portal_data, media_root, tmp_path):
    database = connection.settings_dict["NAME"]
    for _ in range(3):
        done = run_script("backup", "--keep", "2", str(tmp_path / "backups"), database=database, media_root=media_root)
        assert done.returncode == 0, done.stderr
        made = done.stdout.split("Backup written: ")[1].split()[0]

    kept = sorted(path.name for path in (tmp_path / "backups").iterdir())
    assert len(kept) == 2
    assert Path(made).name == kept[-1]
    assert "Removing the old backup" in done.stdout


def test_backup_with_a_bucket_says_that_the_files_are_not_in_it(portal_data, media_root, tmp_path):
    done = run_script(
        "backup",
        str(tmp_path / "backups"),
        database=connection.settings_dict["NAME"],
        media_root=media_root,
        AWS_STORAGE_BUCKET_NAME="portal-media",
    )

    assert done.returncode == 0, done.stderr
    assert "The media files are in the bucket portal-media, not in this backup" in done.stdout
    backup = only_backup_in(tmp_path / "backups")
    assert {path.name for path in backup.iterdir()} == {"database.dump", "manifest.txt"}
    assert "media=s3 portal-media\n" in (backup / "manifest.txt").read_text()
