"""Telling a database outage apart from a bug, and dropping connections an outage left broken."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger("gongkai.ops")

# SQLSTATE classes of a lost or refused connection: 08 connection exception, 57P0x server shutting down or
# starting, 53300 too many connections. psycopg maps most of these to OperationalError already.
_CONNECTION_SQLSTATES = ("08", "57P0", "53300")


def is_connection_failure(error: BaseException) -> bool:
    """True when the database could not be reached, as opposed to a query that is wrong."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    if isinstance(error, DatabaseError):
        sqlstate = getattr(error.__cause__, "sqlstate", None) or ""
        return sqlstate.startswith(_CONNECTION_SQLSTATES)
    return False


def discard_broken_connections() -> None:
    """Close every open connection that no longer answers, so the next request connects afresh.

    Persistent connections (CONN_MAX_AGE) would otherwise keep failing after the database is back.
    A connection that still works is left alone: closing it would end a test's wrapping transaction.
    """
    for conn in connections.all(initialized_only=True):
        if conn.connection is None:
            continue
        try:
            usable = conn.is_usable()
        except Exception:  # noqa: BLE001 (a dead socket can fail in driver-specific ways)
            usable = False
        if not usable:
            try:
                conn.close()
            except DatabaseError:
                # Closing a dead connection may itself fail; Django has forgotten it either way.
                logger.debug("closing a broken database connection failed", exc_info=True)


def database_answers() -> bool:
    """Run SELECT 1 on the default database."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("数据库不可用：%s", error)
        discard_broken_connections()
        return False
    except Exception:
        # A health check answers; it never turns into a 500 page. The log keeps the details.
        logger.exception("数据库检查失败")
        return False
    return True
