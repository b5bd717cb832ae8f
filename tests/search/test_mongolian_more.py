"""Mongolian search beyond guide translations: an item's own Mongolian name (for the many items without a
guide), Mongolian digits, and queries as long as Mongolian words need."""

import pytest

from gongkai.catalog.models import Item
from gongkai.search.models import SearchEntry
from gongkai.search.services import QueryError, clean_query, search
from gongkai.search.text import fold
from gongkai.search.understanding import MAX_MONGOLIAN_QUERY, MAX_QUERY
from tests.search.test_mongolian import BURTGEL, PENSION, SEED, found
from tests.translations.helpers import publish_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(seeded, editor, reviewer):
    """Item 10 has no guide, only its own Mongolian name, published."""
    item = Item.objects.get(catalog__slug=SEED, seq=10)
    publish_text(item, editor, reviewer, {"name": PENSION})
    return item


def test_an_item_without_a_guide_is_found_by_its_own_mongolian_name(named):
    assert not SearchEntry.objects.get(item=named).has_guide
    assert found("ᠲᠡᠲᠭᠡᠮᠵᠢ", catalog=named.catalog) == [10]
    assert found(BURTGEL, catalog=named.catalog) == [10]
    hit = search("ᠲᠡᠲᠭᠡᠮᠵᠢ", catalog=named.catalog).hits[0]
    assert hit.entry.item_id == named.pk


def test_a_renamed_item_is_no_longer_found_by_the_mongolian_of_its_old_name(named):
    named.name = named.name + "（新）"
    named.save()
    assert found("ᠲᠡᠲᠭᠡᠮᠵᠢ", catalog=named.catalog) == []


def test_mongolian_digits_are_the_numbers_they_stand_for():
    assert fold("᠑᠒᠓᠓᠓") == "12333"
    assert fold("电话᠑᠒᠓᠓᠓") == "电话12333"


def test_a_mongolian_query_may_be_longer_than_a_chinese_one():
    words = " ".join(["ᠲᠡᠲᠭᠡᠮᠵᠢ\u202fᠶᠢᠨ"] * 10)  # 10 words with their endings: 109 characters
    assert MAX_QUERY < len(words) <= MAX_MONGOLIAN_QUERY
    assert clean_query(words) == " ".join(words.split())  # U+202F is a space to search
    with pytest.raises(QueryError, match=str(MAX_MONGOLIAN_QUERY)):
        clean_query(" ".join([words, words]))
    with pytest.raises(QueryError, match=str(MAX_QUERY)):
        clean_query("社保" * 26)


def test_the_mongolian_search_box_allows_the_mongolian_length(client, seeded):
    assert f'maxlength="{MAX_MONGOLIAN_QUERY}"' in client.get("/mn/search/?q=ᠲᠡᠲᠭᠡᠮᠵᠢ").content.decode()
    assert f'maxlength="{MAX_QUERY}"' in client.get("/search/?q=社保").content.decode()
