"""JSON: the catalog document itself."""

from __future__ import annotations

import json

from .document import fail, normalise


def write(doc: dict) -> bytes:
    # `url` is kept on the way out: exports link each item to its page.
    return (json.dumps(normalise(doc, keep_url=True), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read(data: bytes) -> dict:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail("不是 UTF-8 编码的 JSON 文件") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(f"不是有效的 JSON（第{error.lineno}行第{error.colno}列附近有错）") from None
    except (ValueError, RecursionError):
        # Numbers too long to convert, nesting too deep for the parser.
        raise fail("不是有效的 JSON") from None
    if not isinstance(doc, dict):
        raise fail("JSON 的最外层应为一个对象 {…}")
    return normalise(doc)
