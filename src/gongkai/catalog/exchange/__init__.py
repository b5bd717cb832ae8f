"""Read and write the 基层政务公开标准目录 as JSON, CSV, XLSX and DOCX.

Pure Python (no Django): the web side calls `read_catalog_file` on an upload (the document with the
notes of every guess the reader made, reading.py) and `write_document` for a download. Every reader
returns a validated, normalised catalog document (docs/catalog-format.md) or raises one ExchangeError
listing every problem found, located by row and column as a person sees them in the file.
"""

from __future__ import annotations

from os import PathLike
from pathlib import PurePath

from gongkai import collector

from . import csvfmt, docxfmt, jsonfmt, xlsxfmt
from .document import ExchangeError, Note, Problem, fail, validate_document
from .layout import ROLES, SourceColumn
from .reading import Hints, Progress, Reading, Table, interpret

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "ROLES",
    "ExchangeError",
    "Hints",
    "Note",
    "Problem",
    "Reading",
    "SourceColumn",
    "Table",
    "format_from_path",
    "interpret",
    "load_table",
    "read_catalog_file",
    "read_document",
    "validate_document",
    "write_document",
]

FORMATS = ("json", "csv", "xlsx", "docx")
MAX_BYTES = 10 * 1024 * 1024

_MODULES = {"json": jsonfmt, "csv": csvfmt, "xlsx": xlsxfmt, "docx": docxfmt}
# Old binary Office formats are common in government offices; say what to do instead.
_OLD_FORMATS = {
    ".xls": "请在 Excel 里另存为 .xlsx",
    ".doc": "请在 Word 里另存为 .docx",
    ".et": "请另存为 .xlsx",
    ".wps": "请另存为 .docx",
}


def _module(fmt: str):
    try:
        return _MODULES[fmt]
    except (KeyError, TypeError):
        raise fail(f"不支持的格式“{fmt}”，只支持 {'、'.join(FORMATS)}") from None


def format_from_path(path: str | PathLike) -> str:
    """The format named by a file's extension (case-insensitive)."""
    suffix = PurePath(path).suffix.lower()
    fmt = suffix.lstrip(".")
    if fmt in FORMATS:
        return fmt
    hint = _OLD_FORMATS.get(suffix, f"只支持 {'、'.join('.' + f for f in FORMATS)}")
    raise fail(f"不支持的文件类型“{suffix or PurePath(path).name}”：{hint}")


def write_document(doc: dict, fmt: str) -> bytes:
    """The document in the given format; raises ExchangeError if the document is not valid."""
    return _module(fmt).write(doc)


def _checked(data, fmt: str):
    module = _module(fmt)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("expected the file's bytes")
    if len(data) > MAX_BYTES:
        size = len(data) / (1024 * 1024)
        raise fail(f"文件太大（{size:.1f} MB），最大 {MAX_BYTES // (1024 * 1024)} MB")
    return module


def read_document(data: bytes, fmt: str, *, hints: Hints | None = None) -> dict:
    """A validated, normalised document read from a file's bytes."""
    return read_catalog_file(data, fmt, hints=hints).doc


def load_table(data: bytes, fmt: str, progress: Progress | None = None) -> Table:
    """The grid of cells of a CSV, XLSX or DOCX file, to `interpret` once or several times (a person
    correcting the column mapping should not wait for the file to be read again)."""
    module = _checked(data, fmt)
    if fmt == "json":
        raise ValueError("a JSON file holds a document, not a table")
    return module.load(bytes(data), progress)


def read_catalog_file(
    data: bytes,
    fmt: str,
    *,
    hints: Hints | None = None,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> Reading:
    """The document of a file with the reader's notes, how each column was taken and where each item
    came from. `hints` fill in what the file does not say (title, area, publisher, file name);
    `mapping` (column header or "#N" -> role, see ROLES) overrides how columns are recognised."""
    module = _checked(data, fmt)
    if fmt == "json":
        return Reading(module.read(bytes(data)), [], [], {}, verbatim=True)

    def stage(start: float, share: float):
        return (lambda fraction, phase: progress(start + share * fraction, phase)) if progress else None

    with collector.paused():  # a table's cells and records go by reference counting (gongkai.collector)
        table = module.load(bytes(data), stage(0.0, 0.5))
        return interpret(table, hints=hints, mapping=mapping, progress=stage(0.5, 0.5))
