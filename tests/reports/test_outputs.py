"""Every output of the known-answer year: each cell of sections 二, 三 and 四, the headings and the texts."""

import io
import json
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai.catalog.services import seed_body
from gongkai.reports import outputs
from gongkai.reports.template import COLUMNS, HEADING_ROWS, ROWS, SECTION_TITLES
from tests.reports.helpers import (
    EXPECTED_FOUR,
    EXPECTED_THREE,
    FOUR_FIGURES,
    SECTION_TWO_VALUES,
    check_html_tables,
    expected_row,
)

COL_KEYS = [key for key, _ in COLUMNS]


@pytest.fixture
def doc(published_report):
    return outputs.document_for(published_report)


# --------------------------------------------------------------------------- JSON


def test_json_has_every_cell_and_the_labels(doc):
    data = json.loads(outputs.render(doc, "json"))
    assert data["year"] == 2025 and data["state"] == "published"
    assert data["publisher"] == doc.publisher
    assert data["sections"]["三"] == EXPECTED_THREE
    assert data["sections"]["四"] == EXPECTED_FOUR
    assert data["sections"]["二"] == SECTION_TWO_VALUES
    assert data["sections"]["一"].startswith("2025年，本局认真贯彻落实")
    assert (
        data["sections"]["五"].startswith("一是主动公开")
        and data["sections"]["六"] == "本年度未收取信息处理费。"
    )
    assert data["labels"]["sections"]["三"] == "三、收到和处理政府信息公开申请情况"
    assert data["labels"]["三"]["rows"]["denied_4"] == "4.保护第三方合法权益"
    assert data["labels"]["三"]["indent"]["denied_4"] == 2
    assert data["labels"]["三"]["columns"]["legal"] == "法律服务机构"
    assert data["labels"]["四"]["blocks"]["litigation_direct"] == "行政诉讼：未经复议直接起诉"


# --------------------------------------------------------------------------- HTML (standalone; the site's page shares its body)


def test_standalone_html_has_every_cell(doc):
    page = outputs.render(doc, "html").decode()
    check_html_tables(page)
    assert "<h1>" + doc.title in page.replace("\n", "")
    assert "全年新收政府信息公开申请4件。" in page


# --------------------------------------------------------------------------- DOCX


def docx_table(document, text: str):
    return next(t for t in document.tables if any(text in c.text for row in t.rows for c in row.cells))


def test_docx_has_the_template_layout_and_every_cell(doc):
    document = Document(io.BytesIO(outputs.render(doc, "docx")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    texts = [p.text for p in document.paragraphs]
    assert texts[0].replace("\n", "") == doc.title
    assert [t for t in texts if t in SECTION_TITLES] == SECTION_TITLES
    assert "全年新收政府信息公开申请4件。" in texts

    three = docx_table(document, "一、本年新收政府信息公开申请数量")
    assert three.cell(0, 0).text == outputs.THREE_CORNER
    header = three.rows[1].cells
    assert header[2].text == "法人或其他组织" and header[2]._tc is header[6]._tc  # merged over five columns
    assert [c.text for c in three.rows[2].cells[2:7]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    body = three.rows[3:]
    assert len(body) == len(ROWS)
    for row, (key, label, _) in zip(body, ROWS, strict=True):
        cells = [c.text for c in row.cells]
        if key in HEADING_ROWS:
            assert cells[0] == label
        else:
            assert cells == [label, *expected_row(key)], key

    four = docx_table(document, "未经复议直接起诉")
    assert [c.text for c in four.rows[3].cells] == FOUR_FIGURES
    top = four.rows[0].cells
    assert top[0].text == "行政复议" and top[5].text == "行政诉讼" and top[5]._tc is top[14]._tc
    assert four.rows[1].cells[0]._tc is top[0]._tc  # 行政复议 spans both header rows

    two = docx_table(document, "第二十条第（一）项")
    rows = [[c.text for c in r.cells] for r in two.rows]
    assert ["规章", "2", "1", "15"] in rows
    assert ["行政许可", "1234", "1234", "1234"] in rows  # one figure spanning three columns
    assert ["行政事业性收费", "12.35", "12.35", "12.35"] in rows


def test_docx_sets_chinese_fonts_on_east_asia(doc):
    document = Document(io.BytesIO(outputs.render(doc, "docx")))
    run = document.paragraphs[0].runs[0]
    fonts = run._r.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"


# --------------------------------------------------------------------------- XLSX


def test_xlsx_has_one_sheet_per_table_with_merged_headers_and_every_cell(doc):
    wb = load_workbook(io.BytesIO(outputs.render(doc, "xlsx")))
    assert wb.sheetnames == SECTION_TITLES[1:4]
    three = wb[SECTION_TITLES[2]]
    merged = {str(r) for r in three.merged_cells.ranges}
    assert {"A4:A6", "B4:H4", "B5:B6", "C5:G5", "H5:H6"} <= merged
    assert three["C5"].value == "法人或其他组织" and three["C6"].value == "商业企业"
    for r, (key, label, level) in enumerate(ROWS, start=7):
        assert three.cell(r, 1).value == label
        assert three.cell(r, 1).alignment.indent == 2 * level
        values = [three.cell(r, c).value for c in range(2, 9)]
        if key in HEADING_ROWS:
            assert values == [None] * 7
        else:
            assert values == [EXPECTED_THREE[key][col] for col in COL_KEYS], key
    assert three.column_dimensions["A"].width > 40

    four = wb[SECTION_TITLES[3]]
    assert {"A4:E5", "F4:O4", "F5:J5", "K5:O5"} <= {str(r) for r in four.merged_cells.ranges}
    assert [four.cell(7, c).value for c in range(1, 16)] == [int(v) for v in FOUR_FIGURES]

    two = wb[SECTION_TITLES[1]]
    cells = {
        two.cell(r, 1).value: [two.cell(r, c).value for c in range(2, 5)] for r in range(4, two.max_row + 1)
    }
    assert cells["规章"] == [2, 1, 15]
    assert cells["行政许可"][0] == 1234 and cells["行政事业性收费"][0] == 12.35


# --------------------------------------------------------------------------- PDF


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdf_shows_headings_and_figures(doc, tmp_path):
    pdf = outputs.render(doc, "pdf")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert doc.title in text
    for title in SECTION_TITLES:
        assert title in text
    flat = " ".join(text.split())
    for key in ("new", "carried_over", "granted", "total", "carried_forward"):
        label = dict((k, lbl) for k, lbl, _ in ROWS)[key]
        assert f"{label} {' '.join(expected_row(key))}" in flat, key
    assert " ".join(FOUR_FIGURES) in flat
    assert "行政事业性收费 12.35" in flat


# --------------------------------------------------------------------------- drafts


def test_draft_outputs_say_draft(draft_report):
    doc = outputs.document_for(draft_report)
    assert json.loads(outputs.render(doc, "json"))["state"] == "draft"
    assert "草稿" in outputs.render(doc, "html").decode()
    document = Document(io.BytesIO(outputs.render(doc, "docx")))
    assert any("草稿" in p.text for p in document.paragraphs[:3])
    wb = load_workbook(io.BytesIO(outputs.render(doc, "xlsx")))
    assert "草稿" in wb[SECTION_TITLES[2]]["A1"].value


def test_a_year_nobody_opened_is_previewed_from_the_records(known_year):
    doc = outputs.document_for(outputs.preview_report(2025, seed_body()))
    assert doc.is_draft and not doc.opened
    assert doc.three == EXPECTED_THREE
    assert outputs.paragraphs(doc, doc.overview) == ["（尚未填写）"]


def test_adjustment_note_is_printed_under_section_three(known_year, officer):
    from gongkai.reports import services

    report = services.open_report(2025, acting_user=officer)
    report = services.update_report(
        report,
        adjustments={
            "granted": {"person": 1, "total": 1},
            "total": {"person": 1, "total": 1},
            "new": {"person": 1, "total": 1},
        },
        adjustment_note="系统上线前纸质办理 1 件。",
        acting_user=officer,
    )
    doc = outputs.document_for(report)
    assert "说明：本表部分数字经人工调整。系统上线前纸质办理 1 件。" in outputs.render(doc, "html").decode()
    assert doc.three["granted"]["person"] == 2
