"""The index follows what the public sees, finds any substring on both databases, and ranks by where it matched."""

import datetime

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.catalog.services import import_catalog
from gongkai.guides import services as guides
from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.search import fts
from gongkai.search.index import rebuild_index, rebuild_items
from gongkai.search.models import SearchEntry, SearchText
from gongkai.search.services import QueryError, clean_query, search
from gongkai.search.text import char_pattern, gram_pattern
from tests.factories import make_document
from tests.guides.helpers import FULL_CONTENT, publish
from tests.search.helpers import catalog_with, seqs

pytestmark = pytest.mark.django_db


def test_one_and_two_character_queries_find_substrings(seeded):
    assert set(seqs(search("卡", catalog=seeded, limit=20))) == set(range(70, 78))
    assert seqs(search("退休", catalog=seeded))[0] == 17
    assert set(seqs(search("挂失", catalog=seeded))) == {75}
    assert len(search("工伤", catalog=seeded, limit=100).hits) >= 24
    assert search("50", catalog=seeded).hits[0].entry.seq == 54  # 预支50%确认


def _indexed(pattern: str) -> set[int]:
    """Texts the full-text index returns for a pattern of stored pairs (a superset on PostgreSQL)."""
    match = fts.match_condition(connection.vendor, [pattern])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.id FROM {match.tables} WHERE {match.condition}", match.params)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def test_the_database_full_text_index_is_what_narrows_the_search(seeded):
    entry = SearchEntry.objects.get(item__catalog=seeded, seq=75)
    assert _indexed(gram_pattern("挂失")) == {entry.text_id}
    assert entry.text_id in _indexed(gram_pattern("社会保障卡挂失"))
    assert entry.text_id in _indexed(gram_pattern("挂"))  # one character: every pair it begins
    assert entry.text_id in _indexed(gram_pattern("解挂"))  # the name's last pair
    assert entry.text_id in _indexed(gram_pattern("挂"[-1]))
    if fts.is_exact(connection.vendor):
        assert not _indexed(gram_pattern("失挂"))  # the same characters in another order


def test_postgresql_keeps_each_field_s_characters_in_a_row_beside_its_pairs(seeded):
    if connection.vendor != "postgresql":
        pytest.skip("generated columns of the PostgreSQL index")
    columns = ", ".join(f"{grams}, {chars}" for grams, chars in fts.CHARS_COLUMNS.items())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM search_searchtext")  # noqa: S608  (constant column names)
        rows = cursor.fetchall()
    assert rows and any(row[5] for row in rows)  # life-event words too
    for row in rows:
        for grams, chars in zip(row[::2], row[1::2], strict=True):
            assert chars == char_pattern(grams)


def text_storage() -> dict[str, str]:
    """PostgreSQL: how each column of the texts is stored ("m": in the row, "x": compressed or out of line)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute "
            "WHERE attrelid = 'search_searchtext'::regclass AND attnum > 0 AND NOT attisdropped"
        )
        return dict(cursor.fetchall())


# What search reads of every text the full-text index finds.
READ_PER_TEXT = ["document", *fts.CHARS_COLUMNS.values()]


def test_postgresql_keeps_what_search_reads_of_every_text_in_the_row(db):
    if connection.vendor != "postgresql":
        pytest.skip("storage of the PostgreSQL index's columns")
    # GIVEN a migrated database: the tsvector and the characters are kept in the row, while the long
    # columns read only for a page of hits may go out of line
    storage = text_storage()
    assert [storage[column] for column in READ_PER_TEXT] == ["m"] * len(READ_PER_TEXT)
    assert storage["guide_text"] == storage["guide_grams"] == "x"
    # WHEN the index is installed again (as after a table rebuild)
    fts.uninstall(connection)
    fts.install(connection)
    # THEN its columns are kept in the row again
    storage = text_storage()
    assert [storage[column] for column in READ_PER_TEXT] == ["m"] * len(READ_PER_TEXT)


def test_one_character_queries_find_the_last_character_of_a_field(db):
    catalog = catalog_with({"类别": ["补卡", "卡补"]})
    assert set(seqs(search("卡", catalog=catalog))) == {1, 2}
    assert set(seqs(search("卡"))) == {1, 2}
    assert seqs(search("补卡")) == [1] and seqs(search("卡补")) == [2]


def test_the_index_follows_renames(seeded):
    entry = SearchEntry.objects.get(item__catalog=seeded, seq=75)
    old_text = entry.text_id
    item = entry.item
    item.name = "社会保障卡遗失登记"
    item.save()
    rebuild_items([item.pk])
    entry.refresh_from_db()
    assert entry.text_id in _indexed(gram_pattern("遗失"))
    assert seqs(search("遗失", catalog=seeded)) == [75] and seqs(search("遗失")) == [75]
    assert not SearchText.objects.filter(pk=old_text).exists()  # no other item read it


def test_a_match_in_the_name_ranks_above_the_group_above_the_guide(db, editor, reviewer):
    catalog = catalog_with({"退休服务": ["其他事项甲"], "其他服务": ["退休申请", "其他事项乙"]})
    content = {**FULL_CONTENT, "summary": "办理退休前先查缴费年限。"}
    publish(catalog.items.get(seq=3), editor, reviewer, formed_on=datetime.date(2026, 9, 18), content=content)
    result = search("退休", catalog=catalog)
    assert seqs(result) == [2, 1, 3]
    name, group, guide = result.hits
    assert name.name_html == "<mark>退休</mark>申请" and not name.snippet_html
    assert group.group_html == "<mark>退休</mark>服务"
    assert "<mark>退休</mark>" in guide.snippet_html


def test_the_index_follows_imports_renames_and_deletions(db):
    doc = make_document(3, groups=1)
    import_catalog(doc, actor_label="test")
    doc["items"][0]["name"] = "灵活就业人员参保登记"
    doc["items"][1]["category"] = "新的类别"
    del doc["items"][2]
    import_catalog(doc, actor_label="test")
    assert seqs(search("灵活就业")) == [1]
    assert seqs(search("测试事项1")) == []
    assert seqs(search("新的类别")) == [2]
    assert seqs(search("测试事项3")) == []
    assert SearchEntry.objects.count() == 2


def test_publishing_and_withdrawing_a_guide_updates_its_text_in_the_index(db, editor, reviewer, officer):
    catalog = catalog_with({"类别": ["事项甲"]})
    content = {**FULL_CONTENT, "summary": "须带户口簿原件。"}
    rev = publish(
        catalog.items.get(), editor, reviewer, formed_on=datetime.date(2026, 9, 18), content=content
    )
    assert seqs(search("户口簿")) == [1]
    assert search("户口簿").hits[0].entry.has_guide
    guides.withdraw_revision(rev, reason="事项取消", acting_user=officer)
    assert seqs(search("户口簿")) == []


def test_life_event_steps_add_the_citizens_words(seeded):
    event = LifeEvent.objects.create(catalog=seeded, slug="marriage", name="结婚成家", summary="测试")
    LifeEventStep.objects.create(event=event, item=seeded.items.get(seq=7), when="结婚后户口变了")
    assert seqs(search("结婚", catalog=seeded)) == [7]
    event.delete()
    assert seqs(search("结婚", catalog=seeded)) == []


def test_hidden_items_are_never_returned_even_when_changed_behind_the_index(db):
    catalog = catalog_with({"类别": ["保密事项", "公开事项", "另一保密事项"]})
    item = catalog.items.get(seq=1)
    item.audience = ["特定群众"]
    item.save()
    catalog.items.filter(seq=3).update(audience=["特定群众"])  # no signal: the index is stale
    assert seqs(search("事项", catalog=catalog)) == [2]


def test_deleting_a_catalog_removes_its_entries_from_the_full_text_index(
    db, django_capture_on_commit_callbacks
):
    catalog = catalog_with({"类别": ["事项甲", "事项乙"]})
    kept = catalog_with({"类别": ["事项甲"]}, publisher="另一县人社局")
    with django_capture_on_commit_callbacks(execute=True):
        catalog.delete()
    assert SearchEntry.objects.count() == 1
    assert SearchText.objects.count() == 1  # 事项乙's text went with the last entry that read it
    assert seqs(search("事项")) == [1] and search("事项").hits[0].entry.catalog == kept
    _check_full_text_index()


def test_scope_filters_by_catalog_group_and_level(db):
    levels = lambda seq: ["县级"] if seq % 2 else ["乡级"]  # noqa: E731
    one = catalog_with({"甲类": ["登记一", "登记二"], "乙类": ["登记三"]}, levels=levels)
    other = catalog_with({"甲类": ["登记四"]}, publisher="另一县人社局")
    assert seqs(search("登记", catalog=one)) == [1, 2, 3]
    assert {hit.entry.catalog_id for hit in search("登记").hits} == {one.pk, other.pk}
    first_group = one.categories.get(position=0)
    assert seqs(search("登记", catalog=one, category=first_group)) == [1, 2]
    assert seqs(search("登记", catalog=one, level="乡级")) == [2]


def test_rebuilding_the_index_gives_the_same_results(seeded):
    rebuild_index()  # the seed's life-event steps came in bulk, unseen until the test transaction commits
    before = [(h.entry.seq, h.score) for h in search("社保卡丢了", catalog=seeded).hits]
    SearchEntry.objects.all().delete()
    assert search("社保卡丢了", catalog=seeded).total == 0
    assert rebuild_index() == 77
    assert [(h.entry.seq, h.score) for h in search("社保卡丢了", catalog=seeded).hits] == before
    _check_full_text_index()


def _check_full_text_index():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # raises if the FTS table and the entries disagree
            cursor.execute("INSERT INTO search_text_fts(search_text_fts, rank) VALUES ('integrity-check', 1)")


def test_a_long_query_of_many_known_words_stays_within_integer_range(seeded):
    query = "社保卡丢了失业金养老金工伤医药费报销新农保补缴社保退休金丧葬费假肢转院稳岗返还企业年金病退去世"
    assert len(query) <= 50
    assert search(query, catalog=seeded).total > 0
    assert search(query).total > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=60))
def test_any_text_is_either_refused_with_a_reason_or_searched(seeded, text):
    try:
        query = clean_query(text)
    except QueryError as error:
        assert str(error)
        return
    result = search(query, catalog=seeded, limit=5)
    assert result.total >= len(result.hits)
    for hit in result.hits:
        assert "<script" not in hit.name_html and "<script" not in hit.snippet_html


def test_control_characters_never_reach_the_database(seeded, client):
    """PostgreSQL refuses NUL in any text; a query carrying one (found by schemathesis) is searched without it."""
    assert clean_query("o\x00退\x08休") == "o 退 休"
    assert client.get("/api/v1/search", {"q": "o\x00\x08"}).status_code == 200
    assert client.get("/search/", {"q": "退\x00休"}).status_code == 200
