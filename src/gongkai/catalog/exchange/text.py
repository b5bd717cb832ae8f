"""Text rules shared by validation and the table formats.

A list (elements, basis, channels) lives in one table cell as text joined by separators, so the
rules for splitting a cell and for what a single entry may contain have to agree exactly: an entry
that passes validation must come back unchanged after being joined into a cell and split again.
"""

from __future__ import annotations

import functools
import re

# Separators between entries in a cell. Elements and basis accept every separator seen in real
# catalogs; channels are one per line (or "、") because channel names may contain commas.
LIST_SEPARATORS = "、，,；;\n"
CHANNEL_SEPARATORS = "、\n"

# Written between entries: elements and basis with "、" as the official table does, channels
# one per line.
LIST_JOINER = "、"
CHANNEL_JOINER = "\n"

# Never split inside brackets: document titles contain commas and "、", e.g.
# 《关于印发＜办法＞的通知》 or 《条例》（2019年修订，第3条）.
OPENING = "《（("
CLOSING = "》）)"

TITLE_OPEN = "《"
TITLE_CLOSE = "》"

# Characters XML 1.0 cannot hold; XLSX and DOCX are XML, and the CSV must match them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """One spelling of line breaks (Windows files use CR LF) and no outer whitespace."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def has_bad_characters(text: str) -> bool:
    """True when the text holds control characters that no table format can store."""
    return _NOT_XML.search(text) is not None


@functools.cache
def _breaks(separators: str) -> re.Pattern:
    """Where split_list could cut or join: a separator or a line break."""
    return re.compile("[" + re.escape(separators + "\n") + "]")


def split_list(text: str, separators: str = LIST_SEPARATORS) -> list[str]:
    """Split a cell into entries at separators outside brackets.

    A line break inside brackets is a line wrap (PDF conversions wrap long titles), so it is
    dropped together with the whitespace around it. Entries are stripped; empty ones are dropped.
    """
    text = clean(text)
    if not _breaks(separators).search(text):
        # Every valid entry, split again in validation to check it: a quarter of the loop's cost.
        return [text] if text else []
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    skip_space = False
    for ch in text:
        if skip_space and ch.isspace():
            continue
        skip_space = False
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
        elif depth == 0 and ch in separators:
            parts.append("".join(current))
            current = []
            continue
        elif depth and ch == "\n":
            while current and current[-1].isspace():
                current.pop()
            skip_space = True
            continue
        current.append(ch)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def brackets_balanced(text: str) -> bool:
    """True when every opening bracket is closed, in order, within the text."""
    depth = 0
    for ch in text:
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def split_touching_titles(text: str) -> list[str]:
    """Split "《甲》《乙》" (a missing separator in the source) into "《甲》" and "《乙》".

    Only at bracket depth 0, so a title quoting another title is left alone.
    """
    parts: list[str] = []
    start = 0
    depth = 0
    for index, ch in enumerate(text):
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
            if depth == 0 and ch == TITLE_CLOSE and text[index + 1 :].lstrip().startswith(TITLE_OPEN):
                parts.append(text[start : index + 1])
                start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]
