"""Query understanding: synonyms, question words, folding; all of it data that staff can edit."""

import pytest

from gongkai.search.models import Synonym, TermKind
from gongkai.search.understanding import Lexicon

pytestmark = pytest.mark.django_db


def _said(understanding):
    return [(c.said, c.phrases[1:]) for c in understanding.concepts]


def test_colloquial_words_become_catalog_words_and_question_words_are_ignored():
    understood = Lexicon.load().understand("社保卡丢了怎么办")
    assert _said(understood) == [("社保卡", ("社会保障卡",)), ("丢了", ("挂失", "补换"))]
    assert understood.ignored == ("怎么办",)


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("退休要带什么", ["退休"]),
        ("请问新农保在哪里办", ["新农保"]),
        ("我想领失业金吗", ["领", "失业金"]),
        ("补缴社保多久能办好", ["补缴", "社保"]),
    ],
)
def test_question_forms_are_stripped(query, said):
    assert [c.said for c in Lexicon.load().understand(query).concepts] == said


def test_traditional_and_full_width_queries_are_folded_first():
    understood = Lexicon.load().understand("社會保障卡　掛失")
    assert [c.said for c in understood.concepts] == ["社会保障卡", "挂失"]


def test_catalog_words_split_unknown_runs_and_stray_single_characters_are_dropped():
    understood = Lexicon.load().understand("失业金换个银行卡")
    assert [c.said for c in understood.concepts] == ["失业金", "银行卡"]
    assert [c.said for c in Lexicon.load().understand("卡").concepts] == ["卡"]  # unless it is all there is


def test_a_query_of_only_question_words_is_searched_as_typed():
    assert [c.said for c in Lexicon.load().understand("怎么办").concepts] == ["怎么办"]


def test_staff_can_add_and_switch_off_terms():
    Synonym.objects.create(term="医疗补贴", kind=TermKind.SYNONYM, expansions="一次性工伤医疗补助金\n医疗")
    Synonym.objects.create(term="哈", kind=TermKind.IGNORE)
    understood = Lexicon.load().understand("醫療補貼哈")  # stored folded, so traditional input matches
    assert _said(understood) == [("医疗补贴", ("一次性工伤医疗补助金", "医疗"))]
    Synonym.objects.filter(term="医疗补贴").update(is_active=False)
    concepts = Lexicon.load().understand("医疗补贴").concepts
    assert not any(c.said == "医疗补贴" and c.rewritten for c in concepts)


def test_expansions_accept_new_lines_and_the_enumeration_comma():
    term = Synonym(term="看病", expansions="就医、医疗\n 看病 ")
    assert term.expansion_list() == ["就医", "医疗", "看病"]


def test_life_event_words_weigh_more():
    concepts = Lexicon.load().understand("我爸去世了养老金怎么办").concepts
    assert {c.said: c.weight for c in concepts} == {"去世": 2, "养老金": 1}
