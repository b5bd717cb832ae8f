"""Folding, tokens and highlighting: pure functions, no database."""

from hypothesis import given
from hypothesis import strategies as st

from gongkai.search.text import fold, highlight, snippet, spaced, tokenize


def test_full_width_case_and_traditional_characters_fold_to_what_the_catalog_uses():
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("社會保險") == "社会保险"
    assert fold("掛失（補辦）") == "挂失(补办)"


def test_each_character_is_a_token_and_punctuation_is_dropped_but_brackets_stay():
    assert spaced("社会保障卡补换、换领") == "社 会 保 障 卡 补 换 换 领"
    assert spaced("工伤医疗（康复）费用") == "工 伤 医 疗 ( 康 复 ) 费 用"
    assert tokenize("a，B").origins == (0, 2)


def test_highlight_marks_matches_in_the_original_text_and_escapes_everything_else():
    assert highlight("社會保險登記", ["社会保险"]) == "<mark>社會保險</mark>登記"
    assert highlight("<script>社保</script>", ["社保"]) == "&lt;script&gt;<mark>社保</mark>&lt;/script&gt;"
    assert highlight("丧葬补助金、抚恤金申领", ["补助金抚恤金"]) == "丧葬<mark>补助金、抚恤金</mark>申领"
    assert highlight("社会保障卡", ["<mark>"]) == "社会保障卡"  # a query cannot inject markup


def test_overlapping_matches_merge_into_one_mark():
    assert highlight("养老保险待遇", ["养老保险", "保险待遇"]) == "<mark>养老保险待遇</mark>"


def test_snippet_is_a_short_escaped_excerpt_around_the_first_match():
    text = "前" * 60 + "居民身份证<原件>" + "后" * 100
    excerpt = snippet(text, ["身份证"])
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "<mark>身份证</mark>&lt;原件&gt;" in excerpt
    assert len(excerpt) < 120
    assert snippet(text, ["火星"]) == ""


def test_text_is_stored_as_overlapping_pairs_and_its_last_character():
    from gongkai.search.text import gram_pattern, grams, text_grams

    assert text_grams("社保卡") == "社保 保卡 卡"
    assert text_grams("卡") == "卡" and text_grams("") == "" and grams(()) == ""
    assert gram_pattern("社保卡") == "社保 保卡" and gram_pattern("卡") == "卡"
    assert gram_pattern("社保卡") in text_grams("补办社保卡")
    assert gram_pattern("保社") not in text_grams("社保卡")
    assert gram_pattern("工伤（康复）") in text_grams("工伤（康复）费用")


@given(
    text=st.text(alphabet="社保卡补办a1（", max_size=12),
    query=st.text(alphabet="社保卡补办a1（", min_size=1, max_size=4),
)
def test_a_pattern_is_in_the_stored_pairs_exactly_when_the_query_is_in_the_text(text, query):
    from gongkai.search.text import gram_pattern, text_grams

    assert (gram_pattern(query) in text_grams(text)) == (query in text)


@given(
    text=st.text(alphabet="社保卡补办a1（）", max_size=12),
    query=st.text(alphabet="社保卡补办a1（）", min_size=1, max_size=4),
)
def test_a_pattern_is_in_the_characters_in_a_row_exactly_where_it_is_in_the_stored_pairs(text, query):
    """PostgreSQL checks substrings in each field's characters without the pairs (`fts.CHARS_COLUMNS`)."""
    from gongkai.search.text import char_pattern, gram_pattern, text_grams

    stored, pattern = text_grams(text), gram_pattern(query)
    assert char_pattern(stored) == "".join(tokenize(text).tokens)
    assert (char_pattern(pattern) in char_pattern(stored)) == (pattern in stored)
