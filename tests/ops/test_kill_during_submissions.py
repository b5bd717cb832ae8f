"""Fault test: SIGKILL every gunicorn process while applications pour in; nothing acknowledged is lost.

GIVEN `gongkai serve` (gunicorn) on a loopback port with its own data directory, and threads posting
applications to /api/v1/requests (each from its own X-Forwarded-For address, so the 5-an-hour limit per
address does not refuse them)
WHEN the whole process group is killed with SIGKILL mid-run and the server is started again
THEN every application that was answered 201 is in the database with its fields intact (decrypted), and no
application is half-written (each has its RECEIVED event and its audit row).

SQLite by default; PostgreSQL when DATABASE_URL is set (the server and the checker both use it).
"""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from cryptography.fernet import Fernet

from tests.ops.helpers import ROOT, child_env

THREADS = 8
KILL_AFTER = 3.0  # seconds of submissions before the kill

BODY = {
    "body": "zltq-rsj",  # the seed's bureau, which `gongkai serve` loads on first start
    "applicant_type": "person",
    "name": "王秀兰",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800001234",
    "address": "扎赉特旗音德尔镇幸福村",
    "description": "2025 年城乡居民养老保险基础养老金标准",
    "delivery_form": "paper",
    "delivery_method": "post",
}

CHECK_SCRIPT = """
import json, django
django.setup()
from gongkai.audit.models import AuditEntry
from gongkai.inforequests.choices import EventKind
from gongkai.inforequests.models import Application
apps = {}
for app in Application.objects.prefetch_related("events"):
    apps[app.code] = {
        "name": app.name, "id_number": app.id_number, "phone": app.phone, "address": app.address,
        "description": app.description, "received_on": str(app.received_on), "due_on": str(app.due_on),
        "received_events": sum(1 for e in app.events.all() if e.kind == EventKind.RECEIVED),
    }
audited = set(AuditEntry.objects.filter(action="request.submitted").values_list("target", flat=True))
print(json.dumps({"apps": apps, "audited": sorted(audited)}, ensure_ascii=False))
"""


# A first start creates the database, migrates and loads the catalog: some 20 s on a busy 2-core machine
# (CI runs two test processes beside it). A bound on waiting, not a speed check.
STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(port: int, env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so killpg reaches gunicorn and its workers
    )


def _wait_ready(port: int, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert proc.poll() is None, "gongkai serve exited early"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise AssertionError("gongkai serve did not answer /healthz in time")


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def test_acknowledged_applications_survive_sigkill(tmp_path):
    port = _free_port()
    env = child_env(
        GONGKAI_DATA_DIR=tmp_path / "var",
        GONGKAI_DATA_KEYS=Fernet.generate_key().decode(),
        PYTHONUNBUFFERED=1,
        # The posting threads play clients behind a proxy on this machine, each with its own address.
        GONGKAI_TRUSTED_PROXIES="127.0.0.1",
    )
    log = (tmp_path / "serve.log").open("wb")
    started = time.monotonic()
    proc = _start(port, env, log)
    acknowledged: dict[str, dict] = {}
    lock = threading.Lock()
    stop = threading.Event()
    counter = iter(range(1_000_000))
    try:
        _wait_ready(port, proc, started + STARTUP_SECONDS)

        def submitter() -> None:
            while not stop.is_set():
                n = next(counter)
                body = {**BODY, "name": f"申请人{n}", "description": f"第 {n} 件：{BODY['description']}"}
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/v1/requests",
                    data=json.dumps(body).encode(),
                    headers={
                        "Content-Type": "application/json",
                        "X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
                    },
                    method="POST",
                )
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                        if response.status == 201:
                            code = json.loads(response.read())["code"]
                            with lock:
                                acknowledged[code] = body
                except (OSError, urllib.error.URLError, http.client.HTTPException, ValueError):
                    # Refused, or cut off by the kill (IncompleteRead mid-answer): the tracking code never
                    # reached the citizen, so no promise was made.
                    pass

        threads = [threading.Thread(target=submitter, daemon=True) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        time.sleep(KILL_AFTER)
        # WHEN every gunicorn process dies at once, requests in flight
        _kill_group(proc)
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        assert acknowledged, "no application was acknowledged before the kill"

        # AND the server is started again on the same data
        proc = _start(port, env, log)
        _wait_ready(port, proc, time.monotonic() + STARTUP_SECONDS)
        check = subprocess.run(
            [sys.executable, "-c", CHECK_SCRIPT],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert check.returncode == 0, check.stderr
        state = json.loads(check.stdout.strip().splitlines()[-1])
    finally:
        stop.set()
        _kill_group(proc)
        log.close()

    apps, audited = state["apps"], set(state["audited"])
    # THEN every acknowledged application is there, with what was sent, decrypted
    missing = sorted(set(acknowledged) - set(apps))
    assert not missing, f"{len(missing)} acknowledged applications lost: {missing[:5]}"
    for code, body in acknowledged.items():
        stored = apps[code]
        for field in ("name", "id_number", "phone", "address", "description"):
            assert stored[field] == body[field], (code, field)
    # AND nothing is half-written: every application has exactly one RECEIVED event, dates and an audit row
    for code, stored in apps.items():
        assert stored["received_events"] == 1, code
        assert stored["received_on"] != "None" and stored["due_on"] != "None", code
        assert code in audited, code
    print(f"{len(acknowledged)} acknowledged before SIGKILL, {len(apps)} in the database after restart")
    assert time.monotonic() - started < 60
