"""Driver for test_database_replicas.py; run it under scripts/with-postgres-replica.sh (a primary and a
streaming replica, every statement logged by each).

Usage: python tests/ops/pg_replicas.py HTTP_PORT DATA_DIR

Starts `gongkai serve` with GONGKAI_DATABASE_REPLICA_URLS, sends requests one at a time and notes which
server's log shows their statements, stops the replica, sends more, starts it again, and prints what it
saw as one JSON line for the test to judge. Every wait has a deadline.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from tests.ops.drivers import as_owner, fetch, serve_log_tail, serving

STARTUP_SECONDS = 150
CATCH_UP_SECONDS = 60
RETRY_SECONDS = 2  # GONGKAI_DATABASE_REPLICA_RETRY_SECONDS for the server under test
REQUESTS_PER_CHECK = 10  # more than gunicorn's threads, so every thread's connection has been met


class Logs:
    """What each server logged since the last mark."""

    def __init__(self):
        self.paths = {
            "primary": Path(os.environ["GONGKAI_TEST_PRIMARY_LOG"]),
            "replica": Path(os.environ["GONGKAI_TEST_REPLICA_LOG"]),
        }
        self.mark()

    def mark(self) -> None:
        self.offsets = {name: path.stat().st_size for name, path in self.paths.items()}

    def since(self) -> dict[str, str]:
        texts = {}
        for name, path in self.paths.items():
            with path.open("rb") as log:
                log.seek(self.offsets[name])
                texts[name] = log.read().decode(errors="replace")
        return texts


def statements(text: str) -> list[str]:
    return [line.split("statement: ", 1)[1] for line in text.splitlines() if "statement: " in line]


def replica_caught_up() -> bool:
    deadline = time.monotonic() + CATCH_UP_SECONDS
    primary_url = os.environ["DATABASE_URL"]
    replica_url = os.environ["GONGKAI_DATABASE_REPLICA_URLS"]
    with psycopg.connect(primary_url, autocommit=True) as primary:
        target = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(replica_url, autocommit=True, connect_timeout=2) as replica:
                done = replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]).fetchone()[
                    0
                ]
            if done:
                return True
        except psycopg.OperationalError:
            pass
        time.sleep(0.2)
    return False


def pg_ctl(*args: str) -> None:
    command = [
        f"{os.environ['GONGKAI_TEST_PG_BIN']}/pg_ctl",
        "-D",
        os.environ["GONGKAI_TEST_REPLICA_DATA"],
        "-w",
    ]
    subprocess.run(as_owner([*command, *args]), check=True, timeout=60, capture_output=True)


def start_replica() -> None:
    options = (
        f"-p {os.environ['GONGKAI_TEST_REPLICA_PORT']} -k {os.environ['GONGKAI_TEST_PG_SOCKETS']} "
        "-c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c log_statement=all"
    )
    pg_ctl("-l", os.environ["GONGKAI_TEST_REPLICA_LOG"], "-o", options, "start")


def search_check(base: str, logs: Logs, word: str) -> dict:
    """An anonymous search for a word nobody has: who ran the search, and who logged the missed query."""
    logs.mark()
    answer = fetch(f"{base}/search/?q={word}")
    seen = logs.since()
    return {
        "status": answer["status"],
        # The ranked search reads the entries' table (the missed query is written to another).
        "search_on": sorted(
            name
            for name, text in seen.items()
            if any(s.startswith("SELECT") and "search_searchentry" in s for s in statements(text))
        ),
        "missed_query_written_on": sorted(
            name
            for name, text in seen.items()
            if any(
                "search_missedquery" in s and word in s and not s.startswith("SELECT")
                for s in statements(text)
            )
        ),
    }


def statement_counts(base: str, logs: Logs, path: str, cookie: str | None = None) -> dict:
    logs.mark()
    statuses = [fetch(base + path, cookie)["status"] for _ in range(3)]
    seen = logs.since()
    return {"statuses": statuses} | {name: len(statements(text)) for name, text in seen.items()}


def main() -> None:
    port, data_dir = sys.argv[1], sys.argv[2]
    base = f"http://127.0.0.1:{port}"
    report = {}
    with serving(port, data_dir, GONGKAI_DATABASE_REPLICA_RETRY_SECONDS=str(RETRY_SECONDS)) as server:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and fetch(base + "/healthz")["status"] != 200:
            if server.poll() is not None:
                break
            time.sleep(0.5)
        report["startup"] = fetch(base + "/healthz")["status"]
        report["caught_up"] = replica_caught_up()
        if report["startup"] == 200 and report["caught_up"]:
            logs = Logs()
            report["search"] = search_check(base, logs, "zqxjkv")
            report["api"] = statement_counts(base, logs, "/api/v1/catalog")
            report["staff"] = statement_counts(base, logs, "/events/", cookie="sessionid=any-session")
            report["apply"] = statement_counts(base, logs, "/apply/status/")

            pg_ctl("-m", "fast", "stop")
            logs.mark()
            paths = ["/", "/catalog/", "/api/v1/catalog", "/events/", "/search/?q=%E9%80%80%E4%BC%91"]
            report["down_statuses"] = [
                fetch(base + paths[i % len(paths)])["status"] for i in range(REQUESTS_PER_CHECK)
            ]
            report["down_search"] = search_check(base, logs, "wqzvkx")

            start_replica()
            report["back_caught_up"] = replica_caught_up()
            time.sleep(RETRY_SECONDS + 0.5)
            for _ in range(REQUESTS_PER_CHECK):  # each thread notices that its replica is back
                fetch(base + "/events/")
            report["back_search"] = search_check(base, logs, "vkxqzj")
    report["serve_log_tail"] = serve_log_tail(data_dir)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
