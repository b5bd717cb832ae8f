"""Driver for test_database_outage.py; run it under scripts/with-postgres.sh, which sets DATABASE_URL.

Usage: python tests/ops/pg_outage.py HTTP_PORT DATA_DIR

Starts `gongkai serve` against that PostgreSQL, stops PostgreSQL with pg_ctl, starts it again, and prints
what the site answered at each stage as one JSON line for the test to judge. Every wait has a deadline.
"""

import functools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from tests.ops import drivers
from tests.ops.drivers import as_owner, serve_log_tail, serving

STARTUP_SECONDS = 150
RECOVERY_SECONDS = 30
HEALTHY_IN_A_ROW = 8  # more than gunicorn's threads, so every stale connection has been met and dropped
fetch = functools.partial(drivers.fetch, timeout=10)  # an answer slower than this counts as none


def cluster() -> dict:
    """Where the throwaway server lives and how it was started, so it can be started the same way again."""
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:

        def show(name):
            return conn.execute(f"SHOW {name}").fetchone()[0]

        bindir = conn.execute("SELECT setting FROM pg_config WHERE name = 'BINDIR'").fetchone()[0]
        return {
            "data": show("data_directory"),
            "port": show("port"),
            "sockets": show("unix_socket_directories"),
            "bin": bindir,
        }


def pg_ctl(pg: dict, *args: str) -> None:
    subprocess.run(
        as_owner([f"{pg['bin']}/pg_ctl", "-D", pg["data"], "-w", *args]),
        check=True,
        timeout=60,
        capture_output=True,
    )


def start_again(pg: dict) -> None:
    options = f"-p {pg['port']} -k {pg['sockets']} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl(pg, "-l", str(Path(pg["data"]).parent / "restart.log"), "-o", options, "start")


def wait_until_up(base: str, server: subprocess.Popen) -> dict:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        answer = fetch(base + "/healthz")
        if answer["status"] == 200:
            return answer
        time.sleep(0.5)
    return {"status": None, "error": "gongkai serve did not come up", "exit": server.poll()}


def recover(base: str) -> dict:
    """Poll the home page until it has answered 200 several times in a row."""
    start, statuses = time.monotonic(), []
    while time.monotonic() - start < RECOVERY_SECONDS:
        statuses.append(fetch(base + "/")["status"])
        if statuses[-HEALTHY_IN_A_ROW:] == [200] * HEALTHY_IN_A_ROW:
            break
        if statuses[-1] != 200:
            time.sleep(0.3)
    return {"statuses": statuses, "seconds": round(time.monotonic() - start, 1)}


def main() -> None:
    port, data_dir = sys.argv[1], sys.argv[2]
    base = f"http://127.0.0.1:{port}"
    pg = cluster()
    report = {}
    with serving(port, data_dir) as server:
        report["startup"] = wait_until_up(base, server)
        if report["startup"]["status"] == 200:
            report["up"] = {
                path: fetch(base + path)["status"] for path in ("/", "/catalog/", "/api/v1/catalog")
            }
            pg_ctl(pg, "-m", "fast", "stop")
            report["down"] = {
                path: fetch(base + path) for path in ("/", "/catalog/", "/healthz", "/api/v1/catalog")
            }
            start_again(pg)
            report["recovery"] = recover(base)
            report["healthz_after"] = fetch(base + "/healthz")["status"]
    report["serve_log_tail"] = serve_log_tail(data_dir)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
