"""An install with the earlier one-character index gets the new one from `migrate` alone."""

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.catalog.models import Item
from gongkai.catalog.services import load_seed_if_empty
from gongkai.search import fts
from gongkai.search.models import SearchEntry, SearchText
from gongkai.search.services import search

OLD_ENTRIES = """
    INSERT INTO search_searchentry (item_id, catalog_id, category_id, seq, scope, name_chars, group_chars,
        hint_chars, guide_chars, guide_text, levels, name_length, name_weight, is_public, has_guide, updated_at)
    SELECT id, catalog_id, category_id, seq, 'k1', name, '', '', '', '', '', 4, 100, %s, %s, %s
    FROM catalog_item
"""


@pytest.mark.django_db(transaction=True)
def test_migrate_replaces_the_old_index_and_rebuilds_every_entry():
    load_seed_if_empty(actor_label="test")
    # GIVEN the schema and entries of the earlier index (search 0006)
    call_command("migrate", "search", "0006", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(OLD_ENTRIES, [True, False, "2026-11-28 00:00:00+00:00"])
    # WHEN the install is upgraded with nothing but migrate
    call_command("migrate", verbosity=0)
    # THEN every item has its entry again, texts and the full-text index are in place, and search works
    assert SearchEntry.objects.count() == Item.objects.count() == 77
    assert SearchText.objects.count() == 77
    assert fts.is_installed(connection)
    assert [hit.entry.seq for hit in search("挂失").hits] == [75]


@pytest.mark.django_db(transaction=True)
def test_migrate_indexes_the_mongolian_translations_an_install_already_has(editor, reviewer):
    from tests.search.test_mongolian import QAMAGALAL, item_with_translation

    item = item_with_translation(editor, reviewer)
    # GIVEN an install whose index had no Mongolian yet (search 0008), with a published translation
    call_command("migrate", "search", "0008", verbosity=0)
    assert SearchEntry.objects.filter(item=item).exists()
    # WHEN it is upgraded with nothing but migrate
    call_command("migrate", verbosity=0)
    # THEN the translation is searched, and every other item kept its entry
    assert [hit.entry.seq for hit in search(QAMAGALAL).hits] == [4]
    assert SearchEntry.objects.count() == Item.objects.count() == 77
    assert fts.is_installed(connection)


@pytest.mark.django_db(transaction=True)
def test_migrate_moves_what_search_reads_of_each_text_into_the_row():
    if connection.vendor != "postgresql":
        pytest.skip("storage of the PostgreSQL index's columns")
    from tests.search.test_index import READ_PER_TEXT, text_storage

    load_seed_if_empty(actor_label="test")
    # GIVEN an install whose texts were stored before (search 0009)
    call_command("migrate", "search", "0009", verbosity=0)
    assert {text_storage()[column] for column in READ_PER_TEXT} == {"x"}
    before = _file_of("search_searchtext")
    # WHEN it is upgraded with nothing but migrate
    call_command("migrate", verbosity=0)
    # THEN those columns are kept in the row, the texts already there were written again that way, and
    # search finds what it found
    assert {text_storage()[column] for column in READ_PER_TEXT} == {"m"}
    assert _file_of("search_searchtext") != before
    assert [hit.entry.seq for hit in search("挂失").hits] == [75]


def _file_of(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relfilenode FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_migrate_indexes_the_mongolian_item_names_an_install_already_has(editor, reviewer):
    from gongkai.search.index import text_key
    from tests.search.test_mongolian import PENSION
    from tests.translations.helpers import publish_text

    load_seed_if_empty(actor_label="test")
    item = Item.objects.get(seq=10)
    publish_text(item, editor, reviewer, {"name": PENSION})
    # GIVEN an install whose index did not hold items' own Mongolian names (search 0010)
    call_command("migrate", "search", "0010", verbosity=0)
    for text in SearchText.objects.filter(entries__item=item):  # the text as the old index stored it
        text.mn_name = text.mn_name_words = ""
        text.key = text_key(text)
        text.save()
    assert search("ᠲᠡᠲᠭᠡᠮᠵᠢ").hits == []
    # WHEN it is upgraded with nothing but migrate
    call_command("migrate", verbosity=0)
    # THEN the name is searched, and every item has its entry
    assert [hit.entry.seq for hit in search("ᠲᠡᠲᠭᠡᠮᠵᠢ").hits] == [10]
    assert SearchEntry.objects.count() == Item.objects.count() == 77
