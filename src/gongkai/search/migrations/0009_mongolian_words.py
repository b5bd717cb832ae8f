"""Mongolian in the search index: each item's current translation, its name and guide as written and as
words (see gongkai.search.mongolian and gongkai.search.index).

The full-text index takes the two fields of Mongolian words beside the four of character pairs, so it is
made again: on SQLite the FTS5 table and its triggers (Django rebuilds the table to add a column, which
drops the triggers anyway), on PostgreSQL the generated tsvector and its GIN index. Chinese texts keep
their keys (a key covers the Mongolian fields only when they are filled).

Existing installs: the entries of items with a published Mongolian translation are deleted here; once the
migration has run, `gongkai.search.apps.index_existing_catalogs` (post_migrate) indexes every item without
an entry, translation included, with no manual step.

The SQL is copied here rather than imported, so this migration keeps doing what it did when later code
changes the index.
"""

from django.db import migrations, models

TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '()[]<>《》【】〔〕〈〉'"
CHINESE = ("name_grams", "group_grams", "hint_grams", "guide_grams")
MONGOLIAN = ("mn_name_words", "mn_guide_words")


def _sqlite_install(fields):
    columns = ", ".join(fields)
    new = ", ".join(f"new.{name}" for name in fields)
    old = ", ".join(f"old.{name}" for name in fields)
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_text_fts USING fts5(
            {columns}, content='search_searchtext', content_rowid='id', tokenize="{TOKENIZER}"
        )""",
        f"""CREATE TRIGGER IF NOT EXISTS search_text_ai AFTER INSERT ON search_searchtext BEGIN
            INSERT INTO search_text_fts(rowid, {columns}) VALUES (new.id, {new});
        END""",  # noqa: S608  (constant column names only)
        f"""CREATE TRIGGER IF NOT EXISTS search_text_ad AFTER DELETE ON search_searchtext BEGIN
            INSERT INTO search_text_fts(search_text_fts, rowid, {columns}) VALUES ('delete', old.id, {old});
        END""",  # noqa: S608  (constant column names only)
        f"""CREATE TRIGGER IF NOT EXISTS search_text_au AFTER UPDATE ON search_searchtext BEGIN
            INSERT INTO search_text_fts(search_text_fts, rowid, {columns}) VALUES ('delete', old.id, {old});
            INSERT INTO search_text_fts(rowid, {columns}) VALUES (new.id, {new});
        END""",  # noqa: S608  (constant column names only)
        "INSERT INTO search_text_fts(search_text_fts) VALUES ('rebuild')",
    ]


SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_text_au",
    "DROP TRIGGER IF EXISTS search_text_ad",
    "DROP TRIGGER IF EXISTS search_text_ai",
    "DROP TABLE IF EXISTS search_text_fts",
]


def _postgresql_install(fields):
    document = " || ' ' || ".join(fields)
    return [
        f"""ALTER TABLE search_searchtext ADD COLUMN IF NOT EXISTS document tsvector
            GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, {document}))) STORED""",
        "CREATE INDEX IF NOT EXISTS search_text_document ON search_searchtext USING gin (document)",
    ]


POSTGRESQL_UNINSTALL = [
    "DROP INDEX IF EXISTS search_text_document",
    "ALTER TABLE search_searchtext DROP COLUMN IF EXISTS document",
]


def _run(schema_editor, statements):
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def drop_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_UNINSTALL, "postgresql": POSTGRESQL_UNINSTALL})


def install_chinese_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": _sqlite_install(CHINESE), "postgresql": _postgresql_install(CHINESE)})


def install_index(apps, schema_editor):
    fields = (*CHINESE, *MONGOLIAN)
    _run(schema_editor, {"sqlite": _sqlite_install(fields), "postgresql": _postgresql_install(fields)})


def forget_translated_items(apps, schema_editor):
    """Their entries go, so that post_migrate indexes them again with their translations, and so do the
    texts only they read: a text is found again by its key, which must never stand for other words (after
    a rollback, a text whose key covered the Mongolian lost its Mongolian fields and kept its key)."""
    revisions = apps.get_model("guides", "GuideRevision").objects.filter(language="mn", state="published")
    entries = apps.get_model("search", "SearchEntry").objects.filter(item_id__in=revisions.values("item_id"))
    text_ids = set(entries.values_list("text_id", flat=True))
    entries.delete()
    texts = apps.get_model("search", "SearchText").objects.filter(pk__in=text_ids, entries__isnull=True)
    texts.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0006_revision_language"),
        ("search", "0008_postgresql_checks"),
    ]

    operations = [
        migrations.RunPython(drop_index, install_chinese_index, elidable=False),
        migrations.AddField(
            model_name="searchtext",
            name="mn_guide_text",
            field=models.TextField(blank=True, default="", verbose_name="蒙古文办事指南正文"),
        ),
        migrations.AddField(
            model_name="searchtext",
            name="mn_guide_words",
            field=models.TextField(blank=True, default="", verbose_name="蒙古文办事指南（索引）"),
        ),
        migrations.AddField(
            model_name="searchtext",
            name="mn_name",
            field=models.TextField(blank=True, default="", verbose_name="蒙古文事项名称"),
        ),
        migrations.AddField(
            model_name="searchtext",
            name="mn_name_words",
            field=models.TextField(blank=True, default="", verbose_name="蒙古文事项名称（索引）"),
        ),
        migrations.RunPython(install_index, drop_index, elidable=False),
        migrations.RunPython(forget_translated_items, migrations.RunPython.noop, elidable=False),
    ]
