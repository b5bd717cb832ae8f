"""A real outage: gunicorn serving from PostgreSQL, PostgreSQL stopped and started again.

The work happens in pg_outage.py, run under scripts/with-postgres.sh with a throwaway server of its own, so
stopping it never disturbs the database the rest of the suite is using.
"""

import json
import os
import shutil
import socket
from pathlib import Path

import pytest

from tests.ops.drivers import run_driver

PG_BIN_DIRS = [Path("/usr/lib/postgresql/15/bin")] + (
    [Path(shutil.which("initdb")).parent] if shutil.which("initdb") else []
)
FRIENDLY = "网站暂时无法访问"


def _missing() -> str | None:
    if not any((d / "initdb").exists() and (d / "pg_ctl").exists() for d in PG_BIN_DIRS):
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed: apt install postgresql-15"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root needs runuser to start PostgreSQL as the postgres account"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root needs a postgres system account (created by the postgresql package)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(_missing() is not None, reason=_missing() or "")
def test_the_site_says_try_again_while_postgresql_is_down_and_recovers(tmp_path):
    report = run_driver(
        "scripts/with-postgres.sh",
        "tests/ops/pg_outage.py",
        free_port(),
        tmp_path / "var",
        GONGKAI_TEST_PG_PORT=str(free_port()),
    )
    log = report["serve_log_tail"]
    assert report["startup"]["status"] == 200, report["startup"] | {"log": log}

    # GIVEN the site is up
    assert report["up"] == {"/": 200, "/catalog/": 200, "/api/v1/catalog": 200}, log

    # WHEN PostgreSQL stops, THEN pages answer 503 in plain words, with no traceback
    down = report["down"]
    for path in ("/", "/catalog/"):
        page = down[path]
        assert page["status"] == 503, page
        assert page["headers"]["Retry-After"] == "30"
        assert FRIENDLY in page["body"]
        assert "Traceback" not in page["body"] and "OperationalError" not in page["body"]
    assert down["/healthz"]["status"] == 503
    assert json.loads(down["/healthz"]["body"]) == {"status": "error", "database": "unavailable"}
    assert down["/api/v1/catalog"]["status"] == 503
    assert "detail" in json.loads(down["/api/v1/catalog"]["body"])

    # WHEN PostgreSQL is back, THEN the site recovers by itself, without a restart
    statuses = report["recovery"]["statuses"]
    assert statuses[-8:] == [200] * 8, report["recovery"]
    assert set(statuses) <= {200, 503}, report["recovery"]  # never a 500 on the way
    assert report["healthz_after"] == 200
