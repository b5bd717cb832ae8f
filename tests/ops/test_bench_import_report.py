"""The short forms of bench/import_catalog.py and bench/annual_report.py run and print well-formed figures.

No timing is asserted (design.md: benchmarks print ratios, they are never timed assertions); only that each
bench finishes, exits 0 and reports positive figures, and that the annual report's query count is the same
at 1,000 cases as at the full size.
"""

import json
import subprocess
import sys

import pytest

from tests.ops.helpers import ROOT, child_env


def _bench(script: str) -> dict:
    out = subprocess.run(
        [sys.executable, f"bench/{script}", "--quick", "--json"],
        cwd=ROOT,
        env=child_env(GONGKAI_DATA_DIR=None, GONGKAI_DATA_KEYS=None),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _positive(value) -> bool:
    return isinstance(value, int | float) and value > 0


def test_import_bench_prints_ratios_to_the_raw_read():
    result = _bench("import_catalog.py")
    assert result["benchmark"] == "import_catalog"
    assert result["items"] == 300 and result["runs"] == 1
    assert result["backend"] in ("sqlite", "postgresql")
    assert set(result["seconds"]) == {"raw", "parse", "import", "reimport"}
    assert all(_positive(value) for value in result["seconds"].values())
    assert all(_positive(value) for value in result["items_per_second"].values())
    assert set(result["ratio_to_raw"]) == {"parse", "import", "reimport"}
    assert all(_positive(value) for value in result["ratio_to_raw"].values())
    assert result["cells"] > result["items"] and result["file_bytes"] > 0
    assert _positive(result["queries"]["import"])


@pytest.mark.parametrize("size", ["1000", "2000"])
def test_report_bench_prints_ratios_and_a_constant_query_count(size, report_bench):
    figures = report_bench["sizes"][size]
    for key in ("baseline", "compute", "report"):
        assert _positive(figures[f"{key}_ms"])
        assert _positive(figures[f"{key}_queries"])
    assert _positive(figures["compute_ratio"]) and _positive(figures["report_ratio"])
    assert figures["figures_agree"] is True
    assert figures["compute_queries"] == report_bench["sizes"]["1000"]["compute_queries"]
    assert figures["report_queries"] == report_bench["sizes"]["1000"]["report_queries"]


def test_report_bench_covers_every_category_and_output(report_bench):
    assert report_bench["benchmark"] == "annual_report"
    assert report_bench["cases"] == 2000 and report_bench["rows"]["applications"] == 2000
    assert report_bench["queries_constant"] is True and report_bench["figures_agree"] is True
    full = report_bench["sizes"]["2000"]
    for key in ("new", "carried_over", "concluded", "carried_forward", "reviews"):
        assert _positive(full[key]), key
    assert set(report_bench["render"]) == {"json", "html", "xlsx", "docx", "pdf"}
    for figures in [*report_bench["render"].values(), report_bench["cli_html"]]:
        assert _positive(figures["ms"]) and _positive(figures["ratio"])


@pytest.fixture(scope="module")
def report_bench():
    return _bench("annual_report.py")
