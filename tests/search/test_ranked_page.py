"""Across catalogs, ranking each distinct text once and reading only the first entries of the texts that fill
the page gives exactly the page that ranking every matching entry gives. Counting stops at COUNT_CAP."""

import json
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.catalog.models import Catalog
from gongkai.search import services
from gongkai.search.index import rebuild_items
from gongkai.search.models import SearchEntry, SearchText
from gongkai.search.services import Scope, rank, rank_everything, search
from gongkai.search.understanding import Lexicon
from tests.search.helpers import catalog_with, seqs

pytestmark = pytest.mark.django_db

# Few characters, so names and groups share them often: matches in names, groups and both.
ALPHABET = "退休工伤卡社保金领补缴办理登记申请"
LEVELS = ["县级", "乡级"]


def _random_catalogs(rng: random.Random, count: int) -> None:
    """Counties' catalogs; some are copies of an earlier one (the same texts), as standard catalogs are."""
    made = []
    for _ in range(count):
        if made and rng.random() < 0.5:
            groups = rng.choice(made)
        else:
            groups = {}
            for g in range(3):
                group = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 4))) + f"类{g}"
                groups[group] = [
                    "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 14))) + f"事项{g}{i}"
                    for i in range(rng.randint(2, 6))
                ]
            made.append(groups)
        levels = rng.choice([None, lambda seq: [LEVELS[seq % 2]]])
        catalog_with(groups, publisher=f"第{rng.randrange(10**9)}县人力资源社会保障局", levels=levels)
    # Catalog order decides ties between copies: shuffle it so it differs from creation order.
    catalogs = list(Catalog.objects.all())
    for catalog in catalogs:
        catalog.position = rng.randrange(len(catalogs))
        catalog.save()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    query=st.text(alphabet=ALPHABET, min_size=1, max_size=4),
    offset=st.sampled_from([0, 3, 11]),
    limit=st.sampled_from([1, 5]),
    level=st.sampled_from([None, "乡级"]),
    some_catalogs=st.booleans(),
    cap=st.sampled_from([3, 7, 10_000]),
)
def test_ranking_texts_gives_the_same_page_as_ranking_every_entry(
    monkeypatch, seed, query, offset, limit, level, some_catalogs, cap
):
    # GIVEN a few counties' catalogs built from a small alphabet, some sharing every text (hypothesis reruns
    # in one transaction: the catalogs of earlier examples stay, which only adds variety)
    _random_catalogs(random.Random(seed), 4)
    understanding = Lexicon.load().understand(query)
    # (a body's catalogs, every other one, ranked through the full-text index however few they are; counted
    # up to a cap the matches often pass, whether the texts' own counts tell the total or not)
    monkeypatch.setattr(services, "NARROW_CATALOGS", 0)
    monkeypatch.setattr(services, "COUNT_CAP", cap)
    ids = tuple(Catalog.objects.order_by("pk").values_list("pk", flat=True)[::2]) if some_catalogs else None
    scope = Scope(level=level, catalog_ids=ids)
    assert not scope.is_narrow
    # WHEN a page across catalogs is ranked through the full-text index, text by text
    fast = rank(understanding, scope, offset, limit)
    # THEN it is the page (and the count) that reading and ranking every matching entry gives
    assert fast == rank_everything(understanding, scope, offset, limit)


def test_counties_sharing_a_catalog_share_its_texts_and_a_rename_prunes_the_old_one(db):
    for k in range(3):
        catalog_with({"退休服务": ["退休申请", "退休待遇核准"]}, publisher=f"第{k}县")
    assert SearchEntry.objects.count() == 6
    assert SearchText.objects.count() == 2
    item = Catalog.objects.get(publisher="第0县").items.get(seq=1)
    item.name = "退休手续办理"
    item.save()
    assert SearchText.objects.count() == 3  # the old text is still read by two other counties
    for other in Catalog.objects.exclude(pk=item.catalog_id):
        renamed = other.items.get(seq=1)
        renamed.name = "退休手续办理"
        renamed.save()
    assert SearchText.objects.count() == 2  # nobody reads 退休申请 any more
    assert [hit.item.name for hit in search("退休").hits].count("退休手续办理") == 3


def test_a_page_across_many_copies_reads_only_the_first_entries_of_each_text(monkeypatch):
    # GIVEN forty counties with the same three items
    for k in range(40):
        catalog_with({"退休服务": ["退休申请", "退休待遇核准", "其他事项"]}, publisher=f"第{k}县")
    fetched = []
    real = services._fetch
    monkeypatch.setattr(
        services, "_fetch", lambda sql, params: fetched.append(real(sql, params)) or fetched[-1]
    )
    # WHEN one page of five is searched across catalogs
    result = search("退休", limit=5)
    # THEN it holds the best-named item in catalog order, and no query returned more than a page per text
    assert [hit.item.name for hit in result.hits] == ["退休申请"] * 5
    assert [hit.entry.catalog.position for hit in result.hits] == [0, 1, 2, 3, 4]
    assert result.total == 120
    assert max(len(rows) for rows in fetched) <= 3 * 5


def test_moving_a_catalog_up_moves_its_entries_up_among_equals(db):
    for k in range(3):
        catalog_with({"类别": ["退休申请"]}, publisher=f"第{k}县")
    last = Catalog.objects.get(publisher="第2县")
    assert [h.entry.catalog_id for h in search("退休").hits][-1] == last.pk
    last.position = 0
    for other in Catalog.objects.exclude(pk=last.pk):
        other.position += 1
        other.save()
    last.save()
    assert [h.entry.catalog_id for h in search("退休").hits][0] == last.pk


def test_rebuilding_entries_in_bulk_keeps_one_text_per_content(db):
    for k in range(2):
        catalog_with({"类别": ["事项甲", "事项乙"]}, publisher=f"第{k}县")
    before = set(SearchText.objects.values_list("id", flat=True))
    rebuild_items(SearchEntry.objects.values_list("item_id", flat=True))
    assert set(SearchText.objects.values_list("id", flat=True)) == before
    assert seqs(search("事项甲")) == [1, 1]


def test_the_page_and_the_count_take_a_fixed_number_of_queries(db):
    counts = []
    for size in (2, 30):
        for k in range(size):
            catalog_with({"类别": ["退休申请", "退休核准"]}, publisher=f"第{size}-{k}县")
        with CaptureQueriesContext(connection) as queries:
            search("退休", limit=5)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_page_across_catalogs_is_read_in_two_queries_even_past_the_last_one(db):
    for k in range(3):
        catalog_with({"退休服务": ["退休申请", "退休待遇核准"]}, publisher=f"第{k}县")
    lexicon = Lexicon.load()
    # WHEN a page across catalogs is searched
    with CaptureQueriesContext(connection) as queries:
        result = search("退休", lexicon=lexicon, limit=4)
    # THEN two queries: the matching texts, then the count with the page and everything its hits show
    assert len(queries) == 2
    assert (result.total, [hit.item.name for hit in result.hits]) == (6, ["退休申请"] * 3 + ["退休待遇核准"])
    assert {hit.entry.catalog.body.code for hit in result.hits} and all(hit.url for hit in result.hits)
    # AND a page past the last one still says how many there are
    with CaptureQueriesContext(connection) as queries:
        past = search("退休", lexicon=lexicon, offset=8, limit=4)
    assert (past.total, past.hits, len(queries)) == (6, [], 2)


def test_the_texts_own_counts_give_the_total_when_they_can(monkeypatch):
    monkeypatch.setattr(services, "COUNT_CAP", 10)

    def texts(*counts):
        return [services.Text(i, 100, 4, (10,), entries=n) for i, n in enumerate(counts)]

    # together they pass the cap: more than ten, whatever the texts counted only up to their limit hold
    assert services._known_total(texts(4, 4, 4), per_text=4) == 11
    # none reached its limit: they are all there is
    assert services._known_total(texts(3, 2, 1), per_text=4) == 6
    # one reached its limit and the others do not make up for it: the total must be counted
    assert services._known_total(texts(4, 1, 1), per_text=4) is None


def test_when_one_text_holds_most_matches_they_are_counted_again(monkeypatch):
    # GIVEN six counties with the same item, and two others with one item each: three texts, one of them
    # counted up to its limit (its share of the cap) and the other two too few to reach the cap with it
    for k in range(6):
        catalog_with({"类别": ["退休申请"]}, publisher=f"第{k}县")
    catalog_with({"类别": ["退休核准"]}, publisher="第6县")
    catalog_with({"类别": ["退休登记"]}, publisher="第7县")
    monkeypatch.setattr(services, "COUNT_CAP", 9)
    known = []
    real = services._known_total
    monkeypatch.setattr(services, "_known_total", lambda *args: known.append(real(*args)) or known[-1])
    understanding = Lexicon.load().understand("退休")
    # WHEN the first match is searched across catalogs
    ranking = rank(understanding, Scope(), 0, 1)
    # THEN the texts' counts did not tell the total, so the matches were counted: eight, as reading them all says
    assert known == [None]
    assert ranking.total == 8 and ranking == rank_everything(understanding, Scope(), 0, 1)


def test_counting_stops_at_the_cap_and_says_so(monkeypatch, capsys, client):
    for k in range(3):
        catalog_with({"退休服务": ["退休申请", "退休待遇核准"]}, publisher=f"第{k}县")
    monkeypatch.setattr(services, "COUNT_CAP", 4)
    result = search("退休")
    assert (result.total, result.total_exact) == (4, False)
    assert len(result.hits) == 6  # the page itself is not cut short
    document = client.get("/api/v1/search", {"q": "退休"}).json()
    assert (document["total"], document["total_exact"]) == (4, False)
    call_command("search", "退休")
    assert "找到 4 多项" in capsys.readouterr().out
    monkeypatch.setattr(services, "COUNT_CAP", 10_000)
    exact = search("退休")
    assert (exact.total, exact.total_exact) == (6, True)
    assert json.loads(json.dumps(exact.as_document()))["total_exact"] is True


def test_a_body_with_a_few_catalogs_reads_their_entries_and_ranks_as_through_the_index(db, monkeypatch):
    for k in range(3):
        catalog_with({"退休服务": ["退休申请", "退休待遇核准", f"第{k}县退休"]}, publisher=f"第{k}县")
    ids = tuple(Catalog.objects.order_by("pk").values_list("pk", flat=True)[:2])
    understanding = Lexicon.load().understand("退休")
    assert Scope(catalog_ids=ids).is_narrow
    read = rank(understanding, Scope(catalog_ids=ids), 0, 10)
    entries = SearchEntry.objects.in_bulk([entry_id for entry_id, _ in read.page])
    assert read.total == 6 and {entries[entry_id].catalog_id for entry_id, _ in read.page} == set(ids)
    monkeypatch.setattr(services, "NARROW_CATALOGS", 0)
    assert rank(understanding, Scope(catalog_ids=ids), 0, 10) == read
    assert rank(understanding, Scope(catalog_ids=()), 0, 10) == services.Ranking(0, [])
