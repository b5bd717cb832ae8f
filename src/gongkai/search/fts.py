"""The database's own full-text index over the distinct search texts (`SearchText`), per vendor.

Tokens are character pairs (see `gongkai.search.text`): 社会保险 is stored as "社会 会保 保险 险". A pair is
much rarer than a single character, so the index's lists stay short where one-character tokens gave lists
as long as the table for 社, 保 or 险.

SQLite: an FTS5 external-content table over search_searchtext, kept in step by triggers, so every write to
the texts (ORM, bulk insert, delete) updates the index without Python's help. `unicode61` splits on the
spaces between pairs; brackets are declared token characters. A query of two or more characters is the
phrase of its pairs ("社会 会保" finds 社会保 exactly); one character is a prefix query ("卡"*), which finds
every pair beginning with it, and the stand-alone last character of each field.

PostgreSQL: a generated `tsvector` column (parser `simple`) with a GIN index. The index is asked for texts
holding every pair of a phrase (or, for one character, a lexeme beginning with it); the caller's
substring check keeps those where they stand in order. The parser drops brackets, so on PostgreSQL a
bracket in the query is ignored by the index; the substring check still tells the two apart, so results
are the same on both databases. The check runs on generated columns holding each field's characters
without the pairs (社保 保卡 卡 → 社保卡, `CHARS_COLUMNS`): every stored pair begins with the next
character, so a phrase stands in the pairs exactly where its characters stand in a row, and the row is
less than half as long to search (`text.char_pattern` is the query's side). These columns are stored
in the row (storage MAIN): search reads them for every text the index finds, and a TOAST lookup per text
cost more than the checks themselves.

Mongolian is stored as words (`gongkai.search.mongolian`) in fields of its own (`MONGOLIAN_FIELDS`), in the
same index. A Mongolian pattern is a word prefix: FTS5 "ᠠᠵᠢᠯ"* limited to those columns, PostgreSQL
'ᠠᠵᠢᠯ':*; the substring check looks for " ᠠᠵᠢᠯ" in " " + the field, which is the same condition. Those
fields hold Mongolian letters only and a Chinese pattern has none, so Chinese queries find what they found
before.

Django's SQLite backend rebuilds a table to alter it, which drops its triggers: a future migration that
alters SearchText must run `install(schema_editor.connection)` again (it is idempotent).
"""

from dataclasses import dataclass

from gongkai.search.mongolian import has_letters
from gongkai.search.text import char_pattern

CHINESE_FIELDS = ("name_grams", "group_grams", "hint_grams", "guide_grams")
MONGOLIAN_FIELDS = ("mn_name_words", "mn_guide_words")
INDEXED_FIELDS = (*CHINESE_FIELDS, *MONGOLIAN_FIELDS)
TOKENCHARS = "()[]<>《》【】〔〕〈〉"
TEXT_TABLE = "search_searchtext"


def _sqlite_index(table: str, fields: tuple[str, ...], trigger: str) -> list[str]:
    """An FTS5 external-content table over these text fields, kept in step by three triggers."""
    # The f-strings only join this module's own table and column names: no outside text reaches the SQL.
    columns = ", ".join(fields)
    new = ", ".join(f"new.{name}" for name in fields)
    old = ", ".join(f"old.{name}" for name in fields)
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
            {columns},
            content='{TEXT_TABLE}', content_rowid='id',
            tokenize="unicode61 remove_diacritics 0 tokenchars '{TOKENCHARS}'"
        )""",
        f"""CREATE TRIGGER IF NOT EXISTS {trigger}_ai AFTER INSERT ON {TEXT_TABLE} BEGIN
            INSERT INTO {table}(rowid, {columns}) VALUES (new.id, {new});
        END""",  # noqa: S608
        f"""CREATE TRIGGER IF NOT EXISTS {trigger}_ad AFTER DELETE ON {TEXT_TABLE} BEGIN
            INSERT INTO {table}({table}, rowid, {columns}) VALUES ('delete', old.id, {old});
        END""",  # noqa: S608
        f"""CREATE TRIGGER IF NOT EXISTS {trigger}_au AFTER UPDATE ON {TEXT_TABLE} BEGIN
            INSERT INTO {table}({table}, rowid, {columns}) VALUES ('delete', old.id, {old});
            INSERT INTO {table}(rowid, {columns}) VALUES (new.id, {new});
        END""",  # noqa: S608
        # Index whatever rows already exist (a reinstall after a table rebuild).
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",  # noqa: S608
    ]


SQLITE_TABLE = "search_text_fts"
SQLITE_OBJECTS = [SQLITE_TABLE, "search_text_ai", "search_text_ad", "search_text_au"]
SQLITE_INSTALL = _sqlite_index(SQLITE_TABLE, INDEXED_FIELDS, "search_text")
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_text_au",
    "DROP TRIGGER IF EXISTS search_text_ad",
    "DROP TRIGGER IF EXISTS search_text_ai",
    f"DROP TABLE IF EXISTS {SQLITE_TABLE}",
]

_document = " || ' ' || ".join(INDEXED_FIELDS)
POSTGRESQL_COLUMN = "document"
# PostgreSQL: each field's characters in a row, for the substring checks (first character of every pair).
CHARS_COLUMNS = {name: name.replace("_grams", "_chars") for name in CHINESE_FIELDS}
POSTGRESQL_COLUMNS = [POSTGRESQL_COLUMN, *CHARS_COLUMNS.values()]
# Storage MAIN: what search reads of every matching text stays in the row, compressed if need be (see
# migration 0010); in the same statement as the column, so that rows written by adding it have that layout.
POSTGRESQL_INSTALL = [
    f"""ALTER TABLE {TEXT_TABLE} ADD COLUMN IF NOT EXISTS document tsvector
        GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, {_document}))) STORED,
        ALTER COLUMN document SET STORAGE MAIN""",
    f"CREATE INDEX IF NOT EXISTS search_text_document ON {TEXT_TABLE} USING gin (document)",
    *(
        f"""ALTER TABLE {TEXT_TABLE} ADD COLUMN IF NOT EXISTS {chars} text
        GENERATED ALWAYS AS (regexp_replace({grams}, '(.)[^ ]* ?', '\\1', 'g')) STORED,
        ALTER COLUMN {chars} SET STORAGE MAIN"""
        for grams, chars in CHARS_COLUMNS.items()
    ),
]
POSTGRESQL_UNINSTALL = [
    "DROP INDEX IF EXISTS search_text_document",
    *(f"ALTER TABLE {TEXT_TABLE} DROP COLUMN IF EXISTS {column}" for column in POSTGRESQL_COLUMNS),
]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def is_installed(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(SQLITE_OBJECTS))
            cursor.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})", SQLITE_OBJECTS)  # noqa: S608
            return cursor.fetchone()[0] == len(SQLITE_OBJECTS)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = %s AND column_name = ANY(%s)",
                [TEXT_TABLE, POSTGRESQL_COLUMNS],
            )
            return cursor.fetchone()[0] == len(POSTGRESQL_COLUMNS)
    return True  # other databases have no index and fall back to substring checks: slower, same results


def install(connection) -> bool:
    """Create the index if it is not (completely) there (after a table rebuild dropped the triggers, say)."""
    if is_installed(connection):
        return False
    _run(connection, {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRESQL_INSTALL}[connection.vendor])
    return True


def uninstall(connection) -> None:
    _run(
        connection,
        {"sqlite": SQLITE_UNINSTALL, "postgresql": POSTGRESQL_UNINSTALL}.get(connection.vendor, []),
    )


@dataclass(frozen=True)
class Match:
    """How texts `t` are narrowed by the index: the tables to read and a condition on them."""

    tables: str
    condition: str
    params: list


def _quoted(token: str, quote: str) -> str:
    return quote + token.replace(quote, quote + quote) + quote


def _sqlite_expression(patterns: list[str]) -> str:
    # Tokens are letters, digits and brackets only, so there is never a quote to escape; double it anyway.
    parts = []
    for pattern in patterns:
        if has_letters(pattern):
            parts.append("{" + " ".join(MONGOLIAN_FIELDS) + "} : " + _quoted(pattern, '"') + "*")
            continue
        parts.append(_quoted(pattern, '"') + ("*" if " " not in pattern and len(pattern) == 1 else ""))
    return " OR ".join(parts)


def _postgresql_expression(patterns: list[str]) -> str:
    parts = []
    for pattern in patterns:
        pairs = pattern.split(" ")
        if has_letters(pattern):  # Mongolian words, the last one a word's beginning
            words = [_quoted(word, "'") for word in pairs]
            parts.append("(" + " & ".join([*words[:-1], words[-1] + ":*"]) + ")")
        elif len(pairs) == 1 and len(pattern) == 1:
            parts.append(_quoted(pattern.replace("\\", "\\\\"), "'") + ":*")
        else:
            parts.append("(" + " & ".join(_quoted(p.replace("\\", "\\\\"), "'") for p in pairs) + ")")
    return " | ".join(parts)


def match_condition(vendor: str, patterns: list[str]) -> Match | None:
    """Texts `t` holding one of these patterns (`text.search_pattern`) in some field; None: no index here.

    Exact on SQLite; on PostgreSQL a superset that the caller narrows with a substring check."""
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    if vendor == "sqlite":
        return Match(
            f"{SQLITE_TABLE} f JOIN {TEXT_TABLE} t ON t.id = f.rowid",
            f"f.{SQLITE_TABLE} MATCH %s",
            [_sqlite_expression(patterns)],
        )
    if vendor == "postgresql":
        return Match(
            f"{TEXT_TABLE} t", "t.document @@ to_tsquery('simple', %s)", [_postgresql_expression(patterns)]
        )
    return None


def is_exact(vendor: str) -> bool:
    """Whether `match_condition` finds exactly the texts holding a pattern (no substring check needed)."""
    return vendor == "sqlite"


def substring_column(vendor: str, field: str) -> str:
    """The column a substring check of this field reads: on PostgreSQL a Chinese field's characters in a row."""
    return CHARS_COLUMNS[field] if vendor == "postgresql" and field in CHARS_COLUMNS else field


def substring_text(vendor: str, field: str, alias: str = "t") -> str:
    """SQL: the text a substring check of this field searches. Mongolian words get a space before the
    first, so that every word begins after a space (`substring_pattern`)."""
    column = f"{alias}.{substring_column(vendor, field)}"
    return f"' ' || {column}" if field in MONGOLIAN_FIELDS else column


def substring_pattern(vendor: str, pattern: str) -> str:
    """What a substring check looks for in `substring_column`, for a `text.search_pattern`."""
    if has_letters(pattern):
        return " " + pattern  # a word's beginning
    return char_pattern(pattern) if vendor == "postgresql" else pattern
