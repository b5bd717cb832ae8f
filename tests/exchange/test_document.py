"""Validation and normalisation of a document given directly (JSON shape)."""

import pytest

from gongkai.catalog.exchange import (
    FORMATS,
    ExchangeError,
    Problem,
    format_from_path,
    read_document,
    validate_document,
)
from gongkai.catalog.exchange.document import MISSING_SEPARATOR_WARNING, derive_slug


def problems(doc) -> list[Problem]:
    with pytest.raises(ExchangeError) as caught:
        validate_document(doc)
    return caught.value.problems


def test_formats():
    assert FORMATS == ("json", "csv", "xlsx", "docx")


def test_problem_text_leaves_out_what_is_unknown():
    assert str(Problem(12, "二级事项", "不能为空")) == "row 12, column 二级事项: 不能为空"
    assert str(Problem(None, "公开依据", "x")) == "column 公开依据: x"
    assert str(Problem(3, None, "x")) == "row 3: x"
    assert str(Problem(None, None, "文件里没有表格")) == "文件里没有表格"


def test_error_lists_every_problem_one_per_line():
    error = ExchangeError([Problem(1, "a", "x"), Problem(None, None, "y")])
    assert str(error) == "row 1, column a: x\ny"


def test_valid_document_is_normalised(doc):
    doc["items"].reverse()
    doc["items"][0]["levels"] = ["乡、村级", "旗级", "旗级"]
    doc["items"][0]["name"] = "  社会保障卡申领\r\n"
    result = validate_document(doc)
    assert [item["seq"] for item in result["items"]] == [1, 2, 3, 4, 5, 6]
    assert result["items"][5]["levels"] == ["旗级", "乡、村级"]
    assert result["items"][5]["name"] == "社会保障卡申领"
    assert all("url" not in item for item in result["items"])
    assert list(result) == ["format", "catalog", "items"]


def test_validation_is_idempotent(doc):
    once = validate_document(doc)
    assert validate_document(once) == once


def test_seq_may_be_written_as_text_or_float(doc):
    doc["items"][0]["seq"] = "1"
    doc["items"][1]["seq"] = 2.0
    result = validate_document(doc)
    assert [item["seq"] for item in result["items"][:2]] == [1, 2]


def test_slug_kept_derived_or_refused(doc):
    assert validate_document(doc)["catalog"]["slug"] == "zalaite-test"
    del doc["catalog"]["slug"]
    derived = validate_document(doc)["catalog"]["slug"]
    assert derived == derive_slug("社会保险", "扎赉特旗人力资源社会保障局")
    assert derived.startswith("c-") and len(derived) == 10
    doc["catalog"]["slug"] = "Bad Slug"
    assert problems(doc) == [Problem(None, "catalog.slug", "只能用小写字母、数字和“-”，最长50个字符")]
    doc["catalog"]["slug"] = "a" * 51
    assert len(problems(doc)) == 1


def test_all_problems_are_collected(doc):
    doc["catalog"]["title"] = ""
    doc["items"][1]["name"] = " "
    doc["items"][2]["seq"] = 1
    doc["items"][3]["elements"] = []
    doc["items"][4]["audience"] = ["外国人"]
    doc["items"][5]["colour"] = "red"
    assert problems(doc) == [
        Problem(None, "catalog.title", "不能为空"),
        Problem(2, "name", "不能为空"),
        Problem(3, "seq", "序号重复（第1项已有）"),
        Problem(4, "elements", "不能为空"),
        Problem(5, "audience", "“外国人”不是可选项（可选：全社会、特定群众）"),
        Problem(6, "colour", "不认识的字段“colour”"),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a", "应为正整数，这里是“a”"),
        (0, "应为正整数，这里是“0”"),
        (-3, "应为正整数，这里是“-3”"),
        (1.5, "应为正整数，这里是“1.5”"),
        (True, "应为正整数，这里是“True”"),
        ("", "不能为空"),
        (10**7, "太大（最大 999999）"),
    ],
)
def test_bad_seq(doc, value, message):
    doc["items"][0]["seq"] = value
    assert problems(doc) == [Problem(1, "seq", message)]


def test_options_must_be_words(doc):
    doc["catalog"]["audience_options"] = []
    doc["catalog"]["method_options"] = ["主动", "主动"]
    doc["catalog"]["level_options"] = ["旗 级", ""]
    found = problems(doc)
    assert Problem(None, "catalog.audience_options", "至少要有一个选项") in found
    assert Problem(None, "catalog.method_options", "选项“主动”重复") in found
    assert Problem(None, "catalog.level_options", "第2项不能为空") in found


def test_missing_parts(doc):
    del doc["items"][0]["subject"]
    del doc["catalog"]["publisher"]
    assert problems(doc) == [
        Problem(None, "catalog.publisher", "不能为空"),
        Problem(1, "subject", "缺少这一项"),
    ]
    assert problems({"catalog": doc["catalog"], "items": []})[-1] == Problem(None, "items", "没有任何事项")
    assert problems([]) == [Problem(None, None, "文档应为一个 JSON 对象 {…}")]


def test_format_must_match(doc):
    doc["format"] = "gongkai-catalog/2"
    assert problems(doc) == [
        Problem(None, "format", "不支持的格式“gongkai-catalog/2”，应为“gongkai-catalog/1”")
    ]


def test_list_entries_must_survive_a_table_cell(doc):
    doc["items"][0]["elements"] = ["事项名称、事项简述"]
    doc["items"][1]["basis"] = ["《社会保险法"]
    doc["items"][2]["channels"] = ["政府网站\n政务服务中心"]
    assert problems(doc) == [
        Problem(1, "elements", "“事项名称、事项简述”含有分隔符“、”，请拆成几项"),
        Problem(2, "basis", "括号或书名号不配对：“《社会保险法”"),
        Problem(3, "channels", "第1项不能换行：“政府网站\n政务服务中心”"),
    ]


def test_commas_inside_titles_are_fine(doc):
    doc["items"][0]["basis"] = ["《关于印发＜办法＞，的通知》", "《条例》（2019年修订，第3条）"]
    assert validate_document(doc)["items"][0]["basis"] == doc["items"][0]["basis"]


def test_touching_titles_are_split_with_a_warning(doc):
    doc["items"][0]["basis"] = ["《条例》《社会保险法》"]
    item = validate_document(doc)["items"][0]
    assert item["basis"] == ["《条例》", "《社会保险法》"]
    assert item["warnings"] == [MISSING_SEPARATOR_WARNING]


def test_touching_titles_warning_not_repeated(doc):
    doc["items"][0]["basis"] = ["《条例》《社会保险法》"]
    doc["items"][0]["warnings"] = ["第1项公开依据缺少分隔符，请核实。"]
    assert validate_document(doc)["items"][0]["warnings"] == ["第1项公开依据缺少分隔符，请核实。"]


def test_control_characters_are_refused(doc):
    doc["items"][0]["name"] = "参保\x00登记"
    assert problems(doc) == [Problem(1, "name", "含有不能显示的控制字符")]


@pytest.mark.parametrize(
    ("path", "fmt"),
    [("目录.JSON", "json"), ("a/b/目录.csv", "csv"), ("x.xlsx", "xlsx"), ("x.Docx", "docx")],
)
def test_format_from_path(path, fmt):
    assert format_from_path(path) == fmt


def test_format_from_path_refuses_others():
    with pytest.raises(ExchangeError, match="另存为 .xlsx"):
        format_from_path("目录.xls")
    with pytest.raises(ExchangeError, match="不支持的文件类型"):
        format_from_path("目录.pdf")


def test_unknown_format_is_an_exchange_error():
    with pytest.raises(ExchangeError, match="不支持的格式“pdf”"):
        read_document(b"{}", "pdf")
