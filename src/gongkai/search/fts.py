"""The database's own full-text index over `SearchEntry`, one character a token, per vendor.

SQLite: an FTS5 external-content table over search_searchentry, kept in step by triggers, so every
write to the entries (ORM, bulk insert, cascade delete) updates the index without Python's help.
`unicode61` splits on the spaces we put between characters; brackets are declared token characters.
Queries are phrases: "社 保" finds 社 followed by 保 anywhere, so 1- and 2-character queries work
(the `trigram` tokenizer silently finds nothing for them).

PostgreSQL: a generated `tsvector` column (parser `simple`) with a GIN index. The index narrows to
entries holding all characters of a phrase; a substring check on the entry's text confirms the order
(see `match_condition`). The fields are joined with a separator word so
that a phrase cannot run from the end of one field into the next. The parser drops brackets, so on
PostgreSQL a bracket in the query is ignored by the index; scoring (LIKE on the entry's own text)
still tells the two apart, so results are the same on both databases. A tsvector keeps at most 256
positions per character, so in a very long guide the tail may not be found on PostgreSQL.

A second, small index holds the item names alone (an FTS5 table over `name_chars` on SQLite, a
`name_document` tsvector on PostgreSQL): searches across many catalogs rank the entries whose names
match first and only read further when that cannot settle the page.

Django's SQLite backend rebuilds a table to alter it, which drops its triggers: a future migration that
alters SearchEntry must run `install(schema_editor.connection)` again (it is idempotent).
"""

from dataclasses import dataclass

INDEXED_FIELDS = ("scope", "name_chars", "group_chars", "hint_chars", "guide_chars")
TOKENCHARS = "()[]<>《》【】〔〕〈〉"
FIELD_SEPARATOR = "xsep"  # a multi-letter token: queries are single characters, so it never matches


NAME_INDEX_FIELDS = ("name_chars",)


def _sqlite_index(table: str, fields: tuple[str, ...], trigger: str) -> list[str]:
    """An FTS5 external-content table over these entry fields, kept in step by three triggers."""
    # The f-strings only join this module's own table and column names: no outside text reaches the SQL.
    columns = ", ".join(fields)
    new = ", ".join(f"new.{name}" for name in fields)
    old = ", ".join(f"old.{name}" for name in fields)
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
            {columns},
            content='search_searchentry', content_rowid='id',
            tokenize="unicode61 remove_diacritics 0 tokenchars '{TOKENCHARS}'"
        )""",
        f"""CREATE TRIGGER IF NOT EXISTS {trigger}_ai AFTER INSERT ON search_searchentry BEGIN
            INSERT INTO {table}(rowid, {columns}) VALUES (new.id, {new});
        END""",  # noqa: S608
        f"""CREATE TRIGGER IF NOT EXISTS {trigger}_ad AFTER DELETE ON search_searchentry BEGIN
            INSERT INTO {table}({table}, rowid, {columns}) VALUES ('delete', old.id, {old});
        END""",  # noqa: S608
        f"""CREATE TRIGGER IF NOT EXISTS {trigger}_au AFTER UPDATE ON search_searchentry BEGIN
            INSERT INTO {table}({table}, rowid, {columns}) VALUES ('delete', old.id, {old});
            INSERT INTO {table}(rowid, {columns}) VALUES (new.id, {new});
        END""",  # noqa: S608
        # Index whatever rows already exist (a reinstall after a table rebuild).
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",  # noqa: S608
    ]


def _sqlite_objects(table: str, trigger: str) -> list[str]:
    return [table, f"{trigger}_ai", f"{trigger}_ad", f"{trigger}_au"]


# The whole entry, and the item names alone: a search across catalogs first ranks the entries whose names
# match (a small index), and reads the rest only when that cannot prove the page (see services.ranked_page).
SQLITE_PARTS = {
    "entries": (
        _sqlite_objects("search_fts", "search_entry"),
        _sqlite_index("search_fts", INDEXED_FIELDS, "search_entry"),
    ),
    "names": (
        _sqlite_objects("search_name_fts", "search_name"),
        _sqlite_index("search_name_fts", NAME_INDEX_FIELDS, "search_name"),
    ),
}
SQLITE_INSTALL = [sql for _, statements in SQLITE_PARTS.values() for sql in statements]

SQLITE_UNINSTALL = [
    f"DROP {'TABLE' if name.endswith('fts') else 'TRIGGER'} IF EXISTS {name}"
    for objects, _ in reversed(SQLITE_PARTS.values())
    for name in reversed(objects)
]

_document = f" || ' {FIELD_SEPARATOR} ' || ".join(INDEXED_FIELDS)

POSTGRESQL_PARTS = {
    "entries": (
        "document",
        [
            f"""ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS document tsvector
                GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {_document})) STORED""",
            "CREATE INDEX IF NOT EXISTS search_entry_document ON search_searchentry USING gin (document)",
        ],
    ),
    "names": (
        "name_document",
        [
            """ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS name_document tsvector
                GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, name_chars)) STORED""",
            "CREATE INDEX IF NOT EXISTS search_entry_name_document ON search_searchentry "
            "USING gin (name_document)",
        ],
    ),
}
POSTGRESQL_INSTALL = [sql for _, statements in POSTGRESQL_PARTS.values() for sql in statements]

POSTGRESQL_UNINSTALL = [
    "DROP INDEX IF EXISTS search_entry_name_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS name_document",
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _missing_parts(connection) -> list[list[str]]:
    """The install statements of each part of the index that is not (completely) there."""
    missing = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for objects, statements in SQLITE_PARTS.values():
                marks = ", ".join(["%s"] * len(objects))
                cursor.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})", objects)  # noqa: S608
                if cursor.fetchone()[0] != len(objects):
                    missing.append(statements)
        elif connection.vendor == "postgresql":
            for column, statements in POSTGRESQL_PARTS.values():
                cursor.execute(
                    "SELECT count(*) FROM information_schema.columns "
                    "WHERE table_name = 'search_searchentry' AND column_name = %s",
                    [column],
                )
                if cursor.fetchone()[0] != 1:
                    missing.append(statements)
    return missing


def is_installed(connection) -> bool:
    return not _missing_parts(connection)


def install(connection) -> bool:
    """Create whatever part of the index is missing (after a table rebuild dropped the triggers, say)."""
    missing = _missing_parts(connection)
    for statements in missing:
        # Other databases have no parts and fall back to LIKE (see `match_condition`); slower, same results.
        _run(connection, statements)
    return bool(missing)


def uninstall(connection) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_UNINSTALL)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_UNINSTALL)


def _sqlite_phrase(spaced: str) -> str:
    # Tokens are letters, digits and brackets only, so there is never a quote to escape; double it anyway.
    return '"' + spaced.replace('"', '""') + '"'


@dataclass(frozen=True)
class Match:
    """How entries `e` are narrowed by an index: tables to join and a condition on them."""

    tables: str
    condition: str
    params: list
    # What to order by for "in id order": the index's own row id streams without sorting every match.
    id_column: str = "e.id"


def match_condition(vendor: str, phrases: list[str], scope: list[str]) -> Match | None:
    """Entries `e` containing one of the phrases (spaced), within the scope tokens; None: no index here."""
    if vendor == "sqlite":
        text_fields = " ".join(INDEXED_FIELDS[1:])
        expression = "{" + text_fields + "} : (" + " OR ".join(_sqlite_phrase(p) for p in phrases) + ")"
        if scope:
            expression = " AND ".join(f"scope : {token}" for token in scope) + " AND " + expression
        # Joined, not "e.id IN (…)": the index then drives the query and hands out entries in id order as
        # it finds them, so LIMIT stops it early (an IN list is read to its end first).
        return Match(
            "search_fts f JOIN search_searchentry e ON e.id = f.rowid",
            "f.search_fts MATCH %s",
            [expression],
            id_column="f.rowid",
        )
    if vendor == "postgresql":
        # On the entry's own column, so the planner reads the GIN index for `e` itself. The index is asked
        # for entries holding every character of a phrase (plainto_tsquery: 社 & 保), which it answers
        # without reading rows; the caller's substring check then keeps the ones where they stand in order.
        # Asking for the phrase itself (phraseto_tsquery: 社 <-> 保) makes PostgreSQL re-read every
        # candidate's tsvector for positions, several times slower for common characters.
        tsquery, params = _pg_any(phrases)
        if scope:
            tsquery = "to_tsquery('simple', %s) && " + tsquery
            params = [" & ".join(scope), *params]
        return Match("search_searchentry e", f"e.document @@ ({tsquery})", params)
    return None


def name_match_condition(vendor: str, phrases: list[str]) -> Match | None:
    """Entries `e` whose item name contains one of the phrases (spaced).

    On PostgreSQL a superset (the characters, in any order): the caller scores every entry it gets.
    """
    if vendor == "sqlite":
        expression = " OR ".join(_sqlite_phrase(p) for p in phrases)
        sql = "e.id IN (SELECT rowid FROM search_name_fts WHERE search_name_fts MATCH %s)"
        return Match("search_searchentry e", sql, [expression])
    if vendor == "postgresql":
        tsquery, params = _pg_any(phrases)
        return Match("search_searchentry e", f"e.name_document @@ {tsquery}", params)
    return None


def _pg_any(phrases: list[str]) -> tuple[str, list]:
    either = " || ".join("plainto_tsquery('simple', %s)" for _ in phrases)
    return f"({either})", list(phrases)
