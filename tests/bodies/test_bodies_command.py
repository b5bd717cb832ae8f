"""`gongkai bodies import|list|export`: all or nothing, row errors, the documented JSON shape, moves."""

import io
import json

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEntry
from gongkai.bodies.models import Body
from tests.bodies.helpers import COUNTY, credit_code


def write(tmp_path, records, name="bodies.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("bodies", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def snapshot():
    return list(Body.objects.order_by("path").values())


@pytest.fixture
def county(db, tmp_path):
    code, out, _ = run("import", str(write(tmp_path, COUNTY)))
    assert code == 0, out
    return Body.objects.get(code="zltq")


def test_import_builds_the_tree_and_list_json_prints_the_documented_shape(county):
    code, out, _ = run("list", "--json")
    records = json.loads(out)
    assert [r["code"] for r in records] == ["zltq", "zltq-rsj", "zltq-ybj", "zltq-ydez", "zltq-ydez-demo"]
    assert list(records[0]) == [
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "region_code",
        "credit_code",
        "contact",
    ]
    assert records[0]["parent"] is None and records[4]["parent"] == "zltq-ydez"
    assert records[4]["kind"] == "嘎查村·社区"
    assert set(records[0]["contact"]) == {
        "address", "office_hours", "phone", "email", "postcode",
        "disclosure_office_address", "disclosure_office_phone", "map_url",
    }  # fmt: skip
    assert {b.code for b in county.subtree()} == {r["code"] for r in COUNTY}
    town = Body.objects.get(code="zltq-ydez")
    assert {b.code for b in town.subtree()} == {"zltq-ydez", "zltq-ydez-demo"}
    assert AuditEntry.objects.filter(action="bodies.import").count() == 1


def test_the_text_list_shows_the_tree_indented(county):
    _, out, _ = run("list")
    lines = out.splitlines()
    assert lines[0].startswith("扎赉特旗人民政府（人民政府）")
    assert lines[-1].startswith("    音德尔镇演示嘎查")


def test_export_json_and_csv_import_back_unchanged(county, tmp_path):
    for fmt in ("json", "csv"):
        path = tmp_path / f"out.{fmt}"
        assert run("export", "--format", fmt, "-o", str(path))[0] == 0
        before = snapshot()
        code, out, _ = run("import", str(path))
        assert code == 0 and "无需修改" in out, out
        assert snapshot() == before


def test_export_csv_has_chinese_headers_and_escapes_formula_cells(county, tmp_path):
    Body.objects.filter(code="zltq-rsj").update(phone="=HYPERLINK(1)")
    path = tmp_path / "out.csv"
    run("export", "--format", "csv", "-o", str(path))
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("编码,名称,简称,类别,上级编码")
    assert "'=HYPERLINK(1)" in text
    run("import", str(path))
    assert Body.objects.get(code="zltq-rsj").phone == "=HYPERLINK(1)"


def test_moving_a_body_in_the_file_moves_its_subtree(county, tmp_path):
    moved = [dict(r) for r in COUNTY]
    moved[3]["parent"] = "zltq-rsj"  # an odd move, but it shows the subtree follows
    code, out, _ = run("import", str(write(tmp_path, moved)))
    assert code == 0 and "调整上级 1 个" in out
    rsj = Body.objects.get(code="zltq-rsj")
    assert {b.code for b in rsj.subtree()} == {"zltq-rsj", "zltq-ydez", "zltq-ydez-demo"}
    assert Body.objects.get(code="zltq-ydez-demo").depth == 4


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        (lambda rs: rs[1].update(parent="nowhere"), "row 2, column parent", "找不到上级“nowhere”"),
        (lambda rs: rs[2].update(code="zltq-rsj"), "row 3, column code", "与第2行重复"),
        (lambda rs: rs[1].update(credit_code="11152223MB00000000"), "row 2, column credit_code", "校验位"),
        (lambda rs: rs[1].update(region_code="15222"), "row 2, column region_code", "6位数字"),
        (lambda rs: rs[1].update(kind="局"), "row 2, column kind", "类别应是以下之一"),
        (lambda rs: rs[1].update(name=""), "row 2, column name", "不能为空"),
        (lambda rs: rs[1].update(code="人社局"), "row 2, column code", "小写字母"),
        (lambda rs: rs[1]["contact"].update(email="x@"), "row 2, column contact.email", "邮箱"),
        (lambda rs: rs[0].update(parent="zltq-ydez-demo"), "row 1, column parent", "绕成了圈"),
        (lambda rs: rs[1].update(parent="zltq-rsj"), "row 2, column parent", "不能是自己"),
    ],
)
def test_bad_rows_are_refused_whole_with_row_and_column(county, tmp_path, change, where, words):
    records = json.loads(json.dumps(COUNTY))
    records.append({"code": "new-one", "name": "新单位", "kind": "其他", "parent": "zltq"})
    change(records)
    before = snapshot()
    code, _, err = run("import", str(write(tmp_path, records)))
    assert code == 2
    assert "数据库未做任何修改" in err
    assert where in err and words in err, err
    assert snapshot() == before
    assert not Body.objects.filter(code="new-one").exists()


def test_a_cycle_through_bodies_already_stored_is_caught(county, tmp_path):
    # The file only moves the top body under a village that is stored, not in the file.
    code, _, err = run("import", str(write(tmp_path, [{**COUNTY[0], "parent": "zltq-ydez-demo"}])))
    assert code == 2 and "绕成了圈" in err


def test_a_valid_credit_code_is_kept_and_cannot_be_taken_by_a_second_body(county, tmp_path):
    good = credit_code("11152223MB0000000")
    records = [{**COUNTY[1], "credit_code": good.lower()}]
    assert run("import", str(write(tmp_path, records)))[0] == 0
    assert Body.objects.get(code="zltq-rsj").credit_code == good
    code, _, err = run("import", str(write(tmp_path, [{**COUNTY[2], "credit_code": good}])))
    assert code == 2 and "已属于“zltq-rsj”" in err


def test_csv_errors_name_the_chinese_header_and_the_file_row(db, tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text(
        "编码,名称,类别,上级编码\nzltq,扎赉特旗人民政府,人民政府,\nzltq-x,某局,部门,nowhere\n",
        encoding="utf-8",
    )
    code, _, err = run("import", str(path))
    assert code == 2 and "row 3, column 上级编码" in err
    path.write_text(
        "编码,名称,类别,上级编码\nzltq,扎赉特旗人民政府,人民政府,\nzltq-x,某局,部门,zltq\n", encoding="utf-8"
    )
    assert run("import", str(path))[0] == 0
    assert Body.objects.get(code="zltq-x").kind == "工作部门"  # "部门" is read as 工作部门


def test_dry_run_writes_nothing(db, tmp_path):
    code, out, _ = run("import", str(write(tmp_path, COUNTY)), "--dry-run")
    assert code == 0 and "新增 5 个" in out
    assert not Body.objects.exists()


def test_an_empty_installation_says_what_to_do(db):
    assert "gongkai bodies import" in run("list")[1]
    assert json.loads(run("list", "--json")[1]) == []


@pytest.mark.parametrize(("name", "content", "words"), [
    ("bodies.xlsx", b"x", "请用 .json 或 .csv"),
    ("bodies.json", b"{", "不是有效的 JSON"),
    ("bodies.json", b"{}", "应是一个列表"),
    ("bodies.csv", "名字\nx\n".encode(), "不认识这一列"),
])  # fmt: skip
def test_unreadable_files_get_a_clear_message(db, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run("import", str(path))
    assert code == 2 and words in err
