"""`gongkai report annual YEAR`: every format, drafts marked, exit status 2 for bad input."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from tests.reports.helpers import EXPECTED_THREE, check_html_tables


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "annual", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_to_stdout_of_a_published_report(published_report):
    out, err = run("2025")
    data = json.loads(out)
    assert data["state"] == "published" and data["sections"]["三"] == EXPECTED_THREE
    assert "草稿" not in err


def test_html_to_stdout(published_report):
    out, _ = run("2025", "--format", "html")
    check_html_tables(out)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_binary_formats_to_a_file(published_report, tmp_path, fmt):
    path = tmp_path / f"report.{fmt}"
    _, err = run("2025", "--format", fmt, "-o", str(path))
    assert f"已写入 {path}" in err
    data = path.read_bytes()
    if fmt == "docx":
        assert any(
            t.rows[3].cells[0].text == "一、本年新收政府信息公开申请数量" for t in Document(str(path)).tables
        )
    elif fmt == "xlsx":
        assert load_workbook(str(path))["三、收到和处理政府信息公开申请情况"]["H7"].value == 4
    else:
        assert data.startswith(b"%PDF")


def test_a_year_without_a_report_prints_computed_draft_figures(known_year):
    out, err = run("2025")
    data = json.loads(out)
    assert data["state"] == "draft" and data["state_label"] == "草稿"
    assert data["sections"]["三"] == EXPECTED_THREE
    assert "还没有开始编写" in err and "草稿" in err
    html, _ = run("2025", "--format", "html")
    assert "草稿" in html and "尚未开始编写" in html


def test_a_draft_lists_failed_checks(draft_report, officer):
    from gongkai.reports import services

    services.update_report(
        draft_report, adjustments={"granted": {"person": 1}}, adjustment_note="x", acting_user=officer
    )
    _, err = run("2025")
    assert "是草稿" in err and "检查未通过：三 · （七）总计 · 自然人列" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["abc"], "年度要写成四位数字"),
        (["1999"], "条例自 2008 年起施行"),
        (["2999"], "还没到"),
        (["2025", "--format", "docx"], "请用 -o 指定输出文件"),
    ],
)
def test_bad_input_exits_with_status_2_and_says_why(db, args, message):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("report", "annual", *args, stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 2
    assert message in err.getvalue()


def test_console_script_exit_status_for_an_unknown_format(tmp_path):
    """Through the real console script: argparse refuses an unknown format with status 2 too."""
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "report", "annual", "2025", "--format", "odt"],
        capture_output=True,
        text=True,
        env={"GONGKAI_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    assert "odt" in result.stderr
