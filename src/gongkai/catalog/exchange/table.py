"""Document ⇄ table rows, shared by CSV, XLSX and DOCX.

Writing gives every format the same cells: a title, two header rows (the official layout) and one
fully filled row per item. Reading (reading.py) takes a grid of cells, however the file was made, and
turns it back into a document.
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import (
    CATEGORY,
    COLUMN_TITLES,
    ITEM_GROUP,
    LEAF,
    MONGOLIAN_TITLES,
    NAME,
    SEQ,
    SUBGROUP,
    TICK_GROUPS,
    WARNINGS,
)
from .text import CHANNEL_JOINER, LIST_JOINER

TICK = "√"
TICK_KEYS = tuple(key for key, _, _ in TICK_GROUPS)
# A real catalog has about 15 columns; the cap keeps a hostile file from building a huge grid.
MAX_COLUMNS = 200


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
    """The official column order, with one tick column per option. A catalog whose items sit under
    二级事项 groups gets a 三级事项 column for them."""
    catalog = doc["catalog"]
    columns = [Column("seq", SEQ), Column("category", ITEM_GROUP, CATEGORY)]
    if any(len(item["group_path"]) > 1 for item in doc["items"]):
        columns += [Column("subgroup", ITEM_GROUP, SUBGROUP), Column("name", ITEM_GROUP, LEAF)]
    else:
        columns.append(Column("name", ITEM_GROUP, NAME))
    columns += [
        Column(key, COLUMN_TITLES[key]) for key in ("elements", "basis", "time_limit", "subject", "channels")
    ]
    for key, options_key, title in TICK_GROUPS:
        columns += [Column(key, title, option) for option in catalog[options_key]]
    columns.append(Column("warnings", WARNINGS))
    # The Mongolian names, last, only for a catalog that has any: the official layout stays as it is.
    columns += [
        Column(key, title)
        for key, title in MONGOLIAN_TITLES.items()
        if any(item.get(key) for item in doc["items"])
    ]
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
    if column.key == "subgroup" or column.sub == LEAF:
        # An item straight under its 一级事项 is written in the 二级事项 column with 三级事项 left blank.
        path = item["group_path"]
        if column.key == "subgroup":
            return path[1] if len(path) > 1 else item["name"]
        return item["name"] if len(path) > 1 else ""
    if column.key in MONGOLIAN_TITLES:
        return item.get(column.key, "")
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


def read_grid(grid: Grid, *, numbers: list[int] | None = None, title_hint: str | None = None) -> dict:
    """A validated document from a grid of cells (see reading.interpret for the rules)."""
    from .reading import Table, interpret

    above = [title_hint] if title_hint else []
    return interpret(Table(grid, numbers or list(range(1, len(grid) + 1)), above)).doc
