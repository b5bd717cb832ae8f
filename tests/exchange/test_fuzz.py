"""Property tests: whatever arrives, the only exception is ExchangeError; whatever validates,
round-trips exactly."""

import contextlib
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.catalog.exchange import FORMATS, ExchangeError, read_document, validate_document, write_document

from .builders import SUB, TOP, sample_document

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID_FILES = {fmt: write_document(sample_document(), fmt) for fmt in FORMATS}

# Characters that matter to the formats: separators, brackets, quotes, line breaks, formula
# starts, tick marks, full-width space, a control character.
TRICKY = "社会保险目录级《》（）()＜＞、，,；;\n\r\t =+-@'\"√vV#_\u3000\x0b\x85"
text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=12)
word = st.text(alphabet=st.sampled_from("社会保险登记县乡村级全特定主动申请=+'(（《"), min_size=1, max_size=5)


def read_quietly(data: bytes, fmt: str) -> None:
    try:
        result = read_document(data, fmt)
    except ExchangeError as error:
        assert error.problems and all(p.message for p in error.problems)
    else:
        assert validate_document(result) == result


@FUZZ
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(FORMATS))
def test_random_bytes(data, fmt):
    read_quietly(data, fmt)


@FUZZ
@given(fmt=st.sampled_from(FORMATS), seed=st.integers(0, 2**32), edits=st.integers(1, 8))
def test_damaged_valid_files(fmt, seed, edits):
    rng = random.Random(seed)
    data = bytearray(VALID_FILES[fmt])
    for _ in range(edits):
        action = rng.choice(["flip", "cut", "insert"])
        at = rng.randrange(len(data))
        if action == "flip":
            data[at] = rng.randrange(256)
        elif action == "cut":
            del data[at : at + rng.randrange(1, 200)]
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 20)))
    read_quietly(bytes(data), fmt)


cells = st.one_of(st.sampled_from(TOP + SUB + ["√", "1", "2", "目录", "《甲》《乙》"]), text)


@FUZZ
@given(rows=st.lists(st.lists(cells, max_size=16), max_size=8), header=st.booleans())
def test_random_csv_tables(rows, header):
    import csv
    import io

    if header:
        rows = [["某某基层政务公开标准目录"], TOP, SUB, *rows]
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    read_quietly(out.getvalue().encode("utf-8"), "csv")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=20,
)


def item_strategy(options):
    entries = st.lists(text, max_size=3)
    return st.fixed_dictionaries(
        {
            "seq": st.integers(-1, 30) | text,
            "category": st.sampled_from(["登记", "服务"]) | text,
            "name": text,
            "elements": entries,
            "basis": entries | st.just(["《甲》《乙》"]),
            "time_limit": text,
            "subject": st.just("某局") | text,
            "channels": entries,
            "audience": st.lists(st.sampled_from(options[0]), max_size=3),
            "method": st.lists(st.sampled_from(options[1]), max_size=3),
            "levels": st.lists(st.sampled_from(options[2]), max_size=3),
            "warnings": st.lists(text, max_size=2),
        },
        optional={"url": text, "extra": json_values},
    )


@st.composite
def documents(draw):
    options = [draw(st.lists(word, min_size=1, max_size=3, unique=True)) for _ in range(3)]
    return {
        "format": "gongkai-catalog/1",
        "catalog": {
            "title": draw(text | st.just("测试领域基层政务公开标准目录")),
            "area": draw(text | st.just("测试")),
            "publisher": draw(text | st.just("某局")),
            "source": draw(text),
            "audience_options": options[0],
            "method_options": options[1],
            "level_options": options[2],
        },
        "items": draw(st.lists(item_strategy(options), min_size=1, max_size=4)),
    }


@FUZZ
@given(doc=json_values | st.dictionaries(st.sampled_from(["format", "catalog", "items"]), json_values))
def test_random_json_shapes(doc):
    for fmt in FORMATS:
        with contextlib.suppress(ExchangeError):
            write_document(doc, fmt)


@SLOW
@given(doc=documents())
def test_random_documents_are_refused_cleanly(doc):
    try:
        validate_document(doc)
    except ExchangeError:
        for fmt in FORMATS:  # writing refuses an invalid document the same way
            try:
                write_document(doc, fmt)
            except ExchangeError:
                continue
            raise AssertionError(f"{fmt} wrote an invalid document") from None


# Valid on purpose, but full of what the formats find hard: separators and line breaks inside
# text fields, brackets around separators in list entries, formula starts, quotes, tabs.
SAFE = "社会保险登记服务目录级甲乙丙abc123 =+-@'\"√vV#_\t\u3000"
plain = st.text(alphabet=st.sampled_from(SAFE), min_size=1, max_size=8).filter(str.strip)
field = st.text(alphabet=st.sampled_from(SAFE + "、，,；;\n《》（）()＜＞"), min_size=1, max_size=14).filter(
    str.strip
)
entry = st.builds(
    lambda a, b, bracket: a + (f"《{b}、{a}》" if bracket else ""),
    plain,
    field.map(
        lambda t: (
            t.replace("《", "")
            .replace("》", "")
            .replace("（", "")
            .replace("）", "")
            .replace("(", "")
            .replace(")", "")
            .replace("\n", "")
        )
    ),
    st.booleans(),
)


@st.composite
def valid_documents(draw):
    options = [draw(st.lists(word, min_size=1, max_size=3, unique=True)) for _ in range(3)]
    seqs = draw(st.lists(st.integers(1, 999_999), min_size=1, max_size=4, unique=True))
    items = []
    for seq in seqs:
        items.append(
            {
                "seq": seq,
                "category": draw(st.sampled_from(["登记", "服务"]) | field),
                "name": draw(field),
                "elements": draw(st.lists(entry, min_size=1, max_size=3)),
                "basis": draw(st.lists(entry, min_size=1, max_size=3)),
                "time_limit": draw(field),
                "subject": draw(st.just("某局") | field),
                "channels": draw(st.lists(entry, min_size=1, max_size=3)),
                "audience": draw(st.lists(st.sampled_from(options[0]), max_size=3)),
                "method": draw(st.lists(st.sampled_from(options[1]), max_size=3)),
                "levels": draw(st.lists(st.sampled_from(options[2]), max_size=3)),
                "warnings": draw(st.lists(plain, max_size=2)),
            }
        )
    catalog = {
        "title": draw(field | st.just("测试领域基层政务公开标准目录")),
        "area": "测试",
        "publisher": "某局",
        "audience_options": options[0],
        "method_options": options[1],
        "level_options": options[2],
    }
    return {"catalog": catalog, "items": items}


@SLOW
@given(doc=valid_documents())
def test_valid_documents_round_trip_exactly(doc):
    expected = validate_document(doc)
    assert read_document(write_document(doc, "json"), "json") == expected
    for fmt in ("csv", "xlsx", "docx"):
        back = read_document(write_document(doc, fmt), fmt)
        assert back["items"] == expected["items"], fmt
        for key in ("title", "audience_options", "method_options", "level_options"):
            assert back["catalog"][key] == expected["catalog"][key], (fmt, key)
