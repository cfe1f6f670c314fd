"""The search indexes of the moved tables (plans 0003 and 0008, PostgreSQL only) take the tables' new names, as
search's query plans and plans 0003's own reversal name them after the table."""

from django.db import migrations

RENAMED = [("plans_organisation", "core_organisation"), ("plans_municipality", "core_municipality")]


def rename(pairs):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for old, new in pairs:
            schema_editor.execute(f'ALTER INDEX IF EXISTS "{old}_search_trgm" RENAME TO "{new}_search_trgm"')

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_core_table_names")]

    operations = [
        migrations.RunPython(rename(RENAMED), rename([(new, old) for old, new in RENAMED])),
    ]
