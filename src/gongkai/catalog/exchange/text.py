"""Text rules shared by validation and the table formats.

A list (elements, basis, channels) lives in one table cell as text joined by separators, so the
rules for splitting a cell and for what a single entry may contain have to agree exactly: an entry
that passes validation must come back unchanged after being joined into a cell and split again.
"""

from __future__ import annotations

import functools
import re
import unicodedata

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
_BRACKETS = re.compile("[" + re.escape(OPENING + CLOSING) + "]")
_OPENINGS = re.compile("[" + re.escape(OPENING) + "]")

# Characters XML 1.0 cannot hold; XLSX and DOCX are XML, and the CSV must match them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """One spelling of line breaks (Windows files use CR LF) and no outer whitespace."""
    if "\r" not in text:  # nearly always: reading a 5,000-item file cleans 300,000 texts
        return text.strip()
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def has_bad_characters(text: str) -> bool:
    """True when the text holds control characters that no table format can store."""
    return _NOT_XML.search(text) is not None


@functools.cache
def _breaks(separators: str) -> re.Pattern:
    """Where split_list could cut or join: a separator or a line break."""
    return re.compile("[" + re.escape(separators + "\n") + "]")


def may_split(text: str, separators: str = LIST_SEPARATORS) -> bool:
    """False when `split_list` would certainly leave the (clean, non-empty) text whole: no separator
    and no line break in it."""
    return _breaks(separators).search(text) is not None


@functools.cache
def _separators(separators: str) -> re.Pattern:
    return re.compile("[" + re.escape(separators) + "]")


@functools.cache
def _marks(separators: str) -> re.Pattern:
    """What `split_list` acts on: brackets, separators and line breaks. The text between them is kept as
    it is, so the loop visits only these (a few per cell) instead of every character."""
    return re.compile("[" + re.escape(OPENING + CLOSING + separators + "\n") + "]")


def split_list(text: str, separators: str = LIST_SEPARATORS) -> list[str]:
    """Split a cell into entries at separators outside brackets.

    A line break inside brackets is a line wrap (PDF conversions wrap long titles), so it is
    dropped together with the whitespace around it. Entries are stripped; empty ones are dropped.
    """
    text = clean(text)
    if not _breaks(separators).search(text):
        # Every valid entry, split again in validation to check it: a quarter of the loop's cost.
        return [text] if text else []
    if not _OPENINGS.search(text):  # no brackets to stay inside: every separator splits
        parts = _separators(separators).split(text)
        return [part.strip() for part in parts if part.strip()]
    parts = []
    current = ""  # the entry being read, up to `start`
    start = 0
    depth = 0
    for mark in _marks(separators).finditer(text):
        at = mark.start()
        if at < start:  # whitespace after a line wrap, already skipped
            continue
        ch = text[at]
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
        elif depth == 0 and ch in separators:
            parts.append(current + text[start:at])
            current, start = "", at + 1
        elif depth and ch == "\n":
            current = (current + text[start:at]).rstrip()
            start = at + 1
            while start < len(text) and text[start].isspace():
                start += 1
    parts.append(current + text[start:])
    return [part.strip() for part in parts if part.strip()]


def brackets_balanced(text: str) -> bool:
    """True when every opening bracket is closed, in order, within the text."""
    depth = 0
    for ch in _BRACKETS.findall(text):  # the brackets alone: most entries have none or two
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
    close = text.find(TITLE_CLOSE)
    if close < 0 or TITLE_OPEN not in text[close + 1 :]:  # nearly every entry: no title after a title
        text = text.strip()
        return [text] if text else []
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


# --------------------------------------------------------------------------- tolerant reading
#
# Files that never passed through gongkai are typed by hand in Word or Excel, so their text is
# tidied on the way in (each change is reported with the original text). Files gongkai wrote are
# read verbatim: their text is already what the catalog holds.

# Tick cells: what people write for "ticked" and for "not ticked".
TICKED = frozenset("√✓✔☑●■是有vV")
UNTICKED = frozenset("□☐○否无×✗✕/／—－-–")
# Checklists inside one cell: "■政府网站 □政务服务中心 ■便民服务站".
CHECK_ON = "■☑●√✓✔"
CHECK_OFF = "□☐○"
_CHECK_SPLIT = re.compile("([" + re.escape(CHECK_ON + CHECK_OFF) + "])")
_BOXES = frozenset("■□☑☐")

_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = {ord(ch): " " for ch in "\u00a0\u3000\u2002\u2003\u2009\t"}
_PUNCT_WIDE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def tick_value(text: str) -> bool | None:
    """True for a tick, False for a not-ticked mark or blank, None for anything else."""
    mark = "".join(text.split())
    if not mark:
        return False
    if len(mark) == 1:
        if mark in TICKED:
            return True
        if mark in UNTICKED:
            return False
    return None


def is_checklist(text: str) -> bool:
    """A cell written as a checklist of boxes (■A □B), not plain words."""
    stripped = text.strip()
    return bool(stripped) and (stripped[0] in CHECK_ON + CHECK_OFF or any(ch in _BOXES for ch in stripped))


def checklist(text: str) -> list[tuple[str, bool]]:
    """(name, ticked) for each box of a checklist cell, names without glyphs, blanks or fill-in lines."""
    parts = _CHECK_SPLIT.split(text)
    found = []
    for glyph, name in zip(parts[1::2], parts[2::2], strict=True):
        name = name.strip().strip("_＿ 、，,；;").strip()
        if name:
            found.append((name, glyph in CHECK_ON))
    return found


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF" or ch in "“”‘’…—"


def _tidy_spaces(text: str) -> str:
    """Whitespace next to a Chinese character is a stray (PDF and Word wrap anywhere); elsewhere one space."""
    out: list[str] = []
    pending = False
    for ch in text:
        if ch.isspace():
            pending = bool(out)
            continue
        if pending and not (_wide(out[-1]) or _wide(ch)):
            out.append(" ")
        pending = False
        out.append(ch)
    return "".join(out)


def _tidy_punctuation(text: str) -> str:
    """Half-width , ; : ? ! ( ) beside Chinese text become full-width, as Chinese text is written."""
    chars = list(text)
    opened: list[int] = []
    pairs = []
    for index, ch in enumerate(chars):
        if ch == "(":
            opened.append(index)
        elif ch == ")" and opened:
            pairs.append((opened.pop(), index))
    for start, end in pairs:
        around = chars[start + 1 : end] + chars[max(start - 1, 0) : start] + chars[end + 1 : end + 2]
        if any(_wide(ch) for ch in around):
            chars[start], chars[end] = "（", "）"
    for index, ch in enumerate(chars):
        if ch in _PUNCT_WIDE:
            before = chars[index - 1] if index else ""
            after = chars[index + 1] if index + 1 < len(chars) else ""
            if (before and _wide(before)) or (after and _wide(after)):
                chars[index] = _PUNCT_WIDE[ch]
    return "".join(chars)


def tidy(text: str) -> str:
    """Hand-typed text in one spelling: full-width letters and digits half-width, stray whitespace gone,
    half-width punctuation beside Chinese full-width. Line breaks are kept (callers split on them)."""
    text = clean(text).translate(_INVISIBLE).translate(_FULLWIDTH_ALNUM).translate(_SPACES)
    lines = [_tidy_punctuation(_tidy_spaces(line)) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def tidy_line(text: str) -> str:
    """`tidy` for a one-line field: a line break inside a name is a wrap, not a separator."""
    return tidy(_tidy_spaces(text.replace("\r", "\n")))


# Item numbers written into names: "1." "1、" "（一）" "一、" "(1)" "①".
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMBER = re.compile(
    r"^\s*(?:"
    r"(?P<arabic>\d{1,4})\s*(?:[.．、,，)）]|\s+)(?!\d)"
    r"|[（(]\s*(?P<paren>\d{1,4}|[一二三四五六七八九十百零〇两]{1,4})\s*[）)]"
    r"|(?P<chinese>[一二三四五六七八九十百零〇两]{1,4})\s*[、.．]"
    r"|(?P<circled>[\u2460-\u2473])"
    r"|第(?P<ordinal>[一二三四五六七八九十百零〇两\d]{1,4})[项部分类]\s*[、:：.．]?"
    r")\s*"
)


def chinese_number(text: str) -> int | None:
    """一 … 九十九 (and 一百 …) as an integer; None when it is not a Chinese numeral."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_DIGITS[ch]
    return total + current


def split_number(text: str) -> tuple[int | None, str]:
    """("1、失业登记") -> (1, "失业登记"). Text without a leading number comes back unchanged."""
    match = _NUMBER.match(text)
    if not match or not text[match.end() :].strip():
        return None, text
    raw = next(value for value in match.groupdict().values() if value)
    number = ord(raw) - 0x2460 + 1 if match.group("circled") else chinese_number(raw)
    return number, text[match.end() :].strip()


_ENUMERATION = re.compile(
    r"(?:(?:^|(?<=\s)|(?<=[。；;，,、]))(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])|[\u2460-\u2473])"
)


def split_enumeration(text: str) -> list[str] | None:
    """ "1.事项名称 2.事项简述" or "①A②B" split at its numbers; None when the text is not numbered so."""
    starts = [m.start() for m in _ENUMERATION.finditer(text)]
    if len(starts) < 2:
        return None
    pieces = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]
    return [split_number(piece)[1].strip(" 、，,；;。\n") for piece in pieces if piece.strip()]
