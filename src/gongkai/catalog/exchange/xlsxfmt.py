"""XLSX: the official table laid out for screen and print (openpyxl)."""

from __future__ import annotations

import datetime
import io
import math
import unicodedata
import warnings
from collections import defaultdict

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins

from .archive import check_zip
from .document import ExchangeError, Problem, fail, normalise
from .layout import find_header_row
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

INVALID = "不是有效的 Excel 文件（.xlsx）"
FONT = "宋体"
MAX_CELL = 32767  # Excel's limit; openpyxl would cut longer text silently
MAX_ROWS = 100_000
FIRST_DATA_ROW = 4  # title, two header rows
LINE_HEIGHT = 13.5  # points per line of 10 pt text
WIDTHS = {
    "seq": 6,
    "category": 14,
    "subgroup": 18,
    "name": 24,
    "elements": 36,
    "basis": 44,
    "time_limit": 20,
    "subject": 18,
    "channels": 18,
    "warnings": 28,
    "category_mn": 18,
    "name_mn": 24,
}
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def _width(column: Column) -> float:
    if column.tick:
        return max(6.0, 2.2 * len(column.sub) + 2)
    return WIDTHS[column.key]


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs. Column width counts "0" characters; a Chinese one is two."""
    total = 0
    for line in text.split("\n"):
        units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        total += max(1, math.ceil(units / max(width - 1, 1)))
    return total


def _height(texts: list[str], widths: list[float]) -> float:
    """Row height in points. Set explicitly: neither Excel nor LibreOffice reliably grows the rows
    of a generated file to fit wrapped text."""
    lines = max(_lines(text, width) for text, width in zip(texts, widths, strict=True))
    return lines * LINE_HEIGHT + 4


def _set(cell, value) -> None:
    cell.value = value if value != "" else None
    if isinstance(value, str) and value:
        # openpyxl would store text starting with "=" as a formula (and "#N/A" as an error).
        cell.data_type = "s"


def _too_long(rows: list[list[str]], columns: list[Column]) -> list[Problem]:
    return [
        Problem(FIRST_DATA_ROW + r, columns[c].name, f"内容太长（Excel 单元格最多 {MAX_CELL} 个字）")
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if len(text) > MAX_CELL
    ]


def write(doc: dict) -> bytes:
    doc = normalise(doc)
    columns = columns_for(doc)
    rows = data_rows(doc, columns)
    problems = _too_long(rows, columns)
    if problems:
        raise ExchangeError(problems)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "目录"
    widths = [_width(column) for column in columns]
    _title(sheet, doc["catalog"]["title"], len(columns))
    _header(sheet, columns)
    _data(sheet, doc, columns, rows, widths)
    for c, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    _page_setup(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _data(sheet, doc: dict, columns: list[Column], rows: list[list[str]], widths: list[float]) -> None:
    category = next(i for i, column in enumerate(columns) if column.key == "category")
    runs = [(first, end) for first, end in category_runs(doc["items"]) if end > first]
    merged = {index for first, end in runs for index in range(first, end + 1)}
    for index, row in enumerate(rows):
        r = FIRST_DATA_ROW + index
        for c, (text, column) in enumerate(zip(row, columns, strict=True), 1):
            cell = sheet.cell(r, c)
            _set(cell, int(text) if column.key == "seq" else text)
            centred = column.tick or column.key in ("seq", "category")
            horizontal = "center" if centred else "left"
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal=horizontal)
            cell.font = Font(name=FONT, size=10)
            cell.border = BORDER
        # A merged 一级事项 spreads over its rows, so it does not set any one row's height.
        texts = ["" if c == category and index in merged else text for c, text in enumerate(row)]
        sheet.row_dimensions[r].height = _height(texts, widths)
    # 一级事项 merged per group, as in the official table. Every cell was filled first; merging
    # keeps the first row's value.
    for first, end in runs:
        top, bottom = FIRST_DATA_ROW + first, FIRST_DATA_ROW + end
        sheet.merge_cells(start_row=top, end_row=bottom, start_column=category + 1, end_column=category + 1)


def _title(sheet, title: str, last: int) -> None:
    cell = sheet.cell(1, 1)
    _set(cell, title)
    cell.font = Font(name=FONT, size=16, bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if last > 1:
        sheet.merge_cells(start_row=1, end_row=1, start_column=1, end_column=last)
    sheet.row_dimensions[1].height = 36


def _header(sheet, columns: list[Column]) -> None:
    for row in (2, 3):
        for c in range(1, len(columns) + 1):
            cell = sheet.cell(row, c)
            cell.font = Font(name=FONT, size=10, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BORDER
            cell.fill = HEADER_FILL
    for first, end in spans(columns):
        column = columns[first]
        _set(sheet.cell(2, first + 1), column.top)
        if column.sub:
            for c in range(first, end + 1):
                _set(sheet.cell(3, c + 1), columns[c].sub)
            if end > first:
                sheet.merge_cells(start_row=2, end_row=2, start_column=first + 1, end_column=end + 1)
        else:
            sheet.merge_cells(start_row=2, end_row=3, start_column=first + 1, end_column=first + 1)
    sheet.row_dimensions[2].height = 24
    sheet.row_dimensions[3].height = 30


def _page_setup(sheet) -> None:
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:3"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5, header=0.3, footer=0.3)


# --------------------------------------------------------------------------- reading


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 序号 typed as a number comes back as 1.0
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_INLINE, _T, _RUN = f"{_MAIN}is", f"{_MAIN}t", f"{_MAIN}r"


class _SheetParser(WorkSheetParser):
    """openpyxl's sheet parser, with inline strings (what our own export writes) read straight from the
    XML: openpyxl builds a rich-text object per cell for them, a third of reading a 5,000-item file."""

    def parse_cell(self, element):
        if element.get("t") != "inlineStr":
            return super().parse_cell(element)
        # As openpyxl: the cell's position from its reference or from counting, and the text of its
        # plain part first, then of its runs (phonetic guides left out).
        coordinate = element.get("r")
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        value, data_type = None, "inlineStr"
        child = element.find(_INLINE)
        if child is not None:
            plain, runs = None, []
            for part in child:
                if part.tag == _T:
                    plain = part.text
                elif part.tag == _RUN:
                    text = part.findtext(_T)
                    if text:
                        runs.append(text)
            value, data_type = "".join([plain, *runs] if plain is not None else runs), "s"
        return {"row": row, "column": column, "value": value, "data_type": data_type, "style_id": style_id}


def _cells(sheet, progress: Progress | None = None) -> tuple[dict[tuple[int, int], str], list[CellRange]]:
    """The text of every cell the file holds, and the merged ranges, in one pass over the sheet's XML.

    openpyxl's read-only mode does this pass without building a styled cell per position; its full
    mode took three quarters of the time of reading a 10,000-row catalog (bench/import_catalog.py),
    mostly drawing borders on merged cells. The read-only sheet does not expose the merged ranges,
    so the sheet's XML goes through openpyxl's own parser here, which collects them on the way.
    """
    workbook = sheet.parent
    values = {}
    with sheet._get_source() as source:
        parser = _SheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        total = sheet.max_row or 0
        for row_number, cells in parser.parse():
            if progress is not None and row_number % 500 == 0 and total:
                progress(min(row_number / total, 1.0), "读取表格")
            for cell in cells:
                text = _text(cell["value"])
                if text:
                    values[(cell["row"], cell["column"])] = text
    merged = [CellRange(m.ref) for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    return values, merged


def _drop_hidden(values: dict[tuple[int, int], str], merged: list[CellRange]) -> None:
    """Forget text hidden under a merge (anywhere but its top-left cell): nobody sees it in Excel.

    Visits only the rows that hold text, so a huge merged range in a hostile file costs nothing.
    """
    columns = defaultdict(list)
    for row, column in values:
        columns[row].append(column)
    for cells in merged:
        span = range(cells.min_row, cells.max_row + 1)
        rows = span if len(span) <= len(columns) else [row for row in columns if row in span]
        for row in rows:
            for column in columns.get(row, ()):
                top_left = (row, column) == (cells.min_row, cells.min_col)
                if cells.min_col <= column <= cells.max_col and not top_left:
                    values.pop((row, column), None)


def _grid(sheet, progress: Progress | None = None) -> list[list[Cell]]:
    """The sheet as a grid, merged cells' text copied into every position they cover."""
    # Only the cells the file holds, so a stray cell far away costs nothing until the size check below.
    values, merged = _cells(sheet, progress)
    _drop_hidden(values, merged)
    if not values:
        return []
    height = max(row for row, _ in values)
    width = max(column for _, column in values)
    if width > MAX_COLUMNS:
        raise fail(f"列数太多（最多 {MAX_COLUMNS} 列）")
    if height > MAX_ROWS:
        raise fail(f"行数太多（最多 {MAX_ROWS} 行）")
    grid = [[Cell()] * width for _ in range(height)]
    for (row, column), text in values.items():
        grid[row - 1][column - 1] = Cell(text)
    for cells in merged:
        text = values.get((cells.min_row, cells.min_col), "")
        for row in range(cells.min_row, min(cells.max_row, height) + 1):
            for column in range(cells.min_col, min(cells.max_col, width) + 1):
                if (row, column) != (cells.min_row, cells.min_col):
                    grid[row - 1][column - 1] = Cell(text, "v" if row > cells.min_row else "h")
    return grid


def _open(data: bytes, progress: Progress | None = None):
    check_zip(data, INVALID)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops; irrelevant here
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                # Chart sheets are not listed. Sheets are read until one has the catalog header, so
                # progress follows the sheet that matters.
                grids = []
                for sheet in workbook.worksheets:
                    grids.append(_grid(sheet, progress))
                    if find_header_row(grids[-1]) is not None:
                        break
                return grids
            finally:
                workbook.close()
    except ExchangeError:
        raise
    except Exception:  # any failure inside a damaged file means the same to the user
        raise fail(INVALID) from None


def load(data: bytes, progress: Progress | None = None) -> Table:
    """The first sheet that has the catalog header (a workbook may carry notes on other sheets)."""
    grids = _open(data, progress)
    grid = grids[-1] if grids and find_header_row(grids[-1]) is not None else (grids[0] if grids else [])
    return Table(grid, list(range(1, len(grid) + 1)))


def read(data: bytes) -> dict:
    return interpret(load(data)).doc
