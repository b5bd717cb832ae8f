"""Multi-row INSERTs below the ORM, for writes of tens of thousands of rows (a catalog import).

`bulk_create` builds a model instance per row and compiles every value through the query compiler, and on
SQLite it sends at most 999 parameters a statement: writing 5,000 items with their 35,000 links took two
seconds, most of it in Python. Here the rows are plain tuples, prepared by the model's own fields only where
a field needs it (JSON, dates), and each statement carries as many rows as the database accepts. Like
`bulk_create`, no save signals are sent: the caller does what they would have done.
"""

import contextlib
import json
import threading
from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

# Values these fields store as they are: no preparation needed (the callers pass ints, strings, bools).
PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.ForeignKey,
)
MAX_ROWS = 2_000  # rows per statement, whatever the parameter limit allows
# json.dumps(value, ensure_ascii=False), without building an encoder for each of an import's 30,000 values.
_json_text = json.JSONEncoder(ensure_ascii=False).encode


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    returning: bool = False,
    update_on_conflict: tuple[Sequence[str], Sequence[str]] | None = None,
    skip_conflicts_on: Sequence[str] = (),
) -> list[int]:
    """Insert `rows` (one value per name in `fields`, ids for foreign keys) into `model`'s table.

    `returning`: the new rows' primary keys, in the order of `rows` (as `bulk_create` relies on too;
    SQLite 3.35+ and PostgreSQL). `update_on_conflict=(unique_fields, update_fields)`: an upsert, as
    `bulk_create(update_conflicts=True)`; `skip_conflicts_on=unique_fields`: rows that would break that
    uniqueness are left out, as `bulk_create(ignore_conflicts=True)`. SQLite gets rows of placeholders, as
    many as its limit allows. PostgreSQL gets plain inserts through COPY (`_copy_rows`), and the others as
    one JSON text (`json_populate_recordset`): psycopg binds parameters on the client, in Python, and took
    longer to parse a statement of 20,000 placeholders, or to quote arrays of 5,000 values (UNNEST), than
    the server took to run it. On PostgreSQL only plain fields, JSON fields without an encoder and moments
    can be written.
    """
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    postgres = connection.vendor == "postgresql"
    if postgres and update_on_conflict is None and not skip_conflicts_on:
        return _copy_rows(model, targets, rows, returning=returning)
    prepare = [_preparer(field, postgres) for field in targets]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in targets)
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 (names from the model only)
    if postgres:
        # One parameter: the rows as a JSON array of objects keyed by column, typed by the table itself.
        head += f"SELECT {columns} FROM json_populate_recordset(NULL::{quote(meta.db_table)}, %s)"  # noqa: S608
        keys = [field.column for field in targets]
    tail = ""
    if update_on_conflict is not None:
        unique, update = update_on_conflict
        conflict = ", ".join(quote(meta.get_field(name).column) for name in unique)
        sets = ", ".join(
            f"{quote(meta.get_field(name).column)} = EXCLUDED.{quote(meta.get_field(name).column)}"
            for name in update
        )
        tail += f" ON CONFLICT ({conflict}) DO UPDATE SET {sets}"
    elif skip_conflicts_on:
        conflict = ", ".join(quote(meta.get_field(name).column) for name in skip_conflicts_on)
        tail += f" ON CONFLICT ({conflict}) DO NOTHING"
    if returning:
        tail += f" RETURNING {quote(meta.pk.column)}"
    mark = "(" + ", ".join(["%s"] * len(targets)) + ")"
    per_statement = MAX_ROWS if postgres else max(1, min(MAX_ROWS, _sqlite_max_params() // len(targets)))
    ids = []
    batch: list[list] = []

    def flush():
        if not batch:
            return
        if postgres:
            records = [dict(zip(keys, row, strict=True)) for row in batch]
            sql, params = head + tail, [json.dumps(records, ensure_ascii=False)]
        else:
            sql = head + "VALUES " + ", ".join([mark] * len(batch)) + tail
            params = [value for row in batch for value in row]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
        batch.clear()

    for row in rows:
        batch.append(
            [value if prep is None else prep(value) for prep, value in zip(prepare, row, strict=True)]
        )
        if len(batch) == per_statement:
            flush()
    flush()
    return ids


def _copy_rows(
    model: type[models.Model], targets: list, rows: Iterable[Sequence], *, returning: bool
) -> list[int]:
    """PostgreSQL's plain inserts: one COPY FROM STDIN, the fastest way in for the server and for Python
    (psycopg formats the rows in C). An import's 5,000 items took the server 0.18 s as a JSON text with
    RETURNING, 0.05 s as COPY; its 35,000 links 0.22 s, and 0.17 s with psycopg's share.

    COPY returns nothing, so when the ids are wanted they are drawn from the table's sequence first, one
    statement for all, and written with the rows: the same ids an INSERT would have taken, in order.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    rows = _prepared(rows, [_copy_preparer(field) for field in targets])
    if not rows:
        return []
    columns = [field.column for field in targets]
    ids = []
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(meta.db_table), meta.pk.column, len(rows)],
            )
            ids = sorted(pk for (pk,) in cursor.fetchall())
            columns.insert(0, meta.pk.column)
            rows = [[pk, *row] for pk, row in zip(ids, rows, strict=True)]
        sql = f"COPY {quote(meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"

        def copy(sql, params, many, context):
            with cursor.copy(sql) as stream:
                for row in rows:
                    stream.write_row(row)

        # Through the connection's execute wrappers, as every other statement: what counts or watches the
        # queries (the benchmarks' counters, `connection.execute_wrapper` in a test) sees the COPY too.
        cursor._execute_with_wrappers(sql, None, many=False, executor=copy)
    return ids


def _prepared(rows: Iterable[Sequence], prepare: list) -> list[Sequence]:
    """The rows with each value through its field's preparer (None: the value as it is)."""
    if not any(prepare):
        return list(rows)  # plain fields only (the links): nothing to do value by value
    return [
        [value if prep is None else prep(value) for prep, value in zip(prepare, row, strict=True)]
        for row in rows
    ]


def _preparer(field, postgres: bool):
    if isinstance(field, PLAIN_FIELDS):
        return None
    if postgres:
        # Into JSON as they are: the lists of a JSONField as JSON, a moment in ISO 8601 with its offset.
        if isinstance(field, models.JSONField) and field.encoder is None:
            return None
        if isinstance(field, models.DateTimeField):
            return lambda value: None if value is None else value.isoformat()
        raise ValueError(f"insert_rows cannot write {field.name} ({type(field).__name__}) on PostgreSQL")
    if isinstance(field, models.JSONField):
        # What JSONField.get_db_prep_save ends in for a plain value, without the layers above it.
        adapt, encoder = connection.ops.adapt_json_value, field.encoder
        return lambda value: adapt(value, encoder)
    return lambda value: field.get_db_prep_save(value, connection)


def _copy_preparer(field):
    """COPY's text format: psycopg writes ints, strings, booleans and moments itself; a JSON field's value
    goes as its JSON text, which the server reads into the jsonb column."""
    if isinstance(field, (*PLAIN_FIELDS, models.DateTimeField)):
        return None
    if isinstance(field, models.JSONField) and field.encoder is None:
        return lambda value: None if value is None else _json_text(value)
    raise ValueError(f"insert_rows cannot write {field.name} ({type(field).__name__}) on PostgreSQL")


def _sqlite_max_params() -> int:
    """Parameters one SQLite statement may carry: as many as this build allows (999 for old builds)."""
    import sqlite3

    connection.ensure_connection()
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


@contextlib.contextmanager
def constraints_checked_meanwhile():
    """On PostgreSQL, have the server check the foreign keys of the rows written so far while the block
    runs, rather than all of them at commit; the block should be Python work that needs no database.

    PostgreSQL checks a deferred foreign key row by row (some 5 µs each: half a second at the commit of a
    5,000-item import, for its items and 35,000 links), and the client only waits. `check_constraints`
    (SET CONSTRAINTS ALL IMMEDIATE, then DEFERRED again, as Django's own tests do) runs the pending checks
    at once; sent from a second thread, which waits for the answer without holding the GIL, they run on
    the server while this thread carries on (building the search entries). A query from the block waits
    its turn on the connection. A failed check is raised here, after the block, and the transaction
    rolls back as it would have at commit.
    """
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor != "postgresql":
        yield
        return
    failure = []

    def check():
        try:
            database.check_constraints()
        except Exception as error:  # raised again in the caller's thread
            failure.append(error)

    database.inc_thread_sharing()
    worker = threading.Thread(target=check, name="check-constraints")
    try:
        worker.start()
        yield
    finally:
        worker.join()
        database.dec_thread_sharing()
    if failure:
        raise failure[0]
