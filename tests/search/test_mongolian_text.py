"""Mongolian as the index sees it: words without variation selectors or vowel separators, case endings
left out, found by their beginnings. Pure functions, no database."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gongkai.search import mongolian
from gongkai.search.text import fold, gram_pattern, highlight, search_pattern, snippet
from gongkai.search.understanding import Concept, Lexicon, Understanding, partial_understanding

NNBSP, MVS, ZWJ = "\u202f", "\u180e", "\u200d"
FVS = ("\u180b", "\u180c", "\u180d", "\u180f")
JASAG = "ᠵᠠᠰᠠᠭ"  # jasaγ, government
UN = "ᠤᠨ"  # -un, the genitive ending
AJIL = "ᠠᠵᠢᠯ"  # ajil, work
AJILTAN = "ᠠᠵᠢᠯᠲᠠᠨ"  # ajiltan, worker
BAYIGULLUGA = "ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭᠠ"  # bayiγulluγ-a, organisation, as its letters
UNEMLEL = "ᠦᠨᠡᠮᠯᠡᠯ"  # ünemlel, certificate


def test_nfkc_folds_the_narrow_no_break_space_to_a_space_and_keeps_the_rest_of_a_word():
    assert unicodedata.normalize("NFKC", NNBSP) == " "
    assert fold(JASAG + NNBSP + UN) == JASAG + " " + UN
    # Selectors and the vowel separator survive NFKC: the Mongolian words drop them themselves.
    assert all(unicodedata.normalize("NFKC", char) == char for char in (*FVS, MVS))


def test_free_variation_selectors_and_joiners_are_no_part_of_a_word():
    for selector in FVS:
        assert mongolian.index_words("ᠠ" + selector + "ᠵᠢᠯ") == AJIL
    assert mongolian.index_words("ᠠ" + ZWJ + "ᠵᠢᠯ") == AJIL


def test_the_vowel_separator_joins_a_final_vowel_and_a_space_typed_in_its_place_does_too():
    written = "ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭ" + MVS + "ᠠ"
    assert mongolian.index_words(written) == BAYIGULLUGA
    assert mongolian.index_words("ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭ ᠠ") == BAYIGULLUGA
    assert mongolian.index_words("ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭ" + NNBSP + "ᠠ") == BAYIGULLUGA
    assert mongolian.index_words("ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭᠠ") == BAYIGULLUGA  # typed without it at all
    # A vowel after punctuation is not a final vowel typed apart.
    assert mongolian.index_words("ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭ᠂ᠠ") == "ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭ ᠠ"


def test_words_split_on_spaces_and_the_narrow_no_break_space_and_case_endings_are_left_out():
    assert mongolian.index_words(JASAG + NNBSP + UN + " " + AJIL) == JASAG + " " + AJIL
    assert mongolian.index_words(JASAG + " " + UN + " " + AJIL) == JASAG + " " + AJIL
    assert mongolian.index_words("ᠢᠷᠭᠡᠨ" + NNBSP + "ᠦ " + UNEMLEL) == "ᠢᠷᠭᠡᠨ " + UNEMLEL
    # Other scripts are not Mongolian words: they are in the Chinese fields.
    assert mongolian.index_words("社保卡 0482 " + AJIL) == AJIL


def test_a_mongolian_phrase_is_looked_for_as_words_and_chinese_as_before():
    assert search_pattern("社保卡") == gram_pattern("社保卡") == "社保 保卡"
    assert search_pattern(JASAG + NNBSP + UN) == JASAG
    assert search_pattern("ᠦ\u180cᠨᠡᠮᠯᠡᠯ") == UNEMLEL


@given(
    st.lists(
        st.tuples(st.sampled_from(list(AJILTAN + BAYIGULLUGA)), st.sampled_from(["", *FVS, ZWJ])),
        min_size=1,
        max_size=12,
    )
)
def test_selectors_anywhere_in_a_word_never_change_it(letters_and_marks):
    plain = "".join(letter for letter, _ in letters_and_marks)
    marked = "".join(letter + mark for letter, mark in letters_and_marks)
    assert mongolian.index_words(marked) == mongolian.index_words(plain)


def test_highlighting_marks_whole_words_in_the_text_as_written():
    text = "ᠠ\u180bᠵᠢᠯᠲᠠᠨ" + NNBSP + "ᠢᠶᠠᠨ ᠪᠦᠷᠲᠭᠡᠨ" + MVS + "ᠡ"
    assert highlight(text, [AJIL]) == "<mark>ᠠ\u180bᠵᠢᠯᠲᠠᠨ</mark>" + NNBSP + "ᠢᠶᠠᠨ ᠪᠦᠷᠲᠭᠡᠨ" + MVS + "ᠡ"
    assert highlight(text, ["ᠪᠦᠷᠲᠭᠡᠨᠡ"]) == "ᠠ\u180bᠵᠢᠯᠲᠠᠨ" + NNBSP + "ᠢᠶᠠᠨ <mark>ᠪᠦᠷᠲᠭᠡᠨ" + MVS + "ᠡ</mark>"
    assert highlight(text, ["ᠵᠢᠯ"]) == text  # not a word's beginning
    assert highlight("社保卡" + AJIL, ["社保卡"]) == "<mark>社保卡</mark>" + AJIL


def test_a_snippet_keeps_the_narrow_no_break_space_and_shows_whole_words():
    text = " ".join([JASAG + NNBSP + UN] * 12 + [AJILTAN] + [BAYIGULLUGA] * 12)
    excerpt = snippet(text, [AJIL])
    assert "<mark>" + AJILTAN + "</mark>" in excerpt and NNBSP in excerpt
    body = excerpt.strip("…").replace("<mark>", "").replace("</mark>", "")
    assert all(word in (JASAG, UN, AJILTAN, BAYIGULLUGA) for word in body.replace(NNBSP, " ").split())


def test_a_query_is_one_concept_per_mongolian_word_without_its_case_ending():
    understanding = Lexicon().understand(JASAG + " " + UN + " " + "ᠠ\u180dᠵᠢᠯ 社保卡")
    assert [c.said for c in understanding.concepts] == [JASAG, AJIL, "社保卡"]
    assert [c.is_mongolian for c in understanding.concepts] == [True, True, False]
    assert Lexicon().understand("社保卡" + AJIL).concepts == (
        Concept("社保卡", ("社保卡",)),
        Concept(AJIL, (AJIL,)),
    )
    assert Lexicon().understand(UN).is_empty  # an ending alone asks for nothing


def test_mongolian_terms_are_whole_words_and_can_lead_to_the_catalogs_chinese_words():
    lexicon = Lexicon(synonyms={"ᠲᠡᠲᠭᠡᠮᠵᠢ": ("ᠲᠡᠲᠭᠡᠮᠵᠢ", "待遇")}, ignored=frozenset({"ᠶᠠᠭᠠᠬᠢᠵᠤ"}))
    understanding = lexicon.understand("ᠲᠡᠲᠭᠡᠮᠵᠢ" + NNBSP + "ᠶᠢᠨ ᠶᠠᠭᠠᠬᠢᠵᠤ")
    assert understanding.concepts == (Concept("ᠲᠡᠲᠭᠡᠮᠵᠢ", ("ᠲᠡᠲᠭᠡᠮᠵᠢ", "待遇")),)
    assert understanding.ignored == ("ᠶᠠᠭᠠᠬᠢᠵᠤ",)
    # A term is never a piece of a longer word.
    assert lexicon.understand("ᠲᠡᠲᠭᠡᠮᠵᠢᠲᠡᠢ").concepts[0].phrases == ("ᠲᠡᠲᠭᠡᠮᠵᠢᠲᠡᠢ",)


def test_mongolian_words_neither_decide_coverage_nor_break_into_pieces():
    understanding = Understanding("q", (Concept(AJIL, (AJIL,)), Concept("火星", ("火星",))))
    assert [c.said for c in understanding.content_words()] == ["火星"]
    assert [c.said for c in partial_understanding(understanding).concepts] == ["火", "星"]
