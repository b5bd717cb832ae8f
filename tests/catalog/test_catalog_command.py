"""`gongkai catalog export` and `gongkai catalog import`: formats, round trips, dry runs and bad input."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.catalog.models import Catalog, Item
from gongkai.catalog.services import catalog_document
from tests.factories import make_document

FORMATS = ["json", "csv", "xlsx", "docx"]


def export(tmp_path, fmt, *extra) -> bytes:
    path = tmp_path / f"out.{fmt}"
    call_command("catalog", "export", "--format", fmt, "-o", str(path), *extra, stderr=io.StringIO())
    return path.read_bytes()


def import_(path, *extra) -> str:
    out = io.StringIO()
    call_command("catalog", "import", str(path), *extra, stdout=out)
    return out.getvalue()


def snapshot() -> list:
    """Everything a catalog import could touch, as comparable data."""
    return [catalog_document(c) for c in Catalog.objects.order_by("pk")]


def test_json_export_goes_to_stdout_with_the_documented_keys(seeded, capsysbinary):
    call_command("catalog", "export")
    doc = json.loads(capsysbinary.readouterr().out.decode())
    assert len(doc["items"]) == 77
    first = doc["items"][0]
    assert list(first) == [
        "seq", "category", "group_path", "name", "elements", "basis", "time_limit", "subject",
        "channels", "audience", "method", "levels", "url", "warnings",
    ]  # fmt: skip
    assert first["group_path"] == [first["category"]]
    assert first["url"] == "/bodies/zltq-rsj/catalog/zalaite-social-insurance/1/"
    assert len(first["elements"]) == 11


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_over_the_existing_catalog(seeded, tmp_path, fmt):
    first = export(tmp_path, fmt)
    path = tmp_path / f"in.{fmt}"
    path.write_bytes(first)
    assert "无需修改" in import_(path)
    before = snapshot()
    assert snapshot() == before
    if fmt in ("json", "csv"):
        assert export(tmp_path, fmt) == first
    else:
        assert _read(export(tmp_path, fmt), fmt) == _read(first, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_into_an_empty_database(seeded, tmp_path, fmt, django_db_blocker):
    first = export(tmp_path, fmt)
    Catalog.objects.all().delete()
    path = tmp_path / f"in.{fmt}"
    path.write_bytes(first)
    assert "新增 77 项" in import_(path)
    assert Item.objects.count() == 77
    if fmt in ("json", "csv"):
        assert export(tmp_path, fmt) == first
    else:
        assert _read(export(tmp_path, fmt), fmt) == _read(first, fmt)


def _read(data: bytes, fmt: str) -> dict:
    from gongkai.catalog.exchange import read_document

    return read_document(data, fmt)


def test_dry_run_reports_changes_and_writes_nothing(seeded, tmp_path):
    doc = catalog_document(seeded)
    doc["items"][0]["name"] = "机关事业单位社会保险登记（改）"
    doc["items"].pop()  # 77 removed
    doc["items"].append({**doc["items"][1], "seq": 78, "name": "新事项"})
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = snapshot()
    out = import_(path, "--dry-run")
    assert "新增 1 项（序号 78）" in out
    assert "修改 1 项（序号 1）" in out
    assert "删除 1 项（序号 77）" in out
    assert snapshot() == before
    import_(path)
    assert seeded.items.get(seq=1).name.endswith("（改）")
    assert not seeded.items.filter(seq=77).exists()


def test_a_different_catalog_is_added_beside(seeded, tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps(make_document(5, area="就业")), encoding="utf-8")
    out = import_(path)
    assert "新建目录" in out
    assert Catalog.objects.count() == 2
    assert seeded.items.count() == 77


def test_export_of_a_named_catalog(seeded, catalog_of, tmp_path):
    other = catalog_of(4)
    doc = json.loads(export(tmp_path, "json", "--catalog", other.slug))
    assert len(doc["items"]) == 4
    with pytest.raises(CommandError, match="找不到目录"):
        export(tmp_path, "json", "--catalog", "no-such")


def _bad_json_items(mutate):
    def build(seeded, tmp_path):
        doc = catalog_document(seeded)
        mutate(doc)
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        return path

    return build


BAD_FILES = {
    "seq twice": (_bad_json_items(lambda d: d["items"][1].update(seq=1)), "序号"),
    "empty name": (_bad_json_items(lambda d: d["items"][4].update(name="")), "name"),
    "unknown tick word": (_bad_json_items(lambda d: d["items"][2].update(levels=["省级"])), "省级"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_json_changes_nothing_and_exits_2(seeded, tmp_path, case):
    build, expected = BAD_FILES[case]
    path = build(seeded, tmp_path)
    before = snapshot()
    with pytest.raises(SystemExit) as exit_info:
        import_(path)
    assert exit_info.value.code == 2
    assert snapshot() == before


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_bad_files_name_the_problem(seeded, tmp_path, capsys):
    cases = [
        _write(tmp_path, "truncated.xlsx", export(tmp_path, "xlsx")[:2000]),
        _write(tmp_path, "notzip.xlsx", b"this is not a spreadsheet"),
        _write(tmp_path, "notable.docx", _docx_without_table()),
        _write(tmp_path, "headers.csv", "\ufeff甲,乙,丙\n1,2,3\n".encode()),
        _write(tmp_path, "garbage.json", b"{not json"),
        _write(tmp_path, "unknown.txt", b"hello"),
        tmp_path / "missing.json",
    ]
    before = snapshot()
    for path in cases:
        with pytest.raises(SystemExit) as exit_info:
            import_(path)
        assert exit_info.value.code == 2, path.name
        err = capsys.readouterr().err
        assert "导入失败，数据库未做任何修改" in err, path.name
        assert "Traceback" not in err
    assert snapshot() == before


def test_csv_problem_names_row_and_column(seeded, tmp_path, capsys):
    import csv

    rows = list(csv.reader(io.StringIO(export(tmp_path, "csv").decode("utf-8-sig"))))
    # Row 6 of the file is item 3 (title row, two header rows, items 1 and 2); put words in the 全社会 tick cell.
    assert rows[5][0] == "3" and rows[2][8] == "全社会"
    rows[5][8] = "大概"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = _write(tmp_path, "bad.csv", buffer.getvalue().encode("utf-8-sig"))
    with pytest.raises(SystemExit):
        import_(path)
    err = capsys.readouterr().err
    assert "row 6, column 全社会" in err or "row 6, column 公开对象" in err


def test_huge_file_is_refused_before_reading(seeded, tmp_path, capsys):
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(11 * 1024 * 1024)
    before = snapshot()
    with pytest.raises(SystemExit):
        import_(path)
    assert "太大" in capsys.readouterr().err
    assert snapshot() == before


def _docx_without_table() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("这只是一段文字，没有表格。")
    buffer = io.BytesIO()
    document.save(buffer)
    assert zipfile.is_zipfile(io.BytesIO(buffer.getvalue()))
    return buffer.getvalue()


def test_a_table_without_title_is_named_from_the_file_or_the_body_with_notes(seeded, tmp_path, capsys):
    from tests.exchange.builders import LAW, SUB, TOP, csv_bytes, row

    rows = [TOP, SUB, row(1, "就业服务", "失业登记", basis=LAW), row(2, "就业服务", "就业登记", basis=LAW)]
    named = _write(tmp_path, "附件1：扎赉特旗就业领域基层政务公开标准目录.csv", csv_bytes(rows))
    assert "新建目录" in import_(named, "--body", "zltq-rsj")
    catalog = Catalog.objects.get(area="就业")
    assert catalog.title == "扎赉特旗就业领域基层政务公开标准目录"
    err = capsys.readouterr().err
    assert "请核对" in err and "用文件名作标题" in err
    # A file name that says nothing: the title is made from the body and the area (guessed from 就业服务).
    plain = _write(tmp_path, "新建 Microsoft Excel 工作表.csv", csv_bytes(rows))
    out = import_(plain, "--body", "zltq-rsj", "--dry-run")
    assert "扎赉特旗人力资源社会保障局就业领域基层政务公开标准目录" in out
    assert "按公开主体和领域定为" in capsys.readouterr().err


# --- the Mongolian columns from the command line: drafts by --editor, submitted for review --------------------

ITEM_MN = "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠬᠠᠮᠠᠭᠠᠯᠠᠯ ᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"  # 职工参保登记, drafted for the tests
GROUP_MN = "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠳᠠᠭᠠᠳᠬᠠᠯ ᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"


def _with_mongolian(seeded, tmp_path):
    """The catalog's own file with item 4's Mongolian name and its group's filled in, item 6 renamed."""
    doc = catalog_document(seeded)
    for entry in doc["items"]:
        if entry["seq"] == 4:
            entry["name_mn"] = ITEM_MN
            entry["category_mn"] = GROUP_MN
        if entry["seq"] == 6:
            entry["name"] = "改了名字的事项"
    path = tmp_path / "with-mongolian.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _refused(path, capsys, *extra) -> str:
    with pytest.raises((SystemExit, CommandError)) as refused:
        call_command("catalog", "import", str(path), *extra)
    if refused.type is SystemExit:
        assert refused.value.code == 2
        return capsys.readouterr().err
    return str(refused.value)


def test_without_editor_changed_mongolian_is_refused_and_says_to_pass_editor(seeded, tmp_path, capsys):
    from gongkai.translations.models import TextTranslation

    message = _refused(_with_mongolian(seeded, tmp_path), capsys)
    assert "数据库未做任何修改" in message and "--editor" in message and "蒙古文" in message
    assert not seeded.items.filter(name="改了名字的事项").exists()  # all or nothing
    assert not TextTranslation.objects.exists()


def test_with_editor_changed_mongolian_becomes_drafts_submitted_for_review(seeded, tmp_path, editor, bureau):
    from gongkai.audit.models import AuditEntry
    from gongkai.translations import services
    from gongkai.translations.models import TextState, TextTranslation

    out = import_(_with_mongolian(seeded, tmp_path), "--editor", editor.username, "--body", bureau.code)
    assert "已导入" in out and "蒙古文名称 2 处" in out
    assert seeded.items.filter(name="改了名字的事项").exists()
    opened = TextTranslation.objects.filter(state=TextState.SUBMITTED)
    assert sorted(opened.values_list("kind", flat=True)) == ["group", "item"]
    assert all(tr.author == editor and tr.submitted_by == editor for tr in opened)
    item = seeded.items.get(seq=4)
    assert services.open_text(item).texts == {"name": ITEM_MN} and services.published_text(item) is None
    assert AuditEntry.objects.filter(action="catalog.import", actor=editor).exists()


def test_an_editor_of_another_body_is_refused_and_nothing_is_imported(seeded, tmp_path, capsys, bureau):
    from django.contrib.auth.models import User

    from gongkai.accounts.roles import Role, grant
    from gongkai.bodies.models import Body
    from gongkai.translations.models import TextTranslation

    other = Body.objects.add_root(instance=Body(code="other-bureau", name="别的局", kind="工作部门"))
    outsider = User.objects.create_user("outsider", "o@example.org", "a-long-test-password-1", is_staff=True)
    grant(outsider, Role.EDITOR, body=other)
    path = _with_mongolian(seeded, tmp_path)
    message = _refused(path, capsys, "--editor", "outsider", "--body", bureau.code)
    assert "outsider" in message and "编辑权限" in message and bureau.name in message
    assert "数据库未做任何修改" in message
    assert not seeded.items.filter(name="改了名字的事项").exists() and not TextTranslation.objects.exists()
    # Nor with a dry run, nor an unknown name.
    assert "编辑权限" in _refused(path, capsys, "--editor", "outsider", "--body", bureau.code, "--dry-run")
    assert "找不到用户：nobody" in _refused(path, capsys, "--editor", "nobody", "--body", bureau.code)
