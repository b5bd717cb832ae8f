"""DOCX: the annual report laid out like the official template, as offices print and file it.

A4 portrait with the margins of 党政机关公文格式 (GB/T 9704), title in 宋体, section headings in 黑体,
text in 仿宋, tables in 宋体 with the template's merged header cells. Chinese fonts are set on
`w:eastAsia` explicitly: without it Word shows the Chinese text in whatever its theme font is.
"""

import io

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from gongkai.reports.outputs import (
    DRAFT_MARK,
    ORG_HEADER,
    THREE_BAND,
    THREE_CORNER,
    TWO_LABEL_HEADER,
    ReportDocument,
    four_cells,
    four_header,
    paragraphs,
    three_columns,
    three_rows,
    two_blocks,
)
from gongkai.reports.template import SECTION_TITLES

# (Latin name, East Asian name). Word on Chinese Windows has all three; LibreOffice substitutes Noto CJK.
TITLE_FONT = ("SimSun", "宋体")
HEADING_FONT = ("SimHei", "黑体")
BODY_FONT = ("FangSong", "仿宋")
TABLE_FONT = ("SimSun", "宋体")
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号
SMALL_TABLE_SIZE = Pt(9)  # 小五, for the wide tables of sections 三 and 四
LINE = Pt(28)  # fixed line pitch of a 公文 page: 22 lines of 28 characters

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
USABLE = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]


def _set_fonts(rpr, fonts: tuple[str, str]) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    latin, east_asian = fonts
    for attribute, name in (("ascii", latin), ("hAnsi", latin), ("cs", latin), ("eastAsia", east_asian)):
        rfonts.set(qn(f"w:{attribute}"), name)


def _run(paragraph, text: str, fonts, size, *, bold=False, colour=None):
    run = paragraph.add_run(text)
    _set_fonts(run._r.get_or_add_rPr(), fonts)
    run.font.size = size
    run.bold = bold
    if colour:
        run.font.color.rgb = colour
    return run


def _styles(document) -> None:
    styles = document.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = BODY_SIZE
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    heading = document.styles["Heading 1"]
    _set_fonts(heading.element.get_or_add_rPr(), HEADING_FONT)
    heading.font.size = BODY_SIZE
    heading.font.bold = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.first_line_indent = Pt(32)
    heading.paragraph_format.keep_with_next = True


def _page(section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    _page_number(section.footer.paragraphs[0])


def _page_number(paragraph) -> None:
    """'— 1 —' centred at the foot of each page, as on printed 公文."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", TABLE_FONT, Pt(14))
    run = _run(paragraph, "", TABLE_FONT, Pt(14))
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _run(paragraph, " —", TABLE_FONT, Pt(14))


def _body_paragraph(document, text: str) -> None:
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(32)  # two characters
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run(paragraph, text, BODY_FONT, BODY_SIZE)


def _title(document, doc: ReportDocument) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(36)
    paragraph.paragraph_format.space_after = Pt(18)
    # Publisher on the first line, the rest on the second: a long name would otherwise leave a word or
    # two alone on the last line.
    _run(paragraph, doc.publisher, TITLE_FONT, TITLE_SIZE, bold=True).add_break()
    _run(paragraph, doc.title.removeprefix(doc.publisher), TITLE_FONT, TITLE_SIZE, bold=True)
    if doc.is_draft:
        note = document.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note.paragraph_format.space_after = Pt(12)
        text = f"（{DRAFT_MARK}：尚未发布，表中数字按系统现有记录计算，发布前可能变化）"
        _run(note, text, TABLE_FONT, TABLE_SIZE, colour=RGBColor(0xA4, 0x16, 0x1A))
    # A corrected report says so; the original it replaced says that it was replaced.
    if doc.is_superseded or doc.correction_note:
        note = document.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note.paragraph_format.space_after = Pt(12)
        if doc.is_superseded:
            text = f"（本报告已于 {timezone.localtime(doc.superseded_at):%Y-%m-%d} 更正，这是更正前的原报告）"
        else:
            text = f"（更正说明：{doc.correction_note}）"
        _run(note, text, TABLE_FONT, TABLE_SIZE)


def _heading(document, text: str) -> None:
    paragraph = document.add_paragraph(style="Heading 1")
    _run(paragraph, text, HEADING_FONT, BODY_SIZE)


# --------------------------------------------------------------------------- tables


def _write(cell, text: str, *, size=TABLE_SIZE, centred=True, bold=False, indent_level=0) -> None:
    paragraph = cell.paragraphs[0]
    if text:
        _run(paragraph, text, TABLE_FONT, size, bold=bold)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.line_spacing = 1.0
    if indent_level:
        fmt.left_indent = Pt(size.pt * 1.5 * indent_level)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _table(document, rows: int, widths: list[int]):
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # Word reads the cell widths, LibreOffice the grid: set both
    return table


def _keep_together(table) -> None:
    """Keep a table on one page when it fits (Word moves it whole rather than leave a few rows behind)."""
    for tr in table._tbl.tr_lst:
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for tr in table._tbl.tr_lst[:-1]:
        for p in tr.iter(qn("w:p")):
            Paragraph(p, None).paragraph_format.keep_with_next = True


def _repeat_header(table, count: int) -> None:
    """The header rows print again at the top of every page the table runs onto."""
    for row in table.rows[:count]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _merge(table, top, left, bottom, right, text: str, **write):
    cell = table.cell(top, left).merge(table.cell(bottom, right))
    _write(cell, text, **write)
    return cell


def _section_two(document, doc: ReportDocument) -> None:
    """The template draws the four blocks as one four-column table; a block with one figure spans three."""
    blocks = two_blocks(doc)
    width = 1 + max(len(block["columns"]) for block in blocks)
    count = sum(2 + len(block["rows"]) for block in blocks)
    label_width = int(USABLE * 0.28)
    table = _table(document, count, [label_width] + [int((USABLE - label_width) / (width - 1))] * (width - 1))
    r = 0
    for block in blocks:
        _merge(table, r, 0, r, width - 1, block["name"], bold=True)
        _values_row(table, r + 1, [TWO_LABEL_HEADER, *block["columns"]], width, bold=True)
        for i, row in enumerate(block["rows"]):
            _values_row(table, r + 2 + i, [row["label"], *row["cells"]], width)
        r += 2 + len(block["rows"])


def _values_row(table, r: int, values: list[str], width: int, bold=False) -> None:
    """A label and its figures; the last figure spans what is left of the row."""
    _write(table.cell(r, 0), values[0], bold=bold)
    for c, value in enumerate(values[1:-1], start=1):
        _write(table.cell(r, c), value, bold=bold)
    _merge(table, r, len(values) - 1, r, width - 1, values[-1], bold=bold)


def _section_three(document, doc: ReportDocument) -> None:
    head = three_columns()
    n = head["count"]
    rows = three_rows(doc)
    label_width = int(USABLE * 0.34)
    table = _table(document, 3 + len(rows), [label_width] + [int((USABLE - label_width) / n)] * n)
    small = {"size": SMALL_TABLE_SIZE}
    _merge(table, 0, 0, 2, 0, THREE_CORNER, **small)
    _merge(table, 0, 1, 0, n, THREE_BAND, bold=True, **small)
    _merge(table, 1, 1, 2, 1, head["first"], bold=True, **small)
    _merge(table, 1, 2, 1, 1 + len(head["orgs"]), ORG_HEADER, bold=True, **small)
    _merge(table, 1, n, 2, n, head["last"], bold=True, **small)
    for c, name in enumerate(head["orgs"], start=2):
        _write(table.cell(2, c), name, bold=True, **small)
    _repeat_header(table, 3)
    _keep_together(table)
    for r, row in enumerate(rows, start=3):
        if row["heading"]:
            _merge(table, r, 0, r, n, row["label"], centred=False, bold=True, **small)
            continue
        _write(
            table.cell(r, 0),
            row["label"],
            centred=False,
            indent_level=row["level"],
            bold=row["level"] == 1,
            **small,
        )
        for c, value in enumerate(row["cells"], start=1):
            _write(table.cell(r, c), value, **small)


def _section_four(document, doc: ReportDocument) -> None:
    groups = four_header()
    n = sum(group["span"] for group in groups)
    table = _table(document, 4, [int(USABLE / n)] * n)
    small = {"size": SMALL_TABLE_SIZE, "bold": True}
    c = 0
    for group in groups:
        if not group["split"]:
            _merge(table, 0, c, 1, c + group["span"] - 1, group["name"], **small)
        else:
            _merge(table, 0, c, 0, c + group["span"] - 1, group["name"], **small)
            start = c
            for block in group["blocks"]:
                _merge(table, 1, start, 1, start + len(block["columns"]) - 1, block["name"], **small)
                start += len(block["columns"])
        for block in group["blocks"]:
            for name in block["columns"]:
                _write(table.cell(2, c), name, **small)
                c += 1
    for c, value in enumerate(four_cells(doc)):
        _write(table.cell(3, c), value, size=SMALL_TABLE_SIZE)
    _keep_together(table)


def _note(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(4)
    _run(paragraph, text, TABLE_FONT, TABLE_SIZE)


# --------------------------------------------------------------------------- the document


def report_docx(doc: ReportDocument) -> bytes:
    document = Document()
    _styles(document)
    _page(document.sections[0])
    document.core_properties.title = doc.title
    document.core_properties.author = doc.publisher
    _title(document, doc)
    texts = {0: doc.overview, 4: doc.problems, 5: doc.other_matters}
    tables = {1: _section_two, 2: _section_three, 3: _section_four}
    for index, heading in enumerate(SECTION_TITLES):
        _heading(document, heading)
        if index in texts:
            for text in paragraphs(doc, texts[index]):
                _body_paragraph(document, text)
        else:
            tables[index](document, doc)
            if index == 2 and doc.has_adjustments and doc.adjustment_note:
                _note(document, f"说明：本表部分数字经人工调整。{doc.adjustment_note}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
