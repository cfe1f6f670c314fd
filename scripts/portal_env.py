"""The Python half of deploy/manage, scripts/backup and scripts/restore: the env file, the portal's settings, the
media archive.

    python scripts/portal_env.py exports ENV_FILE
        prints the file's variables as shell `export` lines (deploy/manage)
    python scripts/portal_env.py settings [--env-file FILE]
        prints shell assignments: PG* for pg_dump/pg_restore/psql (from settings.DATABASES, so exactly the
        database the portal uses, and no password on a command line) and PORTAL_MEDIA_* (where files are kept)
    python scripts/portal_env.py archive MEDIA_ROOT TAR SUMS
        writes every file under MEDIA_ROOT into TAR and its SHA-256 into SUMS (`sha256sum --check` format),
        reading each file once, so the checksum is always that of the bytes in the archive; prints the count

The env file (deploy/env.example) is read as systemd reads the units' EnvironmentFile: KEY=value lines, comments
on lines of their own, optional quotes around a whole value; never run as shell code.
"""

import hashlib
import os
import re
import shlex
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        match = ASSIGNMENT.match(line)
        if match is None:
            sys.exit(f"{path}:{number}: not a KEY=value line: {line!r}")
        key, value = match.groups()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def print_settings(env_file: str | None) -> None:
    if env_file:
        os.environ.update(read_env_file(Path(env_file)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "welfare_portal.settings")
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    database = settings.DATABASES["default"]
    storage = settings.STORAGES["default"]
    values = {
        "PORTAL_DB_ENGINE": database["ENGINE"],
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": str(database.get("NAME") or ""),
        "PGSSLMODE": (database.get("OPTIONS") or {}).get("sslmode", ""),
        "PORTAL_MEDIA_BACKEND": storage["BACKEND"],
        "PORTAL_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PORTAL_MEDIA_BUCKET": (storage.get("OPTIONS") or {}).get("bucket_name", ""),
    }
    for key, value in values.items():
        # An empty PG* variable would still override libpq's defaults: unset it instead.
        if key.startswith("PG") and not value:
            print(f"unset {key}")
        else:
            print(f"export {key}={shlex.quote(value)}")


class _HashingReader:
    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def archive(media_root: Path, tar_path: Path, sums_path: Path) -> int:
    # A new portal has no media directory until it stores its first file: then the archive is empty.
    files = sorted(path for path in media_root.rglob("*") if path.is_file() and not path.is_symlink())
    count = 0
    with tarfile.open(tar_path, "w", format=tarfile.PAX_FORMAT) as tar, sums_path.open("w", encoding="utf-8") as sums:
        for path in files:
            name = path.relative_to(media_root).as_posix()
            if "\n" in name or "\\" in name:
                sys.exit(f"Cannot list {name!r} in a checksum file: rename it.")
            with path.open("rb") as handle:
                info = tar.gettarinfo(arcname=name, fileobj=handle)
                reader = _HashingReader(handle)
                # Reads exactly info.size bytes (the size when opened): a file still growing is cut there, in the
                # archive and in its checksum alike.
                tar.addfile(info, reader)
            sums.write(f"{reader.digest.hexdigest()}  {name}\n")
            count += 1
    return count


def print_exports(env_file: str) -> None:
    for key, value in read_env_file(Path(env_file)).items():
        print(f"export {key}={shlex.quote(value)}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["exports"] and len(argv) == 2:
        print_exports(argv[1])
    elif argv[:1] == ["settings"] and len(argv) in (1, 3) and (len(argv) == 1 or argv[1] == "--env-file"):
        print_settings(argv[2] if len(argv) == 3 else None)
    elif argv[:1] == ["archive"] and len(argv) == 4:
        print(archive(Path(argv[1]), Path(argv[2]), Path(argv[3])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
