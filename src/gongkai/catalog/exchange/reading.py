"""Reading a catalog table, however a county laid it out.

`interpret` takes a grid of cells (from CSV, XLSX or DOCX) and returns a `Reading`: the validated
document, the notes (every guess made and every change to the text, located by row and column), how
each column was taken, and which rows each item came from. What cannot be understood raises one
ExchangeError naming row and column, and still carries the columns and notes so a person can correct
the column mapping and try again.

The rules, in order:

- The header is the first row naming at least three kinds of column (one of them the items), plus
  up to two rows below it that hold only header words (sub-titles of merged group titles). Each column
  is recognised by its words (layout.py); extra columns (备注, 责任单位) and unknown ones are left out
  and said so.
- A file gongkai wrote carries its own 数据质量提示 column: its text is taken verbatim, so exports
  round-trip exactly. Any other file's text is tidied (`text.tidy`), item numbers written into names
  (1. 1、 （一） 一、) go to the 序号, and checklists in a cell (■A □B) keep only the ticked words; each
  change is a note that quotes the original.
- Rows: empty rows and repeats of the header are skipped; a row whose only text spans the table (or
  sits in 序号 and is no number) is a section title (一、就业服务) naming the 一级事项 of the rows
  below; a row starting 注 or 说明 after the items ends the table.
- When 序号 numbers every item, a row with a blank or merged 序号 continues the item above (a page
  break cut it): its own text is appended without a separator. When 序号 is missing, empty, merged over
  groups or given only to the first item of a group, each row with its own item name is an item, and
  items are numbered from their names' numbers, or in table order.
- Then a blank text cell takes the value above it (merged cells already carry their text into every
  row they cover). Tick cells are never filled from above.
- With 三级事项 each leaf is an item under its 一级/二级 path; a row with no 三级事项 makes its 二级事项
  the item.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from .document import (
    COLUMN_TITLES,
    FORMAT_ID,
    MAX_GROUP_DEPTH,
    SUBJECT,
    TICK_GROUPS,
    TITLE_SUFFIXES,
    ExchangeError,
    Locator,
    Note,
    Problem,
    area_from_title,
    fail,
    guess_area,
    known_area_at_end,
    normalise,
    parse_seq,
    quote,
)
from .layout import (
    LEVEL_ROLES,
    MONGOLIAN_ROLES,
    ROLES,
    TICK_ROLES,
    SourceColumn,
    column_problems,
    describe,
    find_header_row,
    fold,
    header_depth,
    read_columns,
)
from .table import EMPTY, Cell, Grid
from .text import (
    CHANNEL_SEPARATORS,
    LIST_SEPARATORS,
    checklist,
    clean,
    is_checklist,
    split_enumeration,
    split_list,
    split_number,
    tick_value,
    tidy_line,
)

Progress = Callable[[float, str], None]
NO_HEADER = "没有找到表头：需要有一行写着“公开事项”（或“二级事项”“事项名称”）和“公开依据”“公开时限”等列标题"
TICK_MESSAGE = "只能填“√”或留空"
REQUIRED = ("elements", "basis", "time_limit", "subject", "channels", "audience", "method", "levels")
FILLED_TEXTS = ("time_limit", "subject")
# Text in these cells before any item are a title or who made the table, not items.
_ATTACHMENT = re.compile(r"^附件\s*[0-9一二三四五六七八九十]*\s*[:：、.．\-—]?$")
_MADE_BY = re.compile(r"(?:填报|编制|制表|发布|公开|报送|责任)?单位\s*[:：]\s*(\S+)")
_FOOTNOTE = re.compile(r"^(?:注|说明|备注|填表说明)\s*[:：0-9一1.．、]")
_FILE_PREFIX = re.compile(r"^附件\s*[0-9一二三四五六七八九十]*\s*[:：、.．\-—_ ]*")
_SEQ_DECORATION = re.compile(r"^[（(]?\s*(\d+)\s*[）)]?\s*[.．、,，]?$")
_HIERARCHICAL = re.compile(r"^\d+(?:[.．\-－]\d+)+$")
_WORD_SEPARATORS = re.compile(r"[、，,；;/／\s]+")
_LEVEL_RANKS = (("村嘎查社区居委", 4), ("乡镇苏木街道", 3), ("县旗区", 2), ("市盟州", 1), ("省", 0))
_FIRST_WORDS = {"audience": ("全社会", "社会公众"), "method": ("主动", "主动公开")}


@dataclass
class Hints:
    """What the person uploading knows when the file does not say: used only where the file is silent
    (the publisher also when it disagrees with the table, with a note).

    A table without a title takes `title`, else a title in the file's name (`filename`), else one
    made from `body` (the name of the body the catalog goes to) and the area (`area`, else guessed
    from the items), each time with a note: a missing title is never a refusal. `mapping` says which
    column is which where the guess was wrong: a column's header text (as `SourceColumn.label` gives
    it) or "#N" (its 1-based position) -> a role of ROLES ("ignore" leaves a column out); the
    `mapping` argument of `interpret` wins over it column by column.
    """

    title: str = ""
    area: str = ""
    publisher: str = ""
    filename: str = ""
    body: str = ""
    mapping: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """A grid of cells read from a file. `numbers` are the row numbers a person sees; `above` is the
    text above the table (paragraphs of a Word file), where its title may be."""

    grid: Grid
    numbers: list[int]
    above: list[str] = field(default_factory=list)
    # Rows that are headings written between the tables of a Word file, not table rows.
    paragraphs: frozenset[int] = frozenset()


@dataclass
class Reading:
    doc: dict
    notes: list[Note]
    columns: list[SourceColumn]
    # seq -> (first row, last row) of the file rows the item was read from
    item_rows: dict[int, tuple[int, int]]
    verbatim: bool


@dataclass
class _Record:
    row: int
    last: int
    section: str
    seq: str
    groups: list[str]
    leaf: str
    leaf_blank: bool
    texts: dict[str, str]
    cells: dict[int, str]
    name: str = ""
    path: list[str] = field(default_factory=list)
    number: int | None = None


def _is_number(text: str) -> bool:
    return bool(_SEQ_DECORATION.match(text.strip())) or bool(re.match(r"^\d+(\.0*)?$", text.strip()))


def _level_rank(word: str) -> int:
    ranks = [rank for chars, rank in _LEVEL_RANKS if any(ch in word for ch in chars)]
    return min(ranks) if ranks else 9


def order_options(role: str, words: list[str]) -> list[str]:
    """Words of a one-column tick group in the order a table would give them: 全社会 and 主动 first,
    levels from the county down to the village; otherwise as first seen."""
    if role == "levels":
        return sorted(words, key=_level_rank)
    first = _FIRST_WORDS.get(role, ())
    return sorted(words, key=lambda word: 0 if word in first else 1)


def title_from_filename(filename: str) -> str | None:
    stem = _FILE_PREFIX.sub("", PurePath(filename).stem).strip()
    stem = re.sub(r"\s*[（(]\d+[）)]$", "", stem)  # "目录(1).xlsx": a second download of the same file
    if stem and ("目录" in stem or known_area_at_end(stem.split("领域")[0]) or "领域" in stem):
        return stem
    return None


class _Reader:
    def __init__(self, table: Table, hints: Hints, mapping: dict[str, str] | None, progress: Progress | None):
        self.grid, self.numbers, self.above = table.grid, table.numbers, table.above
        self.paragraph_rows = table.paragraphs
        self.hints = hints
        self.progress = progress or (lambda fraction, phase: None)
        self.notes: list[Note] = []
        self.problems: list[Problem] = []
        mapped = frozenset(fold(k) for k in (mapping or {}) if not k.startswith("#"))
        start = find_header_row(self.grid, mapped)
        if start is None:
            raise fail(NO_HEADER)
        self.start = start
        self.depth = header_depth(self.grid, start)
        self.header_row = self.numbers[start]
        self.columns = read_columns(self.grid, start, self.depth, mapping)
        self.verbatim = any(c.role == "warnings" for c in self.columns)
        self.by_role: dict[str, list[SourceColumn]] = {role: [] for role in ROLES}
        for column in self.columns:
            self.by_role[column.role].append(column)
        self.seq_col = (self.by_role["seq"] or [None])[0]
        self.made_by = ""  # "填报单位：…" above the table

    # ------------------------------------------------------------------ header

    def fail(self, problems: list[Problem]) -> ExchangeError:
        ordered = sorted(dict.fromkeys(problems), key=lambda p: -1 if p.row is None else p.row)
        return ExchangeError(ordered, columns=self.columns, notes=self.notes)

    def check_header(self) -> None:
        for column in self.columns:
            # An item-name column is described with its level once the levels are known (_levels).
            if column.how != "exact" and not (column.role == "name" and column.how == "guess"):
                self.notes.append(Note(self.header_row, column.name, describe(column)))
        problems = column_problems(self.columns, self.header_row)
        self.groups, self.leaf = self._levels(problems)
        for role in REQUIRED:
            if not self.by_role[role]:
                problems.append(Problem(self.header_row, None, f"缺少“{COLUMN_TITLES[role]}”列"))
        if problems:
            raise self.fail(problems)

    def _levels(self, problems: list[Problem]) -> tuple[list[SourceColumn], SourceColumn | None]:
        explicit = [self.by_role[role][0] for role in LEVEL_ROLES if self.by_role[role]]
        names = self.by_role["name"]
        if names:
            leaf, groups = names[0], explicit
        elif len(explicit) >= 2 or (explicit and explicit[0].role != "level1"):
            leaf, groups = explicit[-1], explicit[:-1]
        else:
            problems.append(Problem(self.header_row, None, f"缺少“{COLUMN_TITLES['name']}”列"))
            return explicit, None
        if len(groups) > MAX_GROUP_DEPTH:
            problems.append(Problem(self.header_row, None, "事项最多分三级（一级事项、二级事项、三级事项）"))
        if names and leaf.how != "mapped":
            level = ROLES[LEVEL_ROLES[min(len(groups), 2)]] if groups else ROLES["level2"]
            message = f"猜测把第{leaf.number}列“{leaf.label}”当作“{level}”（事项名称）"
            self.notes.append(Note(self.header_row, leaf.name, message))
        return groups, leaf

    # ------------------------------------------------------------------ rows above the header

    def title(self) -> tuple[str, int | None]:
        candidates: list[tuple[str, int | None]] = []
        for index in range(self.start):
            texts = [
                cell.text.strip() for cell in self.grid[index] if cell.covered is None and cell.text.strip()
            ]
            if len(texts) != 1 or _ATTACHMENT.match(texts[0]):
                for text in texts:
                    self._made_by(text)
                continue
            if self._made_by(texts[0]):
                continue
            candidates.append((clean(texts[0]), self.numbers[index]))
        # Paragraphs above a Word table come first: a title row inside the table wins over them.
        above = [(clean(t), None) for t in self.above if t.strip() and not _ATTACHMENT.match(t.strip())]
        candidates = above + candidates
        with_word = [c for c in candidates if "目录" in c[0]]
        chosen = with_word or [c for c in candidates if c[1] is not None] or candidates
        if not chosen:
            return "", None
        title, row = chosen[-1]
        return (title if self.verbatim else tidy_line(title)), row

    def _made_by(self, text: str) -> bool:
        match = _MADE_BY.search(text)
        if match and not self.made_by:
            self.made_by = match.group(1).strip("（）()")
        return bool(match)

    # ------------------------------------------------------------------ data rows

    def cell(self, row: list[Cell], column: SourceColumn | None) -> Cell:
        if column is None or column.index >= len(row):
            return EMPTY
        return row[column.index]

    def own(self, row: list[Cell], column: SourceColumn | None) -> str:
        cell = self.cell(row, column)
        return cell.text.strip() if cell.covered is None else ""

    def names_here(self, row: list[Cell]) -> bool:
        if self.own(row, self.leaf):
            return True
        deep = len(self.groups) >= 2
        return deep and bool(self.own(row, self.groups[-1])) and not self.cell(row, self.leaf).text.strip()

    def section(self, row: list[Cell]) -> str | None:
        own = [(index, cell) for index, cell in enumerate(row) if cell.covered is None and cell.text.strip()]
        if len(own) != 1:
            return None
        index, cell = own[0]
        text = cell.text.strip()
        if tick_value(text) is not None or _is_number(text):
            return None
        span = 1
        while index + span < len(row) and row[index + span].covered == "h":
            span += 1
        if span >= 3 or (self.seq_col is not None and index == self.seq_col.index):
            return text
        in_items = {c.index for c in (self.leaf, *self.groups) if c is not None}
        if not self.groups and index not in in_items and split_number(text)[0] is not None:
            return text
        return None

    def classify_rows(self) -> list[tuple[int, str, str]]:
        """(grid index, kind, section text) for each row below the header: "item", "section"."""
        header_words = {
            fold(cell.text)
            for row in self.grid[self.start : self.start + self.depth]
            for cell in row
            if cell.text.strip()
        }
        kinds = []
        seen_item = False
        for index in range(self.start + self.depth, len(self.grid)):
            row = self.grid[index]
            own = [cell.text for cell in row if cell.covered is None and cell.text.strip()]
            if not own:
                continue
            if all(fold(text) in header_words for text in own):
                continue  # the header repeated on a new page
            if seen_item and len(own) == 1 and _FOOTNOTE.match(own[0].strip()):
                self.notes.append(
                    Note(self.numbers[index], None, f"第{self.numbers[index]}行起是表注，没有导入")
                )
                break
            section = self.section(row)
            if section is not None:
                kinds.append((index, "section", section))
                continue
            seen_item = True
            kinds.append((index, "item", ""))
        return kinds

    def by_name(self, rows: list[list[Cell]]) -> bool:
        """Whether each row with its own item name is an item, rather than each row with a 序号."""
        seq = self.seq_col
        if seq is None:
            self.notes.append(Note(self.header_row, None, "表格没有序号列，事项按名称前的编号或表中顺序编号"))
            return True
        if not any(self.own(row, seq) for row in rows):
            self.notes.append(
                Note(self.header_row, seq.name, "序号列是空的，事项按名称前的编号或表中顺序编号")
            )
            return True
        if any(self.names_here(row) and self.cell(row, seq).covered == "v" for row in rows):
            self.notes.append(
                Note(
                    self.header_row,
                    seq.name,
                    "序号跨行合并（按组编号），每个有名称的行当作一个事项，重新编号",
                )
            )
            return True
        texts = [
            c
            for role in ("elements", "basis", "time_limit", "subject", "channels")
            for c in self.by_role[role]
        ]
        numbered = sum(1 for row in rows if self.own(row, seq))
        unnumbered = sum(
            1
            for row in rows
            if self.names_here(row)
            and not self.cell(row, seq).text.strip()
            and sum(1 for c in texts if self.own(row, c)) >= 3
        )
        if unnumbered > numbered:
            self.notes.append(
                Note(
                    self.header_row,
                    seq.name,
                    "只有部分事项有序号（按组编号），每个有名称的行当作一个事项，重新编号",
                )
            )
            return True
        return False

    def records(self) -> list[_Record]:
        kinds = self.classify_rows()
        item_rows = [self.grid[index] for index, kind, _ in kinds if kind == "item"]
        by_name = self.by_name(item_rows)
        self.renumber = by_name
        records: list[_Record] = []
        section = ""
        total = max(len(kinds), 1)
        reported: set[int] = set()
        named = {c.index for c in self.columns if c.role != "ignore" or c.label}
        for count, (index, kind, text) in enumerate(kinds):
            if count % 1000 == 0:
                self.progress(count / total, "识别事项")
            row, number = self.grid[index], self.numbers[index]
            if kind == "section":
                section = text if self.verbatim else split_number(tidy_line(text))[1]
                if index in self.paragraph_rows:
                    self.notes.append(Note(None, None, f"表格之间的标题“{text}”当作下面各行的一级事项"))
                else:
                    self.notes.append(
                        Note(number, None, f"第{number}行“{text}”是分段标题，当作下面各行的一级事项")
                    )
                continue
            for position, cell in enumerate(row):
                if (
                    cell.covered is None
                    and cell.text.strip()
                    and position not in named
                    and position not in reported
                ):
                    reported.add(position)
                    self.problems.append(Problem(number, None, f"第{position + 1}列没有列标题，但有内容"))
            if by_name:
                new = not records or self.names_here(row)
            else:
                seq_cell = self.cell(row, self.seq_col)
                new = not records or not (seq_cell.covered == "v" or not seq_cell.text.strip())
            if new:
                records.append(self.new_record(row, number, section))
            else:
                self.continue_record(records[-1], row, number)
        return records

    def new_record(self, row: list[Cell], number: int, section: str) -> _Record:
        leaf = self.cell(row, self.leaf)
        return _Record(
            row=number,
            last=number,
            section=section,
            seq=self.cell(row, self.seq_col).text.strip(),
            groups=[clean(self.cell(row, g).text) for g in self.groups],
            leaf=clean(leaf.text),
            leaf_blank=not leaf.text.strip(),
            texts={
                role: clean(self.cell(row, c).text)
                for role in ("time_limit", "subject", "warnings", *MONGOLIAN_ROLES)
                for c in self.by_role[role][:1]
            },
            cells={c.index: clean(self.cell(row, c).text) for c in self.list_columns},
        )

    def continue_record(self, record: _Record, row: list[Cell], number: int) -> None:
        """The rest of the row above, cut by a page break: own text appended without a separator,
        because the break usually falls inside a word or a title."""
        record.last = number
        self.notes.append(
            Note(
                number,
                None,
                f"第{number}行没有自己的序号，当作第{record.row}行被分页截断的后半部分，接在后面",
            )
        )
        for i, column in enumerate(self.groups):
            record.groups[i] += self.own(row, column)
        leaf = self.own(row, self.leaf)
        if leaf:
            record.leaf += leaf
            record.leaf_blank = False
        for role in ("time_limit", "subject", "warnings", *MONGOLIAN_ROLES):
            for column in self.by_role[role][:1]:
                record.texts[role] = record.texts.get(role, "") + self.own(row, column)
        for column in self.list_columns:
            text = self.own(row, column)
            if not text:
                continue
            before = record.cells.get(column.index, "")
            if tick_value(before) is not None and tick_value(text) is not None:
                record.cells[column.index] = "√" if tick_value(before) or tick_value(text) else ""
            else:
                record.cells[column.index] = before + text

    # ------------------------------------------------------------------ after the rows

    def column_modes(self, records: list[_Record]) -> None:
        """Tick columns hold marks; a column under a group title with a word of its own holds marks if
        every filled cell is one (公开渠道和载体 › 政府网站: √), else text."""
        self.tick_mode: dict[int, bool] = {}
        for column in self.list_columns:
            if column.role == "basis" or not column.option:
                self.tick_mode[column.index] = False
            elif column.role in TICK_ROLES and column.how != "mapped":
                self.tick_mode[column.index] = True
            else:
                values = (r.cells.get(column.index, "") for r in records)
                self.tick_mode[column.index] = all(tick_value(v) is not None for v in values)

    def fill(self, records: list[_Record]) -> None:
        """Sections first, then "same as above" for blank text cells (never for ticks)."""
        filled: dict[str, list[int]] = {}  # column -> rows whose blank cell took the text above
        deep = len(self.groups) >= 2
        text_columns = [c for c in self.list_columns if not self.tick_mode[c.index]]
        previous = None
        for record in records:
            if record.section and (not self.groups or not record.groups[0]):
                if self.groups:
                    record.groups[0] = record.section
                else:
                    record.groups = [record.section]
            if previous is not None:
                for i in range(len(record.groups)):
                    same_above = record.groups[:i] == previous.groups[:i]
                    if (
                        not record.groups[i]
                        and same_above
                        and i < len(previous.groups)
                        and previous.groups[i]
                    ):
                        record.groups[i] = previous.groups[i]
                        filled.setdefault(
                            self.groups[i].name if i < len(self.groups) else "一级事项", []
                        ).append(record.row)
                if not deep and not record.leaf and previous.leaf:
                    record.leaf = previous.leaf
                    filled.setdefault(self.leaf.name, []).append(record.row)
                for role in FILLED_TEXTS:
                    if not record.texts.get(role) and previous.texts.get(role):
                        record.texts[role] = previous.texts[role]
                        filled.setdefault(self.by_role[role][0].name, []).append(record.row)
                for column in text_columns:
                    if not record.cells.get(column.index) and previous.cells.get(column.index):
                        record.cells[column.index] = previous.cells[column.index]
                        filled.setdefault(column.name, []).append(record.row)
            previous = record
        if not self.verbatim:
            for name, rows in filled.items():
                # Located at the first such row; the message names them all (a few, then how many more).
                shown = "、".join(str(row) for row in rows[:8]) + ("等" if len(rows) > 8 else "")
                message = f"“{name}”列有{len(rows)}个空格按“同上”取了上一行的内容（第{shown}行）"
                self.notes.append(Note(rows[0], name, message))

    def names(self, records: list[_Record]) -> None:
        deep = len(self.groups) >= 2
        key_of_group = ["category", "group_path"]
        for record in records:
            groups = list(record.groups)
            while groups and not groups[-1]:
                groups.pop()
            if not self.verbatim:
                tidied = []
                for i, group in enumerate(groups):
                    number, text = split_number(tidy_line(group))
                    tidied.append(text)
                    if text != group:
                        column = self.groups[i].name if i < len(self.groups) else "一级事项"
                        self.notes.append(
                            Note(
                                record.row,
                                column,
                                f"整理为{quote(text)}，原文{quote(group)}",
                                key_of_group[min(i, 1)],
                            )
                        )
                groups = tidied
            if record.leaf or not deep:
                record.name, record.path = record.leaf, groups[: len(self.groups) or 1]
            else:
                record.name, record.path = (groups[-1], groups[:-1]) if len(groups) > 1 else ("", groups)
                if record.name:
                    self.notes.append(
                        Note(
                            record.row,
                            self.leaf.name,
                            f"这一行没有{self.leaf.name}，把{quote(record.name)}当作事项",
                            "name",
                        )
                    )
            if not self.verbatim and record.name:
                original = record.name
                number, text = split_number(tidy_line(original))
                record.name, record.number = text, number
                if text != original:
                    self.notes.append(
                        Note(
                            record.row, self.leaf.name, f"整理为{quote(text)}，原文{quote(original)}", "name"
                        )
                    )

    def seqs(self, records: list[_Record]) -> list:
        if self.renumber:
            numbers = [r.number for r in records]
            if all(n is not None for n in numbers) and len(set(numbers)) == len(numbers):
                self.notes.append(Note(None, None, "序号取自事项名称前的编号"))
                return numbers
            self.notes.append(Note(None, None, f"事项按表中顺序编为1–{len(records)}号"))
            return list(range(1, len(records) + 1))
        texts = [r.seq for r in records]
        if self.verbatim:
            return texts
        cleaned = []
        for record, text in zip(records, texts, strict=True):
            match = _SEQ_DECORATION.match(tidy_line(text))
            cleaned.append(match.group(1) if match else tidy_line(text))
            if match and match.group(1) != text:
                self.notes.append(
                    Note(record.row, self.seq_col.name, f"序号{quote(text)}读作{match.group(1)}", "seq")
                )
        parsed = [parse_seq(text)[0] for text in cleaned]
        hierarchical = sum(1 for text in cleaned if _HIERARCHICAL.match(text))
        if hierarchical >= 2 and all(
            n is not None or _HIERARCHICAL.match(t) for n, t in zip(parsed, cleaned, strict=True)
        ):
            self.notes.append(
                Note(
                    None,
                    self.seq_col.name,
                    f"序号是分级编号（如{quote(cleaned[0])}），事项按表中顺序编为1–{len(records)}号",
                )
            )
            return list(range(1, len(records) + 1))
        if None not in parsed and len(set(parsed)) < len(parsed) and self._restarts(records, parsed):
            self.notes.append(
                Note(
                    None,
                    self.seq_col.name,
                    f"序号在每个一级事项里从1重新编起，事项按表中顺序编为1–{len(records)}号",
                )
            )
            return list(range(1, len(records) + 1))
        return cleaned

    @staticmethod
    def _restarts(records: list[_Record], parsed: list[int]) -> bool:
        """Numbering that starts again at each group, without repeats inside a group."""
        runs: list[list[int]] = []
        previous = None
        for record, number in zip(records, parsed, strict=True):
            key = tuple(record.path[:1])
            if key != previous:
                runs.append([])
                previous = key
            runs[-1].append(number)
        return len(runs) > 1 and all(run[0] == 1 and len(set(run)) == len(run) for run in runs)

    # ------------------------------------------------------------------ lists and ticks

    def entries(self, record: _Record, role: str) -> list[str]:
        found: list[str] = []
        separators = CHANNEL_SEPARATORS if role == "channels" and self.verbatim else LIST_SEPARATORS
        for column in self.by_role[role]:
            text = record.cells.get(column.index, "")
            if self.tick_mode.get(column.index):
                if tick_value(text):
                    found.append(column.option if self.verbatim else tidy_line(column.option))
                continue
            if self.verbatim:
                found += split_list(text, separators)
                continue
            found += self._tolerant_entries(record, column, text, role)
        return found if self.verbatim else list(dict.fromkeys(found))

    def _tolerant_entries(self, record: _Record, column: SourceColumn, text: str, role: str) -> list[str]:
        if is_checklist(text) and role != "basis":
            boxes = checklist(text)
            self.checklists.add(column.name)
            return [tidy_line(name) for name, ticked in boxes if ticked]
        raw = split_enumeration(text) if role != "channels" else None
        raw = raw if raw is not None else split_list(text, LIST_SEPARATORS)
        out = []
        for entry in raw:
            cleaned = split_number(tidy_line(entry))[1] if role != "channels" else tidy_line(entry)
            if cleaned:
                out.append(cleaned)
        if out != split_list(text, LIST_SEPARATORS):
            self.notes.append(
                Note(
                    record.row, column.name, f"整理为{quote('、'.join(out), 60)}，原文{quote(text, 60)}", role
                )
            )
        return out

    def ticks(self, records: list[_Record]) -> tuple[dict[str, list[str]], list[dict[str, list[str]]]]:
        """Each tick group's options (column order, or canonical for a one-column group) and each
        record's ticked options."""
        options: dict[str, list[str]] = {}
        chosen: list[dict[str, list[str]]] = [{role: [] for role in TICK_ROLES} for _ in records]
        for role in TICK_ROLES:
            columns = self.by_role[role]
            if all(self.tick_mode[c.index] for c in columns):
                words = []
                for column in columns:
                    option = column.option if self.verbatim else tidy_line(column.option)
                    if option != column.option:
                        self.notes.append(
                            Note(
                                self.header_row,
                                column.name,
                                f"选项整理为{quote(option)}，原文{quote(column.option)}",
                            )
                        )
                    words.append(option)
                    for record, ticked in zip(records, chosen, strict=True):
                        value = tick_value(record.cells.get(column.index, ""))
                        if value:
                            ticked[role].append(option)
                        elif value is None:
                            mark = record.cells[column.index].strip()
                            self.problems.append(
                                Problem(record.row, column.name, f"{TICK_MESSAGE}，这里是{quote(mark)}")
                            )
                options[role] = words
                continue
            seen: list[str] = []
            for record, ticked in zip(records, chosen, strict=True):
                for column in columns:
                    for word, on in self._words(record.cells.get(column.index, "")):
                        if word not in seen:
                            seen.append(word)
                        if on:
                            ticked[role].append(word)
            options[role] = order_options(role, seen)
            shown = "、".join(options[role]) or "（没有）"
            self.notes.append(
                Note(
                    self.header_row,
                    columns[0].name,
                    f"“{ROLES[role]}”写在一个格里，选项取自各行出现的词：{shown}",
                )
            )
        return options, chosen

    def _words(self, text: str) -> list[tuple[str, bool]]:
        if is_checklist(text):
            return [
                (fold(tidy_line(name)) if not self.verbatim else name, on) for name, on in checklist(text)
            ]
        words = [word for word in _WORD_SEPARATORS.split(text.strip()) if word]
        return [
            (word if self.verbatim else tidy_line(word), True) for word in words if tick_value(word) is None
        ]

    # ------------------------------------------------------------------ the document

    def run(self) -> Reading:
        self.check_header()
        self.list_columns = [
            c for c in self.columns if c.role in ("elements", "basis", "channels", *TICK_ROLES)
        ]
        self.checklists: set[str] = set()
        records = self.records()
        if not records:
            raise self.fail(self.problems + [Problem(None, None, "没有任何事项")])
        self.column_modes(records)
        self.fill(records)
        if not self.groups and not any(r.groups for r in records):
            raise self.fail(self.problems + [Problem(self.header_row, None, "缺少“一级事项”列")])
        self.names(records)
        seqs = self.seqs(records)
        options, ticked = self.ticks(records)
        items = []
        for record, seq, chosen in zip(records, seqs, ticked, strict=True):
            items.append(self.item(record, seq, chosen, options))
        for name in sorted(self.checklists):
            self.notes.append(Note(None, name, f"“{name}”列是勾选清单（■/□），只保留打勾的项"))
        title, title_row = self.title()
        catalog = self.catalog(title, title_row, items, options)
        doc = {"format": FORMAT_ID, "catalog": catalog, "items": items}
        locator = _TableLocator(records, self, title_row)
        self.progress(0.95, "核对")
        try:
            doc = normalise(doc, locator, earlier=self.problems)
        except ExchangeError as error:
            raise self.fail(error.problems) from None
        item_rows = {}
        for record, seq in zip(records, seqs, strict=True):
            number, _ = parse_seq(seq)
            if number is not None:
                item_rows[number] = (record.row, record.last)
        return Reading(doc, self.notes, self.columns, item_rows, self.verbatim)

    def item(self, record: _Record, seq, chosen: dict[str, list[str]], options) -> dict:
        texts = {}
        for role in ("time_limit", "subject"):
            text = record.texts.get(role, "")
            if not self.verbatim and text:
                tidied = tidy_line(text)
                if tidied != text:
                    name = self.by_role[role][0].name
                    self.notes.append(
                        Note(record.row, name, f"整理为{quote(tidied)}，原文{quote(text)}", role)
                    )
                text = tidied
            texts[role] = text
        warnings = record.texts.get("warnings", "")
        return {
            "seq": seq,
            "category": record.path[0] if record.path else "",
            **({"group_path": record.path} if record.path and all(record.path) else {}),
            "name": record.name,
            "elements": self.entries(record, "elements"),
            "basis": self.entries(record, "basis"),
            "time_limit": texts["time_limit"],
            "subject": texts["subject"],
            "channels": self.entries(record, "channels"),
            **{role: [o for o in options[role] if o in chosen[role]] for role in TICK_ROLES},
            "warnings": [line.strip() for line in warnings.split("\n") if line.strip()],
            **{role: record.texts[role] for role in MONGOLIAN_ROLES if record.texts.get(role)},
        }

    def catalog(self, title: str, title_row: int | None, items: list[dict], options) -> dict:
        hints = self.hints
        # The table has no publisher cell: the body named most often in 公开主体 publishes it.
        subjects = Counter(item["subject"] for item in items if item["subject"])
        publisher = subjects.most_common(1)[0][0] if subjects else self.made_by
        if hints.publisher and hints.publisher != publisher:
            shown = f"（表中公开主体最多的是{quote(publisher)}）" if publisher else ""
            self.notes.append(Note(None, SUBJECT, f"发布单位用了填写的{quote(hints.publisher)}{shown}"))
            publisher = hints.publisher
        content = [t for item in items for t in (*item.get("group_path", ()), item["name"], *item["basis"])]
        made_area = None
        if not title:
            title, title_row, made_area = self._missing_title(content)
        standard = title.endswith(TITLE_SUFFIXES) or "领域" in title or known_area_at_end(title)
        area = hints.area or made_area or (area_from_title(title) if standard else "")
        if not area:
            area = guess_area(content) or area_from_title(title)
            self.notes.append(Note(title_row, "标题", f"标题没有写明领域，按内容猜测是“{area}”"))
        return {
            "title": title,
            "area": area,
            "publisher": publisher,
            "source": "",
            **{options_key: options[key] for key, options_key, _ in TICK_GROUPS},
        }

    def _missing_title(self, content: list[str]) -> tuple[str, None, str | None]:
        """A title for a table that has none, and the area it was made from (None: read it from the title)."""
        hints = self.hints
        if hints.title:
            self.notes.append(Note(None, "标题", f"表格里没有标题，用了填写的标题{quote(hints.title)}"))
            return hints.title, None, None
        from_file = title_from_filename(hints.filename) if hints.filename else None
        if from_file:
            self.notes.append(Note(None, "标题", f"表格里没有标题，用文件名作标题：{quote(from_file)}"))
            return from_file, None, None
        area = hints.area or guess_area(content)
        if area:
            title = f"{hints.body}{area}领域基层政务公开标准目录"
            basis = "按公开主体和领域" if hints.body else "按领域"
        else:
            area = "未注明"
            title = f"{hints.body}基层政务公开标准目录" if hints.body else "基层政务公开标准目录"
            basis = "按公开主体" if hints.body else "领域也看不出来，"
        self.notes.append(Note(None, "标题", f"表格里没有标题，{basis}定为{quote(title)}，请核对"))
        return title, None, area


class _TableLocator(Locator):
    def __init__(self, records: list[_Record], reader: _Reader, title_row: int | None):
        self.rows = [record.row for record in records]
        first = {role: columns[0].name for role, columns in reader.by_role.items() if columns}
        names = {
            key: first.get(key, COLUMN_TITLES.get(key, key))
            for key in ("seq", "time_limit", "subject", "warnings", *MONGOLIAN_ROLES)
        }
        names["name"] = reader.leaf.name
        names["category"] = reader.groups[0].name if reader.groups else COLUMN_TITLES["category"]
        names["group_path"] = reader.groups[1].name if len(reader.groups) > 1 else COLUMN_TITLES["group_path"]
        for role in ("elements", "basis", "channels", *TICK_ROLES):
            names[role] = COLUMN_TITLES[role]
        self.names = names
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


def interpret(
    table: Table,
    *,
    hints: Hints | None = None,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> Reading:
    """The catalog a table holds; raises ExchangeError naming every problem (see the module doc)."""
    hints = hints or Hints()
    # A mapping given here wins over the one the hints carry, column by column.
    merged = {**hints.mapping, **(mapping or {})}
    return _Reader(table, hints, merged or None, progress).run()
