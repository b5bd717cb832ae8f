"""The seed catalog laid out as other counties would lay it out still reads back as the same catalog.

Hypothesis shuffles the columns (a group's sub-columns stay together, as a merged title keeps them),
writes the header in one, two or three rows, writes the 11 elements in one cell or one column each,
switches the tick glyphs cell by cell, and sometimes leaves the title out; in XLSX and DOCX with merged
cells and in CSV without. The 数据质量提示 column stays: it marks a file gongkai wrote, whose text is
read verbatim, so the catalog must come back exactly (test_roundtrip.expected_from_table).
"""

import csv
import io
import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.catalog.exchange import read_catalog_file, read_document
from tests.fixtures.catalogs.render import Col, Layout, docx_bytes, header, sheet_rows, xlsx_bytes

from .test_roundtrip import SEED, expected_from_table

LAYOUTS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ON = ["√", "✓", "✔", "●", "■", "☑", "是", "有"]
OFF = ["", "□", "☐", "否", "无"]
SEED_DOC = json.loads(SEED.read_text(encoding="utf-8"))


def _ticks(field, group, options, rows, rng, umbrella=None):
    def cell(option):
        return lambda it: rng.choice(ON) if option in it[field] else rng.choice(OFF)

    if rows == 1:
        named = [f"{group}·{o}" if rng.random() < 0.5 else o for o in options]
        return [Col((name,), cell(o), tick=True) for name, o in zip(named, options, strict=True)]
    top = (umbrella,) if rows == 3 else ()
    return [Col((*top, group, o), cell(o), tick=True) for o in options]


def seed_blocks(rows: int, split_elements: bool, rng: random.Random) -> list[list[Col]]:
    """The seed table's columns in blocks that move together."""
    catalog = SEED_DOC["catalog"]
    items_top = ("事项信息",) if rows == 3 else ()

    def plain(label, cell):
        return [Col((label,), cell)]

    if rows == 1:
        levels = [
            [Col(("一级事项",), lambda it: it["category"])],
            [Col(("二级事项",), lambda it: it["name"])],
        ]
    else:
        levels = [
            [
                Col((*items_top, "公开事项", "一级事项"), lambda it: it["category"], merge_runs=True),
                Col((*items_top, "公开事项", "二级事项"), lambda it: it["name"]),
            ]
        ]

    def element(name):
        return lambda it: rng.choice(ON) if name in it["elements"] else rng.choice(OFF)

    if split_elements and rows > 1:
        elements_block = [
            Col(("公开内容（要素）", e), element(e), tick=True) for e in SEED_DOC["items"][0]["elements"]
        ]
    else:
        elements_block = plain("公开内容（要素）", lambda it: "、".join(it["elements"]))
    return [
        plain("序号", lambda it: str(it["seq"])),
        *levels,
        elements_block,
        plain("公开依据", lambda it: "、".join(it["basis"])),
        plain("公开时限", lambda it: it["time_limit"]),
        plain("公开主体", lambda it: it["subject"]),
        plain("公开渠道和载体", lambda it: "\n".join(it["channels"])),
        _ticks("audience", "公开对象", catalog["audience_options"], rows, rng, "公开对象及方式"),
        _ticks("method", "公开方式", catalog["method_options"], rows, rng, "公开对象及方式"),
        _ticks("levels", "公开层级", catalog["level_options"], rows, rng, "层级要求"),
        plain("数据质量提示", lambda it: "\n".join(it["warnings"])),
    ]


def csv_bytes(layout: Layout, items) -> bytes:
    """No merges: a merged title is written once, in its first cell (as Excel saves a CSV)."""
    table = sheet_rows(layout, items)
    out = io.StringIO(newline="")
    csv.writer(out).writerows(table.rows)
    return out.getvalue().encode("utf-8-sig")


@LAYOUTS
@given(
    rows=st.sampled_from([1, 2, 3]),
    split_elements=st.booleans(),
    titled=st.booleans(),
    fmt=st.sampled_from(["xlsx", "docx", "csv"]),
    seed=st.integers(0, 2**32),
)
def test_seed_in_any_layout_reads_back_the_same(rows, split_elements, titled, fmt, seed):
    rng = random.Random(seed)  # the column order and every tick glyph
    blocks = seed_blocks(rows, split_elements, rng)
    rng.shuffle(blocks)
    columns = [col for block in blocks for col in block]
    title = SEED_DOC["catalog"]["title"] if titled else None
    data = {"xlsx": xlsx_bytes, "docx": docx_bytes, "csv": csv_bytes}[fmt](
        Layout(columns, title_in_table=title), SEED_DOC["items"]
    )
    # Without a title the area is guessed from the groups (社会保险登记 …), which gives the same title.
    assert read_document(data, fmt) == expected_from_table(SEED_DOC)


def test_header_helper_merges_group_titles():
    columns = [Col(("序号",), str), Col(("公开对象", "全社会"), str), Col(("公开对象", "特定群众"), str)]
    rows, merges = header(columns)
    assert rows == [["序号", "公开对象", ""], ["", "全社会", "特定群众"]]
    assert sorted(merges) == [(0, 0, 1, 0), (0, 1, 0, 2)]


def test_seed_from_another_county_is_tidied_and_says_what_changed():
    """Without gongkai's 数据质量提示 column the file came from elsewhere: text is tidied, with a note
    quoting the original (item 17's half-width brackets), and there are no warnings to read."""
    columns = [col for block in seed_blocks(2, False, random.Random(1))[:-1] for col in block]
    data = xlsx_bytes(Layout(columns, title_in_table=SEED_DOC["catalog"]["title"]), SEED_DOC["items"])
    reading = read_catalog_file(data, "xlsx")
    expected = expected_from_table(SEED_DOC)
    for item in expected["items"]:
        item["warnings"] = []
    expected["items"][16]["name"] = "职工正常退休（职）申请"
    assert reading.doc == expected
    assert not reading.verbatim
    assert any("原文“职工正常退休(职)申请”" in note.message for note in reading.notes)
