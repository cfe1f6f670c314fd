"""Site search on PostgreSQL (welfare_portal/search.py): a trigram index and a stored, weighted tsvector per table.

Nothing happens on other databases (SQLite, the embedded default, searches without indexes). pg_trgm is a trusted
extension (PostgreSQL 13+): the owner of the database may create it. The ``search_vector`` columns are not model
fields: PostgreSQL fills them (GENERATED ALWAYS … STORED) and Django never names them except in search.py.
"""

from django.db import migrations

# table: fields, the title first. welfare_portal/search.py's kinds search the same fields in the same order.
SEARCH_FIELDS = {
    "plans_cooperationplan": ["title", "summary", "purpose", "audience", "expected_result"],
    "plans_themesection": ["title", "intro", "challenges", "goals"],
    "plans_activity": ["title", "description", "rationale", "funding_source"],
    "plans_organisation": ["name"],
}


def search_text(fields):
    # Exactly the expression search.py's _ContainsEveryTerm writes, or the index is never used.
    return "UPPER(" + " || ' ' || ".join(f"COALESCE(\"{name}\", '')" for name in fields) + ")"


def search_vector(fields):
    vector = f"setweight(to_tsvector('simple'::regconfig, COALESCE(\"{fields[0]}\", '')), 'A')"
    if len(fields) > 1:
        rest = " || ' ' || ".join(f"COALESCE(\"{name}\", '')" for name in fields[1:])
        vector += f" || setweight(to_tsvector('simple'::regconfig, {rest}), 'B')"
    return vector


def add_search(search_fields):
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, fields in search_fields.items():
            schema_editor.execute(
                f'ALTER TABLE "{table}" ADD COLUMN search_vector tsvector '
                f"GENERATED ALWAYS AS ({search_vector(fields)}) STORED"
            )
            schema_editor.execute(
                f'CREATE INDEX "{table}_search_trgm" ON "{table}" USING gin (({search_text(fields)}) gin_trgm_ops)'
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in search_fields:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_trgm"')
            schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_vector')

    return migrations.RunPython(forwards, backwards, elidable=False)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_staff_roles_audit_versions"),
    ]

    operations = [add_search(SEARCH_FIELDS)]
