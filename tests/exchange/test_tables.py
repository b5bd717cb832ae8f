"""Reading tables the way people make them: blanks for "same as above", merged cells,
rows cut by page breaks, other header shapes."""

import pytest

from gongkai.catalog.exchange import read_document
from gongkai.catalog.exchange.document import MISSING_SEPARATOR_WARNING

from .builders import (
    BUREAU,
    CENTRE,
    ELEMENTS,
    LAW,
    LIMIT,
    SI_LAW,
    SUB,
    TITLE,
    TOP,
    csv_bytes,
    docx_bytes,
    official,
    row,
    xlsx_bytes,
)

NO_TICKS = [""] * 6
ONLY_VILLAGE = ["√", "", "√", "", "", "√"]


def items(data: bytes, fmt: str) -> list[dict]:
    return read_document(data, fmt)["items"]


def test_csv_blank_text_cells_mean_same_as_above_but_ticks_do_not():
    rows = official(
        [
            row(1, "社会保险登记", "机关事业单位社会保险登记"),
            row(2, "", "参保单位注销", "", "", "", "", "", ticks=ONLY_VILLAGE),
            row(3, "养老保险服务", "退休申请", subject=CENTRE, ticks=NO_TICKS),
            row(4, "", "待遇申领", "", "", "", "", ""),
        ]
    )
    second, third, fourth = items(csv_bytes(rows), "csv")[1:]
    assert second["category"] == "社会保险登记"
    assert second["elements"] == ELEMENTS and second["basis"] == [LAW, SI_LAW]
    assert second["time_limit"] == LIMIT and second["subject"] == BUREAU
    assert second["channels"] == ["政府网站", "政务服务中心"]
    assert (second["audience"], second["method"], second["levels"]) == (["全社会"], ["主动"], ["乡、村级"])
    assert (third["audience"], third["method"], third["levels"]) == ([], [], [])
    assert fourth["subject"] == CENTRE and fourth["category"] == "养老保险服务"


def test_csv_catalog_fields_come_from_title_and_subjects():
    rows = official(
        [row(1, "登记", "甲"), row(2, "登记", "乙", subject=CENTRE), row(3, "登记", "丙", subject=CENTRE)]
    )
    catalog = read_document(csv_bytes(rows), "csv")["catalog"]
    assert catalog["title"] == TITLE and catalog["area"] == "社会保险"
    assert catalog["publisher"] == CENTRE and catalog["source"] == ""
    assert catalog["audience_options"] == ["全社会", "特定群众"]
    assert catalog["level_options"] == ["旗级", "乡、村级"]


def test_continuation_rows_join_text_cut_by_a_page_break():
    rows = official(
        [
            row(
                1,
                "社会保险登记",
                "机关事业单位社会保险登记",
                elements="事项名称、事项简述、办",
                basis="《中华人民共和国政府信息公开条例》、《国务院关于机关事业单位工作人员养老",
                limit="公开事项信息形成或变更之日起20个工作日内公",
                channels="政府网站\n基层公共服务",
                ticks=["√", "", "", "", "", ""],
            ),
            ["", "", "", "理材料", "保险制度改革的决\n定》", "开", "", "平台", "", "", "√", "", "√", ""],
            row(2, "", "参保单位注销", "", "", "", "", ""),
        ]
    )
    first, second = items(csv_bytes(rows), "csv")
    assert first["elements"] == ["事项名称", "事项简述", "办理材料"]
    assert first["basis"] == [LAW, "《国务院关于机关事业单位工作人员养老保险制度改革的决定》"]
    assert first["time_limit"] == LIMIT
    assert first["channels"] == ["政府网站", "基层公共服务平台"]
    assert (first["method"], first["levels"]) == (["主动"], ["旗级"])
    assert second["elements"] == first["elements"] and second["channels"] == first["channels"]


def test_blank_cell_filled_by_its_continuation_is_not_taken_from_above():
    rows = official(
        [
            row(1, "社会保险登记", "甲"),
            row(2, "", "乙"),
            ["", "参保信息维护", "", "", "", "", "", "", "", "", "", "", "", ""],
        ]
    )
    assert items(csv_bytes(rows), "csv")[1]["category"] == "参保信息维护"


def test_touching_titles_are_split_with_a_warning():
    rows = official([row(1, "登记", "甲", basis=f"{LAW}、{SI_LAW}《社会保险费征缴暂行条例》")])
    item = items(csv_bytes(rows), "csv")[0]
    assert item["basis"] == [LAW, SI_LAW, "《社会保险费征缴暂行条例》"]
    assert item["warnings"] == [MISSING_SEPARATOR_WARNING]


def test_other_separators_and_titles_with_commas():
    basis = "《条例》；《关于印发＜办法＞，的通知》\n《社会保险法》,《规定》（2019年，修订）"
    item = items(
        csv_bytes(official([row(1, "登记", "甲", elements="事项名称，办理材料;办理时限", basis=basis)])),
        "csv",
    )[0]
    assert item["elements"] == ["事项名称", "办理材料", "办理时限"]
    assert item["basis"] == [
        "《条例》",
        "《关于印发＜办法＞，的通知》",
        "《社会保险法》",
        "《规定》（2019年，修订）",
    ]


@pytest.mark.parametrize("mark", ["√", "✓", "✔", "v", "V", " √ ", "●", "■", "☑", "是", "有"])
def test_tick_marks(mark):
    rows = official([row(1, "登记", "甲", ticks=[mark, "", "", mark, "", ""])])
    item = items(csv_bytes(rows), "csv")[0]
    assert (item["audience"], item["method"], item["levels"]) == (["全社会"], ["依申请公开"], [])


def test_csv_without_bom_and_in_gb18030():
    rows = official([row(1, "登记", "甲")])
    assert items(csv_bytes(rows, "utf-8"), "csv") == items(csv_bytes(rows, "gb18030"), "csv")


def test_csv_single_header_row_with_prefixed_and_bare_option_words():
    header = [
        "序号",
        "一级事项",
        "二级事项",
        "公开内容(要素)",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道",
    ]
    header += ["公开对象·全社会", "公开对象·特定群体", "主动", "依申请", "县级", "乡级", "村级"]
    data = [
        1,
        "就业服务",
        "失业登记",
        "事项名称",
        LAW,
        LIMIT,
        "某县人社局",
        "政府网站",
        "√",
        "",
        "√",
        "",
        "",
        "√",
        "√",
    ]
    doc = read_document(csv_bytes([["就业领域基层政务公开标准目录"], header, data]), "csv")
    assert doc["catalog"]["area"] == "就业"
    assert doc["catalog"]["audience_options"] == ["全社会", "特定群体"]
    assert doc["catalog"]["method_options"] == ["主动", "依申请"]
    assert doc["catalog"]["level_options"] == ["县级", "乡级", "村级"]
    assert doc["items"][0]["levels"] == ["乡级", "村级"]


def test_csv_header_without_title_row_takes_the_title_from_the_area_with_a_note():
    from gongkai.catalog.exchange import read_catalog_file

    reading = read_catalog_file(csv_bytes([TOP, SUB, row(1, "登记", "甲")]), "csv")
    assert reading.doc["catalog"]["title"] == "社会保险领域基层政务公开标准目录"
    assert reading.doc["catalog"]["area"] == "社会保险"
    assert "row None" not in str(reading.notes[-1])
    assert any("表格里没有标题" in note.message for note in reading.notes)


def test_csv_formula_like_text_is_escaped_and_restored(doc):
    from gongkai.catalog.exchange import write_document

    doc["items"][0]["name"] = '=HYPERLINK("http://x")'
    doc["items"][1]["name"] = "'引号开头"
    data = write_document(doc, "csv")
    assert b"'=HYPERLINK" in data
    back = read_document(data, "csv")["items"]
    assert [back[0]["name"], back[1]["name"]] == ['=HYPERLINK("http://x")', "'引号开头"]


def official_xlsx() -> bytes:
    rows = official(
        [
            row(1, "社会保险登记", "机关事业单位社会保险登记", channels="政府网站\n政务服务中心"),
            row(2.0, "", "参保单位注销", "", "", "", "", "", ticks=["", "", "√", "", "", "√"]),
            row(3, "", "职工参保登记", "", "", "", "", "", ticks=["", "", "", "", "", ""]),
            row(4, "养老保险服务", "退休申请", basis="《劳动保险条例》", ticks=ONLY_VILLAGE),
        ]
    )
    merges = [
        "A1:N1",
        "A2:A3",
        "B2:C2",
        "D2:D3",
        "E2:E3",
        "F2:F3",
        "G2:G3",
        "H2:H3",
        "I2:J2",
        "K2:L2",
        "M2:N2",
    ]
    # 一级事项 merged over rows 4-6; 公开依据 over 4-5 only; the 全社会 tick over 4-5.
    merges += ["B4:B6", "E4:E5", "I4:I5"]
    return xlsx_bytes(rows, merges)


def test_xlsx_merged_cells_fill_every_row_they_cover():
    first, second, third, fourth = items(official_xlsx(), "xlsx")
    assert [i["seq"] for i in (first, second, third, fourth)] == [1, 2, 3, 4]
    assert [i["category"] for i in (first, second, third, fourth)] == ["社会保险登记"] * 3 + ["养老保险服务"]
    assert first["basis"] == second["basis"] == third["basis"] == [LAW, SI_LAW]
    assert second["audience"] == ["全社会"]  # merged tick
    assert third["audience"] == [] and third["method"] == [] and third["levels"] == []
    assert second["elements"] == third["elements"] == ELEMENTS
    assert fourth["basis"] == ["《劳动保险条例》"]


def test_xlsx_uses_the_sheet_that_has_the_table():
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(official_xlsx()))
    notes = workbook.create_sheet("说明", 0)
    notes["A1"] = "填表说明"
    out = io.BytesIO()
    workbook.save(out)
    assert len(items(out.getvalue(), "xlsx")) == 4


def official_docx_rows(**kwargs) -> tuple[list, list]:
    rows = official(
        [
            row(1, "社会保险登记", "机关事业单位社会保险登记"),
            row(2, "", "参保单位注销", "", "", "", "", "", ticks=["√", "", "√", "", "", "√"]),
            row(3, "", "职工参保登记", "", basis="《社会保险费征缴暂行条例》"),
            row(4, "养老保险服务", "退休申请", channels="政府网站", ticks=["", "√", "", "√", "√", ""]),
        ],
        **kwargs,
    )
    top = 1 if kwargs.get("title", TITLE) else 0
    merges = [
        (top, 0, top + 1, 0),
        (top, 1, top, 2),
        (top, 8, top, 9),
        (top, 10, top, 11),
        (top, 12, top, 13),
    ]
    merges += [(top, c, top + 1, c) for c in range(3, 8)]
    merges += [(top + 2, 1, top + 4, 1), (top + 2, 7, top + 3, 7)]  # 一级事项 rows 1-3, channels rows 1-2
    if top:
        merges.append((0, 0, 0, 13))
    return merges, rows


def test_docx_merged_and_blank_cells():
    merges, rows = official_docx_rows()
    first, second, third, fourth = items(docx_bytes(rows, merges), "docx")
    assert [i["category"] for i in (first, second, third, fourth)] == ["社会保险登记"] * 3 + ["养老保险服务"]
    assert second["channels"] == third["channels"] == ["政府网站", "政务服务中心"]
    assert second["basis"] == [LAW, SI_LAW] and third["basis"] == ["《社会保险费征缴暂行条例》"]
    assert second["levels"] == ["乡、村级"]
    assert (fourth["audience"], fourth["method"], fourth["levels"]) == (
        ["特定群众"],
        ["依申请公开"],
        ["旗级"],
    )
    assert fourth["channels"] == ["政府网站"]


def test_docx_title_from_the_heading_above_the_table():
    merges, rows = official_docx_rows(title=None)
    doc = read_document(docx_bytes(rows, merges, heading="就业领域基层政务公开标准目录"), "docx")
    assert doc["catalog"]["title"] == "就业领域基层政务公开标准目录"
    assert doc["catalog"]["area"] == "就业"
    assert len(doc["items"]) == 4


def test_docx_table_split_over_pages_into_several_tables():
    import io

    import docx

    merges, rows = official_docx_rows()
    document = docx.Document(io.BytesIO(docx_bytes(rows, merges)))
    document.add_paragraph("")
    rest = document.add_table(rows=3, cols=14)
    for r, values in enumerate([TOP, SUB, row(5, "养老保险服务", "待遇申领")]):
        for c, value in enumerate(values):
            rest.cell(r, c).text = str(value)
    out = io.BytesIO()
    document.save(out)
    back = items(out.getvalue(), "docx")
    assert [i["seq"] for i in back] == [1, 2, 3, 4, 5]
    assert back[4]["elements"] == ELEMENTS


def test_docx_repeated_header_rows_are_skipped():
    merges, rows = official_docx_rows()
    rows.insert(6, list(TOP))  # after item 3, where the merges end
    rows.insert(7, list(SUB))
    back = items(docx_bytes(rows, merges), "docx")
    assert [i["seq"] for i in back] == [1, 2, 3, 4]


def test_xlsx_merged_seq_makes_a_continuation_row():
    rows = official(
        [
            row(1, "社会保险登记", "机关事业单位社会保险登记", basis=f"{LAW}、《国务院关于机关事业单位"),
            ["", "", "", "", "工作人员养老保险制度改革的决定》", "", "", "", "", "", "", "", "", ""],
            row(2, "", "参保单位注销"),
        ]
    )
    first, second = items(xlsx_bytes(rows, ["A4:A5", "B4:B6", "C4:C5"]), "xlsx")
    assert first["basis"] == [LAW, "《国务院关于机关事业单位工作人员养老保险制度改革的决定》"]
    assert first["name"] == "机关事业单位社会保险登记"  # merged text is not appended twice
    assert (first["seq"], second["seq"]) == (1, 2)
