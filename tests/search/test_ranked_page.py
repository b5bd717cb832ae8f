"""Across catalogs, ranking only the entries whose names match gives exactly the page that ranking every match
would give; when that cannot be proved, every match is ranked. Counting stops at COUNT_CAP."""

import json
import random

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.search import services
from gongkai.search.services import Scope, concept_weights, ranked_page, search
from gongkai.search.understanding import Lexicon
from tests.search.helpers import catalog_with

pytestmark = pytest.mark.django_db

# Few characters, so names and groups share them often: matches in names, groups and both.
ALPHABET = "退休工伤卡社保金领补缴办理登记申请"


def _random_catalogs(rng: random.Random, count: int) -> None:
    for k in range(count):
        groups = {}
        for g in range(3):
            group = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 4))) + f"类{k}{g}"
            groups[group] = [
                "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 14))) + f"事项{k}{g}{i}"
                for i in range(rng.randint(2, 6))
            ]
        catalog_with(groups, publisher=f"第{k}县人力资源社会保障局")


def _full_ranking(query: str, offset: int, limit: int) -> list[tuple]:
    lexicon = Lexicon.load()
    understanding = lexicon.understand(query)
    total, multipliers = concept_weights(understanding, Scope())
    return services._ranked_ids(understanding, Scope(), multipliers, offset, limit) if total else []


def _pooled_ranking(query: str, offset: int, limit: int) -> list[tuple]:
    understanding = Lexicon.load().understand(query)
    total, multipliers = concept_weights(understanding, Scope())
    return ranked_page(understanding, Scope(), multipliers, offset, limit) if total else []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    query=st.text(alphabet=ALPHABET, min_size=1, max_size=4),
    offset=st.sampled_from([0, 3]),
    limit=st.sampled_from([1, 5]),
)
def test_ranking_the_name_pool_gives_the_same_page_as_ranking_everything(seed, query, offset, limit):
    # GIVEN a few counties' catalogs built from a small alphabet (hypothesis reruns in one transaction:
    # the catalogs of earlier examples stay, which only adds variety)
    _random_catalogs(random.Random(seed), 3)
    # WHEN a page is ranked through the name pool, THEN it is the page that ranking every match gives
    assert _pooled_ranking(query, offset, limit) == _full_ranking(query, offset, limit)


def test_a_name_match_is_settled_from_the_name_pool_alone(monkeypatch):
    # GIVEN many catalogs where 退休 is in some names and in other groups
    for k in range(4):
        catalog_with(
            {"退休服务": ["其他事项甲"], "其他服务": ["退休申请", "退休待遇核准", "其他事项乙"]},
            publisher=f"第{k}县",
        )
    calls = []
    real = services._ranked_ids
    monkeypatch.setattr(services, "_ranked_ids", lambda *a, **k: calls.append(a[5:] or k) or real(*a, **k))
    # WHEN searching across catalogs for a page the name pool can fill
    result = search("退休", limit=5)
    # THEN one ranking query over the pool settles it, and the names come first
    assert len(calls) == 1 and calls[0]
    assert all("退休" in hit.item.name for hit in result.hits)


def test_words_only_in_group_names_fall_back_to_ranking_every_match(monkeypatch):
    # GIVEN 退休 only in group names
    for k in range(3):
        catalog_with({"退休服务": ["事项甲", "事项乙"]}, publisher=f"第{k}县")
    calls = []
    real = services._ranked_ids
    monkeypatch.setattr(services, "_ranked_ids", lambda *a, **k: calls.append(a[5:]) or real(*a, **k))
    # WHEN searching across catalogs
    result = search("退休", limit=5)
    # THEN the empty name pool proves nothing, every match is ranked, and the page is full
    assert len(calls) == 2 and calls[0] and not calls[1]
    assert len(result.hits) == 5


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
