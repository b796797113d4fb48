"""Indexes for national scale, on PostgreSQL only (docs/benchmarks.md has the figures).

- trigram (pg_trgm, GIN) indexes on the normalised ``search`` columns of people and units: the
  lists filter with ``search LIKE '%words%'``, which a b-tree cannot serve;
- ``org_person (staff_type)``: the people list's staff-type filter counts through an index
  instead of reading two million rows;
- ``org_personrating (year, person_id)``: "people without a rating for year Y" (the officer's
  home page, the ``unrated`` filter) reads one year's entries instead of every rating.

They are plain SQL, not model ``Meta.indexes``: SQLite has no trigram index and the model state
stays the same on both databases. ``CREATE EXTENSION`` needs a role allowed to create it (the
database owner on PostgreSQL 13+, pg_trgm being a trusted extension).
"""

from django.db import migrations

FORWARD = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS org_person_search_trgm ON org_person "
    "USING gin (search gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS org_unit_search_trgm ON org_unit USING gin (search gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS org_person_staff_type_idx ON org_person (staff_type)",
    "CREATE INDEX IF NOT EXISTS org_personrating_year_person_idx "
    "ON org_personrating (year, person_id)",
)
BACKWARD = (
    "DROP INDEX IF EXISTS org_person_search_trgm",
    "DROP INDEX IF EXISTS org_unit_search_trgm",
    "DROP INDEX IF EXISTS org_person_staff_type_idx",
    "DROP INDEX IF EXISTS org_personrating_year_person_idx",
)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
