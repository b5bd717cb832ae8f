"""CSV: the official table as plain rows, UTF-8 with a BOM so Excel shows Chinese correctly."""

from __future__ import annotations

import codecs
import csv
import io

from gongkai.spreadsheets import escape_for_round_trip, unescape

from .document import fail, normalise
from .reading import Progress, Table, interpret
from .table import MAX_COLUMNS, Cell, columns_for, data_rows, header_rows

# Cells a spreadsheet would run as a formula are written with a leading apostrophe, which Excel shows as
# plain text; reading drops one leading apostrophe from any cell, so the round trip is exact.
_escape, _unescape = escape_for_round_trip, unescape


def write(doc: dict) -> bytes:
    doc = normalise(doc)
    columns = columns_for(doc)
    top, sub = header_rows(columns)
    title = [doc["catalog"]["title"]] + [""] * (len(columns) - 1)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in [title, top, sub, *data_rows(doc, columns)]:
        writer.writerow([_escape(text) for text in row])
    return out.getvalue().encode("utf-8-sig")


def _decode(data: bytes) -> str:
    """UTF-8 (Excel's "CSV UTF-8", with or without BOM), else GB18030 (Excel's default "CSV" on
    Chinese Windows)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise fail("无法识别文件编码：请把 CSV 保存为 UTF-8 编码")


def read(data: bytes) -> dict:
    return interpret(load(data)).doc


def load(data: bytes, progress: Progress | None = None) -> Table:
    text = _decode(data)
    grid = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                if any(cell.strip() for cell in row[MAX_COLUMNS:]):
                    raise fail(f"列数太多（最多 {MAX_COLUMNS} 列）", len(grid) + 1)
                row = row[:MAX_COLUMNS]
            grid.append([Cell(_unescape(cell)) for cell in row])
    except csv.Error:
        raise fail(f"CSV 格式有误（第{reader.line_num}行附近）") from None
    return Table(grid, list(range(1, len(grid) + 1)))
