"""Document ⇄ table rows, shared by CSV, XLSX and DOCX.

Writing gives every format the same cells: a title, two header rows (the official layout) and one
fully filled row per item. Reading takes a grid of cells, however the file was made, and turns it
back into a document; see `read_grid` for the rules.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .document import (
    BASIS,
    CATEGORY,
    CHANNELS,
    COLUMN_TITLES,
    ELEMENTS,
    FORMAT_ID,
    ITEM_GROUP,
    NAME,
    SEQ,
    SUBJECT,
    TICK_GROUPS,
    TIME_LIMIT,
    WARNINGS,
    ExchangeError,
    Locator,
    Problem,
    area_from_title,
    fail,
    normalise,
    quote,
)
from .text import CHANNEL_JOINER, CHANNEL_SEPARATORS, LIST_JOINER, LIST_SEPARATORS, clean, split_list

TICK = "√"
TICK_MARKS = frozenset({"√", "✓", "✔", "v", "V"})
TICK_KEYS = tuple(key for key, _, _ in TICK_GROUPS)
# Text columns where a blank cell means "same as above". Not 序号, ticks or 数据质量提示.
FILLED_FROM_ABOVE = ("category", "name", "elements", "basis", "time_limit", "subject", "channels")
REQUIRED_COLUMNS = ("seq", "category", "name", "elements", "basis", "time_limit", "subject", "channels")
# A real catalog has about 15 columns; the cap keeps a hostile file from building a huge grid.
MAX_COLUMNS = 200

GROUP_KEYS = {ITEM_GROUP: None} | {title: key for key, _, title in TICK_GROUPS}

# Header text (whitespace removed, ASCII brackets made full-width) -> item key.
LABELS = {
    SEQ: "seq",
    CATEGORY: "category",
    NAME: "name",
    ELEMENTS: "elements",
    "公开内容": "elements",
    "公开内容要素": "elements",
    BASIS: "basis",
    TIME_LIMIT: "time_limit",
    SUBJECT: "subject",
    CHANNELS: "channels",
    "公开渠道及载体": "channels",
    "公开渠道": "channels",
    WARNINGS: "warnings",
}

# A single header row may name tick columns by the option word alone. These words are known to
# belong to a group; any word ending in 级 is a level. Other bare words are refused rather than
# guessed: write them as "公开对象·词".
BARE_TICK_WORDS = {
    "全社会": "audience",
    "特定群众": "audience",
    "特定群体": "audience",
    "特定对象": "audience",
    "社会公众": "audience",
    "主动": "method",
    "主动公开": "method",
    "依申请公开": "method",
    "依申请": "method",
}
PREFIX_SEPARATORS = "·・•.。:：/／-—_|｜"


@dataclass(frozen=True)
class Cell:
    """One grid position. `covered` says it lies inside a merged cell that starts elsewhere:
    "v" when the merge started in a row above, "h" when it started to the left in this row.
    A covered cell carries the merged cell's text."""

    text: str = ""
    covered: str | None = None


EMPTY = Cell()
Grid = list[list[Cell]]


@dataclass(frozen=True)
class Column:
    key: str
    top: str
    sub: str = ""

    @property
    def tick(self) -> bool:
        return self.key in TICK_KEYS

    @property
    def name(self) -> str:
        """How problems name the column: the words a person sees in the header."""
        if self.top == ITEM_GROUP:
            return self.sub
        return f"{self.top}·{self.sub}" if self.sub else self.top


# --------------------------------------------------------------------------- writing


def columns_for(doc: dict) -> list[Column]:
    """The official column order, with one tick column per option."""
    catalog = doc["catalog"]
    columns = [Column("seq", SEQ), Column("category", ITEM_GROUP, CATEGORY), Column("name", ITEM_GROUP, NAME)]
    columns += [
        Column(key, COLUMN_TITLES[key]) for key in ("elements", "basis", "time_limit", "subject", "channels")
    ]
    for key, options_key, title in TICK_GROUPS:
        columns += [Column(key, title, option) for option in catalog[options_key]]
    columns.append(Column("warnings", WARNINGS))
    return columns


def header_rows(columns: list[Column]) -> tuple[list[str], list[str]]:
    """The two header rows as plain text, a group title only above its first sub-column."""
    top, sub = [], []
    for index, column in enumerate(columns):
        spans_from_left = index > 0 and column.sub and columns[index - 1].top == column.top
        top.append("" if spans_from_left else column.top)
        sub.append(column.sub)
    return top, sub


def spans(columns: list[Column]) -> list[tuple[int, int]]:
    """(first, last) column index of each header group; single columns are their own span."""
    result: list[tuple[int, int]] = []
    for index, column in enumerate(columns):
        if result and column.sub and columns[result[-1][0]].top == column.top:
            result[-1] = (result[-1][0], index)
        else:
            result.append((index, index))
    return result


def cell_text(item: dict, column: Column) -> str:
    value = item[column.key]
    if column.tick:
        return TICK if column.sub in value else ""
    if column.key == "seq":
        return str(value)
    if column.key == "channels":
        return CHANNEL_JOINER.join(value)
    if column.key == "warnings":
        return "\n".join(value)
    if isinstance(value, list):
        return LIST_JOINER.join(value)
    return value


def data_rows(doc: dict, columns: list[Column]) -> list[list[str]]:
    """One row per item with every cell filled, so reading it back needs no guessing."""
    return [[cell_text(item, column) for column in columns] for item in doc["items"]]


def category_runs(items: list[dict]) -> list[tuple[int, int]]:
    """(first, last) item index of each run of items sharing a 一级事项, for vertical merges."""
    runs: list[tuple[int, int]] = []
    for index, item in enumerate(items):
        if runs and items[runs[-1][0]]["category"] == item["category"]:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


# --------------------------------------------------------------------------- reading


def norm(text: str) -> str:
    """Header text for comparison: PDF tables wrap words anywhere, so drop all whitespace."""
    return re.sub(r"\s+", "", text)


def _label(text: str) -> str:
    return norm(text).replace("(", "（").replace(")", "）")


def _group_prefix(text: str) -> tuple[str, str] | None:
    """ "公开对象·全社会" -> ("公开对象", "全社会"), for single-row headers."""
    for group in GROUP_KEYS:
        if text.startswith(group) and len(text) > len(group):
            rest = text[len(group) :].lstrip(PREFIX_SEPARATORS)
            if rest:
                return group, rest
    return None


def find_header_row(grid: Grid) -> int | None:
    """Index of the first header row: it has 序号 and 二级事项 or 公开事项."""
    for index, row in enumerate(grid):
        texts = {_label(cell.text) for cell in row}
        if SEQ in texts and any(t == NAME or t.startswith(ITEM_GROUP) for t in texts):
            return index
    return None


@dataclass
class _Header:
    columns: dict[int, Column] = field(default_factory=dict)
    # Columns under a title merged in from the left: part of the column where the title starts.
    merged: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 1


def _two_row_header(top_row: list[Cell], sub_row: list[Cell], rows: tuple[int, int]) -> _Header:
    """The official header: group titles on top, sub-titles (and option words) below."""
    header = _Header(rows=2)
    group = None
    for index, top_cell in enumerate(top_row):
        sub_cell = sub_row[index] if index < len(sub_row) else EMPTY
        top = _label(top_cell.text)
        sub = norm(sub_cell.text) if sub_cell.covered != "v" else ""
        if not top and top_cell.covered is None and group and sub:
            top = group  # CSV: a group title is written once, above its first sub-column
        if top in GROUP_KEYS:
            group = top
            _group_column(header, index, top, sub, rows)
            continue
        group = None
        if top_cell.covered == "h":
            header.merged.add(index)  # the rest of a merged title; the column was taken at its first cell
            continue
        if not top:
            if sub:
                header.problems.append(
                    Problem(rows[1], None, f"不认识的列标题{quote(sub)}（第{index + 1}列）")
                )
            continue
        key = LABELS.get(top)
        if key is None:
            header.problems.append(Problem(rows[0], None, f"不认识的列标题{quote(top)}（第{index + 1}列）"))
        elif sub and sub != top:
            header.problems.append(Problem(rows[1], top, f"下面不应有小标题，这里是{quote(sub)}"))
        else:
            header.columns[index] = Column(key, COLUMN_TITLES[key])
    return header


def _group_column(header: _Header, index: int, group: str, sub: str, rows: tuple[int, int]) -> None:
    if not sub:
        header.problems.append(Problem(rows[1], group, f"第{index + 1}列缺少小标题"))
        return
    key = GROUP_KEYS[group]
    if key is not None:
        header.columns[index] = Column(key, group, sub)
        return
    sub_key = LABELS.get(_label(sub))
    if sub_key in ("category", "name"):
        header.columns[index] = Column(sub_key, group, COLUMN_TITLES[sub_key])
    else:
        header.problems.append(
            Problem(rows[1], group, f"下面只能是“{CATEGORY}”或“{NAME}”，这里是{quote(sub)}")
        )


def _one_row_header(top_row: list[Cell], row: int) -> _Header:
    """A single header row; tick columns are "公开对象·全社会" or a known option word."""
    header = _Header()
    for index, cell in enumerate(top_row):
        text = norm(cell.text)
        if cell.covered == "h":
            header.merged.add(index)
            continue
        if not text:
            continue
        prefixed = _group_prefix(text)
        key = LABELS.get(_label(text))
        if prefixed:
            _group_column(header, index, prefixed[0], prefixed[1], (row, row))
        elif key:
            header.columns[index] = Column(key, COLUMN_TITLES[key])
        elif text in BARE_TICK_WORDS or text.endswith("级"):
            key = BARE_TICK_WORDS.get(text, "levels")
            header.columns[index] = Column(key, COLUMN_TITLES[key], text)
        else:
            header.problems.append(Problem(row, None, f"不认识的列标题{quote(text)}（第{index + 1}列）"))
    return header


def _check_columns(header: _Header, row: int) -> None:
    """Every required column once; each option word once within its group."""
    seen: dict[tuple[str, str], int] = {}
    for index, column in header.columns.items():
        ident = (column.key, column.sub if column.tick else "")
        if ident in seen:
            header.problems.append(
                Problem(row, None, f"“{column.name}”列重复（第{seen[ident] + 1}列和第{index + 1}列）")
            )
        seen.setdefault(ident, index)
    present = {column.key for column in header.columns.values()}
    for key in REQUIRED_COLUMNS + TICK_KEYS:
        if key not in present:
            header.problems.append(Problem(row, None, f"缺少“{COLUMN_TITLES[key]}”列"))


def _title(grid: Grid, end: int, numbers: list[int]) -> tuple[str, int | None] | None:
    """The last row above the header with exactly one filled cell, preferring one with 目录."""
    candidates = []
    for index in range(end):
        texts = [cell.text for cell in grid[index] if cell.covered is None and cell.text.strip()]
        if len(texts) == 1:
            candidates.append((clean(texts[0]), numbers[index]))
    with_word = [c for c in candidates if "目录" in c[0]]
    chosen = with_word or candidates
    return chosen[-1] if chosen else None


@dataclass
class _Record:
    """One item as read: raw cell texts plus ticks, before "same as above" is applied."""

    row: int
    texts: dict[str, str]
    ticks: dict[str, list[str]]


class _TableLocator(Locator):
    def __init__(self, rows: list[int], columns: list[Column], title_row: int | None):
        self.rows = rows
        self.names = {column.key: column.name for column in columns if not column.tick}
        self.title_row = title_row

    def top(self, key):
        return None, None

    def catalog(self, key):
        names = {"title": "标题", "area": "标题", "publisher": SUBJECT, "source": None, "slug": None}
        names |= {options_key: title for _, options_key, title in TICK_GROUPS}
        return (self.title_row if key in ("title", "area") else None), names.get(key)

    def item(self, index, key):
        return self.rows[index], self.names.get(key, COLUMN_TITLES.get(key, key))

    def item_label(self, index):
        return f"第{self.rows[index]}行"


def _tick(cell: Cell, column: Column, row: int, record: _Record, problems: list[Problem]) -> None:
    mark = cell.text.strip()
    if not mark:
        return
    if mark in TICK_MARKS:
        if column.sub not in record.ticks[column.key]:
            record.ticks[column.key].append(column.sub)
    else:
        problems.append(Problem(row, column.name, f"只能填“{TICK}”或留空，这里是{quote(mark)}"))


def _is_repeated_header(row: list[Cell], header_words: set[str]) -> bool:
    """Tables split over pages often repeat the header (merged or not); those rows are not items.
    A row counts as a header when every filled cell holds a header word; an item row always has
    a number in 序号, which is never one."""
    return all(norm(cell.text) in header_words for cell in row if cell.text.strip())


def _records(grid, start, header: _Header, numbers, header_words, problems) -> list[_Record]:
    columns = header.columns
    seq_index = next(index for index, column in columns.items() if column.key == "seq")
    records: list[_Record] = []
    reported: set[int] = set()
    for index in range(start, len(grid)):
        row, number = grid[index], numbers[index]
        own = [i for i, cell in enumerate(row) if cell.covered is None and cell.text.strip()]
        if not own or _is_repeated_header(row, header_words):
            continue
        for position in own:
            if position not in columns and position not in header.merged and position not in reported:
                reported.add(position)  # once per column is enough to find it
                problems.append(Problem(number, None, f"第{position + 1}列没有列标题，但有内容"))
        seq_cell = row[seq_index] if seq_index < len(row) else EMPTY
        continuation = records and (seq_cell.covered == "v" or not seq_cell.text.strip())
        if continuation:
            _continue_record(records[-1], row, own, columns, number, problems)
        else:
            records.append(_new_record(row, columns, number, problems))
    return records


def _new_record(row, columns: dict[int, Column], number: int, problems) -> _Record:
    record = _Record(number, {}, {key: [] for key in TICK_KEYS})
    for index, column in columns.items():
        cell = row[index] if index < len(row) else EMPTY
        if column.tick:
            _tick(cell, column, number, record, problems)
        else:
            record.texts[column.key] = clean(cell.text)
    return record


def _continue_record(record: _Record, row, own: list[int], columns: dict[int, Column], number, problems):
    """A row with a blank 序号 is the rest of the row above, cut by a page break: its own
    (not merged-in) text is appended to the cells above without a separator, because the break
    usually falls inside a word or a title."""
    for index in own:
        column = columns.get(index)
        if column is None:
            continue
        if column.tick:
            _tick(row[index], column, number, record, problems)
        else:
            record.texts[column.key] = record.texts.get(column.key, "") + clean(row[index].text)


def _fill_from_above(records: list[_Record]) -> None:
    """A blank text cell means "same as above", taken after continuation rows are joined."""
    for previous, record in zip(records, records[1:], strict=False):
        for key in FILLED_FROM_ABOVE:
            if not record.texts.get(key) and previous.texts.get(key):
                record.texts[key] = previous.texts[key]


def _item(record: _Record, options: dict[str, list[str]]) -> dict:
    texts = record.texts
    return {
        "seq": texts.get("seq", ""),
        "category": texts.get("category", ""),
        "name": texts.get("name", ""),
        "elements": split_list(texts.get("elements", ""), LIST_SEPARATORS),
        "basis": split_list(texts.get("basis", ""), LIST_SEPARATORS),
        "time_limit": texts.get("time_limit", ""),
        "subject": texts.get("subject", ""),
        "channels": split_list(texts.get("channels", ""), CHANNEL_SEPARATORS),
        # Ticks in option order, whatever order the columns (or continuation rows) gave them.
        **{key: [o for o in options[key] if o in record.ticks[key]] for key in TICK_KEYS},
        "warnings": [line.strip() for line in texts.get("warnings", "").split("\n") if line.strip()],
    }


def read_grid(grid: Grid, *, numbers: list[int] | None = None, title_hint: str | None = None) -> dict:
    """Turn a table into a validated document.

    Rules, in order:

    - The first row holding 序号 and 二级事项 (or 公开事项) starts the header. If it holds a
      group title (公开事项, 公开对象, 公开方式, 公开层级) the header is two rows, the official
      layout, and option words come from the second row; otherwise it is one row and tick
      columns are named "公开对象·全社会" or by a known option word (see BARE_TICK_WORDS).
    - The title is the last row above the header with a single filled cell, preferring one
      containing 目录; failing that, `title_hint` (the heading above a Word table).
    - Empty rows and repeats of the header rows are skipped.
    - A row whose 序号 is blank (or merged with the row above) continues the previous item: its
      own text is appended to that item's cells with no separator and its ticks are added.
    - Then a blank text cell (not 序号, ticks or 数据质量提示) takes the value above it.
    - Merged cells already carry their text into every row they cover, ticks included.

    `numbers` gives each grid row's number as a person sees it (default: index + 1).
    """
    numbers = numbers or list(range(1, len(grid) + 1))
    start = find_header_row(grid)
    if start is None:
        raise fail(f"没有找到表头：需要有一行同时写着“{SEQ}”和“{NAME}”（或“{ITEM_GROUP}”）")
    top_row = grid[start]
    two_rows = any(_label(c.text) in GROUP_KEYS and c.covered != "h" for c in top_row)
    if two_rows and start + 1 < len(grid):
        header = _two_row_header(top_row, grid[start + 1], (numbers[start], numbers[start + 1]))
    elif two_rows:
        raise fail("表头只有一行，缺少第二行（一级事项、二级事项和各勾选列的小标题）", numbers[start])
    else:
        header = _one_row_header(top_row, numbers[start])
    _check_columns(header, numbers[start])
    if header.problems:
        raise ExchangeError(sorted(header.problems, key=lambda p: p.row or 0))
    header_words = {norm(c.text) for i in range(header.rows) for c in grid[start + i] if c.text.strip()}
    problems: list[Problem] = []
    records = _records(grid, start + header.rows, header, numbers, header_words, problems)
    if not records:
        raise fail("没有任何事项")
    _fill_from_above(records)
    title = _title(grid, start, numbers) or ((title_hint, None) if title_hint else ("", None))
    return _document(records, header, title, problems)


def _document(records: list[_Record], header: _Header, title: tuple[str, int | None], problems) -> dict:
    columns = [header.columns[index] for index in sorted(header.columns)]
    options = {key: [c.sub for c in columns if c.key == key] for key in TICK_KEYS}
    items = [_item(record, options) for record in records]
    subjects = Counter(item["subject"] for item in items if item["subject"])
    doc = {
        "format": FORMAT_ID,
        "catalog": {
            "title": title[0],
            "area": area_from_title(title[0]),
            # The table has no publisher cell: the body named most often in 公开主体 publishes it.
            "publisher": subjects.most_common(1)[0][0] if subjects else "",
            "source": "",
            **{options_key: options[key] for key, options_key, _ in TICK_GROUPS},
        },
        "items": items,
    }
    locator = _TableLocator([record.row for record in records], columns, title[1])
    return normalise(doc, locator, earlier=problems)
