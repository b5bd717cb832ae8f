"""Load test: N concurrent keep-alive connections against a running `gongkai serve` on loopback.

    .venv/bin/python bench/load.py --port 8000 [--seconds 30] [--connections 64] [--data-dir var]
    .venv/bin/python bench/load.py --serve     # starts its own `gongkai serve` on a throwaway database

Cycles through the public pages and a few searches. Prints requests/s, errors and p50/p95/p99 latency;
exits 1 if any request failed (status >= 400 or a connection error), 0 otherwise.

With the server's data directory (`--serve`, or `--data-dir`) it also publishes in the middle of the run:
it renames one item through `gongkai catalog import` and checks that every request for that item's page
or the catalog table that starts after the import has returned shows the new name. A stale page is
counted, and exits 1 too.
"""

import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
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


RENAMED_SEQ = 4
CHECKED_PATHS = frozenset(
    {f"/bodies/zltq-rsj/catalog/{SLUG}/{RENAMED_SEQ}/", f"/bodies/zltq-rsj/catalog/{SLUG}/"}
)


class Publication:
    """Renames one item through `gongkai catalog import` (a publishing service), halfway through the run."""

    def __init__(self, data_dir: Path, server_env: dict):
        # The server's own settings: the same database (its SQLite file, or DATABASE_URL when it has one).
        self.env = {**server_env, "GONGKAI_DATA_DIR": str(data_dir)}
        self.path = data_dir / "load-renamed-catalog.json"
        command = [
            sys.executable,
            "-m",
            "gongkai.cli",
            "catalog",
            "export",
            "--format",
            "json",
            "--catalog",
            SLUG,
        ]
        exported = subprocess.run(command, env=self.env, cwd=ROOT, capture_output=True, text=True)
        if exported.returncode != 0:
            raise SystemExit(f"gongkai catalog export failed:\n{exported.stderr[-2000:]}")
        document = json.loads(exported.stdout)
        item = next(entry for entry in document["items"] if entry["seq"] == RENAMED_SEQ)
        item["name"] += "（调整后）"
        self.new_name = item["name"].encode()
        self.path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        # Django set up beforehand in its own process, so the import itself takes about a second.
        self.helper = subprocess.Popen(
            [sys.executable, str(ROOT / "bench/_publish.py"), str(self.path)],
            env=self.env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.helper.stdout.readline().strip() != "ready":
            raise SystemExit("the publishing helper did not start")
        self.done_at: float | None = None
        self.checked = 0
        self.stale: list[str] = []
        self.lock = threading.Lock()

    def publish(self) -> None:
        self.helper.stdin.write("go\n")
        self.helper.stdin.flush()
        if self.helper.stdout.readline().strip() != "done":
            raise RuntimeError("the catalog import failed")
        self.done_at = time.monotonic()

    def close(self) -> None:
        if self.helper.poll() is None:
            self.helper.kill()
        self.helper.wait(timeout=30)

    def check(self, path: str, began: float, body: bytes) -> None:
        if path in CHECKED_PATHS and self.done_at is not None and began > self.done_at:
            with self.lock:
                self.checked += 1
                if self.new_name not in body:
                    self.stale.append(path)


# wrk drives the load (a C client: a Python client's own thread switching would be part of what it measures).
# Each wrk thread cycles through the paths from its own offset; at the end one line of figures.
WRK_SCRIPT = """
local paths = {%s}
local counter = 1
local offset = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 7)
  threads = threads + 1
end
function init(args)
  offset = tonumber(wrk.thread:get("offset")) or 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[((counter + offset) %% #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%.3f %%.3f %%.3f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def _wrk_script(folder: Path) -> Path:
    script = folder / "load.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(path) for path in PATHS), encoding="utf-8")
    return script


def _check_after_publication(port: int, publication: "Publication", stop: threading.Event) -> None:
    """Once the publication is done, ask for the renamed item's pages over and over until the run ends: every
    answer must show the new name."""
    while publication.done_at is None and not stop.is_set():
        time.sleep(0.01)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    rounds = 0
    while publication.done_at is not None and (not stop.is_set() or rounds < 5):
        for path in sorted(CHECKED_PATHS):
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                publication.check(path, time.monotonic(), response.read())
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        rounds += 1
        time.sleep(0.05)
    conn.close()


def run(port: int, seconds: float, connections: int, publication: Publication | None = None) -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing (bash scripts/system-packages.sh installs it)")
    errors: list[str] = []
    stop = threading.Event()
    helpers = []
    if publication is not None:
        helpers.append(threading.Timer(seconds / 2, _publish, args=(publication, errors)))
        helpers.append(threading.Thread(target=_check_after_publication, args=(port, publication, stop)))
    began = time.monotonic()
    for helper in helpers:
        helper.start()
    with tempfile.TemporaryDirectory(prefix="gongkai-wrk-") as folder:
        command = [wrk, "-t", "2", "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "30s"]
        command += ["-s", str(_wrk_script(Path(folder))), f"http://127.0.0.1:{port}"]
        out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    if publication is not None:
        helpers[0].join(timeout=120)  # a publication slower than the run is still checked
    stop.set()
    for helper in helpers[1:]:
        helper.join(timeout=60)
    figures = next((line.split()[1:] for line in out.stdout.splitlines() if line.startswith("RESULT")), None)
    if out.returncode != 0 or figures is None:
        raise SystemExit(f"wrk failed:\n{out.stdout}\n{out.stderr}")
    requests, duration_us, socket_errors, status_errors = (int(value) for value in figures[:4])
    failed_publications = len(errors)
    p50, p95, p99 = (float(value) for value in figures[4:])
    if socket_errors:
        errors.append(f"{socket_errors} connection errors")
    if status_errors:
        errors.append(f"{status_errors} answers with status 400 or more")
    return {
        "requests": requests,
        "rps": requests / (duration_us / 1e6) if duration_us else 0.0,
        "errors": socket_errors + status_errors + failed_publications,
        "first_errors": errors[:5],
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "published_after": publication.done_at - began if publication and publication.done_at else None,
    }


def _publish(publication: Publication, errors: list) -> None:
    try:
        publication.publish()
    except (OSError, RuntimeError) as error:
        errors.append(f"publication failed: {error}")


@contextlib.contextmanager
def own_server(info: dict):
    """`gongkai serve` (the embedded default: gunicorn on SQLite) on a free port and a throwaway data dir."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="gongkai-load-") as folder:
        env = {**os.environ, "GONGKAI_DATA_DIR": folder}
        env.pop("DATABASE_URL", None)
        info["data_dir"] = Path(folder)
        info["env"] = env
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
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="the server's GONGKAI_DATA_DIR: publish mid-run and check for stale pages",
    )
    args = parser.parse_args(argv)
    info = {"data_dir": args.data_dir}
    with own_server(info) if args.serve else contextlib.nullcontext(args.port) as port:
        server_env = info.get("env", os.environ)  # --port: a server started with this environment
        publication = Publication(info["data_dir"], server_env) if info["data_dir"] else None
        try:
            result = run(port, args.seconds, args.connections, publication)
        finally:
            if publication is not None:
                publication.close()
    line = (
        f"{args.connections} connections, {args.seconds:g} s: {result['requests']} requests, "
        f"{result['rps']:.1f} req/s, errors {result['errors']}, "
        f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms"
    )
    stale = False
    if publication is not None:
        after = result["published_after"]
        when = f"at {after:.1f} s" if after is not None else "never finished"
        line += f"; published {when}: {publication.checked} requests after it, stale {len(publication.stale)}"
        stale = bool(publication.stale) or not publication.checked
    print(line)
    for error in result["first_errors"]:
        print("  error:", error, file=sys.stderr)
    if publication is not None and publication.stale:
        print("  stale:", ", ".join(sorted(set(publication.stale))), file=sys.stderr)
    return 1 if result["errors"] or not result["requests"] or stale else 0


if __name__ == "__main__":
    sys.exit(main())
