"""The list rules of `exchange.text` against their plain character-by-character statement: the fast forms
(they look only at brackets and separators) split, balance and separate titles exactly as it does."""

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.catalog.exchange.text import (
    CHANNEL_SEPARATORS,
    CLOSING,
    LIST_SEPARATORS,
    OPENING,
    brackets_balanced,
    clean,
    split_list,
    split_touching_titles,
)

# Brackets, every separator, line breaks and other whitespace (full-width too), and plain characters.
cell = st.text(alphabet=st.sampled_from("社保《》（）()、，,；;\n\r\t \u3000x"), max_size=16)
RULES = settings(max_examples=2000, deadline=None)


def split_list_by_character(text: str, separators: str) -> list[str]:
    text = clean(text)
    parts, current, depth, skip_space = [], [], 0, False
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
        elif depth and ch == "\n":  # a wrapped line inside brackets: dropped with the space around it
            while current and current[-1].isspace():
                current.pop()
            skip_space = True
            continue
        current.append(ch)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def balanced_by_character(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def titles_by_character(text: str) -> list[str]:
    parts, start, depth = [], 0, 0
    for index, ch in enumerate(text):
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
            if depth == 0 and ch == "》" and text[index + 1 :].lstrip().startswith("《"):
                parts.append(text[start : index + 1])
                start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


@RULES
@given(text=cell, separators=st.sampled_from([LIST_SEPARATORS, CHANNEL_SEPARATORS]))
def test_split_list(text, separators):
    assert split_list(text, separators) == split_list_by_character(text, separators)


@RULES
@given(text=cell)
def test_brackets_balanced(text):
    assert brackets_balanced(text) == balanced_by_character(text)


@RULES
@given(text=cell)
def test_split_touching_titles(text):
    assert split_touching_titles(text) == titles_by_character(text)


def test_examples():
    assert split_list("《条例》（2019年修订，第3条）、《办法》") == [
        "《条例》（2019年修订，第3条）",
        "《办法》",
    ]
    assert split_list("《关于印发\n  办法的通知》；甲") == ["《关于印发办法的通知》", "甲"]
    assert split_list("政府网站\n政务服务中心、 ", CHANNEL_SEPARATORS) == ["政府网站", "政务服务中心"]
    assert split_touching_titles("（甲》《乙》") == ["（甲》", "《乙》"]
