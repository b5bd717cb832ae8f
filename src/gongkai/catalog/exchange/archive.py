"""Checks on XLSX/DOCX zip containers before a library opens them.

openpyxl and python-docx inflate whole members into memory, so a small file could expand to
gigabytes (a zip bomb). The sizes in the zip directory are enforced by zipfile while reading, so
checking them up front is enough.
"""

from __future__ import annotations

import io
import zipfile

from .document import fail

MAX_UNCOMPRESSED = 100 * 1024 * 1024
# Real sheets and documents compress maybe 10-30:1; only large members are ratio-checked because
# tiny XML parts (mostly repeated tags) legitimately compress far better.
MAX_RATIO = 100
RATIO_CHECK_FROM = 5 * 1024 * 1024
MAX_MEMBERS = 10_000


def check_zip(data: bytes, invalid_message: str) -> None:
    """Raise ExchangeError unless `data` is a zip that is safe to inflate."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    # NotImplementedError: zipfile refuses a damaged header that claims an unknown zip version.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise fail(invalid_message) from None
    if len(members) > MAX_MEMBERS:
        raise fail(f"{invalid_message}（压缩包内文件过多）")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED:
        raise fail(f"文件解压后太大（超过 {MAX_UNCOMPRESSED // (1024 * 1024)} MB），已拒绝")
    for member in members:
        big = member.file_size > RATIO_CHECK_FROM
        if big and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise fail(f"文件里的“{member.filename}”压缩比异常（可能是恶意文件），已拒绝")
