"""XLSX: the report's tables, one sheet per section 二, 三 and 四, with the template's merged headers.

Cells hold numbers (not text), so the office can add up or chart them in Excel straight away.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.reports.outputs import (
    DRAFT_MARK,
    ORG_HEADER,
    THREE_BAND,
    THREE_CORNER,
    TWO_LABEL_HEADER,
    ReportDocument,
    four_header,
    three_columns,
)
from gongkai.reports.template import (
    COLUMNS,
    HEADING_ROWS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    ROWS,
    SECTION_TITLES,
    SECTION_TWO,
)
from gongkai.spreadsheets import cell_value

FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
FIRST_ROW = 4  # rows 1–2 hold the title and the section heading, row 3 stays empty
MONEY_FORMAT = "0.00##"


def _cell(ws, row: int, col: int, value, *, bold=False, align=CENTRE, number_format=None):
    cell = ws.cell(row=row, column=col, value=cell_value(value))
    cell.font = Font(name=FONT, size=10, bold=bold)
    cell.alignment = align
    cell.border = BORDER
    if number_format:
        cell.number_format = number_format
    return cell


def _merged(ws, top: int, left: int, bottom: int, right: int, value, *, bold=True, align=CENTRE):
    """Merge and border every cell of the range: Excel draws a merged cell's edges from its parts."""
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            ws.cell(row=r, column=c).border = BORDER
    if (top, left) != (bottom, right):
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    return _cell(ws, top, left, value, bold=bold, align=align)


def _heading(ws, doc: ReportDocument, section: str, width: int) -> None:
    title = f"{doc.title}（{DRAFT_MARK}）" if doc.is_draft else doc.title
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1, value=cell_value(title)).font = Font(name=FONT, size=14, bold=True)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.cell(row=2, column=1, value=cell_value(section)).font = Font(name=FONT, size=12, bold=True)
    ws.row_dimensions[1].height = 24


def _widths(ws, widths: list[float], *, landscape=False) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    # Printed, each sheet is as wide as one A4 page, as the template's tables are.
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _sheet_two(wb, doc: ReportDocument) -> None:
    ws = wb.create_sheet(SECTION_TITLES[1])
    width = 1 + max(len(cols) for _, _, cols in SECTION_TWO)
    _heading(ws, doc, SECTION_TITLES[1], width)
    r = FIRST_ROW
    for block, rows, columns in SECTION_TWO:
        _merged(ws, r, 1, r, width, block)
        _value_row(ws, r + 1, [TWO_LABEL_HEADER, *columns], width, bold=True)
        for i, row in enumerate(rows, start=2):
            values = [doc.two[row][col] for col in columns]
            _value_row(ws, r + i, [row, *values], width, money="万元" in columns[-1])
        r += 2 + len(rows)
    _widths(ws, [22] + [20] * (width - 1))


def _value_row(ws, r: int, values: list, width: int, *, bold=False, money=False) -> None:
    """A label and its figures; the last figure spans what is left of the row, as in the template."""
    _cell(ws, r, 1, values[0], bold=bold)
    for c, value in enumerate(values[1:-1], start=2):
        _cell(ws, r, c, value, bold=bold)
    last = _merged(ws, r, len(values), r, width, values[-1], bold=bold)
    if money:
        last.number_format = MONEY_FORMAT


def _sheet_three(wb, doc: ReportDocument) -> None:
    ws = wb.create_sheet(SECTION_TITLES[2])
    head = three_columns()
    n = head["count"]
    _heading(ws, doc, SECTION_TITLES[2], n + 1)
    top = FIRST_ROW
    _merged(ws, top, 1, top + 2, 1, THREE_CORNER, bold=False)
    _merged(ws, top, 2, top, n + 1, THREE_BAND)
    _merged(ws, top + 1, 2, top + 2, 2, head["first"])
    _merged(ws, top + 1, 3, top + 1, 2 + len(head["orgs"]), ORG_HEADER)
    _merged(ws, top + 1, n + 1, top + 2, n + 1, head["last"])
    for c, name in enumerate(head["orgs"], start=3):
        _cell(ws, top + 2, c, name, bold=True)
    ws.row_dimensions[top].height = 30
    for r, (key, label, level) in enumerate(ROWS, start=top + 3):
        _cell(
            ws,
            r,
            1,
            label,
            bold=level == 1 or key in HEADING_ROWS,
            align=Alignment(vertical="center", wrap_text=True, indent=2 * level),
        )
        for c, (col, _) in enumerate(COLUMNS, start=2):
            _cell(ws, r, c, None if key in HEADING_ROWS else doc.three[key][col])
    ws.freeze_panes = ws.cell(row=top + 3, column=2)
    _widths(ws, [52] + [11] * n)


def _sheet_four(wb, doc: ReportDocument) -> None:
    ws = wb.create_sheet(SECTION_TITLES[3])
    groups = four_header()
    n = sum(group["span"] for group in groups)
    _heading(ws, doc, SECTION_TITLES[3], n)
    top, c = FIRST_ROW, 1
    for group in groups:
        end = c + group["span"] - 1
        _merged(ws, top, c, top if group["split"] else top + 1, end, group["name"])
        start = c
        for block in group["blocks"] if group["split"] else []:
            _merged(ws, top + 1, start, top + 1, start + len(block["columns"]) - 1, block["name"])
            start += len(block["columns"])
        c = end + 1
    c = 1
    for block, _ in REVIEW_BLOCKS:
        for col, name in REVIEW_COLUMNS:
            _cell(ws, top + 2, c, name, bold=True)
            _cell(ws, top + 3, c, doc.four[block][col])
            c += 1
    _widths(ws, [10] * n, landscape=True)


def report_xlsx(doc: ReportDocument) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet_two(wb, doc)
    _sheet_three(wb, doc)
    _sheet_four(wb, doc)
    wb.properties.title = doc.title
    wb.properties.creator = doc.publisher
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
