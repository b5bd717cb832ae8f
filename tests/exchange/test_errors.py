"""Bad input: every case ends in one ExchangeError whose problems say exactly where."""

import io
import zipfile

import docx
import pytest

from gongkai.catalog.exchange import MAX_BYTES, ExchangeError, Problem, read_document, write_document

from .builders import SUB, TOP, csv_bytes, docx_bytes, official, row, xlsx_bytes

HEADER_ROW = 2  # title row 1, header rows 2-3, data from row 4
TABLE_FORMATS = ("csv", "xlsx", "docx")


def table_bytes(rows: list[list], fmt: str) -> bytes:
    return {"csv": csv_bytes, "xlsx": xlsx_bytes, "docx": docx_bytes}[fmt](rows)


def problems(data: bytes, fmt: str) -> list[Problem]:
    with pytest.raises(ExchangeError) as caught:
        read_document(data, fmt)
    return caught.value.problems


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_unknown_header_text_leaves_a_required_column_missing(fmt):
    rows = official([row(1, "登记", "甲")])
    rows[1][4] = "甲乙丙"
    with pytest.raises(ExchangeError) as caught:
        read_document(table_bytes(rows, fmt), fmt)
    assert caught.value.problems == [Problem(HEADER_ROW, None, "缺少“公开依据”列")]
    # What was understood travels with the error, so the column can be named in the browser.
    assert [str(n) for n in caught.value.notes] == [
        "row 2, column 甲乙丙: 不认识第5列“甲乙丙”，没有导入；如果它有用，请在“列对应”里指定它是哪一列"
    ]
    assert caught.value.columns[4].role == "ignore" and caught.value.columns[5].role == "time_limit"


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_missing_column(fmt):
    rows = [r[:5] + r[6:] for r in official([row(1, "登记", "甲")])]
    assert problems(table_bytes(rows, fmt), fmt) == [Problem(HEADER_ROW, None, "缺少“公开时限”列")]


def test_missing_tick_group():
    rows = [r[:8] + r[10:] for r in official([row(1, "登记", "甲")])]
    assert problems(csv_bytes(rows), "csv") == [Problem(HEADER_ROW, None, "缺少“公开对象”列")]


def test_group_without_subtitles():
    rows = official([row(1, "登记", "甲")])
    rows[1][8:10] = ["公开方式", "公开方式"]
    rows[2][8:10] = ["", ""]
    assert problems(csv_bytes(rows), "csv") == [
        Problem(HEADER_ROW, None, "“公开方式”列重复（第9列和第10列）"),
        Problem(HEADER_ROW, None, "“公开方式”既有整列（第9列）又有分列（第11列），请只留一种"),
        Problem(HEADER_ROW, None, "缺少“公开对象”列"),
    ]


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_seq_twice(fmt):
    rows = official([row(1, "登记", "甲"), row(2, "登记", "乙"), row(1, "登记", "丙")])
    assert problems(table_bytes(rows, fmt), fmt) == [Problem(6, "序号", "序号重复（第4行已有）")]


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_empty_name_with_nothing_above(fmt):
    rows = official([row(1, "登记", ""), row(2, "登记", "乙")])
    assert problems(table_bytes(rows, fmt), fmt) == [Problem(4, "二级事项", "不能为空")]


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_tick_column_with_other_text(fmt):
    rows = official([row(1, "登记", "甲"), row(2, "登记", "乙", ticks=["好", "", "√", "", "x", ""])])
    assert problems(table_bytes(rows, fmt), fmt) == [
        Problem(5, "公开对象·全社会", "只能填“√”或留空，这里是“好”"),
        Problem(5, "公开层级·旗级", "只能填“√”或留空，这里是“x”"),
    ]


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_seq_not_a_number(fmt):
    rows = official([row("a", "登记", "甲"), row("2.5", "登记", "乙")])
    assert problems(table_bytes(rows, fmt), fmt) == [
        Problem(4, "序号", "应为正整数，这里是“a”"),
        Problem(5, "序号", "应为正整数，这里是“2.5”"),
    ]


def test_first_row_without_seq():
    rows = official([row("", "登记", "甲"), row(2, "登记", "乙")])
    assert problems(csv_bytes(rows), "csv") == [Problem(4, "序号", "不能为空")]


def test_text_in_a_column_without_header():
    rows = official([row(1, "登记", "甲") + ["备注"]])
    assert problems(csv_bytes(rows), "csv") == [Problem(4, None, "第15列没有列标题，但有内容")]


def test_header_only():
    assert problems(csv_bytes(official([])), "csv") == [Problem(None, None, "没有任何事项")]


def test_no_header():
    assert problems(csv_bytes([["随便什么"], ["1", "2"]]), "csv") == [
        Problem(
            None,
            None,
            "没有找到表头：需要有一行写着“公开事项”（或“二级事项”“事项名称”）和“公开依据”“公开时限”等列标题",
        )
    ]


def test_docx_rows_count_from_the_table_when_the_title_is_a_heading():
    rows = [TOP, SUB, row(1, "登记", ""), row(2, "登记", "乙")]
    document = docx.Document()
    document.add_heading("社会保险领域基层政务公开标准目录", 1)
    table = document.add_table(rows=len(rows), cols=len(TOP))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = str(value)
    out = io.BytesIO()
    document.save(out)
    assert problems(out.getvalue(), "docx") == [Problem(3, "二级事项", "不能为空")]


def test_docx_without_a_table():
    document = docx.Document()
    document.add_paragraph("社会保险领域基层政务公开标准目录")
    out = io.BytesIO()
    document.save(out)
    assert problems(out.getvalue(), "docx") == [Problem(None, None, "文件里没有表格")]


@pytest.mark.parametrize(
    ("fmt", "message"),
    [("xlsx", "不是有效的 Excel 文件（.xlsx）"), ("docx", "不是有效的 Word 文件（.docx）")],
)
def test_broken_office_files(doc, fmt, message):
    good = write_document(doc, fmt)
    other = write_document(doc, "docx" if fmt == "xlsx" else "xlsx")
    for data in (good[: len(good) // 2], good[:-30], b"not a zip at all", b"", other, csv_bytes([["a"]])):
        assert problems(data, fmt) == [Problem(None, None, message)]


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "docx"])
def test_huge_file_is_refused_before_reading(fmt):
    assert problems(b" " * (MAX_BYTES + 1), fmt) == [Problem(None, None, "文件太大（10.0 MB），最大 10 MB")]


def zip_with(members: dict[str, int]) -> bytes:
    """A zip whose members are runs of zero bytes of the given sizes: tiny when compressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, size in members.items():
            archive.writestr(name, b"\0" * size)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_zip_bomb_member_ratio(fmt):
    data = zip_with({"xl/worksheets/sheet1.xml": 20 * 1024 * 1024})
    assert len(data) < 100_000
    assert problems(data, fmt) == [
        Problem(None, None, "文件里的“xl/worksheets/sheet1.xml”压缩比异常（可能是恶意文件），已拒绝")
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_zip_bomb_total_size(fmt):
    data = zip_with({f"word/part{n}.xml": 4 * 1024 * 1024 for n in range(26)})
    assert problems(data, fmt) == [Problem(None, None, "文件解压后太大（超过 100 MB），已拒绝")]


def test_csv_garbage_encoding():
    assert problems(b"\xff\xfe\xfa\x80\x81" * 20, "csv") == [
        Problem(None, None, "无法识别文件编码：请把 CSV 保存为 UTF-8 编码")
    ]


def test_csv_too_wide():
    assert problems(b"," * 300 + b"x\r\n", "csv") == [Problem(1, None, "列数太多（最多 200 列）")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[1, 2]", "JSON 的最外层应为一个对象 {…}"),
        (b'"text"', "JSON 的最外层应为一个对象 {…}"),
        (b'{"a": ', "不是有效的 JSON（第1行第7列附近有错）"),
        (b"\xff\xfe{}", "不是 UTF-8 编码的 JSON 文件"),
        (b"[" * 100_000, "不是有效的 JSON"),
    ],
)
def test_bad_json(data, message):
    assert problems(data, "json") == [Problem(None, None, message)]


def test_json_unknown_option_word(doc):
    import json

    doc["items"][2]["levels"] = ["旗级", "盟级"]
    data = json.dumps(doc, ensure_ascii=False).encode()
    assert problems(data, "json") == [Problem(3, "levels", "“盟级”不是可选项（可选：旗级、乡、村级）")]


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "docx"])
def test_writing_an_invalid_document_says_why(doc, fmt):
    doc["items"][0]["basis"] = []
    with pytest.raises(ExchangeError) as caught:
        write_document(doc, fmt)
    assert caught.value.problems == [Problem(1, "basis", "不能为空")]


def test_xlsx_cell_limit(doc):
    doc["items"][0]["name"] = "长" * 40_000
    with pytest.raises(ExchangeError) as caught:
        write_document(doc, "xlsx")
    assert caught.value.problems == [Problem(4, "二级事项", "内容太长（Excel 单元格最多 32767 个字）")]


def test_zip_claiming_an_unknown_version_is_a_clear_error():
    """A damaged central directory can claim zip version 24.4; zipfile then raises NotImplementedError."""
    import io
    import zipfile

    import pytest

    from gongkai.catalog.exchange import ExchangeError, read_document

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    data = bytearray(buffer.getvalue())
    central = data.rfind(b"PK\x01\x02")
    data[central + 6] = 244  # "version needed to extract" → 24.4
    for fmt in ("xlsx", "docx"):
        with pytest.raises(ExchangeError, match="不是有效的"):
            read_document(bytes(data), fmt)
