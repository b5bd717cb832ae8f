"""Public pages: cached throughput against nginx serving the same page as a file, and SQL queries per page.

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 64] [--items 10000] [--quick] [--json]

Throughput. A throwaway data dir gets the seed catalog and its demo guides (`gongkai init --demo`); gunicorn
runs with deploy/gunicorn.conf.py under production settings; nginx runs with a config generated from
deploy/nginx/gongkai.conf (bench/_nginx.py): the shipped proxy cache in front of gunicorn on one port and, on
a second port, the same pages saved as files. For each page, after warming the cache, wrk drives it at
--connections for --seconds against the production stack, the production stack with a browser's cookies
(a CSRF token and an analytics cookie, not the display mode) and the static files, in alternating slices of
about 2 s, then for --seconds against gunicorn alone (with the app's own page cache). The ratio is
production ÷ static; the goal for cached pages is at least 0.8, and answers with a cookie as fast as
without. A last probe asks whether browser-like requests share the cached copy.

Queries. For each public page, the SQL queries of one request, counted in a child process on a fresh SQLite
database holding a catalog of 10 items, then of --items items (the seed's items repeated, imported through
import_catalog, with the seed's life events and demo guides). A page whose count differs between the two
fails the run.

Everything listens on 127.0.0.1 on free ports and lives in one temp dir; child processes and the dir are
removed at the end, also on error, Ctrl-C or SIGTERM. Exit status 0; 1 if a request failed, a page's query
count changed or the setup failed; 2 if nginx or wrk is missing. The 0.8 goal is a printed verdict, not the
exit status: these machines are shared and noisy.
"""

import argparse
import base64
import contextlib
import ctypes
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _nginx  # noqa: E402 (bench/ is not a package)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "src/gongkai/catalog/seed/zalaite-social-insurance.json"
SLUG = "zalaite-social-insurance"
GOAL = 0.8

# Item 4 has a demo guide; group 0 is its group. Both exist in the seed and in every synthetic catalog.
THROUGHPUT_PAGES = [
    ("home", "/"),
    ("group", f"/bodies/zltq-rsj/catalog/{SLUG}/g/0/"),
    ("item", f"/bodies/zltq-rsj/catalog/{SLUG}/4/"),
    ("catalog table", "/catalog/"),
]
QUERY_PAGES = [
    ("home", "/"),
    ("group", f"/bodies/zltq-rsj/catalog/{SLUG}/g/0/"),
    ("item", f"/bodies/zltq-rsj/catalog/{SLUG}/4/"),
    ("level", f"/bodies/zltq-rsj/catalog/{SLUG}/levels/0/"),
    ("life events", "/events/"),
    ("one life event", "/events/employer/"),
    ("catalog table", "/catalog/"),
    ("disclosure column", "/gongkai/"),
    ("search", "/search/?q=退休"),
]
SMALL = 10
# $upstream_cache_status values whose body came from the cache (REVALIDATED: after a 304 from the app).
FROM_CACHE = ("HIT", "STALE", "UPDATING", "REVALIDATED")
QUICK = {"seconds": 1, "connections": 8, "items": 200}
FULL = {"seconds": 10, "connections": 64, "items": 10000}


class BenchError(Exception):
    """The bench could not measure; the message says why."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- child processes that never outlive the bench

_LIBC = ctypes.CDLL(None) if sys.platform.startswith("linux") else None


def _die_with_us() -> None:
    """Runs in the child before exec: SIGTERM when the bench dies, even by SIGKILL (Linux only)."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Children:
    """Servers started in their own process groups, so stopping one reaches its workers too."""

    def __init__(self):
        self.procs: list[subprocess.Popen] = []

    def start(self, argv: list[str], logfile: Path, env: dict) -> subprocess.Popen:
        with logfile.open("ab") as out:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
                start_new_session=True,
                preexec_fn=_die_with_us,
            )
        self.procs.append(proc)
        return proc

    def stop(self) -> None:
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(max(0.1, deadline - time.monotonic()))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # workers still draining, or a master that hung
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
        self.procs.clear()


def _run(argv: list[str], *, env: dict, timeout: float, what: str) -> str:
    try:
        out = subprocess.run(
            argv,
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_us,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"{what}: no answer within {timeout:g} s") from error
    if out.returncode != 0:
        raise BenchError(f"{what} failed (status {out.returncode}):\n{(out.stdout + out.stderr)[-3000:]}")
    return out.stdout


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _free_ports(count: int) -> list[int]:
    socks = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            socks.append(sock)
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def _tool(name: str) -> str | None:
    # Debian puts nginx in /usr/sbin, which is not on a normal user's PATH.
    return shutil.which(name) or shutil.which(name, path="/usr/local/sbin:/usr/sbin:/sbin")


# ---------------------------------------------------------------- HTTP


def get(port: int, path: str, timeout: float = 60, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def _wait_http(port: int, path: str, proc: subprocess.Popen, logfile: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"{proc.args[0]} exited with status {proc.returncode}:\n{_tail(logfile)}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if get(port, path, timeout=5)[0] == 200:
                return
        time.sleep(0.2)
    raise BenchError(
        f"nothing answered 200 on 127.0.0.1:{port}{path} within {seconds:g} s:\n{_tail(logfile)}"
    )


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(text: str) -> dict:
    """The figures of one wrk run (wrk 4.x text output)."""

    def first(pattern: str) -> re.Match | None:
        return re.search(pattern, text)

    requests = first(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b")
    rps = first(r"Requests/sec:\s*([\d.]+)")
    if not (requests and rps):
        raise BenchError(f"cannot read wrk's output:\n{text}")
    sockets = first(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
    non_2xx = first(r"Non-2xx or 3xx responses: (\d+)")
    latency = {}
    for pct in ("50", "99"):
        match = first(rf"\n\s+{pct}%\s+([\d.]+)(us|ms|s|m)\b")
        latency[f"p{pct}_ms"] = round(float(match[1]) * _UNITS_MS[match[2]], 3) if match else None
    return {
        "requests": int(requests[1]),
        "duration_s": float(requests[2]) * _UNITS_MS[requests[3]] / 1000,
        "rps": float(rps[1]),
        "errors": (sum(int(n) for n in sockets.groups()) if sockets else 0)
        + (int(non_2xx[1]) if non_2xx else 0),
        **latency,
    }


# ---------------------------------------------------------------- throughput


def _production_env(tmp: Path) -> dict:
    """Production settings, as deploy/gongkai.env.example sets them, in a throwaway data dir on SQLite."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("GONGKAI_")}
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_DATA_DIR=str(tmp / "var"),
        GONGKAI_PRODUCTION="true",
        # nginx here speaks plain http on loopback, so the snippet's X-Forwarded-Proto says http; in
        # production TLS ends at nginx and it says https. Without this every page would be a 301.
        GONGKAI_SSL_REDIRECT="false",
        GONGKAI_SECRET_KEY=secrets.token_urlsafe(50),
        GONGKAI_DATA_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        GONGKAI_PUBLIC_BASE_URL="https://gongkai.example.org",
    )
    return env


# What a browser carries after opening the application form and visiting a site with analytics.
BROWSER_COOKIES = f"csrftoken={'a1' * 16}; _ga=GA1.1.123456789.1700000000"


def _wrk(tool: str, port: int, path: str, seconds: int, connections: int, cookie: str | None = None) -> dict:
    threads = max(1, min(connections, os.cpu_count() or 1))
    argv = [tool, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    out = _run(
        [*argv, f"http://127.0.0.1:{port}{path}"], env=dict(os.environ), timeout=seconds + 60, what="wrk"
    )
    return parse_wrk(out)


def _slices(seconds: int) -> list[int]:
    """Production and static run in alternating slices of about 2 s, so a neighbour's burst of work on
    this shared machine lands on both columns rather than on whichever happened to run then."""
    rounds = max(1, seconds // 2)
    base, extra = divmod(seconds, rounds)
    return [base + (1 if i < extra else 0) for i in range(rounds)]


def _combine(runs: list[dict]) -> dict:
    """One column's figures over its slices: total requests over total time; p50 the median slice's,
    p99 the worst slice's."""
    duration = sum(r["duration_s"] for r in runs)
    p50s = sorted(r["p50_ms"] for r in runs if r["p50_ms"] is not None)
    p99s = [r["p99_ms"] for r in runs if r["p99_ms"] is not None]
    return {
        "requests": sum(r["requests"] for r in runs),
        "seconds": round(duration, 2),
        "rps": round(sum(r["requests"] for r in runs) / duration, 1) if duration else 0.0,
        "errors": sum(r["errors"] for r in runs),
        "p50_ms": p50s[len(p50s) // 2] if p50s else None,
        "p99_ms": max(p99s) if p99s else None,
        "slices_rps": [r["rps"] for r in runs],
    }


def _probe_sharing(port: int, path: str) -> dict:
    """After the runs: does the cached copy serve visitors who send what browsers send? nginx keys its
    cache on the address and the display-mode cookie alone (it ignores the app's Vary: Cookie), so a
    visitor with other cookies shares the copy and large-text mode has its own."""
    cookies = [{"Cookie": f"csrftoken={secrets.token_hex(16)}"} for _ in range(2)]
    elder = [{"Cookie": f"gk_elder=1; csrftoken={secrets.token_hex(16)}"} for _ in range(2)]
    language = {"Accept-Language": "zh-CN,zh;q=0.9"}
    return {
        "two visitors, each with a cookie": [
            get(port, path, headers=h)[1].get("x-cache-status", "") for h in cookies
        ],
        "two visitors in large-text mode": [
            get(port, path, headers=h)[1].get("x-cache-status", "") for h in elder
        ],
        "two requests with Accept-Language zh-CN": [
            get(port, path, headers=language)[1].get("x-cache-status", "") for _ in range(2)
        ],
    }


def _log_since(path: Path, offset: int) -> Counter:
    """Cache statuses ($upstream_cache_status) of the requests logged after `offset`."""
    with path.open("rb") as f:
        f.seek(offset)
        return Counter(line.split(b" ", 1)[0].decode() for line in f if line.strip())


def _warm(port: int, path: str) -> str:
    """Ask until nginx answers from its cache; returns the last X-Cache-Status seen."""
    status = ""
    for _ in range(20):
        code, headers, _ = get(port, path)
        status = headers.get("x-cache-status", "")
        if code == 200 and status == "HIT":
            break
        time.sleep(0.05)
    return status


def _save(static_root: Path, path: str, body: bytes) -> None:
    target = static_root / path.strip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)


def measure_throughput(tmp: Path, children: Children, tools: dict, seconds: int, connections: int) -> dict:
    env = _production_env(tmp)
    _nginx.directories(tmp)
    app_port, production_port, static_port = _free_ports(3)
    cli = [sys.executable, "-m", "gongkai.cli"]
    log("throughput: gongkai init --demo and collectstatic in a throwaway data dir …")
    _run([*cli, "init", "--demo"], env=env, timeout=300, what="gongkai init --demo")
    _run([*cli, "collectstatic", "--noinput", "-v0"], env=env, timeout=300, what="gongkai collectstatic")

    # As `gongkai serve` finds it (the venv's own gunicorn first), with deploy/gunicorn.conf.py instead of
    # serve's embedded defaults; --bind on the command line wins over the file's 127.0.0.1:8000.
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
    if gunicorn is None:
        raise BenchError("gunicorn not found: run make setup")
    gunicorn_log = tmp / "logs/gunicorn.log"
    app = children.start(
        [gunicorn, "--config", str(ROOT / "deploy/gunicorn.conf.py"), f"--bind=127.0.0.1:{app_port}"],
        gunicorn_log,
        env,
    )
    _wait_http(app_port, "/healthz", app, gunicorn_log, 60)

    pages = []
    for name, path in THROUGHPUT_PAGES:
        code, headers, body = get(app_port, path)
        if code != 200:
            raise BenchError(f"{path}: the app answered {code}")
        _save(tmp / "static-site", path, body)
        pages.append(
            {
                "page": name,
                "path": path,
                "bytes": len(body),
                "cache_control": headers.get("cache-control", ""),
                "etag": bool(headers.get("etag")),
                "vary": headers.get("vary", ""),
                "set_cookie": "set-cookie" in headers,
            }
        )

    conf = tmp / "nginx.conf"
    conf.write_text(
        _nginx.render(tmp, app_port=app_port, production_port=production_port, static_port=static_port)
    )
    nginx_argv = [tools["nginx"], "-p", f"{tmp}/", "-c", str(conf), "-e", str(tmp / "logs/error.log")]
    _run([*nginx_argv, "-t", "-q"], env=env, timeout=30, what="nginx -t on the generated config")
    nginx_log = tmp / "logs/nginx.out"
    nginx = children.start([*nginx_argv, "-g", "daemon off;"], nginx_log, env)
    _wait_http(production_port, "/healthz", nginx, tmp / "logs/error.log", 30)
    _wait_http(static_port, pages[0]["path"], nginx, tmp / "logs/error.log", 30)

    production_log = tmp / "logs/production.access.log"
    for page in pages:
        path = page["path"]
        code, _, body = get(static_port, path)
        if code != 200 or len(body) != page["bytes"]:
            raise BenchError(f"{path}: the static copy answered {code} with {len(body)} bytes")
        page["warmed"] = _warm(production_port, path)
        slices = _slices(seconds)
        log(
            f"  {page['page']} {path}: production and static in turns ({' + '.join(map(str, slices))} s), "
            f"then app alone ({seconds} s) …"
        )
        runs, cache, cookie_cache = {"production": [], "cookie": [], "static": []}, Counter(), Counter()
        for length in slices:
            offset = production_log.stat().st_size
            runs["production"].append(_wrk(tools["wrk"], production_port, path, length, connections))
            cache += _log_since(production_log, offset)
            offset = production_log.stat().st_size
            runs["cookie"].append(
                _wrk(tools["wrk"], production_port, path, length, connections, cookie=BROWSER_COOKIES)
            )
            cookie_cache += _log_since(production_log, offset)
            runs["static"].append(_wrk(tools["wrk"], static_port, path, length, connections))
        page["production"] = {**_combine(runs["production"]), "cache": dict(cache)}
        page["cookie"] = {**_combine(runs["cookie"]), "cache": dict(cookie_cache)}
        page["static"] = _combine(runs["static"])
        # One stretch: at ~1 s per response, short slices would mostly measure their own ramp-up.
        page["app"] = _combine([_wrk(tools["wrk"], app_port, path, seconds, connections)])
        page["sharing"] = _probe_sharing(production_port, path)
        static_rps = page["static"]["rps"] or float("nan")
        page["ratio"] = round(page["production"]["rps"] / static_rps, 3)
        page["cookie_ratio"] = round(page["cookie"]["rps"] / (page["production"]["rps"] or float("nan")), 3)
        page["app_ratio"] = round(page["app"]["rps"] / static_rps, 4)
        for column in ("production", "cookie"):
            served = sum(page[column]["cache"].values())
            cached = sum(page[column]["cache"].get(status, 0) for status in FROM_CACHE)
            page["from_cache" if column == "production" else "cookie_from_cache"] = (
                round(cached / served, 4) if served else 0.0
            )
    lowest = min(pages, key=lambda p: p["ratio"])
    return {
        "seconds": seconds,
        "connections": connections,
        "goal": GOAL,
        "meets_goal": all(p["ratio"] >= GOAL for p in pages),
        "lowest": {"page": lowest["page"], "ratio": lowest["ratio"]},
        "lowest_cookie": min(p["cookie_ratio"] for p in pages),
        "errors": sum(p[col]["errors"] for p in pages for col in ("production", "cookie", "static", "app")),
        "pages": pages,
    }


# ---------------------------------------------------------------- queries per page


def synthetic_document(n_items: int) -> dict:
    """The seed catalog with its items repeated to n_items; the first 77 are the seed's own."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    source = seed["items"]
    items = []
    for seq in range(1, n_items + 1):
        item = dict(source[(seq - 1) % len(source)], seq=seq)
        if seq > len(source):
            item["name"] = f"{item['name']}（{seq}）"
        items.append(item)
    return {**seed, "items": items}


def count_queries(n_items: int) -> dict:
    """In this process (a child of the bench, with its own GONGKAI_DATA_DIR): {path: queries}."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from gongkai.catalog.services import import_catalog
    from gongkai.guides.demo import load_demo_content
    from gongkai.lifeevents.services import load_life_events

    setup_test_environment()  # as the test runner does: mail to memory, 'testserver' allowed
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    import_catalog(synthetic_document(n_items), actor_label="bench/pages.py")
    load_life_events()
    load_demo_content()
    client = Client()
    counts = {}
    for _, path in QUERY_PAGES:
        client.get(path)  # the first request of a process fills its caches; count a later one
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: status {response.status_code}")
        counts[path] = len(ctx.captured_queries)
    return counts


def measure_queries(tmp: Path, n_items: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("GONGKAI_")}
    env["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    # What building a page costs: with the page cache on, the counted request would be a cached copy.
    env["GONGKAI_PAGE_CACHE"] = "off"
    sizes = [SMALL, n_items]
    by_size = {}
    for size in sizes:
        log(f"queries: a fresh SQLite database with {size:,} items …")
        env["GONGKAI_DATA_DIR"] = str(tmp / f"queries-{size}")
        out = _run(
            [sys.executable, str(Path(__file__).resolve()), "--count-queries", str(size)],
            env=env,
            timeout=900,
            what=f"counting queries at {size:,} items",
        )
        by_size[size] = json.loads(out.strip().splitlines()[-1])
    pages = [
        {
            "page": name,
            "path": path,
            "counts": [by_size[size][path] for size in sizes],
            "changes": by_size[sizes[-1]][path] != by_size[sizes[0]][path],
        }
        for name, path in QUERY_PAGES
    ]
    return {"sizes": sizes, "constant": not any(p["changes"] for p in pages), "pages": pages}


# ---------------------------------------------------------------- report


def report(result: dict) -> str:
    t = result["throughput"]
    lines = [
        f"Throughput, requests/s: wrk, {t['connections']} connections, {t['seconds']} s per page and column",
        "  production = nginx proxy cache (deploy/nginx) in front of gunicorn (deploy/gunicorn.conf.py)",
        "  cookie     = production, each request with a browser's cookies (CSRF token, analytics)",
        "  static     = the same nginx serving the same page saved as a file (in turns with production)",
        "  app alone  = gunicorn directly, with the app's own page cache",
        "  ratio      = production / static; cookie/plain = cookie / production",
        "",
        f"{'page':<15}{'production':>11}{'cookie':>9}{'static':>10}{'ratio':>8}{'cookie/plain':>14}"
        f"{'app alone':>11}{'app/static':>12}{'from cache':>12}{'errors':>8}  path",
    ]
    for p in t["pages"]:
        errors = sum(p[c]["errors"] for c in ("production", "cookie", "static", "app"))
        lines.append(
            f"{p['page']:<15}{p['production']['rps']:>11,.0f}{p['cookie']['rps']:>9,.0f}"
            f"{p['static']['rps']:>10,.0f}{p['ratio']:>8.2f}{p['cookie_ratio']:>14.2f}"
            f"{p['app']['rps']:>11,.1f}{p['app_ratio']:>12.4f}{p['from_cache']:>12.1%}{errors:>8}  {p['path']}"
        )
    verdict = "met" if t["meets_goal"] else "NOT met"
    lines += [
        "",
        f"Goal production/static >= {t['goal']} for cached pages: {verdict} "
        f"(lowest {t['lowest']['ratio']:.2f}, {t['lowest']['page']})",
        f"With a browser's cookies: lowest cookie/plain {t['lowest_cookie']:.2f} (1.00: as fast as without)",
    ]
    for p in t["pages"]:
        if p["set_cookie"] or "public" not in p["cache_control"] or not p["etag"]:
            lines.append(
                f"  note: {p['path']} sends Cache-Control {p['cache_control']!r}, ETag {p['etag']}, "
                f"Set-Cookie {p['set_cookie']}"
            )
    sharing = {json.dumps(p["sharing"], ensure_ascii=False) for p in t["pages"]}
    lines.append(
        "Cache sharing, probed after the runs"
        + (" (same on every page):" if len(sharing) == 1 else " (first page; see --json for the others):")
    )
    lines += [f"  {label}: {', '.join(seen)}" for label, seen in t["pages"][0]["sharing"].items()]
    q = result["queries"]
    small, large = q["sizes"]
    lines += [
        "",
        "SQL queries per page (one request, in-process, SQLite)",
        "",
        f"{'page':<19}{f'{small:,} items':>12}{f'{large:,} items':>14}  path",
    ]
    for p in q["pages"]:
        mark = "  <- not constant" if p["changes"] else ""
        lines.append(f"{p['page']:<19}{p['counts'][0]:>12}{p['counts'][1]:>14}  {p['path']}{mark}")
    lines += [
        "",
        "Query counts: " + ("constant" if q["constant"] else "NOT constant: they depend on the catalog"),
        f"Errors: {result['errors']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, help=f"per page and column (default {FULL['seconds']})")
    parser.add_argument("--connections", type=int, help=f"wrk connections (default {FULL['connections']})")
    parser.add_argument(
        "--items", type=int, help=f"catalog size for the query counts (default {FULL['items']})"
    )
    parser.add_argument("--quick", action="store_true", help=f"CI's short form: {QUICK}, unless given")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of the tables")
    parser.add_argument("--count-queries", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.count_queries:
        print(json.dumps(count_queries(args.count_queries), ensure_ascii=False))
        return 0
    defaults = QUICK if args.quick else FULL
    seconds = args.seconds or defaults["seconds"]
    connections = args.connections or defaults["connections"]
    items = args.items or defaults["items"]
    if seconds < 1 or connections < 1 or items <= SMALL:
        parser.error(f"--seconds and --connections must be at least 1, --items more than {SMALL}")

    tools = {name: _tool(name) for name in ("nginx", "wrk")}
    missing = [name for name, path in tools.items() if path is None]
    if missing:
        log(
            f"bench/pages.py needs {' and '.join(missing)}, which {'is' if len(missing) == 1 else 'are'} "
            "not installed. On Debian, as root: apt-get install -y nginx wrk (scripts/system-packages.sh "
            "installs both). Nothing was measured."
        )
        return 2

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-pages-"))
    children = Children()
    try:
        throughput = measure_throughput(tmp, children, tools, seconds, connections)
        children.stop()  # the query counts get the machine to themselves
        queries = measure_queries(tmp, items)
    except BenchError as error:
        log(f"bench/pages.py: {error}")
        return 1
    except KeyboardInterrupt:
        log("bench/pages.py: interrupted; servers stopped, temp dir removed")
        return 130
    finally:
        children.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "quick": args.quick,
        "items": items,
        "throughput": throughput,
        "queries": queries,
        "errors": throughput["errors"],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else report(result))
    return 1 if result["errors"] or not queries["constant"] else 0


if __name__ == "__main__":
    sys.exit(main())
