"""Search in Mongolian: an item is found by the words of its current translation, as a phone keyboard
types them, on SQLite and PostgreSQL alike; a translation that is out of date or withdrawn is not searched.
Chinese queries find and rank what they did before."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalog.models import Item
from gongkai.catalog.services import load_seed_if_empty
from gongkai.guides import services
from gongkai.guides.models import Language
from gongkai.search import fts
from gongkai.search.models import SearchEntry
from gongkai.search.services import search
from gongkai.search.text import search_pattern
from tests.guides.helpers import FULL_CONTENT, publish
from tests.guides.helpers import publish_translation as publish_translated
from tests.search.helpers import seqs

pytestmark = pytest.mark.django_db

SEED = "zalaite-social-insurance"
NNBSP, MVS, FVS1 = "\u202f", "\u180e", "\u180b"
# 职工参保登记: neyigem-ün qamaγalal-un bürtgel, the γ of qamaγalal written with a variation selector.
NAME = "ᠨᠡᠶᠢᠭᠡᠮ" + NNBSP + "ᠦᠨ ᠬᠠᠮᠠᠭ" + FVS1 + "ᠠᠯᠠᠯ" + NNBSP + "ᠤᠨ ᠪᠦᠷᠲᠭᠡᠯ"
# ajil-un bayiγulluγ-a ajiltan-iyan bürtgen-e: the organisation registers its workers.
SUMMARY = "ᠠᠵᠢᠯ" + NNBSP + "ᠤᠨ ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭ" + MVS + "ᠠ ᠠᠵᠢᠯᠲᠠᠨ" + NNBSP + "ᠢᠶᠠᠨ ᠪᠦᠷᠲᠭᠡᠨ" + MVS + "ᠡ᠃"
MATERIAL = "ᠢᠷᠭᠡᠨ" + NNBSP + "ᠦ ᠦᠨᠡᠮᠯᠡᠯ"  # irgen-ü ünemlel, identity card
# 职工正常退休(职)申请: tetgemji-yin bürtgel (pension registration), for a second translated item.
PENSION = "ᠲᠡᠲᠭᠡᠮᠵᠢ" + NNBSP + "ᠶᠢᠨ ᠪᠦᠷᠲᠭᠡᠯ"

QAMAGALAL = "ᠬᠠᠮᠠᠭᠠᠯᠠᠯ"  # typed without the selector the name has
BURTGEL = "ᠪᠦᠷᠲᠭᠡᠯ"


def _translation(name=NAME, summary=SUMMARY, material=MATERIAL) -> dict:
    """Texts for FULL_CONTENT's rows; the ones left empty are confirmed as missing when submitted."""
    return {
        "name": name,
        "summary": summary,
        "ways": "",
        "delivery": "",
        "hours": "",
        "time_limit": {"text": ""},
        "fees": {"basis": "", "standard": ""},
        "materials": [{"name": material, "notes": ""}, {"name": "", "notes": ""}],
        "places": [{"name": "", "address": ""}],
        "consult": [{"label": "", "value": ""}],
        "complaint": [{"label": "", "value": ""}],
    }


def publish_translation(item, editor, reviewer, **texts):
    return publish_translated(item, editor, reviewer, _translation(**texts))


def item_with_translation(editor, reviewer) -> Item:
    """The seed catalog, its item 4 with a published Chinese guide and a current translation of it."""
    load_seed_if_empty(actor_label="test")
    item = Item.objects.get(catalog__slug=SEED, seq=4)
    publish(item, editor, reviewer, formed_on=datetime.date(2026, 11, 2))
    publish_translation(item, editor, reviewer)
    return item


@pytest.fixture
def item(seeded):
    return Item.objects.get(catalog__slug=SEED, seq=4)


@pytest.fixture
def translated(item, editor, reviewer):
    publish(item, editor, reviewer, formed_on=datetime.date(2026, 11, 2))
    return publish_translation(item, editor, reviewer)


def found(query: str, **options) -> list[int]:
    """The seqs a query finds within the seed catalog and across all catalogs: the two ways search reads
    (every entry of one catalog, or the full-text index first) must agree."""
    within = seqs(search(query, catalog=options.pop("catalog"), **options))
    across = seqs(search(query, **options))
    assert within == across, query
    return within


def test_a_mongolian_word_finds_the_item_by_its_current_translation(item, translated):
    catalog = item.catalog
    assert found(QAMAGALAL, catalog=catalog) == [4]  # the name has a variation selector, the query none
    assert found(QAMAGALAL + " ᠤᠨ", catalog=catalog) == [4]  # the case ending typed with an ordinary space
    assert found("ᠬᠠᠮᠠᠭ\u180cᠠᠯᠠᠯ", catalog=catalog) == [4]  # another selector than the name's
    assert found("ᠪᠦᠷᠲᠭᠡ", catalog=catalog) == [4]  # a word's beginning: its stem
    assert found("ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭ ᠠ", catalog=catalog) == [4]  # in the summary; a space for the vowel separator
    assert found("ᠪᠠᠶᠢᠭᠤᠯᠯᠤᠭᠠ", catalog=catalog) == [4]  # no separator at all
    assert found("ᠦᠨᠡᠮᠯᠡᠯ", catalog=catalog) == [4]  # a material
    assert found("ᠯᠡᠯ", catalog=catalog) == []  # the middle of a word is no word
    assert found("ᠬᠡᠯᠡ", catalog=catalog) == []


def test_the_hit_names_the_item_in_the_pages_language_and_marks_the_words(item, translated):
    hit = search(QAMAGALAL, catalog=item.catalog, language=Language.MONGOLIAN).hits[0]
    assert hit.name == NAME
    assert "<mark>ᠬᠠᠮᠠᠭ" + FVS1 + "ᠠᠯᠠᠯ</mark>" in hit.name_html
    assert not hit.snippet_html  # found in the name
    in_guide = search("ᠦᠨᠡᠮᠯᠡᠯ", catalog=item.catalog, language=Language.MONGOLIAN).hits[0]
    assert "<mark>ᠦᠨᠡᠮᠯᠡᠯ</mark>" in in_guide.snippet_html
    chinese_page = search(QAMAGALAL, catalog=item.catalog).hits[0]
    assert chinese_page.name == chinese_page.name_html == "职工参保登记"


def test_the_full_text_index_finds_mongolian_word_beginnings(item, translated):
    entry = SearchEntry.objects.get(item=item)
    match = fts.match_condition(connection.vendor, [search_pattern("ᠪᠦᠷᠲᠭᠡ")])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.id FROM {match.tables} WHERE {match.condition}", match.params)  # noqa: S608
        assert {row[0] for row in cursor.fetchall()} == {entry.text_id}
    assert entry.text.mn_name_words == "ᠨᠡᠶᠢᠭᠡᠮ " + QAMAGALAL + " " + BURTGEL


def test_a_name_match_ranks_above_a_guide_match_in_mongolian_too(item, translated, editor, reviewer):
    pension = Item.objects.get(catalog__slug=SEED, seq=17)
    publish(pension, editor, reviewer, formed_on=datetime.date(2026, 11, 2))
    publish_translation(pension, editor, reviewer, name=PENSION, summary=QAMAGALAL + NNBSP + "ᠤᠨ ᠲᠡᠲᠭᠡᠮᠵᠢ")
    assert found(QAMAGALAL, catalog=item.catalog) == [4, 17]  # item 4's name, item 17's summary
    assert found("ᠲᠡᠲᠭᠡᠮᠵᠢ", catalog=item.catalog) == [17]
    assert found("ᠲᠡᠲᠭᠡᠮᠵᠢ ᠪᠦᠷᠲᠭᠡᠯ", catalog=item.catalog) == [17, 4]  # both words first
    assert found("ᠠᠵᠢᠯᠲᠠᠨ", catalog=item.catalog) == [4]


def test_an_out_of_date_translation_is_no_longer_found_until_the_next_is_published(
    item, translated, editor, reviewer
):
    publish(
        item,
        editor,
        reviewer,
        formed_on=datetime.date(2026, 12, 1),
        content={**FULL_CONTENT, "summary": "新"},
    )
    assert found(QAMAGALAL, catalog=item.catalog) == []
    assert found("ᠦᠨᠡᠮᠯᠡᠯ", catalog=item.catalog) == []
    assert found("职工参保", catalog=item.catalog)[0] == 4  # the Chinese as ever
    publish_translation(item, editor, reviewer, name=PENSION)
    assert found(QAMAGALAL, catalog=item.catalog) == []  # the new translation's name replaced it
    assert found("ᠲᠡᠲᠭᠡᠮᠵᠢ", catalog=item.catalog) == [4]


def test_a_withdrawn_translation_is_no_longer_found(item, translated, officer):
    services.withdraw_revision(translated, reason="译文有误", acting_user=officer)
    assert found(QAMAGALAL, catalog=item.catalog) == []


def test_chinese_queries_find_and_rank_what_they_did_before(item, editor, reviewer):
    publish(item, editor, reviewer, formed_on=datetime.date(2026, 11, 2))
    queries = ["职工参保登记", "参保", "身份证", "窗口办理", "4", "社保卡丢了"]

    def answers():
        return {
            q: [(h.entry.seq, h.score, h.name_html, h.snippet_html) for h in search(q).hits] for q in queries
        }

    before = answers()
    # A translation with digits and a Chinese word in it: still nothing a Chinese query looks at.
    publish_translation(item, editor, reviewer, material=MATERIAL + " 4 身份证")
    assert answers() == before


def test_the_mongolian_search_page_lists_translated_names_in_a_fixed_number_of_queries(
    client, item, translated, editor, reviewer
):
    html = client.get("/mn/search/", {"q": BURTGEL}).content.decode()
    assert f'href="/mn/bodies/zltq-rsj/catalog/{SEED}/4/"' in html
    assert "ᠨᠡᠶᠢᠭᠡᠮ" + NNBSP + "ᠦᠨ ᠬᠠᠮᠠᠭ" + FVS1 + "ᠠᠯᠠᠯ" + NNBSP + "ᠤᠨ <mark>ᠪᠦᠷᠲᠭᠡᠯ</mark>" in html
    chinese = client.get("/search/", {"q": BURTGEL}).content.decode()
    assert "职工参保登记" in chinese and NAME not in chinese
    with CaptureQueriesContext(connection) as one:
        client.get("/mn/search/", {"q": BURTGEL})
    pension = Item.objects.get(catalog__slug=SEED, seq=17)
    publish(pension, editor, reviewer, formed_on=datetime.date(2026, 11, 2))
    publish_translation(pension, editor, reviewer, name=PENSION)
    with CaptureQueriesContext(connection) as two:
        html = client.get("/mn/search/", {"q": BURTGEL}).content.decode()
    assert PENSION.replace(BURTGEL, f"<mark>{BURTGEL}</mark>") in html
    assert len(two) == len(one)
