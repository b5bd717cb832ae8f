"""Cross-check the seed catalog JSON against the text it was transcribed from.

The JSON (`src/gongkai/catalog/seed/zalaite-social-insurance.json`) was typed by hand from the
flattened PDF table in `tests/fixtures/seed/000_fc34ee37c4b87117.txt`. These tests parse that text
again on their own, so a typo, a wrongly joined line wrap or a tick copied from the wrong row fails
here. Pure pytest: no Django, no database.
"""

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED_JSON = REPO / "src/gongkai/catalog/seed/zalaite-social-insurance.json"
SEED_TEXT = REPO / "tests/fixtures/seed/000_fc34ee37c4b87117.txt"

ITEM_COUNT = 77

# The 9 一级事项 and their 序号 ranges, as given in the domain reference (shared/domain.md §1).
GROUPS = [
    ("社会保险登记", 1, 5),
    ("社会保险参保信息维护", 6, 10),
    ("社会保险缴费申报", 11, 14),
    ("社会保险参保缴费记录查询", 15, 16),
    ("养老保险服务", 17, 32),
    ("工伤保险服务", 33, 56),
    ("失业保险服务", 57, 66),
    ("企业年金方案备案", 67, 69),
    ("社会保障卡服务", 70, 77),
]

ELEMENTS = [
    "事项名称",
    "事项简述",
    "办理材料",
    "办理方式",
    "办理时限",
    "结果送达",
    "收费依据及标准",
    "办事时间",
    "办理机构及地点",
    "咨询查询途径",
    "监督投诉渠道",
]
COMMON_BASIS = ["《中华人民共和国政府信息公开条例》", "《社会保险法》"]
TIME_LIMIT = "公开事项信息形成或变更之日起20个工作日内公开"
SUBJECT = "扎赉特旗人力资源社会保障局"
CHANNELS = ["政府网站", "政务服务中心", "基层公共服务平台"]

AUDIENCE_OPTIONS = ["全社会", "特定群众"]
METHOD_OPTIONS = ["主动", "依申请公开"]
LEVEL_OPTIONS = ["旗级", "乡、村级"]

# Layout of one physical line-group of a row in the flattened table: 8 text cells, then the
# 6 tick cells (全社会, 特定群众, 主动, 依申请公开, 旗级, 乡、村级). A row whose text wraps
# (item 1) or that ends a page (item 25) has a second group of 14 cells after the first.
ROW_WIDTH = 14
CATEGORY_COL, NAME_COL, ELEMENTS_COL, BASIS_COL = 1, 2, 3, 4
FIRST_TICK_COL = 8
TICK = "√"

TITLE = re.compile(r"《[^》]*》")

ITEM_KEYS = {
    "seq",
    "category",
    "name",
    "elements",
    "basis",
    "time_limit",
    "subject",
    "channels",
    "audience",
    "method",
    "levels",
    "warnings",
}


# --- helpers -------------------------------------------------------------------------------------


def squash(text: str) -> str:
    """Remove all whitespace: line wraps in the PDF break words anywhere, even mid-title."""
    return re.sub(r"\s+", "", text)


@cache
def document() -> dict:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


@cache
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@cache
def flat_seed() -> str:
    return squash(seed_text())


def items() -> list[dict]:
    return document()["items"]


def item(seq: int) -> dict:
    (found,) = [it for it in items() if it["seq"] == seq]
    return found


def split_cells(lines: list[str]) -> list[str]:
    """A line starting with a tab opens a cell; any other line (blank or not) continues the cell
    above it, because the PDF wrapped that cell's text."""
    cells: list[str] = []
    for line in lines:
        if line.startswith("\t"):
            cells.append(line[1:])
        else:
            cells[-1] += "\n" + line
    return cells


@cache
def seed_rows() -> dict[int, list[str]]:
    """The seed's rows as lists of cells, keyed by 序号.

    A row starts at a line holding only a tab and its number. Numbers are looked for in order
    (1, 2, … 77), so a stray number inside some cell cannot start a row by accident.
    """
    lines = seed_text().split("\n")
    starts: list[int] = []
    for index, line in enumerate(lines):
        if line == f"\t{len(starts) + 1}" and len(starts) < ITEM_COUNT:
            starts.append(index)
    assert len(starts) == ITEM_COUNT, "could not find every row start in the seed text"
    ends = starts[1:] + [len(lines)]
    rows = {
        seq: split_cells(lines[start:end])
        for seq, (start, end) in enumerate(zip(starts, ends, strict=True), 1)
    }
    for seq, cells in rows.items():
        # If this fails, the cell split is off and every column index below would be wrong.
        assert len(cells) % ROW_WIDTH == 0, f"row {seq}: {len(cells)} cells, not whole line-groups"
    return rows


def column_text(cells: list[str], column: int) -> str:
    """One column of a row, whitespace removed, joined across the row's line-groups."""
    return "".join(squash(cells[i]) for i in range(column, len(cells), ROW_WIDTH))


def seed_ticks(seq: int) -> list[bool]:
    """The 6 tick cells of a row: the last 6 cells of its first line-group, right after the
    channels cell. Tick cells are never filled from above, so a blank cell is simply unticked."""
    cells = seed_rows()[seq][FIRST_TICK_COL:ROW_WIDTH]
    values = [cell.strip() for cell in cells]
    assert set(values) <= {TICK, ""}, f"row {seq}: tick cells hold text {values!r}; parse is off"
    return [value == TICK for value in values]


def ticked(options: list[str], marks: list[bool]) -> list[str]:
    return [option for option, mark in zip(options, marks, strict=True) if mark]


@cache
def seed_basis_column() -> str:
    """Every row's 公开依据 cell, each joined across its line-groups, one row per line.

    Titles are looked up here rather than in the whole flattened text: item 1's third title wraps
    into the row's second line-group, so in reading order the row's other cells sit in the middle
    of it (`《国务院关于…养老` … `保险制度改革的决定》`).
    """
    return "\n".join(column_text(cells, BASIS_COL) for cells in seed_rows().values())


@cache
def seed_basis() -> dict[int, list[str]]:
    """Each row's 公开依据 titles, a blank cell meaning "same as the row above"."""
    basis: dict[int, list[str]] = {}
    previous: list[str] = []
    for seq, cells in seed_rows().items():
        text = column_text(cells, BASIS_COL)
        if text:
            previous = TITLE.findall(text)
        basis[seq] = previous
    return basis


def seed_anomalies() -> set[int]:
    """Rows the source itself gets wrong, found from the text rather than from our JSON:

    - ticks that differ from the table's usual pattern (a level left out, or all blank);
    - two basis titles with no separator between them (`》《`);
    - a basis title whose ＜ and ＞ do not pair up.
    """
    patterns = {seq: tuple(seed_ticks(seq)) for seq in seed_rows()}
    usual = Counter(patterns.values()).most_common(1)[0][0]
    odd_ticks = {seq for seq, pattern in patterns.items() if pattern != usual}
    no_separator = {seq for seq, cells in seed_rows().items() if "》《" in column_text(cells, BASIS_COL)}
    unbalanced = {
        seq
        for seq, titles in seed_basis().items()
        if any(title.count("＜") != title.count("＞") for title in titles)
    }
    return odd_ticks | no_separator | unbalanced


# --- the document as a whole ---------------------------------------------------------------------


def test_fixture_is_the_seed_catalog():
    # Guards against the fixture being swapped or truncated, which would weaken every check below.
    assert seed_text().lstrip().startswith("社会保险领域基层政务公开标准目录")
    assert len(seed_rows()) == ITEM_COUNT


def test_file_is_written_canonically():
    # ensure_ascii=False, indent=2, trailing newline: keeps diffs readable for reviewers.
    raw = SEED_JSON.read_text(encoding="utf-8")
    assert raw == json.dumps(document(), ensure_ascii=False, indent=2) + "\n"


def test_catalog_header():
    doc = document()
    assert set(doc) == {"format", "catalog", "items"}
    assert doc["format"] == "gongkai-catalog/1"
    catalog = doc["catalog"]
    assert catalog["slug"] == "zalaite-social-insurance"
    assert catalog["title"] == "社会保险领域基层政务公开标准目录"
    assert catalog["area"] == "社会保险"
    assert catalog["publisher"] == SUBJECT
    assert catalog["source"]
    assert catalog["audience_options"] == AUDIENCE_OPTIONS
    assert catalog["method_options"] == METHOD_OPTIONS
    assert catalog["level_options"] == LEVEL_OPTIONS
    assert catalog["title"] in flat_seed()


def test_items_are_numbered_1_to_77_in_order():
    assert [it["seq"] for it in items()] == list(range(1, ITEM_COUNT + 1))


def test_items_have_exactly_the_document_keys():
    # "url" is written on export only; the seed must not carry it.
    for it in items():
        assert set(it) == ITEM_KEYS, it["seq"]


def test_groups_and_their_ranges():
    expected = {seq: name for name, first, last in GROUPS for seq in range(first, last + 1)}
    assert {it["seq"]: it["category"] for it in items()} == expected
    for name, _, _ in GROUPS:
        assert name in flat_seed(), name


# --- per item ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seq", range(1, ITEM_COUNT + 1))
def test_name_matches_its_row(seq):
    name = item(seq)["name"]
    assert squash(name) == name, "names are stored with line wraps joined"
    assert name in flat_seed()
    # Stronger than "appears in the row": it is the whole 二级事项 cell of the row with this 序号,
    # so a dropped or extra character at either end also fails.
    assert name == column_text(seed_rows()[seq], NAME_COL)


@pytest.mark.parametrize("seq", range(1, ITEM_COUNT + 1))
def test_elements(seq):
    elements = item(seq)["elements"]
    assert elements == ELEMENTS
    assert "、".join(elements) in flat_seed()


@pytest.mark.parametrize("seq", range(1, ITEM_COUNT + 1))
def test_basis_matches_its_row(seq):
    basis = item(seq)["basis"]
    assert basis[:2] == COMMON_BASIS
    assert len(basis) == len(set(basis)), "a title is listed twice"
    for title in basis:
        assert TITLE.fullmatch(title), title
        assert title in seed_basis_column(), title
    # Re-derived from the seed: the row's own basis cell, or the nearest filled cell above it.
    assert basis == seed_basis()[seq]


def test_basis_titles_are_exactly_those_in_the_seed():
    # Every 《 of the seed lies in a basis cell, so the column parse misses no title …
    assert seed_basis_column().count("《") == seed_text().count("《")
    # … and the JSON cites every title of the seed, and nothing else.
    ours = {title for it in items() for title in it["basis"]}
    assert ours == set(TITLE.findall(seed_basis_column()))


@pytest.mark.parametrize("seq", range(1, ITEM_COUNT + 1))
def test_time_limit_subject_and_channels(seq):
    it = item(seq)
    assert it["time_limit"] == TIME_LIMIT
    assert it["subject"] == SUBJECT
    assert TIME_LIMIT in flat_seed()
    assert SUBJECT in flat_seed()
    channels = it["channels"]
    assert channels, "every item has at least one channel"
    assert set(channels) <= set(CHANNELS)
    assert channels == [c for c in CHANNELS if c in channels], "channels keep the table's order"


@pytest.mark.parametrize("seq", range(1, ITEM_COUNT + 1))
def test_ticks_match_its_row(seq):
    it = item(seq)
    marks = seed_ticks(seq)
    assert it["audience"] == ticked(AUDIENCE_OPTIONS, marks[0:2])
    assert it["method"] == ticked(METHOD_OPTIONS, marks[2:4])
    assert it["levels"] == ticked(LEVEL_OPTIONS, marks[4:6])


# --- source anomalies: kept as the source has them, and flagged ----------------------------------


def test_warnings_are_exactly_on_the_rows_the_source_gets_wrong():
    warned = {it["seq"] for it in items() if it["warnings"]}
    assert warned == seed_anomalies()
    for it in items():
        for warning in it["warnings"]:
            assert isinstance(warning, str) and warning.strip(), it["seq"]


def test_known_anomalies_are_kept_and_explained():
    # Item 10 leaves 旗级 unticked; the JSON must not tick it for the source.
    assert item(10)["levels"] == ["乡、村级"]
    assert any("旗级" in w for w in item(10)["warnings"])

    # Items 13–14: every tick cell blank (merged with the rows above in the PDF).
    for seq in (13, 14):
        it = item(seq)
        assert it["audience"] == it["method"] == it["levels"] == []
        assert any("未勾选" in w for w in it["warnings"])

    # Item 30: no 、 between 《社会保险法》 and the next title; split anyway, and say so.
    assert "》《" in column_text(seed_rows()[30], BASIS_COL)
    assert len(item(30)["basis"]) == 3
    assert any("分隔符" in w for w in item(30)["warnings"])


def test_items_without_anomalies_have_no_warnings():
    clean = [it["seq"] for it in items() if it["seq"] not in seed_anomalies()]
    assert clean
    for seq in clean:
        assert item(seq)["warnings"] == [], seq
