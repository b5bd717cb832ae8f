"""Search texts stored once and indexed as character pairs (see gongkai.search.fts and gongkai.search.text).

Existing installs: the old one-character index is dropped and the entries emptied here; once the migration
has run, `gongkai.search.apps.index_existing_catalogs` (post_migrate) sees items without entries and
rebuilds the whole index from the catalog, the published guides and the life events, with no manual step.

The SQL is copied here rather than imported, so this migration keeps doing what it did when later code
changes the index.
"""

import django.db.models.deletion
from django.db import migrations, models

OLD_SQLITE = {
    "drop": [
        "DROP TRIGGER IF EXISTS search_name_au",
        "DROP TRIGGER IF EXISTS search_name_ad",
        "DROP TRIGGER IF EXISTS search_name_ai",
        "DROP TABLE IF EXISTS search_name_fts",
        "DROP TRIGGER IF EXISTS search_entry_au",
        "DROP TRIGGER IF EXISTS search_entry_ad",
        "DROP TRIGGER IF EXISTS search_entry_ai",
        "DROP TABLE IF EXISTS search_fts",
    ],
}
OLD_POSTGRESQL = {
    "drop": [
        "DROP INDEX IF EXISTS search_entry_name_document",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS name_document",
        "DROP INDEX IF EXISTS search_entry_document",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
    ],
}

TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '()[]<>《》【】〔〕〈〉'"
COLUMNS = "name_grams, group_grams, hint_grams, guide_grams"
NEW = "new.name_grams, new.group_grams, new.hint_grams, new.guide_grams"
OLD = "old.name_grams, old.group_grams, old.hint_grams, old.guide_grams"

SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_text_fts USING fts5(
        {COLUMNS}, content='search_searchtext', content_rowid='id', tokenize="{TOKENIZER}"
    )""",
    f"""CREATE TRIGGER IF NOT EXISTS search_text_ai AFTER INSERT ON search_searchtext BEGIN
        INSERT INTO search_text_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",  # noqa: S608  (constant column names only)
    f"""CREATE TRIGGER IF NOT EXISTS search_text_ad AFTER DELETE ON search_searchtext BEGIN
        INSERT INTO search_text_fts(search_text_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
    END""",  # noqa: S608  (constant column names only)
    f"""CREATE TRIGGER IF NOT EXISTS search_text_au AFTER UPDATE ON search_searchtext BEGIN
        INSERT INTO search_text_fts(search_text_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});
        INSERT INTO search_text_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",  # noqa: S608  (constant column names only)
    "INSERT INTO search_text_fts(search_text_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_text_au",
    "DROP TRIGGER IF EXISTS search_text_ad",
    "DROP TRIGGER IF EXISTS search_text_ai",
    "DROP TABLE IF EXISTS search_text_fts",
]

POSTGRESQL = [
    """ALTER TABLE search_searchtext ADD COLUMN IF NOT EXISTS document tsvector GENERATED ALWAYS AS (
        strip(to_tsvector('simple'::regconfig,
            name_grams || ' ' || group_grams || ' ' || hint_grams || ' ' || guide_grams))
    ) STORED""",
    "CREATE INDEX IF NOT EXISTS search_text_document ON search_searchtext USING gin (document)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_text_document",
    "ALTER TABLE search_searchtext DROP COLUMN IF EXISTS document",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop_old_index(apps, schema_editor):
    """The one-character index goes, and so do the entries: post_migrate rebuilds them in the new form."""
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": OLD_SQLITE, "postgresql": OLD_POSTGRESQL}.get(vendor, {}).get("drop", []))
    apps.get_model("search", "SearchEntry").objects.all().delete()


def empty_entries(apps, schema_editor):
    # Going back: the earlier code's post_migrate rebuilds its entries into the emptied table, and its
    # `fts.install` (called by that rebuild) recreates its one-character index.
    apps.get_model("search", "SearchEntry").objects.all().delete()


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []))


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}.get(vendor, []))
    apps.get_model("search", "SearchEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("search", "0006_coverage_terms"),
    ]

    operations = [
        migrations.RunPython(drop_old_index, empty_entries, elidable=False),
        migrations.CreateModel(
            name="SearchText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=64, unique=True, verbose_name="内容摘要")),
                ("name_grams", models.TextField(verbose_name="事项名称（索引）")),
                ("group_grams", models.TextField(verbose_name="一级事项（索引）")),
                ("hint_grams", models.TextField(blank=True, verbose_name="一件事说明（索引）")),
                ("guide_grams", models.TextField(blank=True, verbose_name="办事指南（索引）")),
                ("guide_text", models.TextField(blank=True, verbose_name="办事指南正文")),
                ("name_length", models.PositiveIntegerField(verbose_name="名称字数")),
                ("name_weight", models.PositiveIntegerField(default=100, verbose_name="名称权重")),
            ],
            options={
                "verbose_name": "检索文本",
                "verbose_name_plural": "检索文本",
            },
        ),
        migrations.RemoveField(
            model_name="searchentry",
            name="group_chars",
        ),
        migrations.RemoveField(
            model_name="searchentry",
            name="guide_chars",
        ),
        migrations.RemoveField(
            model_name="searchentry",
            name="guide_text",
        ),
        migrations.RemoveField(
            model_name="searchentry",
            name="hint_chars",
        ),
        migrations.RemoveField(
            model_name="searchentry",
            name="name_chars",
        ),
        migrations.RemoveField(
            model_name="searchentry",
            name="name_length",
        ),
        migrations.RemoveField(
            model_name="searchentry",
            name="name_weight",
        ),
        migrations.RemoveField(
            model_name="searchentry",
            name="scope",
        ),
        migrations.AddField(
            model_name="searchentry",
            name="catalog_position",
            field=models.PositiveIntegerField(default=0, verbose_name="目录排序"),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="text",
            field=models.ForeignKey(
                db_index=False,
                default=0,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="search.searchtext",
            ),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["text", "is_public", "catalog_position", "catalog", "seq"],
                name="search_entry_text_order",
            ),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
