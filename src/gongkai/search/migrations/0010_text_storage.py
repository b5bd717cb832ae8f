"""PostgreSQL: the columns search reads for every matching text stay in the row.

Across catalogs, search reads the tsvector (`document`) and the characters of each field (`name_chars` …
`guide_chars`) of every text the full-text index finds. A text with a guide makes a row of several
kilobytes, and PostgreSQL had moved its largest values, the tsvector among them, out of line (TOAST): each
matching text cost a lookup in the TOAST table's index and a read there, 15–30 % of the query that finds the
texts at a million items (bench/search.py). With storage MAIN these columns are compressed in the row and
moved out only if the row would not fit in a page otherwise; the long columns search reads only for a page
of hits (the stored pairs, the guide as written) go out of line first.

Rows keep their layout until they are written again, so the table is rewritten here with VACUUM FULL: a
table of distinct texts, far smaller than the entries. VACUUM cannot run inside a transaction, so this
migration is not atomic (both statements can simply run again). SQLite has no such storage: nothing to do.
The SQL is copied here rather than imported, so this migration keeps doing what it did when later code
changes the index.
"""

from django.db import migrations

COLUMNS = ("document", "name_chars", "group_chars", "hint_chars", "guide_chars")


def _storage(kind):
    return "ALTER TABLE search_searchtext " + ", ".join(
        f"ALTER COLUMN {column} SET STORAGE {kind}" for column in COLUMNS
    )


def keep_in_row(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_storage("MAIN"), params=None)
        schema_editor.execute("VACUUM FULL search_searchtext", params=None)


def allow_out_of_line(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_storage("EXTENDED"), params=None)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("search", "0009_mongolian_words"),
    ]

    operations = [
        migrations.RunPython(keep_in_row, allow_out_of_line, elidable=False),
    ]
