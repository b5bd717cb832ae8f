"""A second full-text index over item names alone (see gongkai.search.fts and services.ranked_page).

The SQL is copied here rather than imported, so this migration keeps doing what it did when later code
changes the index.
"""

from django.db import migrations

TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '()[]<>《》【】〔〕〈〉'"

SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_name_fts USING fts5(
        name_chars, content='search_searchentry', content_rowid='id', tokenize="{TOKENIZER}"
    )""",
    """CREATE TRIGGER IF NOT EXISTS search_name_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_name_fts(rowid, name_chars) VALUES (new.id, new.name_chars);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_name_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_name_fts(search_name_fts, rowid, name_chars) VALUES ('delete', old.id, old.name_chars);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_name_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_name_fts(search_name_fts, rowid, name_chars) VALUES ('delete', old.id, old.name_chars);
        INSERT INTO search_name_fts(rowid, name_chars) VALUES (new.id, new.name_chars);
    END""",
    "INSERT INTO search_name_fts(search_name_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_name_au",
    "DROP TRIGGER IF EXISTS search_name_ad",
    "DROP TRIGGER IF EXISTS search_name_ai",
    "DROP TABLE IF EXISTS search_name_fts",
]

POSTGRESQL = [
    """ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS name_document tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, name_chars)) STORED""",
    "CREATE INDEX IF NOT EXISTS search_entry_name_document ON search_searchentry USING gin (name_document)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_name_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS name_document",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []))


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(vendor, []))


class Migration(migrations.Migration):
    dependencies = [("search", "0003_seed_terms")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
