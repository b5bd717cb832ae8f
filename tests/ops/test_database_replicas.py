"""Streaming replicas for real: gunicorn with a PostgreSQL primary and a replica made by pg_basebackup.

The work happens in pg_replicas.py under scripts/with-postgres-replica.sh, which starts both servers on free
loopback ports with every statement logged; the driver reads each server's log to tell which one ran a
request's queries. Runs in the PostgreSQL pass of `make test` (DATABASE_URL names PostgreSQL).
"""

import os

import pytest

from tests.ops.drivers import run_driver
from tests.ops.test_database_outage import _missing, free_port

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the PostgreSQL pass of make test runs this (DATABASE_URL names PostgreSQL)",
    ),
    pytest.mark.skipif(_missing() is not None, reason=_missing() or ""),
]


def test_public_reads_go_to_the_replica_writes_and_staff_to_the_primary_and_a_stopped_replica_is_skipped(
    tmp_path,
):
    report = run_driver(
        "scripts/with-postgres-replica.sh", "tests/ops/pg_replicas.py", free_port(), tmp_path / "var"
    )
    log = report["serve_log_tail"]
    assert report["startup"] == 200 and report["caught_up"], report

    # GIVEN a primary and a replica that has caught up
    # WHEN a citizen searches, THEN the replica runs the search and the primary logs the missed query
    assert report["search"] == {
        "status": 200,
        "search_on": ["replica"],
        "missed_query_written_on": ["primary"],
    }
    # AND the open-data API reads from the replica
    assert report["api"]["statuses"] == [200] * 3 and report["api"]["replica"] > 0, report["api"]
    # AND someone with a session (staff, or an applicant who has just applied) reads from the primary only
    assert report["staff"]["statuses"] == [200] * 3, report["staff"]
    assert report["staff"]["replica"] == 0 and report["staff"]["primary"] > 0, report["staff"]
    # AND so do the application pages
    assert report["apply"]["replica"] == 0 and report["apply"]["primary"] > 0, report["apply"]

    # WHEN the replica stops, THEN every page still answers, read from the primary
    assert report["down_statuses"] == [200] * len(report["down_statuses"]), log
    assert report["down_search"] == {
        "status": 200,
        "search_on": ["primary"],
        "missed_query_written_on": ["primary"],
    }, log

    # WHEN it is back (after the cool-down), THEN public reads return to it
    assert report["back_caught_up"]
    assert report["back_search"]["search_on"] == ["replica"], report["back_search"]
