"""PostgreSQL: the characters of each text field in a row, and an index of the public entries by text.

- `name_chars` … `guide_chars`: generated from the stored pairs (社保 保卡 卡 → 社保卡), so the substring
  checks that confirm what the full-text index found read less than half as many bytes
  (`gongkai.search.fts`). Generated columns fill themselves, for the texts already there too.
- `search_entry_public_text`: across catalogs, search asks for each matching text how many public entries
  point at it (up to what a page needs) and counts the matches up to 10,000 (`gongkai.search.services`).
  In the index on (text, is_public, catalog position, catalog, number) every entry is a key of its own; in
  this one the key is the text alone, and PostgreSQL's B-tree stores it once with the list of its rows
  (deduplication), so a million entries of a few thousand texts fit in a tenth of the pages and are read
  several times faster. SQLite has no deduplication: there it would only be a second copy of every entry.

SQLite is left as it is. The SQL is copied here rather than imported, so this migration keeps doing what it
did when later code changes.
"""

from django.db import migrations

FIELDS = ("name", "group", "hint", "guide")
POSTGRESQL = [
    *(
        f"""ALTER TABLE search_searchtext ADD COLUMN IF NOT EXISTS {field}_chars text
        GENERATED ALWAYS AS (regexp_replace({field}_grams, '(.)[^ ]* ?', '\\1', 'g')) STORED"""
        for field in FIELDS
    ),
    "CREATE INDEX IF NOT EXISTS search_entry_public_text ON search_searchentry (text_id) WHERE is_public",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_public_text",
    *(f"ALTER TABLE search_searchtext DROP COLUMN IF EXISTS {field}_chars" for field in FIELDS),
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        for sql in statements:
            schema_editor.execute(sql, params=None)


def install(apps, schema_editor):
    _run(schema_editor, POSTGRESQL)


def uninstall(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_text_bigrams"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
