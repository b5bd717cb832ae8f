"""What the PostgreSQL fault drivers (pg_outage.py, pg_replicas.py) share, and how their tests run them.

A driver runs as its own process under a script that starts throwaway PostgreSQL servers
(scripts/with-postgres.sh, scripts/with-postgres-replica.sh), starts `gongkai serve` against them, does its
damage and prints what it saw as one JSON line; the test runs it with `run_driver` and judges the report.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def as_owner(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; the scripts give their clusters to the postgres account.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def fetch(url: str, cookie: str | None = None, timeout: float = 20) -> dict:
    """One GET: status, headers and body, or the connection error (status None)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (loopback URL built here)
            return {
                "status": response.status,
                "headers": dict(response.headers),
                "body": response.read().decode(),
            }
    except urllib.error.HTTPError as error:
        return {"status": error.code, "headers": dict(error.headers), "body": error.read().decode()[:2000]}
    except OSError as error:
        return {"status": None, "error": str(error)}


@contextlib.contextmanager
def serving(port: str, data_dir: str, **env_overrides: str):
    """`gongkai serve` in its own process group, its output in serve.log beside the data dir; stopped as one
    group (gunicorn and its workers) on the way out, however the driver ends."""
    env = {**os.environ, "GONGKAI_DATA_DIR": data_dir, **env_overrides}
    with (Path(data_dir).parent / "serve.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "serve", f"--port={port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield server
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)


def serve_log_tail(data_dir: str) -> str:
    return (Path(data_dir).parent / "serve.log").read_text()[-3000:]


def run_driver(wrapper: str, driver: str, http_port: int, data_dir: Path, **env_overrides: str) -> dict:
    """Run a driver under its PostgreSQL script with none of this process's settings; its JSON report."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_") and k != "DATABASE_URL"}
    env.update(env_overrides, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        ["bash", wrapper, sys.executable, driver, str(http_port), str(data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
