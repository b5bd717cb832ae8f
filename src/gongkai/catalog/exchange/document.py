"""The catalog document: problems, validation and normalisation.

Every format ends here, so one set of rules decides what a valid catalog is. Problems are
collected, not raised one by one: a person fixing a spreadsheet wants the whole list at once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from .text import (
    CHANNEL_SEPARATORS,
    LIST_SEPARATORS,
    brackets_balanced,
    clean,
    has_bad_characters,
    may_split,
    split_list,
    split_touching_titles,
)

FORMAT_ID = "gongkai-catalog/1"

# Column headers of the official table.
SEQ = "序号"
ITEM_GROUP = "公开事项"
CATEGORY = "一级事项"
NAME = "二级事项"
ELEMENTS = "公开内容（要素）"
BASIS = "公开依据"
TIME_LIMIT = "公开时限"
SUBJECT = "公开主体"
CHANNELS = "公开渠道和载体"
AUDIENCE = "公开对象"
METHOD = "公开方式"
LEVELS = "公开层级"
WARNINGS = "数据质量提示"
# Optional columns: the group's and the item's names in Mongolian (traditional script), as published.
CATEGORY_MN = "一级事项（蒙古文）"
NAME_MN = "二级事项（蒙古文）"
SUBGROUP = "二级事项"
LEAF = "三级事项"
TITLE_SUFFIXES = ("领域基层政务公开标准目录", "基层政务公开标准目录")
# A catalog's items sit at most this many groups deep (一级事项 › 二级事项 › 三级事项 item).
MAX_GROUP_DEPTH = 2

# The 26 areas of 国办发〔2017〕42号 / 国办发〔2019〕54号, with names counties also use for them.
AREAS = (
    "城乡规划",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "征地补偿",
    "国有土地上房屋征收与补偿",
    "农村危房改造",
    "环境保护",
    "公共法律服务",
    "扶贫",
    "救灾",
    "食品药品监管",
    "城市综合执法",
    "就业",
    "社会保险",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "公共文化服务",
    "公共体育",
    "医疗卫生",
    "市政服务",
    "义务教育",
)
AREA_SYNONYMS = {
    "生态环境": "环境保护",
    "灾害救助": "救灾",
    "自然灾害救助": "救灾",
    "卫生健康": "医疗卫生",
    "卫生计生": "医疗卫生",
    "乡村振兴": "扶贫",
    "食品药品监督": "食品药品监管",
    "房屋征收": "国有土地上房屋征收与补偿",
    "户籍": "户籍管理",
    "养老": "养老服务",
}

# Item key -> the column header a person sees (tick keys -> their group header).
COLUMN_TITLES = {
    "seq": SEQ,
    "category": CATEGORY,
    "group_path": NAME,
    "name": NAME,
    "elements": ELEMENTS,
    "basis": BASIS,
    "time_limit": TIME_LIMIT,
    "subject": SUBJECT,
    "channels": CHANNELS,
    "audience": AUDIENCE,
    "method": METHOD,
    "levels": LEVELS,
    "warnings": WARNINGS,
}
# Optional item keys, written only when the item has the text; not part of ITEM_KEYS (the official table).
MONGOLIAN_TITLES = {"category_mn": CATEGORY_MN, "name_mn": NAME_MN}
MONGOLIAN_LETTERS = re.compile("[\u1800-\u18af]")
# Cyrillic (Mongolia's script) and Latin transliteration are not the traditional script.
NOT_TRADITIONAL = re.compile("[A-Za-z\u0400-\u04ff\u0500-\u052f]")

# Tick key, its options key in the catalog, and its group header.
TICK_GROUPS = (
    ("audience", "audience_options", AUDIENCE),
    ("method", "method_options", METHOD),
    ("levels", "level_options", LEVELS),
)

CATALOG_KEYS = ("slug", "title", "area", "publisher", "source") + tuple(opt for _, opt, _ in TICK_GROUPS)
ITEM_KEYS = tuple(COLUMN_TITLES)
TEXT_KEYS = ("category", "name", "time_limit", "subject")
LIST_KEYS = (("elements", LIST_SEPARATORS), ("basis", LIST_SEPARATORS), ("channels", CHANNEL_SEPARATORS))

# Added when "》《" is split, unless the source already notes it (any warning naming 公开依据 and
# 分隔符 counts: the seed and hand-written notes word it differently).
MISSING_SEPARATOR_WARNING = "原表公开依据中两个文件名之间缺少分隔符。"

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_MAX = 50
# Excel shows numbers above 15 digits wrongly; no catalog comes near this.
SEQ_MAX = 999_999
_SEQ_RE = re.compile(r"^\d+(\.0*)?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as a person would look for it."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Note:
    """A guess the importer made, or a change to the text it read: shown beside its cell, never fatal.

    `key` names the item field the note is about ("name", "channels" …), so a preview can put it beside
    the right cell; None for a note about a whole row, a column or the file.
    """

    row: int | None
    column: str | None
    message: str
    key: str | None = None

    def __str__(self) -> str:
        return str(Problem(self.row, self.column, self.message))


class ExchangeError(Exception):
    """The input cannot be used; `problems` says every reason found.

    A table that was read far enough also carries what was understood: `columns` (how each column
    was taken) and `notes`, so the person can correct the column mapping and try again.
    """

    def __init__(self, problems: list[Problem], *, columns=None, notes=None):
        self.problems = list(problems)
        self.columns = list(columns or [])
        self.notes = list(notes or [])
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(message: str, row: int | None = None, column: str | None = None) -> ExchangeError:
    return ExchangeError([Problem(row, column, message)])


class Locator:
    """Where a problem sits. This one speaks JSON: item index (1-based) and key.

    Table formats subclass it to speak rows and column headers.
    """

    def top(self, key: str) -> tuple[int | None, str | None]:
        return None, key

    def catalog(self, key: str) -> tuple[int | None, str | None]:
        return None, f"catalog.{key}"

    def item(self, index: int, key: str) -> tuple[int | None, str | None]:
        return index + 1, key

    def item_label(self, index: int) -> str:
        return f"第{index + 1}项"


def quote(value: Any, limit: int = 40) -> str:
    """A value shown inside a message, cut short: a wrong cell may hold a whole paragraph."""
    text = value if isinstance(value, str) else repr(value)
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


class _Problems:
    def __init__(self, problems: list[Problem] | None = None):
        self.list = list(problems or [])

    def add(self, where: tuple[int | None, str | None], message: str) -> None:
        self.list.append(Problem(where[0], where[1], message))


def derive_slug(area: str, publisher: str) -> str:
    """Stable slug for a catalog that has none: a catalog is identified by (area, publisher)."""
    digest = hashlib.sha1((area + "|" + publisher).encode(), usedforsecurity=False).hexdigest()
    return "c-" + digest[:8]


def area_from_title(title: str) -> str:
    """The area a title names: "扎赉特旗社会保险领域基层政务公开标准目录" -> "社会保险".

    Titles often start with the county or bureau; a known area at the end of what precedes 领域
    (or the suffix) is taken alone. Other titles give everything before the suffix.
    """
    stem = title
    for suffix in TITLE_SUFFIXES:
        if title.endswith(suffix):
            stem = title[: -len(suffix)].strip()
            break
    else:
        if "领域" in title:
            stem = title.split("领域")[0].strip()
    known = known_area_at_end(stem)
    return known or stem


def known_area_at_end(text: str) -> str | None:
    """The longest known area name (as written) that ends `text`, if any."""
    names = sorted((*AREAS, *AREA_SYNONYMS), key=len, reverse=True)
    return next((name for name in names if text.endswith(name)), None)


def guess_area(texts) -> str | None:
    """The known area named most often in some texts (group and item names, titles of bases)."""
    counts: dict[str, int] = {}
    for text in texts:
        for name in (*AREAS, *AREA_SYNONYMS):
            if name in text:
                counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    # Longer names first on a tie: 社会救助 over 救助-like fragments of other areas.
    return max(counts, key=lambda name: (counts[name], len(name)))


def parse_seq(value: Any) -> tuple[int | None, str | None]:
    """序号 as a positive integer. Spreadsheets give 1, 1.0 or "1"; all mean the same."""
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _SEQ_RE.match(value.strip()):
        number = int(value.strip().split(".")[0])
    if isinstance(value, str) and not value.strip():
        return None, "不能为空"
    if number is None or number <= 0:
        return None, f"应为正整数，这里是{quote(value)}"
    if number > SEQ_MAX:
        return None, f"太大（最大 {SEQ_MAX}）"
    return number, None


def _text(value: Any, where, problems: _Problems, *, required: bool = True) -> str | None:
    if not isinstance(value, str):
        problems.add(where, "应为文字")
        return None
    value = clean(value)
    if has_bad_characters(value):
        problems.add(where, "含有不能显示的控制字符")
        return None
    if required and not value:
        problems.add(where, "不能为空")
        return None
    return value


def _entries(value: Any, where, problems: _Problems) -> list[str] | None:
    """A list of non-empty single-line strings, cleaned."""
    if not isinstance(value, list):
        problems.add(where, "应为文字列表")
        return None
    out = []
    for number, entry in enumerate(value, 1):
        if not isinstance(entry, str):
            problems.add(where, f"第{number}项应为文字")
            continue
        text = clean(entry)
        if not text:
            problems.add(where, f"第{number}项不能为空")
        elif has_bad_characters(text):
            problems.add(where, f"第{number}项含有不能显示的控制字符")
        elif "\n" in text:
            problems.add(where, f"第{number}项不能换行：{quote(text)}")
        else:
            out.append(text)
    return out if len(out) == len(value) else None


def _list_field(value: Any, where, problems: _Problems, separators: str) -> list[str] | None:
    """Entries that survive being joined into a table cell and split again."""
    entries = _entries(value, where, problems)
    if entries is None:
        return None
    ok = True
    for entry in entries:
        if not brackets_balanced(entry):
            problems.add(where, f"括号或书名号不配对：{quote(entry)}")
            ok = False
        elif may_split(entry, separators) and split_list(entry, separators) != [entry]:
            shown = "、".join(sorted({ch for ch in separators if ch in entry and ch != "\n"}))
            problems.add(where, f"{quote(entry)}含有分隔符“{shown}”，请拆成几项")
            ok = False
    if ok and not entries:
        problems.add(where, "不能为空")
        ok = False
    return entries if ok else None


def _options(value: Any, where, problems: _Problems) -> list[str] | None:
    entries = _entries(value, where, problems)
    if entries is None:
        return None
    if not entries:
        problems.add(where, "至少要有一个选项")
        return None
    ok = True
    seen = set()
    for entry in entries:
        if any(ch.isspace() for ch in entry):
            # Header cells are read with whitespace removed (PDF tables wrap "依申\n请公开").
            problems.add(where, f"选项不能含空格或换行：{quote(entry)}")
            ok = False
        if entry in seen:
            problems.add(where, f"选项{quote(entry)}重复")
            ok = False
        seen.add(entry)
    return entries if ok else None


def _ticks(value: Any, options: list[str] | None, where, problems: _Problems) -> list[str] | None:
    if not isinstance(value, list):
        problems.add(where, "应为列表")
        return None
    ok = True
    for entry in value:
        if not isinstance(entry, str):
            problems.add(where, f"应为文字，这里是{quote(entry)}")
            ok = False
        elif options is not None and entry not in options:
            problems.add(where, f"{quote(entry)}不是可选项（可选：{'、'.join(options)}）")
            ok = False
    if not ok or options is None:
        return None
    chosen = set(value)
    return [option for option in options if option in chosen]


def _unknown_keys(data: dict, allowed, locate, problems: _Problems) -> None:
    for key in data:
        if key not in allowed:
            problems.add(locate(str(key)), f"不认识的字段{quote(key)}")


def _catalog(data: Any, loc: Locator, problems: _Problems) -> dict | None:
    if not isinstance(data, dict):
        problems.add(loc.top("catalog"), "缺少目录信息" if data is None else "应为对象")
        return None
    _unknown_keys(data, CATALOG_KEYS, loc.catalog, problems)
    out: dict[str, Any] = {}
    for key in ("title", "area", "publisher") + tuple(opt for _, opt, _ in TICK_GROUPS):
        out[key] = None
        if key not in data:
            problems.add(loc.catalog(key), "不能为空")
        elif key.endswith("_options"):
            out[key] = _options(data[key], loc.catalog(key), problems)
        else:
            out[key] = _text(data[key], loc.catalog(key), problems)
    out["source"] = _text(data.get("source", ""), loc.catalog("source"), problems, required=False)
    out["slug"] = _slug(data.get("slug"), out, loc, problems)
    order = ("slug", "title", "area", "publisher", "source") + tuple(opt for _, opt, _ in TICK_GROUPS)
    return {key: out[key] for key in order}


def _slug(value: Any, catalog: dict, loc: Locator, problems: _Problems) -> str | None:
    if value is None or value == "":
        if catalog["area"] and catalog["publisher"]:
            return derive_slug(catalog["area"], catalog["publisher"])
        return None
    if not isinstance(value, str) or not SLUG_RE.match(value) or len(value) > SLUG_MAX:
        problems.add(loc.catalog("slug"), f"只能用小写字母、数字和“-”，最长{SLUG_MAX}个字符")
        return None
    return value


def _group_path(data: dict, category: str | None, where, problems: _Problems) -> list[str] | None:
    """The groups above an item, 一级事项 first; [category] for the usual two-level catalog."""
    if "group_path" not in data:
        return [category] if category else None
    value = data["group_path"]
    if not isinstance(value, list):
        problems.add(where, "应为文字列表")
        return None
    # Each level is a group name like 一级事项 itself, so the same rules as for 一级事项.
    path = [_text(entry, where, problems) for entry in value]
    if any(entry is None for entry in path):
        return None
    if not path:
        problems.add(where, "不能为空")
    elif len(path) > MAX_GROUP_DEPTH:
        problems.add(where, f"最多{MAX_GROUP_DEPTH}级分组（一级事项、二级事项），这里有{len(path)}级")
    elif category is not None and path[0] != category:
        problems.add(where, f"第一级应是一级事项{quote(category)}，这里是{quote(path[0])}")
    else:
        return path
    return None


def _has_separator_warning(warnings: list[str]) -> bool:
    return any(BASIS in w and "分隔符" in w for w in warnings)


def _split_basis(basis: Any) -> tuple[Any, bool]:
    """Basis with "《甲》《乙》" entries split in two (the source missed a separator), and
    whether any was split. Tables split them on reading, so JSON must too for round trips."""
    if not isinstance(basis, list):
        return basis, False
    split = [
        part
        for entry in basis
        for part in (split_touching_titles(entry) if isinstance(entry, str) else [entry])
    ]
    return split, len(split) != len(basis)


def _item(data: Any, index: int, catalog: dict | None, loc: Locator, problems: _Problems, keep_url: bool):
    def where(key: str):
        return loc.item(index, key)

    if not isinstance(data, dict):
        problems.add(where("seq"), "每个事项应为对象")
        return None
    _unknown_keys(data, ITEM_KEYS + tuple(MONGOLIAN_TITLES) + ("url",), where, problems)
    before = len(problems.list)
    out: dict[str, Any] = {}
    for key in ITEM_KEYS:
        if key not in data and key not in ("warnings", "group_path"):
            problems.add(where(key), "缺少这一项")
    if "seq" in data:
        out["seq"], message = parse_seq(data["seq"])
        if message:
            problems.add(where("seq"), message)
    for key in TEXT_KEYS:
        if key in data:
            out[key] = _text(data[key], where(key), problems)
    out["group_path"] = _group_path(data, out.get("category"), where("group_path"), problems)
    warnings = _entries(data.get("warnings", []), where("warnings"), problems)
    basis, split_basis = _split_basis(data.get("basis"))
    for key, separators in LIST_KEYS:
        if key in data:
            out[key] = _list_field(basis if key == "basis" else data[key], where(key), problems, separators)
    for key, options_key, _ in TICK_GROUPS:
        if key in data:
            options = catalog.get(options_key) if catalog else None
            out[key] = _ticks(data[key], options, where(key), problems)
    if warnings is not None and split_basis and not _has_separator_warning(warnings):
        warnings.append(MISSING_SEPARATOR_WARNING)
    for key in MONGOLIAN_TITLES:
        text = _mongolian(data.get(key), where(key), problems)
        if text:
            out[key] = text
    if keep_url and isinstance(data.get("url"), str):
        out["url"] = data["url"]
    out["warnings"] = warnings
    if len(problems.list) != before:
        return None
    order = ITEM_KEYS[:-1] + tuple(key for key in (*MONGOLIAN_TITLES, "url") if key in out) + ("warnings",)
    return {key: out[key] for key in order}


def _mongolian(value: Any, where, problems: _Problems) -> str:
    """An optional Mongolian name: empty, or a text in the traditional script (no Cyrillic, no Latin)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.add(where, "应为文字")
        return ""
    text = value.strip()  # not split on whitespace: U+202F joins a case ending to its word
    if text and (NOT_TRADITIONAL.search(text) or not MONGOLIAN_LETTERS.search(text)):
        problems.add(where, f"{quote(text)}不是传统蒙古文（竖写的蒙古文字），不能用西里尔字母或拼音")
        return ""
    if len(text) > 300:
        problems.add(where, "请写在 300 个字以内")
        return ""
    return text


def _items(data: Any, catalog: dict | None, loc: Locator, problems: _Problems, keep_url: bool):
    if not isinstance(data, list):
        problems.add(loc.top("items"), "缺少事项列表" if data is None else "应为列表")
        return None
    if not data:
        problems.add(loc.top("items"), "没有任何事项")
        return None
    items = [_item(entry, index, catalog, loc, problems, keep_url) for index, entry in enumerate(data)]
    first_seen: dict[int, int] = {}
    for index, item in enumerate(items):
        seq = (
            item["seq"]
            if item
            else parse_seq(data[index].get("seq") if isinstance(data[index], dict) else None)[0]
        )
        if seq is None:
            continue
        if seq in first_seen:
            problems.add(loc.item(index, "seq"), f"序号重复（{loc.item_label(first_seen[seq])}已有）")
        else:
            first_seen[seq] = index
    return items


def normalise(
    doc: Any,
    loc: Locator | None = None,
    *,
    earlier: list[Problem] | None = None,
    keep_url: bool = False,
) -> dict:
    """Validate and normalise a document; raise one ExchangeError with every problem.

    `earlier` carries problems found while reading a file, so they are reported together with
    the validation problems, ordered by row.
    """
    loc = loc or Locator()
    problems = _Problems(earlier)
    if not isinstance(doc, dict):
        raise fail("文档应为一个 JSON 对象 {…}")
    _unknown_keys(doc, ("format", "catalog", "items"), loc.top, problems)
    if doc.get("format", FORMAT_ID) != FORMAT_ID:
        problems.add(loc.top("format"), f"不支持的格式{quote(doc.get('format'))}，应为“{FORMAT_ID}”")
    catalog = _catalog(doc.get("catalog"), loc, problems)
    items = _items(doc.get("items"), catalog, loc, problems, keep_url)
    if problems.list:
        unique = list(dict.fromkeys(problems.list))  # "标题" can be reported for title and area
        raise ExchangeError(sorted(unique, key=lambda p: -1 if p.row is None else p.row))
    assert catalog is not None and items is not None
    return {"format": FORMAT_ID, "catalog": catalog, "items": sorted(items, key=lambda item: item["seq"])}


def validate_document(doc: dict) -> dict:
    """The document, checked and normalised (url dropped, slug filled in, items in seq order)."""
    return normalise(doc)
