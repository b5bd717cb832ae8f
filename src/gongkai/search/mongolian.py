"""Mongolian (traditional script, U+1800–U+18AF) as the index sees it: words, not character pairs.

Why words and not the character pairs Chinese is stored as (`gongkai.search.text`):
- Mongolian is written in letters with spaces between words. A pair of letters means nothing and recurs in
  most words (ᠠᠨ "an"), so the full-text index's lists for pairs would be as long as the table, which is
  what pairs avoid for Chinese; and a pair match runs across word boundaries and into the middle of
  unrelated words.
- It is agglutinative: endings attach to the stem (ᠠᠵᠢᠯ ajil "work" → ᠠᠵᠢᠯᠲᠠᠨ ajiltan "worker"). So a
  query word matches a word of the text that *begins* with it: both FTS5 ("ᠠᠵᠢᠯ"*) and PostgreSQL
  ('ᠠᠵᠢᠯ':*) look word prefixes up in their index, and a substring check on " " + the stored words
  decides exactly the same (`gongkai.search.fts`).
- The case endings are written apart, after U+202F (ᠵᠠᠰᠠᠭ ᠤᠨ jasaγ-un "of the government"). They are
  grammar, not what anyone looks for: known endings (`CASE_ENDINGS`) are no words on either side, so
  "ᠵᠠᠰᠠᠭ ᠤᠨ" finds ᠵᠠᠰᠠᠭ and the other way round. U+202F counts as a space (NFKC makes it one), because
  phone keyboards often type an ordinary space there, or the other way round.

The same letters are drawn in different shapes by their place in the word; a writer picks a shape the
font would not choose with a free variation selector (U+180B–U+180D, U+180F), and joins a final a/e drawn
apart with the vowel separator (U+180E). Keyboards differ in whether they type them, so a word is its
letters only: selectors, the separator and other invisible format characters (zero-width joiners) are
dropped on both sides. A lone ᠠ or ᠡ after a space is that final vowel typed with a space instead of the
separator, and is joined back to its word, on both sides too.

The letters themselves are compared as typed: letters that look alike in some places (ᠣ o / ᠤ u,
ᠲ t / ᠳ d) are different letters of different words.
"""

import unicodedata
from dataclasses import dataclass

FREE_VARIATION_SELECTORS = frozenset("\u180b\u180c\u180d\u180f")
VOWEL_SEPARATOR = "\u180e"
NARROW_NO_BREAK_SPACE = "\u202f"
# The final a/e that the vowel separator sets apart (ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭ᠎ᠠ bayiγulluγ-a).
FINAL_VOWELS = frozenset({"\u1820", "\u1821"})
# The case endings and reflexive endings written apart from their word (after U+202F), by letters:
# genitive, accusative, dative-locative, ablative, instrumental, comitative, directive, reflexive.
CASE_ENDINGS = frozenset(
    {
        "ᠶᠢᠨ", "ᠤᠨ", "ᠦᠨ", "ᠤ", "ᠦ",  # yin un ün u ü
        "ᠶᠢ", "ᠢ",  # yi i
        "ᠳᠤᠷ", "ᠳᠦᠷ", "ᠲᠤᠷ", "ᠲᠦᠷ", "ᠳᠤ", "ᠳᠦ", "ᠲᠤ", "ᠲᠦ",  # dur dür tur tür du dü tu tü
        "ᠠᠴᠠ", "ᠡᠴᠡ",  # ača eče
        "ᠪᠠᠷ", "ᠪᠡᠷ", "ᠢᠶᠠᠷ", "ᠢᠶᠡᠷ",  # bar ber iyar iyer
        "ᠲᠠᠢ", "ᠲᠡᠢ", "ᠯᠤᠭᠠ", "ᠯᠦᠭᠡ",  # tai tei luγ-a lüge
        "ᠷᠤᠭᠤ", "ᠷᠦᠭᠦ",  # ruγu rügü
        "ᠪᠠᠨ", "ᠪᠡᠨ", "ᠢᠶᠠᠨ", "ᠢᠶᠡᠨ",  # ban ben iyan iyen
        "ᠳᠠᠭᠠᠨ", "ᠳᠡᠭᠡᠨ", "ᠲᠠᠭᠠᠨ", "ᠲᠡᠭᠡᠨ", "ᠠᠴᠠᠭᠠᠨ", "ᠡᠴᠡᠭᠡᠨ",  # daγan degen taγan tegen ačaγan ečegen
    }
)  # fmt: skip


def is_letter(char: str) -> bool:
    return "\u1820" <= char <= "\u18aa" and char.isalpha()


def is_silent(char: str) -> bool:
    """Characters that change how a word is drawn, not which word it is."""
    return char in FREE_VARIATION_SELECTORS or unicodedata.category(char) == "Cf"


def has_letters(text: str) -> bool:
    return any(is_letter(char) for char in text or "")


@dataclass(frozen=True)
class Word:
    """A word's letters (without selectors or separators) and where it stands in the original text."""

    letters: str
    start: int
    end: int
    ending: bool = False  # a case ending written apart: grammar, not looked for


def _runs(text: str) -> list[Word]:
    """Runs of letters, invisible characters skipped rather than splitting a word."""
    runs, letters, start, end = [], [], 0, 0
    for index, char in enumerate(text):
        if is_letter(char):
            if not letters:
                start = index
            letters.append(char)
            end = index + 1
        elif is_silent(char):
            continue
        elif letters:
            runs.append(Word("".join(letters), start, end))
            letters = []
    if letters:
        runs.append(Word("".join(letters), start, end))
    return runs


def _typed_apart(text: str, before: Word, after: Word) -> bool:
    """Only spaces (U+202F too) and invisible characters between two runs."""
    gap = text[before.end : after.start]
    return bool(gap) and all(char.isspace() or is_silent(char) for char in gap)


def split(text: str) -> list[Word]:
    """Every word of the text, case endings marked (`Word.ending`), a final vowel typed apart joined back."""
    words: list[Word] = []
    for run in _runs(text or ""):
        if run.letters in FINAL_VOWELS and words and _typed_apart(text, words[-1], run):
            words[-1] = Word(words[-1].letters + run.letters, words[-1].start, run.end)
        else:
            words.append(run)
    return [Word(w.letters, w.start, w.end, w.letters in CASE_ENDINGS) for w in words]


def words(text: str) -> list[Word]:
    """The words looked for and found: every word but the case endings."""
    return [word for word in split(text) if not word.ending]


def index_words(text: str) -> str:
    """The stored form of a text's Mongolian: its words, one space apart (other scripts left out)."""
    return " ".join(word.letters for word in words(text))


def word_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Original-character spans [start, end) of the whole words where the phrase is found (its words in a
    row, the last one beginning the text's word): what highlighting marks. Whole words, because a mark
    inside a word would break its joined letters."""
    wanted = index_words(phrase).split()
    found = words(text)
    if not wanted:
        return []
    size, spans = len(wanted), []
    for start in range(len(found) - size + 1):
        window = found[start : start + size]
        if [w.letters for w in window[:-1]] == wanted[:-1] and window[-1].letters.startswith(wanted[-1]):
            spans.append((window[0].start, window[-1].end))
    return spans
