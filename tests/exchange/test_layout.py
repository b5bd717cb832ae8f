"""What the written XLSX and DOCX look like: checked by reopening them."""

import io

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from gongkai.catalog.exchange import write_document


def test_csv_layout(doc):
    text = write_document(doc, "csv").decode("utf-8")
    assert text.startswith("\ufeff社会保险领域基层政务公开标准目录,,")
    lines = text.split("\r\n")
    assert lines[1].startswith(
        "序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,,数据质量提示"
    )
    assert lines[2] == ",一级事项,二级事项,,,,,,全社会,特定群众,主动,依申请公开,旗级,乡、村级,"
    assert lines[4].startswith("2,社会保险登记,参保单位注销,")  # every cell filled, no "same as above"
    assert ',"政府网站\n政务服务中心\n基层公共服务平台",√,,√,,√,√,' in text


def test_xlsx_layout(doc):
    sheet = openpyxl.load_workbook(io.BytesIO(write_document(doc, "xlsx"))).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:O1", "A2:A3", "B2:C2", "D2:D3", "I2:J2", "K2:L2", "M2:N2", "O2:O3"} <= merged
    assert {"B4:B5", "B6:B8"} <= merged  # 一级事项 per group; the last group has one item
    assert sheet["A1"].value == "社会保险领域基层政务公开标准目录" and sheet["A1"].font.b
    assert sheet["I2"].value == "公开对象" and sheet["J3"].value == "特定群众"
    assert sheet["A4"].value == 1 and sheet["I4"].value == "√" and sheet["I7"].value is None
    assert sheet["D4"].alignment.wrap_text
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$2:$3"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["A"].width
    assert sheet.row_dimensions[4].height > 20


def test_xlsx_text_that_looks_like_a_formula_stays_text(doc):
    doc["items"][0]["name"] = "=1+1"
    sheet = openpyxl.load_workbook(io.BytesIO(write_document(doc, "xlsx"))).active
    assert sheet["C4"].data_type == "s" and sheet["C4"].value == "=1+1"


def test_docx_layout(doc):
    document = docx.Document(io.BytesIO(write_document(doc, "docx")))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert section.left_margin < docx.shared.Mm(20)
    heading = document.paragraphs[0]
    assert heading.text == "社会保险领域基层政务公开标准目录"
    assert heading.style.name == "Heading 1" and heading.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert len(document.tables) == 1
    table = document.tables[0]
    rows = table._tbl.tr_lst
    assert len(rows) == 2 + 6
    for tr in rows[:2]:
        assert tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert rows[2].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    # python-docx hands out the same cell for every position a merge covers
    assert table.cell(0, 1)._tc is table.cell(0, 2)._tc  # 公开事项 over 一级/二级事项
    assert table.cell(0, 8)._tc is table.cell(0, 9)._tc  # 公开对象
    assert table.cell(0, 0).text == "序号" and table.cell(1, 0)._tc is table.cell(0, 0)._tc
    assert table.cell(2, 1)._tc is table.cell(3, 1)._tc  # 社会保险登记, items 1-2
    assert table.cell(4, 1)._tc is table.cell(6, 1)._tc  # 养老保险服务, items 3-5
    assert table.cell(7, 1)._tc is not table.cell(6, 1)._tc
    tick = table.cell(2, 8)
    assert tick.text == "√" and tick.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert table.cell(5, 14).text == "原表公开对象、公开方式、公开层级均未勾选，请核实。"


def test_docx_fonts(doc):
    document = docx.Document(io.BytesIO(write_document(doc, "docx")))
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = defaults.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体" and fonts.get(qn("w:ascii")) == "SimSun"
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    assert document.styles["Normal"].font.size == docx.shared.Pt(9)
    font_table = next(
        p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"
    )
    assert "宋体".encode() in font_table.blob and b'w:altName w:val="SimSun"' in font_table.blob


def test_docx_cell_properties_in_schema_order(doc):
    """Word rejects a document whose <w:tcPr> children are out of order."""
    document = docx.Document(io.BytesIO(write_document(doc, "docx")))
    order = ["tcW", "gridSpan", "vMerge", "shd", "vAlign"]
    for tc_pr in document.tables[0]._tbl.iter(qn("w:tcPr")):
        tags = [child.tag.split("}")[1] for child in tc_pr]
        assert tags == sorted(tags, key=order.index)
