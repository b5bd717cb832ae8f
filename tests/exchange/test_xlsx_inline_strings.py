"""Inline strings (what our own export writes) are read straight from the sheet's XML, not through
openpyxl's rich-text objects: the cells must come out exactly as openpyxl's own parser gives them."""

import io
import warnings
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from gongkai.catalog.exchange import xlsxfmt

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "catalogs" / "files"
SHEET = "xl/worksheets/sheet1.xml"
# Runs with formatting, a phonetic guide (not part of the text), the plain part after the runs, spaces
# kept, empty strings in three shapes, a cell without a reference.
ODD_CELLS = (
    '<c r="P1" t="inlineStr"><is><r><rPr><b/></rPr><t>粗</t></r><rPh sb="0" eb="1"><t>ふり</t></rPh>'
    '<r><t xml:space="preserve"> 体 </t></r><t>尾</t></is></c>'
    '<c t="inlineStr"><is/></c><c t="inlineStr"><is><t/></is></c>'
    '<c s="1" t="inlineStr"><is><r><t>a</t></r><r><t/></r></is></c><c t="inlineStr"/>'
)


def with_odd_cells(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                text = content.decode()
                end = text.index("</row>")
                content = (text[:end] + ODD_CELLS + text[end:]).encode()
            target.writestr(info, content)
    return out.getvalue()


def parsed(data: bytes, parser_class) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = []
    for sheet in workbook.worksheets:
        with sheet._get_source() as source:
            parser = parser_class(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            rows.extend(parser.parse())
    workbook.close()
    return rows


def test_cells_as_openpyxl_reads_them():
    files = sorted(FIXTURES.glob("*.xlsx"))
    assert files
    for path in files:
        data = path.read_bytes()
        for variant in (data, with_odd_cells(data)):
            assert parsed(variant, xlsxfmt._SheetParser) == parsed(variant, WorkSheetParser), path.name


def test_rich_text_reads_as_its_plain_text():
    data = with_odd_cells((FIXTURES / "nm-jalaid-elderly.xlsx").read_bytes())
    first_row = parsed(data, xlsxfmt._SheetParser)[0][1]
    assert [cell["value"] for cell in first_row[-5:]] == ["尾粗 体 ", "", "", "a", None]
