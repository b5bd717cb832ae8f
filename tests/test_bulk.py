"""Rows written below the ORM (`gongkai.bulk`) read back as the ORM writes them, on both databases, and the
foreign keys they break are still caught."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from gongkai.bulk import constraints_checked_meanwhile, insert_rows
from gongkai.catalog.models import Item, ItemBasis, LegalBasis
from gongkai.search.models import SearchEntry

pytestmark = pytest.mark.django_db

# What COPY's text format and JSON both escape: tabs, line breaks, backslashes, \N (COPY's NULL), quotes.
AWKWARD = ["《甲》\t（乙）", "第一行\n第二行", "C:\\目录\\N", "\\N", '"引号"', ""]


ITEM_COLUMNS = ("catalog", "seq", "category", "time_limit_days", "group_path", "name", "elements")
ITEM_COLUMNS += ("time_limit", "subject", "audience", "method", "levels", "warnings")


def _item_values(catalog, category, seq: int) -> list:
    name = f"事项{seq}\t\\N"
    return [
        catalog.pk,
        seq,
        category.pk,
        20,
        [category.name],
        name,
        AWKWARD,
        "20个工作日",
        "某局",
        [],
        [],
        ["旗级"],
        [],
    ]


def test_new_rows_come_back_with_their_ids_in_order_and_their_values_intact(seeded):
    category = seeded.categories.first()
    ids = insert_rows(
        Item, ITEM_COLUMNS, [_item_values(seeded, category, seq) for seq in (901, 902, 903)], returning=True
    )
    assert ids == sorted(ids) and len(set(ids)) == 3
    items = Item.objects.in_bulk(ids)
    assert [items[pk].seq for pk in ids] == [901, 902, 903]
    item = items[ids[0]]
    assert item.name == "事项901\t\\N"
    assert item.elements == AWKWARD
    assert (item.group_path, item.levels, item.audience) == ([category.name], ["旗级"], [])


def test_moments_and_flags_survive(seeded):
    item = seeded.items.get(seq=1)
    SearchEntry.objects.filter(item=item).delete()
    moment = timezone.now().replace(microsecond=123456)
    text_id = SearchEntry.objects.values_list("text_id", flat=True).first()
    columns = ["item", "catalog", "category", "seq", "catalog_position", "text", "levels", "is_public"]
    columns += ["has_guide", "updated_at"]
    row = [item.pk, seeded.pk, item.category_id, 1, 0, text_id, "|旗级|", False, True, moment]
    insert_rows(SearchEntry, columns, [row])
    entry = SearchEntry.objects.get(item=item)
    assert (entry.updated_at, entry.is_public, entry.has_guide, entry.levels) == (
        moment,
        False,
        True,
        "|旗级|",
    )


def test_every_statement_passes_the_connection_s_execute_wrappers(seeded):
    """What counts or forbids queries sees the writes too, COPY included."""
    seen = []

    def spy(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    basis = LegalBasis.objects.create(title="《批量写入测试办法》")
    item_ids = list(seeded.items.order_by("seq").values_list("pk", flat=True)[:3])
    with connection.execute_wrapper(spy):
        insert_rows(ItemBasis, ("item", "basis", "position"), [(pk, basis.pk, 9) for pk in item_ids])
    assert seen and all("catalog_itembasis" in sql for sql in seen)
    assert ItemBasis.objects.filter(basis=basis).count() == 3


def test_nothing_to_write_sends_nothing(db):
    seen = []
    with connection.execute_wrapper(lambda execute, *args: seen.append(args) or execute(*args)):
        assert insert_rows(Item, ("seq",), [], returning=True) == []
    assert not seen


DANGLING = 99_999_999  # no legal basis has this id


def _dangling_link():
    """A link to a legal basis that does not exist: a deferred foreign key, caught at the latest at commit."""
    item = Item.objects.first()
    insert_rows(ItemBasis, ("item", "basis", "position"), [(item.pk, DANGLING, 0)])


def test_a_foreign_key_broken_before_the_block_is_raised_after_it(seeded):
    reached = []
    with pytest.raises(IntegrityError), transaction.atomic():
        _dangling_link()
        with constraints_checked_meanwhile():
            pass
        reached.append(True)
        connection.check_constraints()  # SQLite checks nothing early: this is its commit's check
    assert reached == ([] if connection.vendor == "postgresql" else [True])


def test_queries_in_the_block_wait_their_turn_and_constraints_are_deferred_again(seeded):
    with constraints_checked_meanwhile():
        assert Item.objects.filter(catalog=seeded).count() == seeded.items.count()
    with transaction.atomic():
        _dangling_link()  # deferred again: the statement itself checks nothing
        written = ItemBasis.objects.filter(basis_id=DANGLING).exists()
        transaction.set_rollback(True)
    assert written
