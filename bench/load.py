"""Load test: N concurrent keep-alive connections against a running `gongkai serve` on loopback.

    .venv/bin/python bench/load.py --port 8000 [--seconds 30] [--connections 64]
    .venv/bin/python bench/load.py --serve     # starts its own `gongkai serve` on a throwaway database

Cycles through the public pages and a few searches. Prints requests/s, errors and p50/p95/p99 latency;
exits 1 if any request failed (status >= 400 or a connection error), 0 otherwise.
"""

import argparse
import contextlib
import http.client
import itertools
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent

SLUG = "zalaite-social-insurance"
PATHS = [
    "/",
    f"/bodies/zltq-rsj/catalog/{SLUG}/",
    f"/bodies/zltq-rsj/catalog/{SLUG}/4/",
    f"/bodies/zltq-rsj/catalog/{SLUG}/12/",
    f"/bodies/zltq-rsj/catalog/{SLUG}/g/1/",
    f"/bodies/zltq-rsj/catalog/{SLUG}/levels/1/",
    "/events/",
    "/gongkai/",
    "/gongkai/annual-reports/",
    *(f"/search/?q={quote(q)}" for q in ["退休", "社保卡", "失业金", "工伤认定", "养老保险"]),
]


def worker(port: int, deadline: float, start_at: int, latencies: list, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in itertools.islice(itertools.cycle(PATHS), start_at, None):
        if time.monotonic() >= deadline:
            break
        began = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                errors.append(f"{path}: {response.status}")
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{path}: {error!r}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        latencies.append(time.perf_counter() - began)
    conn.close()


def run(port: int, seconds: float, connections: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=worker, args=(port, deadline, i, latencies, errors), daemon=True)
        for i in range(connections)
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - began
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100) if len(ms) >= 2 else [ms[0] if ms else 0.0] * 99
    return {
        "requests": len(ms),
        "rps": len(ms) / elapsed if elapsed else 0.0,
        "errors": len(errors),
        "first_errors": errors[:5],
        "p50": q[49],
        "p95": q[94],
        "p99": q[98],
    }


@contextlib.contextmanager
def own_server():
    """`gongkai serve` (the embedded default: gunicorn on SQLite) on a free port and a throwaway data dir."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="gongkai-load-") as folder:
        env = {**os.environ, "GONGKAI_DATA_DIR": folder}
        env.pop("DATABASE_URL", None)
        command = [sys.executable, "-m", "gongkai.cli", "serve", "--port", str(port)]
        with open(Path(folder) / "serve.log", "wb") as log:
            # Its own process group, so one signal stops gunicorn and its workers.
            server = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            try:
                _wait_ready(port, server)
                yield port
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)


def _wait_ready(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gongkai serve stopped while starting")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response,  # noqa: S310
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit("gongkai serve did not answer /healthz in time")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--serve", action="store_true", help="start and stop an own server (ignores --port)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args(argv)
    with own_server() if args.serve else contextlib.nullcontext(args.port) as port:
        result = run(port, args.seconds, args.connections)
    print(
        f"{args.connections} connections, {args.seconds:g} s: {result['requests']} requests, "
        f"{result['rps']:.1f} req/s, errors {result['errors']}, "
        f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms"
    )
    for error in result["first_errors"]:
        print("  error:", error, file=sys.stderr)
    return 1 if result["errors"] or not result["requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
