"""``manage.py import_projects <region> <file> [--dry-run]``: the staff import, for administrators."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import Region
from projects.imports import project_import


class Command(BaseCommand):
    help = "Import projects from a CSV or XLSX file into a region (all or nothing; see projects/resources.py)."

    def add_arguments(self, parser):
        parser.add_argument("region", help="the region's slug, e.g. vorumaa")
        parser.add_argument("file", type=Path, help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check every row and save nothing")

    def handle(self, *args, region, file, dry_run, **options):
        try:
            region_obj = Region.objects.get(slug=region)
        except Region.DoesNotExist:
            raise CommandError(f"No region with the slug {region!r}.") from None
        if not file.is_file():
            raise CommandError(f"No file {file}.")
        with file.open("rb") as handle:
            result = project_import(region=region_obj, file=handle, file_name=file.name, dry_run=dry_run, user=None)
        for error in result.file_errors:
            self.stderr.write(error)
        for row in result.error_rows:
            for error in row.errors:
                self.stderr.write(f"row {row.number} ({row.code or '-'}): {error}")
        summary = f"{result.new_count} new, {result.update_count} updated, {result.unchanged_count} unchanged"
        if result.file_errors:
            raise CommandError("Nothing was imported: the file cannot be imported.")
        if result.has_errors:
            raise CommandError(f"Nothing was imported: {len(result.error_rows)} rows have errors.")
        if dry_run:
            self.stdout.write(f"Dry run, nothing saved: {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))
