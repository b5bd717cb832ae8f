"""Short load test: 16 connections for 5 s against `gongkai serve` over the public pages and search, no errors,
and a catalog import halfway through shows on every page requested after it (no stale cached page)."""

import subprocess
import sys
import time

from cryptography.fernet import Fernet

from tests.ops.helpers import ROOT, child_env
from tests.ops.test_kill_during_submissions import (
    STARTUP_SECONDS,
    _free_port,
    _kill_group,
    _start,
    _wait_ready,
)


def test_sixteen_connections_for_five_seconds_without_errors(tmp_path):
    port = _free_port()
    env = child_env(GONGKAI_DATA_DIR=tmp_path / "var", GONGKAI_DATA_KEYS=Fernet.generate_key().decode())
    with (tmp_path / "serve.log").open("wb") as log:
        proc = _start(port, env, log)
        try:
            _wait_ready(port, proc, time.monotonic() + STARTUP_SECONDS)
            out = subprocess.run(
                [
                    sys.executable,
                    "bench/load.py",
                    "--port",
                    str(port),
                    "--seconds",
                    "5",
                    "--connections",
                    "16",
                    "--data-dir",
                    str(tmp_path / "var"),
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=90,
            )
        finally:
            _kill_group(proc)
    print(out.stdout)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "errors 0" in out.stdout
    assert "stale 0" in out.stdout
