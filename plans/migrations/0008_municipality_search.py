"""Site search finds municipalities by name and former names (welfare_portal/search.py): on PostgreSQL the same
trigram index and stored search vector as the other kinds (0003_search_indexes); nothing on SQLite."""

import importlib

from django.db import migrations

add_search = importlib.import_module("plans.migrations.0003_search_indexes").add_search

SEARCH_FIELDS = {
    "plans_municipality": ["name", "former_names"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_audit_structured_detail"),
    ]

    operations = [add_search(SEARCH_FIELDS)]
