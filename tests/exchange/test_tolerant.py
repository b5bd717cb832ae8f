"""Reading what counties publish: the rules of reading.py one by one, on small hand-made tables."""

import pytest

from gongkai.catalog.exchange import (
    ExchangeError,
    Hints,
    Problem,
    read_catalog_file,
    read_document,
    validate_document,
    write_document,
)
from gongkai.catalog.exchange.text import checklist, split_number, tick_value, tidy

from .builders import BUREAU, ELEMENTS_CELL, LAW, LIMIT, SUB, TITLE, TOP, csv_bytes, official, row, xlsx_bytes
from .test_roundtrip import expected_from_table


def reading(rows, fmt="csv", **kwargs):
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    return read_catalog_file(data, fmt, **kwargs)


def messages(result) -> list[str]:
    return [note.message for note in result.notes]


# ------------------------------------------------------------------ text rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.失业登记", (1, "失业登记")),
        ("1、失业登记", (1, "失业登记")),
        ("12. 失业登记", (12, "失业登记")),
        ("（一）失业登记", (1, "失业登记")),
        ("(3)失业登记", (3, "失业登记")),
        ("一、就业服务", (1, "就业服务")),
        ("十二、就业服务", (12, "就业服务")),
        ("②失业登记", (2, "失业登记")),
        ("1.5倍工资", (None, "1.5倍工资")),
        ("12333热线", (None, "12333热线")),
        ("一次性创业补贴", (None, "一次性创业补贴")),
        ("1、", (None, "1、")),
    ],
)
def test_item_numbers_split_off(text, expected):
    assert split_number(text) == expected


@pytest.mark.parametrize("mark", ["√", "✓", "✔", "●", "■", "☑", "是", "有", " √ "])
def test_ticked(mark):
    assert tick_value(mark) is True


@pytest.mark.parametrize("mark", ["", " ", "□", "☐", "否", "无"])
def test_not_ticked(mark):
    assert tick_value(mark) is False


@pytest.mark.parametrize("mark", ["x", "好", "√√", "已公开"])
def test_not_a_tick(mark):
    assert tick_value(mark) is None


def test_checklist_keeps_names_without_glyphs():
    assert checklist("■政府网站 □政务服务中心 ■便民服务站 □其他____") == [
        ("政府网站", True),
        ("政务服务中心", False),
        ("便民服务站", True),
        ("其他", False),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出生 登记", "出生登记"),
        ("２０个工作日", "20个工作日"),
        ("职工正常退休(职)申请", "职工正常退休（职）申请"),
        ("办法(试行),第3条", "办法（试行），第3条"),
        ("Word 2010 (a)", "Word 2010 (a)"),
        ("工作日 8:30-12:00", "工作日8:30-12:00"),
        ("\u3000社会\u00a0保险\u200b登记 ", "社会保险登记"),
    ],
)
def test_tidy(text, expected):
    assert tidy(text) == expected


# ------------------------------------------------------------------ ticks and checklists in a table


def test_unticked_marks_are_not_ticks():
    result = reading(official([row(1, "登记", "甲", ticks=["□", "☐", "否", "无", "■", "☑"])]))
    item = result.doc["items"][0]
    assert (item["audience"], item["method"], item["levels"]) == ([], [], ["旗级", "乡、村级"])


def test_channel_checklist_keeps_only_ticked_names():
    rows = official([row(1, "登记", "甲", channels="■政府网站 □政务服务中心 ■便民服务站")])
    result = reading(rows)
    assert result.doc["items"][0]["channels"] == ["政府网站", "便民服务站"]
    assert any("勾选清单" in m for m in messages(result))


def test_a_file_gongkai_wrote_keeps_its_text_verbatim(doc):
    """The 数据质量提示 column marks an export: a channel named with a glyph stays as it is."""
    doc["items"][0]["channels"] = ["■政府网站"]
    doc["items"][1]["name"] = "1、甲 (乙)"
    back = read_document(write_document(doc, "xlsx"), "xlsx")
    assert back["items"][0]["channels"] == ["■政府网站"]
    assert back["items"][1]["name"] == "1、甲 (乙)"


# ------------------------------------------------------------------ three levels


def three_level_rows():
    top = ["序号", "公开事项", "", "", *TOP[3:]]
    sub = ["", "一级事项", "二级事项", "三级事项", *SUB[3:]]

    def leaf(seq, first, second, third):
        cells = row(seq, first, second)
        return cells[:3] + [third] + cells[3:]

    return [
        [TITLE] + [""] * 14,
        top,
        sub,
        leaf(1, "最低生活保障", "政策文件", ""),
        leaf(2, "最低生活保障", "办事指南", "低保申请"),
        leaf(3, "", "", "低保对象变更"),
        leaf(4, "", "审批结果", "低保对象名单"),
        leaf(5, "特困人员救助供养", "办事指南", "特困人员认定申请"),
    ]


def test_three_levels_keep_the_group_path():
    items = reading(three_level_rows()).doc["items"]
    assert [(i["group_path"], i["name"]) for i in items] == [
        (["最低生活保障"], "政策文件"),
        (["最低生活保障", "办事指南"], "低保申请"),
        (["最低生活保障", "办事指南"], "低保对象变更"),
        (["最低生活保障", "审批结果"], "低保对象名单"),
        (["特困人员救助供养", "办事指南"], "特困人员认定申请"),
    ]
    assert [i["category"] for i in items] == ["最低生活保障"] * 4 + ["特困人员救助供养"]


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "docx"])
def test_three_levels_round_trip_through_every_format(doc, fmt):
    doc["items"][1]["group_path"] = ["社会保险登记", "单位登记"]
    doc["items"][2]["group_path"] = ["养老保险服务", "转移接续"]
    back = read_document(write_document(doc, fmt), fmt)
    expected = validate_document(doc) if fmt == "json" else expected_from_table(doc)
    assert back == expected
    assert back["items"][0]["group_path"] == ["社会保险登记"]


def test_group_path_must_start_with_the_category(doc):
    doc["items"][0]["group_path"] = ["养老保险服务", "x"]
    doc["items"][1]["group_path"] = ["社会保险登记", "a", "b"]
    with pytest.raises(ExchangeError) as caught:
        validate_document(doc)
    assert caught.value.problems == [
        Problem(1, "group_path", "第一级应是一级事项“社会保险登记”，这里是“养老保险服务”"),
        Problem(2, "group_path", "最多2级分组（一级事项、二级事项），这里有3级"),
    ]


# ------------------------------------------------------------------ headers


def test_synonyms_extra_columns_and_another_order():
    top = ["备注", "公开主体", "编号", "事项类别", "事项名称", "公开依据", "公开时限", "公开要素", "公开渠道"]
    top += ["层级", "", "对象", "", "方式", ""]
    sub = [""] * 9 + ["旗级", "乡、村级", "全社会", "特定群众", "主动", "依申请公开"]
    data = ["x", BUREAU, "1", "登记", "甲", LAW, LIMIT, ELEMENTS_CELL, "政府网站", "√", "", "√", "", "√", ""]
    result = reading([[TITLE], top, sub, data])
    item = result.doc["items"][0]
    assert (item["category"], item["name"], item["levels"], item["audience"]) == (
        "登记",
        "甲",
        ["旗级"],
        ["全社会"],
    )
    roles = {c.label: (c.role, c.how) for c in result.columns}
    assert roles["备注"] == ("ignore", "extra")
    assert roles["事项类别"] == ("level1", "guess")
    assert roles["层级/乡、村级"] == ("levels", "guess")
    assert "猜测把第4列“事项类别”当作“一级事项”" in messages(result)


def test_unknown_column_can_be_named_by_a_mapping():
    rows = official([row(1, "登记", "甲")])
    rows[1][4] = "法规文件"
    with pytest.raises(ExchangeError):
        reading(rows)
    result = reading(rows, mapping={"法规文件": "basis"})
    assert result.doc["items"][0]["basis"] == [LAW, "《社会保险法》"]
    assert result.columns[4].how == "mapped"
    assert "按指定把第5列“法规文件”当作“公开依据”" in messages(result)


def test_mapping_by_column_number_overrides_a_guess():
    rows = official([row(1, "登记", "甲")])
    rows.insert(1, ["填报单位：某县人社局"])
    with pytest.raises(ExchangeError) as caught:
        reading(rows, mapping={"#7": "ignore"})
    assert caught.value.problems == [Problem(3, None, "缺少“公开主体”列")]
    assert caught.value.columns[6].role == "ignore" and caught.value.columns[6].how == "mapped"


def test_missing_title_from_the_file_name_with_a_note():
    rows = [TOP, SUB, row(1, "登记", "甲")]
    result = reading(rows, hints=Hints(filename="附件2：某县就业领域基层政务公开标准目录(1).csv"))
    assert result.doc["catalog"]["title"] == "某县就业领域基层政务公开标准目录"
    assert result.doc["catalog"]["area"] == "就业"
    assert any("用文件名作标题" in m for m in messages(result))


def test_mapping_carried_by_the_hints_and_overridden_column_by_column():
    rows = official([row(1, "登记", "甲")])
    rows[1][4] = "法规文件"
    result = reading(rows, hints=Hints(mapping={"法规文件": "basis"}))
    assert result.doc["items"][0]["basis"] == [LAW, "《社会保险法》"]
    assert result.columns[4].how == "mapped"
    # The `mapping` argument wins over the hints' for the same column.
    with pytest.raises(ExchangeError) as caught:
        reading(rows, hints=Hints(mapping={"法规文件": "basis"}), mapping={"法规文件": "ignore"})
    assert caught.value.columns[4].role == "ignore"


def test_missing_title_from_the_body_and_the_area_with_a_note():
    rows = [TOP, SUB, row(1, "登记", "甲")]
    result = reading(rows, hints=Hints(body="某县人社局", area="就业"))
    assert result.doc["catalog"]["title"] == "某县人社局就业领域基层政务公开标准目录"
    assert result.doc["catalog"]["area"] == "就业"
    assert any(
        note.column == "标题" and "按公开主体和领域定为" in note.message and "请核对" in note.message
        for note in result.notes
    )
    # The area guessed from the items (《社会保险法》) when the hints do not give one.
    guessed = reading(rows, hints=Hints(body="某县人社局")).doc["catalog"]
    assert (guessed["title"], guessed["area"]) == ("某县人社局社会保险领域基层政务公开标准目录", "社会保险")


def test_missing_title_and_no_area_anywhere_is_still_no_refusal():
    rows = [TOP, SUB, row(1, "登记", "甲", basis=LAW)]
    with_body = reading(rows, hints=Hints(body="某县人社局")).doc["catalog"]
    assert (with_body["title"], with_body["area"]) == ("某县人社局基层政务公开标准目录", "未注明")
    bare = reading(rows)
    assert (bare.doc["catalog"]["title"], bare.doc["catalog"]["area"]) == ("基层政务公开标准目录", "未注明")
    assert any("表格里没有标题" in m and "请核对" in m for m in messages(bare))


def test_title_hint_comes_before_the_file_name():
    rows = [TOP, SUB, row(1, "登记", "甲")]
    hints = Hints(
        title="某县社会保险领域基层政务公开标准目录", filename="就业领域目录.csv", body="某县人社局"
    )
    assert reading(rows, hints=hints).doc["catalog"]["title"] == "某县社会保险领域基层政务公开标准目录"
    # A file name that says nothing about a catalog is not a title.
    named = reading(rows, hints=Hints(filename="新建 Microsoft Excel 工作表.csv", body="某县人社局"))
    assert named.doc["catalog"]["title"] == "某县人社局社会保险领域基层政务公开标准目录"


def test_same_as_above_notes_name_their_column_and_rows():
    rows = official([row(1, "登记", "甲"), row(2, "登记", "乙", limit=""), row(3, "登记", "丙", limit="")])
    result = reading(rows)
    assert result.doc["items"][2]["time_limit"] == LIMIT
    note = next(note for note in result.notes if "同上" in note.message)
    assert (note.row, note.column) == (5, "公开时限")
    assert "第5、6行" in note.message


def test_publisher_hint_wins_with_a_note():
    result = reading(official([row(1, "登记", "甲")]), hints=Hints(publisher="某县人民政府办公室"))
    assert result.doc["catalog"]["publisher"] == "某县人民政府办公室"
    assert result.doc["items"][0]["subject"] == BUREAU
    assert any("发布单位用了填写的" in m for m in messages(result))


def test_title_naming_the_county_gives_the_known_area():
    rows = official([row(1, "登记", "甲")], title="扎赉特旗社会保险领域基层政务公开标准目录")
    assert reading(rows).doc["catalog"]["area"] == "社会保险"


def test_what_cannot_be_understood_is_refused_with_row_and_column():
    rows = official([row(1, "登记", "甲"), row(2, "登记", "乙", ticks=["√", "", "大概", "", "", ""])])
    with pytest.raises(ExchangeError) as caught:
        reading(rows)
    assert caught.value.problems == [Problem(5, "公开方式·主动", "只能填“√”或留空，这里是“大概”")]
    assert str(caught.value.problems[0]) == "row 5, column 公开方式·主动: 只能填“√”或留空，这里是“大概”"


def test_item_rows_locate_each_item_with_its_continuation():
    rows = official(
        [
            row(1, "登记", "甲", basis="《中华人民共和国政府信息"),
            ["", "", "", "", "公开条例》", "", "", "", "", "", "", "", "", ""],
            row(2, "登记", "乙"),
        ]
    )
    result = reading(rows)
    assert result.item_rows == {1: (4, 5), 2: (6, 6)}
    assert result.doc["items"][0]["basis"] == [LAW]
