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

Django's SQLite backend rebuilds a table to alter it, which drops its triggers: a future migration that
alters SearchEntry must run `install(schema_editor.connection)` again (it is idempotent).
"""

INDEXED_FIELDS = ("scope", "name_chars", "group_chars", "hint_chars", "guide_chars")
TOKENCHARS = "()[]<>《》【】〔〕〈〉"
FIELD_SEPARATOR = "xsep"  # a multi-letter token: queries are single characters, so it never matches

_columns = ", ".join(INDEXED_FIELDS)
_new = ", ".join(f"new.{name}" for name in INDEXED_FIELDS)
_old = ", ".join(f"old.{name}" for name in INDEXED_FIELDS)

SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        {_columns},
        content='search_searchentry', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '{TOKENCHARS}'"
    )""",
    # The f-strings below only join this module's own column names: no outside text reaches the SQL.
    f"""CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, {_columns}) VALUES (new.id, {_new});
    END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_columns}) VALUES ('delete', old.id, {_old});
    END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_columns}) VALUES ('delete', old.id, {_old});
        INSERT INTO search_fts(rowid, {_columns}) VALUES (new.id, {_new});
    END""",  # noqa: S608
    # Index whatever rows already exist (a reinstall after a table rebuild).
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]

SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TABLE IF EXISTS search_fts",
]

_document = f" || ' {FIELD_SEPARATOR} ' || ".join(INDEXED_FIELDS)

POSTGRESQL_INSTALL = [
    f"""ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS document tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {_document})) STORED""",
    "CREATE INDEX IF NOT EXISTS search_entry_document ON search_searchentry USING gin (document)",
]

POSTGRESQL_UNINSTALL = [
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def is_installed(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN "
                "('search_fts', 'search_entry_ai', 'search_entry_ad', 'search_entry_au')"
            )
            return cursor.fetchone()[0] == 4
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'search_searchentry' AND column_name = 'document'"
            )
            return cursor.fetchone()[0] == 1
    return True


def install(connection) -> bool:
    """Create whatever part of the index is missing (after a table rebuild dropped the triggers, say)."""
    if is_installed(connection):
        return False
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_INSTALL)
    # Other databases fall back to LIKE (see `match_condition`); slower, same results.
    return True


def uninstall(connection) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_UNINSTALL)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRESQL_UNINSTALL)


def _sqlite_phrase(spaced: str) -> str:
    # Tokens are letters, digits and brackets only, so there is never a quote to escape; double it anyway.
    return '"' + spaced.replace('"', '""') + '"'


def match_condition(vendor: str, phrases: list[str], scope: list[str]) -> tuple[str, list] | None:
    """SQL condition on entries `e`: they contain one of the phrases (spaced), within the scope tokens."""
    if vendor == "sqlite":
        text_fields = " ".join(INDEXED_FIELDS[1:])
        expression = "{" + text_fields + "} : (" + " OR ".join(_sqlite_phrase(p) for p in phrases) + ")"
        if scope:
            expression = " AND ".join(f"scope : {token}" for token in scope) + " AND " + expression
        return "e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)", [expression]
    if vendor == "postgresql":
        # On the entry's own column, so the planner reads the GIN index for `e` itself. The index is asked
        # for entries holding every character of a phrase (plainto_tsquery: 社 & 保), which it answers
        # without reading rows; the caller's substring check then keeps the ones where they stand in order.
        # Asking for the phrase itself (phraseto_tsquery: 社 <-> 保) makes PostgreSQL re-read every
        # candidate's tsvector for positions, several times slower for common characters.
        either = " || ".join("plainto_tsquery('simple', %s)" for _ in phrases)
        tsquery = f"({either})"
        params: list = list(phrases)
        if scope:
            tsquery = "to_tsquery('simple', %s) && " + tsquery
            params = [" & ".join(scope), *params]
        return f"e.document @@ ({tsquery})", params
    return None
