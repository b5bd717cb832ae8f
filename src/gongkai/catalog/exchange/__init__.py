"""Read and write the 基层政务公开标准目录 as JSON, CSV, XLSX and DOCX.

Pure Python (no Django): the web side calls `read_document` on an upload and `write_document` for a
download. Every reader returns a validated, normalised catalog document (docs/catalog-format.md) or
raises one ExchangeError listing every problem found, located by row and column as a person sees
them in the file.
"""

from __future__ import annotations

from os import PathLike
from pathlib import PurePath

from . import csvfmt, docxfmt, jsonfmt, xlsxfmt
from .document import ExchangeError, Problem, fail, validate_document

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "ExchangeError",
    "Problem",
    "format_from_path",
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


def read_document(data: bytes, fmt: str) -> dict:
    """A validated, normalised document read from a file's bytes."""
    module = _module(fmt)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("read_document expects bytes")
    if len(data) > MAX_BYTES:
        size = len(data) / (1024 * 1024)
        raise fail(f"文件太大（{size:.1f} MB），最大 {MAX_BYTES // (1024 * 1024)} MB")
    return module.read(bytes(data))
