"""Text as the index sees it: one token per character, folded so that variants people type still match,
stored as overlapping character pairs (bigrams).

Folding, character by character:
- NFKC, so full-width letters, digits and brackets (ＡＢ１（）) become their ordinary forms;
- case folding;
- traditional → simplified (our small table in tradsimp.txt), so 社會保險 finds 社会保险.

Only letters, digits and brackets become tokens; other punctuation and spaces separate nothing and are
dropped, on both sides (document and query), so 丧葬补助金、抚恤金 is found by 补助金抚恤金 too.

The index stores a text as its character pairs, the way CJK bigram analysers do: 社保卡 → "社保 保卡 卡"
(`grams`). A pair is far rarer than either of its characters, so the full-text index's lists stay short;
the last character stands alone so that every character begins some token, which lets a one-character
query be a prefix search. A query of two or more characters becomes its own pairs ("社保 保卡",
`gram_pattern`), found as a plain substring of the stored pairs exactly where the characters stand in
that order: every stored token but the last has two characters, so a match can only start at a token.

Every token remembers which character of the original text it came from, so matches can be marked up
in the original (unfolded) text.

Mongolian is stored and looked for as words instead (`gongkai.search.mongolian` says why): a phrase with
Mongolian letters is a Mongolian pattern (`search_pattern`), found in the Mongolian fields only.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.search import mongolian

# Brackets stay tokens (SQLite's tokenizer gets them as `tokenchars`): 工伤医疗（康复）费用 keeps its shape.
BRACKETS = frozenset("()[]<>《》【】〔〕〈〉")
SNIPPET_CONTEXT = 24  # characters shown on each side of a match in guide text
# Runs of white space, folded to one space in excerpts; not U+202F, which joins a Mongolian case ending to
# its word (and gives the ending its shapes).
SPACES = re.compile(r"[^\S\u202f]+")


@functools.cache
def _trad_to_simp() -> dict[int, str]:
    path = Path(__file__).resolve().parent / "tradsimp.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[ord(line[0])] = line[1]
    # Mongolian digits (U+1810–U+1819) are the same numbers as 0–9, which NFKC leaves apart: a phone
    # number typed on a Mongolian keyboard must find 12333.
    table.update({0x1810 + digit: str(digit) for digit in range(10)})
    return table


@functools.lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One character as zero or more folded characters (NFKC may expand, e.g. ㈠ → (一))."""
    folded = unicodedata.normalize("NFKC", char).casefold()
    return folded.translate(_trad_to_simp())


def is_token(char: str) -> bool:
    return char.isalnum() or char in BRACKETS


def fold(text: str) -> str:
    """The folded text, punctuation kept: for matching words in queries."""
    return "".join(fold_char(c) for c in text or "")


@dataclass(frozen=True)
class Tokens:
    """The tokens of a text, each with the index of the original character it came from."""

    tokens: tuple[str, ...]
    origins: tuple[int, ...]

    @property
    def spaced(self) -> str:
        return " ".join(self.tokens)


def tokenize(text: str) -> Tokens:
    tokens, origins = [], []
    for index, char in enumerate(text or ""):
        for folded in fold_char(char):
            if is_token(folded):
                tokens.append(folded)
                origins.append(index)
    return Tokens(tuple(tokens), tuple(origins))


def spaced(text: str) -> str:
    """The index form of a text: folded tokens separated by single spaces ("社 会 保 险")."""
    return tokenize(text).spaced


def grams(tokens) -> str:
    """The stored form of a text's tokens: overlapping pairs, then the last character alone."""
    if not tokens:
        return ""
    pairs = [tokens[i] + tokens[i + 1] for i in range(len(tokens) - 1)]
    return " ".join([*pairs, tokens[-1]])


def text_grams(text: str) -> str:
    return grams(tokenize(text).tokens)


def gram_pattern(phrase: str) -> str:
    """What to look for in stored pairs: one character as it is, longer phrases as their pairs."""
    tokens = tokenize(phrase).tokens
    if len(tokens) < 2:
        return "".join(tokens)
    return " ".join(tokens[i] + tokens[i + 1] for i in range(len(tokens) - 1))


def search_pattern(phrase: str) -> str:
    """What to look for in the stored texts: a Mongolian phrase as its words (the last one a word's
    beginning), anything else as its character pairs."""
    if mongolian.has_letters(phrase):
        return mongolian.index_words(phrase)
    return gram_pattern(phrase)


def char_pattern(pattern: str) -> str:
    """A `gram_pattern` as the characters it stands for ("社保 保卡" → 社保卡): found in a field's characters
    in a row exactly where the pattern stands in its pairs (every pair begins with the next character)."""
    pairs = pattern.split(" ")
    return "".join(pair[0] for pair in pairs[:-1]) + pairs[-1]


def has_words(phrase: str) -> bool:
    """True if the phrase has a letter or digit: brackets alone are nothing to look for."""
    return any(token not in BRACKETS for token in tokenize(phrase).tokens)


@functools.lru_cache(maxsize=1024)
def _short_tokens(text: str) -> Tokens:
    return tokenize(text)


@functools.lru_cache(maxsize=1024)
def _is_mongolian(phrase: str) -> bool:
    return mongolian.has_letters(phrase)


def _tokens(text: str) -> Tokens:
    """`tokenize`, remembered for short texts: a page of hits marks the same names, groups and phrases
    again and again (copies of one catalog item), while long guide texts would only fill the memory."""
    return _short_tokens(text) if len(text) <= 100 else tokenize(text)


def _phrase_spans(text: str, phrases) -> list[tuple[int, int]]:
    """Original-character spans [start, end) of every occurrence of every phrase."""
    doc = _tokens(text)
    spans = []
    for phrase in phrases:
        if _is_mongolian(phrase):
            spans.extend(mongolian.word_spans(text, phrase))
            continue
        wanted = _tokens(phrase).tokens
        if not wanted:
            continue
        size = len(wanted)
        for start in range(len(doc.tokens) - size + 1):
            if doc.tokens[start : start + size] == wanted:
                spans.append((doc.origins[start], doc.origins[start + size - 1] + 1))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, spans, start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    out, cursor = [], start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight(text: str, phrases) -> SafeString:
    """The text, HTML-escaped, with every match of the phrases in <mark>."""
    text = text or ""
    return mark_safe(_marked(text, _phrase_spans(text, phrases)))  # every piece went through escape()


def _in_mongolian_word(char: str) -> bool:
    return (
        mongolian.is_letter(char)
        or char in mongolian.FREE_VARIATION_SELECTORS
        or char == mongolian.VOWEL_SEPARATOR
    )


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The excerpt widened to whole Mongolian words: half a word would be drawn in the wrong shapes."""
    while 0 < start < len(text) and _in_mongolian_word(text[start - 1]) and _in_mongolian_word(text[start]):
        start -= 1
    while 0 < end < len(text) and _in_mongolian_word(text[end - 1]) and _in_mongolian_word(text[end]):
        end += 1
    return start, end


def snippet(text: str, phrases, context: int = SNIPPET_CONTEXT) -> SafeString:
    """A short escaped excerpt around the first match, for results found in the guide text."""
    text = SPACES.sub(" ", text or "").strip()
    spans = _phrase_spans(text, phrases)
    if not spans:
        return mark_safe("")
    start, end = _whole_words(text, max(0, spans[0][0] - context), min(len(text), spans[0][1] + context * 2))
    body = _marked(text, spans, start, end)
    return mark_safe(("…" if start else "") + body + ("…" if end < len(text) else ""))
