"""Re-encrypting personal data with the newest key in GONGKAI_DATA_KEYS (see gongkai.crypto)."""

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.db import connection, transaction

from gongkai import crypto


@dataclass
class Rotated:
    """What one model's rotation did."""

    label: str
    rows: int = 0
    values: int = 0
    skipped: int = 0


class UndecryptableValue(Exception):
    """A stored value opens with none of the configured keys."""


def encrypted_models() -> list[tuple[type, list]]:
    """Every installed model with EncryptedTextField columns, and those fields."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def _select_batch(model, fields, after, size: int) -> list[tuple]:
    # Raw SQL on purpose: the ORM would decrypt on read and encrypt the WHERE value on write.
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    pk = qn(model._meta.pk.column)
    where = f"WHERE {pk} > %s " if after is not None else ""
    sql = f"SELECT {pk}, {columns} FROM {qn(model._meta.db_table)} {where}ORDER BY {pk} LIMIT %s"  # noqa: S608 (quoted identifiers from model meta)
    params = [after, size] if after is not None else [size]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rotate_value(model, field, pk, token: str) -> bool:
    """Write the re-encrypted value unless the row changed meanwhile (then it already has the new key)."""
    try:
        fresh = crypto.rotate(token)
    except InvalidToken:
        raise UndecryptableValue(
            f"{model._meta.verbose_name} 第 {pk} 条的“{field.verbose_name}”无法用现有任何密钥解密"
        ) from None
    qn = connection.ops.quote_name
    table, column, pk_column = qn(model._meta.db_table), qn(field.column), qn(model._meta.pk.column)
    sql = f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s AND {column} = %s"  # noqa: S608 (quoted identifiers from model meta)
    with connection.cursor() as cursor:
        cursor.execute(sql, [fresh, pk, token])
        return cursor.rowcount == 1


def rotate_model(model, fields, *, batch_size: int, on_batch: Callable[[int], None]) -> Rotated:
    """Walk the table in primary-key order; each batch commits on its own, so a long run can be resumed."""
    result = Rotated(label=str(model._meta.verbose_name))
    after = None
    while True:
        with transaction.atomic():
            rows = _select_batch(model, fields, after, batch_size)
            for pk, *tokens in rows:
                for field, token in zip(fields, tokens, strict=True):
                    if not token:
                        continue
                    if _rotate_value(model, field, pk, token):
                        result.values += 1
                    else:
                        result.skipped += 1
        result.rows += len(rows)
        on_batch(len(rows))
        if len(rows) < batch_size:
            return result
        after = rows[-1][0]


def row_count(model) -> int:
    return model._default_manager.count()


SAMPLE_ROWS = 20


def undecryptable_fields() -> list[str]:
    """Try the current keys on a few stored values per field; name the fields they cannot open.

    A restore from before a key rotation needs the old key back in GONGKAI_DATA_KEYS; better to say so
    right after the restore than when a staff member first opens a case.
    """
    failing = []
    for model, fields in encrypted_models():
        rows = _select_batch(model, fields, None, SAMPLE_ROWS)
        for index, field in enumerate(fields, start=1):
            tokens = [row[index] for row in rows if row[index]]
            if not all(_opens(token) for token in tokens):
                failing.append(f"{model._meta.verbose_name}·{field.verbose_name}")
    return failing


def _opens(token: str) -> bool:
    try:
        crypto.cipher().decrypt(token.encode())
    except InvalidToken:
        return False
    return True
