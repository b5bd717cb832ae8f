"""Search that knows what it doesn't know: the page, the API and the command line say "本站没有这项内容"."""

import json

import pytest
from django.core.management import call_command

from gongkai.catalog.models import Catalog
from gongkai.search.models import Synonym, TermKind
from gongkai.search.understanding import Lexicon

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_matter_of_another_body_gets_where_to_ask_and_no_items(client, seeded):
    Catalog.objects.filter(pk=seeded.pk).update(contact_phone="0482-6112233")
    html = page(client, "/search/?q=医保报销")
    assert "本站没有这项内容" in html
    assert "“医保报销”的事，请找医疗保障局（医保经办窗口）" in html
    assert 'href="tel:12345"' in html and "0482-6112233" in html and "12333" in html
    # Not the work-injury medical costs (48) nor the unemployment fund's contributions (62).
    assert "/bodies/zltq-rsj/catalog/zalaite-social-insurance/48/" not in html
    assert "/bodies/zltq-rsj/catalog/zalaite-social-insurance/62/" not in html
    assert 'class="item-list' not in html


def test_a_query_that_only_shares_a_word_finds_nothing(client, seeded):
    html = page(client, "/search/?q=身份证丢了")
    assert "本站没有这项内容" in html and "“身份证”" in html
    assert "社会保障卡挂失" not in html  # 丢了 → 挂失 is about another card
    html = page(client, "/search/?q=残疾证")
    assert "本站没有这项内容" in html and "残疾人联合会" in html
    assert "伤残待遇申领" not in html


def test_in_catalog_queries_keep_their_ranking_and_retirement_leads_with_its_life_event(client, seeded):
    html = page(client, "/search/?q=退休")
    assert "本站没有这项内容" not in html
    assert "要办的是“退休”这件事？" in html
    assert html.index('href="/events/retirement/"') < html.index(
        "/bodies/zltq-rsj/catalog/zalaite-social-insurance/17/"
    )
    pension = page(client, "/search/?q=养老金查询")
    assert "最相关的是“个人权益记录查询打印”" in pension


def test_api_and_command_line_find_nothing_for_what_is_not_covered(client, seeded, capsys):
    body = client.get("/api/v1/search", {"q": "身份证丢了"}).json()
    assert body["results"] == [] and body["total"] == 0
    call_command("search", "身份证丢了", "--json")
    assert json.loads(capsys.readouterr().out) == body
    call_command("search", "医保报销")
    out = capsys.readouterr().out
    assert "本站没有“医保报销”这项内容" in out and "医疗保障局" in out and "12345" in out


def test_staff_mark_a_matter_as_another_bodys_in_the_admin_data(client, seeded):
    assert "本站没有这项内容" not in page(client, "/search/?q=工伤")
    Synonym.objects.create(term="工伤", kind=TermKind.OUTSIDE, referral="测试用的别的单位")
    html = page(client, "/search/?q=工伤")
    assert "本站没有这项内容" in html and "测试用的别的单位" in html


def test_an_outside_term_needs_where_to_ask():
    from django.core.exceptions import ValidationError

    term = Synonym(term="低保", kind=TermKind.OUTSIDE)
    with pytest.raises(ValidationError, match="去哪里问"):
        term.clean()


def test_longest_term_wins_so_a_covered_phrase_is_not_mistaken_for_an_outside_one(db):
    lexicon = Lexicon.load()
    assert lexicon.understand("身份证号码改了").outside == ()
    assert [o.said for o in lexicon.understand("身份证丢了").outside] == ["身份证"]


def test_catalog_words_are_found_alike_through_the_index_and_by_reading_one_catalog(seeded):
    from gongkai.search.coverage import CATALOG_FIELDS
    from gongkai.search.services import Scope, concepts_found

    understanding = Lexicon.load().understand("挂失 火星 工伤 卡")
    assert [c.said for c in understanding.concepts][:2] == ["挂失", "火星"]
    across = concepts_found(understanding, Scope(), CATALOG_FIELDS)
    assert across == concepts_found(understanding, Scope(seeded), CATALOG_FIELDS)
    assert across[1] is False and across[0] is True and all(across[2:])
