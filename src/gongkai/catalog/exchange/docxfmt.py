"""DOCX: the official table in a landscape Word document (python-docx)."""

from __future__ import annotations

import io
import re
import warnings

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from .archive import check_zip
from .document import ExchangeError, fail, normalise
from .layout import find_header_row, header_depth
from .reading import Progress, Table, interpret
from .table import (
    MAX_COLUMNS,
    Cell,
    Column,
    category_runs,
    columns_for,
    data_rows,
    spans,
)

INVALID = "不是有效的 Word 文件（.docx）"
NO_TABLE = "文件里没有表格"

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(297), Mm(210), Mm(12)
# Latin name, East Asian name. Word finds 宋体 on Chinese Windows, SimSun elsewhere through the
# font table's altName; LibreOffice on Linux substitutes Noto Sans/Serif CJK SC.
BODY_FONT = ("SimSun", "宋体")
TITLE_FONT = ("SimHei", "黑体")
FONT_TABLE_ENTRIES = (
    '<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/>'
    '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>',
    '<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/>'
    '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>',
)
# Relative column widths; tick columns grow with their word.
WEIGHTS = {
    "seq": 11,
    "category": 18,
    "subgroup": 20,
    "name": 26,
    "elements": 40,
    "basis": 46,
    "time_limit": 22,
    "subject": 20,
    "channels": 22,
    "warnings": 26,
    "category_mn": 18,
    "name_mn": 24,
}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Schema order of <w:tcPr> children; python-docx and our shading add them out of order, and
# Word refuses documents with misordered properties.
TC_PR_ORDER = [
    qn(f"w:{tag}")
    for tag in [
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
        "headers",
        "cellIns",
        "cellDel",
        "cellMerge",
        "tcPrChange",
    ]
]


# --------------------------------------------------------------------------- writing


def _set_fonts(rpr, fonts: tuple[str, str]) -> None:
    """Explicit fonts on an rPr, without theme fonts (Word prefers a theme font when both exist)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    latin, east_asian = fonts
    for attribute, name in (("ascii", latin), ("hAnsi", latin), ("cs", latin), ("eastAsia", east_asian)):
        rfonts.set(qn(f"w:{attribute}"), name)


def _styles(document) -> None:
    styles = document.styles.element
    _set_fonts(styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"), BODY_FONT)
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    heading = document.styles["Heading 1"]
    _set_fonts(heading.element.get_or_add_rPr(), TITLE_FONT)
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.font.size = Pt(16)
    heading.paragraph_format.space_before = Pt(0)
    heading.paragraph_format.space_after = Pt(8)


def _font_table(document) -> None:
    """Declare the Chinese fonts with their English names, so Word can fall back to them."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            root = parse_xml(part.blob)
            for entry in FONT_TABLE_ENTRIES:
                root.append(parse_xml(f'<w:fonts xmlns:w="{W_NS}">{entry}</w:fonts>')[0])
            # A generic Part keeps its bytes in `_blob`; python-docx has no public setter.
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN


def _widths(columns: list[Column]) -> list[int]:
    weights = [max(9, 3 * len(c.sub) + 3) if c.tick else WEIGHTS[c.key] for c in columns]
    usable = PAGE_WIDTH - 2 * MARGIN
    return [int(usable * weight / sum(weights)) for weight in weights]


def _write_cell(cell, text: str, *, centred: bool, bold: bool = False) -> None:
    if text:
        # An empty cell keeps its bare paragraph: a run, even empty, would be moved into the
        # merged cell as an extra blank line.
        cell.text = text
    paragraph = cell.paragraphs[0]
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if bold:
        for run in paragraph.runs:
            run.bold = True
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _mark_header(row) -> None:
    """Repeated on every page, shaded."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell in row.cells:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), "F2F2F2")
        cell._tc.get_or_add_tcPr().append(shading)


def _order_cell_properties(table) -> None:
    def rank(element) -> int:
        return TC_PR_ORDER.index(element.tag) if element.tag in TC_PR_ORDER else len(TC_PR_ORDER)

    for tc_pr in table._tbl.iter(qn("w:tcPr")):
        children = sorted(tc_pr, key=rank)  # sorted() is stable: repeated tags keep their order
        for child in children:
            tc_pr.append(child)


def write(doc: dict) -> bytes:
    doc = normalise(doc)
    document = Document()
    _styles(document)
    _font_table(document)
    _page(document.sections[0])
    document.add_heading(doc["catalog"]["title"], level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _table(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, doc: dict) -> None:
    columns = columns_for(doc)
    rows = data_rows(doc, columns)
    table = document.add_table(rows=2 + len(rows), cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(columns)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # Taken once, before merging: table.cell() rebuilds the whole cell list on every call.
    cells = [list(row.cells) for row in table.rows]
    category = next(i for i, column in enumerate(columns) if column.key == "category")
    runs = category_runs(doc["items"])
    first_of_run = {first for first, _ in runs}
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            cell.width = widths[c]
            column = columns[c]
            if r == 0:
                # A group title only above its first sub-column; the merge below spans the rest.
                starts = c == 0 or not column.sub or columns[c - 1].top != column.top
                _write_cell(cell, column.top if starts else "", centred=True, bold=True)
            elif r == 1:
                _write_cell(cell, column.sub, centred=True, bold=True)
            else:
                text = rows[r - 2][c]
                if c == category and r - 2 not in first_of_run:
                    text = ""  # the group's first row holds it once merged
                _write_cell(cell, text, centred=column.tick or column.key in ("seq", "category"))
    for index, row in enumerate(table.rows):
        # Keep each row on one page: a row cut by a page break reads as two rows.
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if index < 2:
            _mark_header(row)
    for first, end in spans(columns):
        if columns[first].sub:
            if end > first:
                cells[0][first].merge(cells[0][end])
        else:
            cells[0][first].merge(cells[1][first])
    for first, end in runs:
        if end > first:
            cells[2 + first][category].merge(cells[2 + end][category])
    _order_cell_properties(table)


# --------------------------------------------------------------------------- reading


def _cell_text(tc) -> str:
    # Only the cell's own paragraphs: a table nested in a cell is not part of this table.
    return "\n".join(p.text for p in tc.iterchildren(qn("w:p")))


def _int_attr(element, path: str, default: int) -> int:
    found = element.find(path)
    try:
        return int(found.get(qn("w:val"))) if found is not None else default
    except (TypeError, ValueError):
        return default


def _table_grid(tbl) -> list[list[Cell]]:
    """A Word table as a grid: gridSpan copies a cell rightwards ("h"), vMerge continues the
    cell above ("v"), gridBefore leaves leading positions empty."""
    grid: list[list[Cell]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        before = _int_attr(tr, f"{qn('w:trPr')}/{qn('w:gridBefore')}", 0)
        row: list[Cell] = [Cell()] * max(0, min(before, MAX_COLUMNS))
        for tc in tr.iterchildren(qn("w:tc")):
            span = max(1, _int_attr(tc, f"{qn('w:tcPr')}/{qn('w:gridSpan')}", 1))
            if len(row) + span > MAX_COLUMNS:
                raise fail(f"列数太多（最多 {MAX_COLUMNS} 列）")
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            continues = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            text = _cell_text(tc)
            for offset in range(span):
                column = len(row)
                if continues:
                    above = grid[-1][column] if grid and column < len(grid[-1]) else Cell()
                    row.append(Cell(above.text, "v"))
                else:
                    row.append(Cell(text, "h" if offset else None))
        grid.append(row)
    width = max((len(row) for row in grid), default=0)
    return [row + [Cell()] * (width - len(row)) for row in grid]


def _body(data: bytes):
    check_zip(data, INVALID)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Document(io.BytesIO(data)).element.body
    except Exception:  # any failure inside a damaged file means the same to the user
        raise fail(INVALID) from None


# A short paragraph between the tables of one catalog that names the next group: 一、就业服务.
SECTION_PARAGRAPH = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十\d]+[部分类项]|\d+\s*[、．](?!\d))"
)
SECTION_MAX = 40


def read(data: bytes) -> dict:
    return interpret(load(data)).doc


def load(data: bytes, progress: Progress | None = None) -> Table:
    """The first table with the catalog header, plus the tables that follow it with the same width
    (one table per page, or one per group with a heading paragraph such as 一、就业服务 between them:
    the heading becomes a row of its own). Row numbers count table rows from 1 and run on across the
    tables. The paragraphs above the table are kept: the title may be there."""
    body = _body(data)
    try:
        return _find_table(body)
    except ExchangeError:
        raise
    except Exception:  # malformed XML that python-docx accepted but we cannot walk
        raise fail(INVALID) from None


def _section_row(text: str, width: int) -> list[Cell]:
    """A heading paragraph as a table row spanning the whole width, as a merged cell would."""
    return [Cell(text)] + [Cell(text, "h")] * (width - 1)


def _find_table(body) -> Table:
    paragraphs: list[str] = []
    grid: list[list[Cell]] | None = None
    numbers: list[int] = []
    sections: list[str] = []
    headings: set[int] = set()  # grid rows made from heading paragraphs
    found_table = False
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = (child.text or "").strip()
            if not text:
                continue
            if len(text) <= SECTION_MAX and SECTION_PARAGRAPH.match(text):
                sections.append(text)
            elif grid is not None:
                break  # other text after the table ends it
            else:
                paragraphs += sections + [text]
                sections = []
        elif child.tag == qn("w:tbl"):
            found_table = True
            table = _table_grid(child)
            if grid is None:
                start = find_header_row(table)
                if start is None:
                    continue
                below = start + header_depth(table, start)
                width = len(table[0])
                grid = table[:below] + [_section_row(t, width) for t in sections] + table[below:]
                headings.update(range(below, below + len(sections)))
                numbers = (
                    list(range(1, below + 1))
                    + [below] * len(sections)
                    + list(range(below + 1, len(table) + 1))
                )
                sections = []
            elif table and len(table[0]) == len(grid[0]):
                last = numbers[-1] if numbers else 0
                headings.update(range(len(grid), len(grid) + len(sections)))
                grid += [_section_row(t, len(grid[0])) for t in sections]
                numbers += [last] * len(sections)
                sections = []
                grid += table
                numbers += list(range(last + 1, last + 1 + len(table)))
            else:
                break
    if not found_table:
        raise fail(NO_TABLE)
    if grid is None:
        return Table([], [], paragraphs)  # an empty grid reports the missing header
    return Table(grid, numbers, paragraphs + sections, frozenset(headings))
