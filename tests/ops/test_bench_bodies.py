"""The short form of bench/bodies.py runs and prints well-formed figures; no timing is asserted."""

import json
import subprocess
import sys

from tests.ops.helpers import ROOT, child_env


def test_bodies_bench_prints_ratios_and_the_same_queries_for_one_body_and_the_league():
    out = subprocess.run(
        [sys.executable, "bench/bodies.py", "--quick", "--json"],
        cwd=ROOT,
        env=child_env(GONGKAI_DATA_DIR=None, GONGKAI_DATA_KEYS=None),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["benchmark"] == "bodies" and result["bodies"] == 743
    for name in ("dashboard", "staff list"):
        assert result[name]["ratio"] > 0 and all(ms > 0 for ms in result[name]["ms"])
    assert result["dashboard"]["queries"][0] == result["dashboard"]["queries"][1]
