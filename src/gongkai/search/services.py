"""Searching the index: matching, ranking, highlighting, suggestions, and the log of queries that found nothing.

Ranking, per concept of the query (社保卡, 丢了 …): a match in the item name counts 100, in the group name
10, in the life-event text 5, in the published guide 1; the concept's points are the sum over the fields it
matches, so for each concept a name match outranks any mix of the others. Each concept's points are scaled
by how rare it is among the matches (BM25's inverse document frequency), and by how close the phrase that
matched is to what was typed (a synonym's first catalog word counts fully, later ones a little less).
Concepts add up. Ties go to the shorter name (the closer match), then to catalog order.

The full-text index only narrows the candidates; the score is computed with LIKE on the entry's own spaced
text, identically on SQLite and PostgreSQL, so both databases return the same results in the same order.
The SQL is written out here rather than built with the ORM: with one CASE per concept, field and phrase,
compiling ORM expressions took several times longer than running the query.
"""

import math
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from gongkai.catalog.models import Catalog, Category
from gongkai.portal.visibility import is_public, on_request_only
from gongkai.search import fts
from gongkai.search.index import scope_tokens
from gongkai.search.models import MissedQuery, SearchEntry
from gongkai.search.text import fold, highlight, snippet, spaced
from gongkai.search.understanding import (
    MAX_QUERY,
    Concept,
    Lexicon,
    Understanding,
    partial_understanding,
)

FIELD_WEIGHTS = (("name_chars", 100), ("group_chars", 10), ("hint_chars", 5), ("guide_chars", 1))
MAX_LIMIT = 100
SUGGESTIONS = 5
RARITY_SAMPLE = 2000
# Staff read this list; past this many distinct entries only the ones already there are counted.
MISSED_QUERY_CAP = 5000
# Six or more digits in a row (after removing spaces and dashes) may be an ID, phone or card number.
PERSONAL_NUMBER = re.compile(r"\d{6,}")
SEPARATORS = re.compile(r"[\s\-－—_.()（）]")


class QueryError(ValueError):
    """A query that cannot be searched; the message tells the citizen why, in plain words."""


def clean_query(raw: str | None) -> str:
    query = " ".join((raw or "").split())
    if not query:
        raise QueryError("请输入要查找的字词，比如“社保卡”“退休”。")
    if len(query) > MAX_QUERY:
        raise QueryError(f"查找内容太长了，请写在 {MAX_QUERY} 个字以内。")
    if not any(char.isalnum() for char in fold(query)):
        raise QueryError("请输入汉字、字母或数字。")
    return query


@dataclass
class Hit:
    entry: SearchEntry
    score: int
    name_html: SafeString
    group_html: SafeString
    snippet_html: SafeString

    @property
    def item(self):
        return self.entry.item

    @property
    def url(self) -> str:
        return reverse("portal:item", args=[self.entry.catalog.slug, self.entry.seq])

    @property
    def on_request(self) -> bool:
        return on_request_only(self.entry.item)

    def as_dict(self) -> dict:
        return {
            "seq": self.entry.seq,
            "name": self.entry.item.name,
            "category": self.entry.category.name,
            "url": self.url,
            "catalog": self.entry.catalog.slug,
            "score": self.score,
            "highlight": str(self.name_html),
            "snippet": str(self.snippet_html),
        }


@dataclass
class SearchResult:
    understanding: Understanding
    hits: list[Hit]
    total: int
    offset: int = 0
    limit: int = 10
    suggestions: list[Hit] = field(default_factory=list)

    @property
    def query(self) -> str:
        return self.understanding.query

    def as_document(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "results": [hit.as_dict() for hit in self.hits],
        }


@dataclass(frozen=True)
class Scope:
    """Where to look: one catalog (or all), one group, one level."""

    catalog: Catalog | None = None
    category: Category | None = None
    level: str | None = None

    def where(self, understanding: Understanding) -> tuple[str, list]:
        """SQL conditions on entries `e`: public, in scope, and matching at least one concept.

        Within one catalog (tens to hundreds of items, found through the catalog index) reading its
        entries is cheaper than asking the full-text index, whose lists for common characters such as
        保 run through every catalog; across catalogs the full-text index narrows the search.
        """
        conditions, params = ["e.is_public = %s"], [True]
        match = None
        if self.catalog is None:
            tokens = scope_tokens(None, self.category.pk if self.category else None)
            match = fts.match_condition(connection.vendor, [spaced(p) for p in understanding.phrases], tokens)
        if match is not None:
            conditions.append(match[0])
            params += match[1]
        if self.catalog is not None:
            conditions.append("e.catalog_id = %s")
            params.append(self.catalog.pk)
        if self.category is not None:
            conditions.append("e.category_id = %s")
            params.append(self.category.pk)
        if self.level:
            conditions.append("e.levels LIKE %s ESCAPE '\\'")
            params.append(_like_text(f"|{self.level}|"))
        if match is None or connection.vendor != "sqlite":
            # SQLite's phrase match is exactly "substring of the spaced text"; elsewhere check it again.
            found, found_params = _any_found(understanding)
            conditions.append(found)
            params += found_params
        return " AND ".join(conditions), params


# The SQL below is assembled from this module's own column names and whole numbers (hence the S608
# exceptions); every piece of text from outside (phrases, levels, ids) travels as a parameter.


def _like_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _position_function() -> str:
    # Plain substring search (instr/strpos) is several times cheaper than LIKE '%…%' on long text.
    return "strpos" if connection.vendor == "postgresql" else "instr"


def _has(field_name: str) -> str:
    return f"{_position_function()}(e.{field_name}, %s) > 0"


def _found(concept: Concept, fields=FIELD_WEIGHTS) -> tuple[str, list]:
    """SQL: the concept appears in one of these fields, in one of its phrases."""
    phrases = [phrase for phrase, _ in concept.weighted_phrases()]
    conditions = [_has(name) for name, _ in fields for _ in phrases]
    params = [spaced(p) for _ in fields for p in phrases]
    return "(" + " OR ".join(conditions) + ")", params


def _any_found(understanding: Understanding) -> tuple[str, list]:
    parts = [_found(c) for c in understanding.concepts]
    return "(" + " OR ".join(sql for sql, _ in parts) + ")", [p for _, params in parts for p in params]


def _score(understanding: Understanding, multipliers: list[int]) -> tuple[str, list]:
    """SQL: points per concept and field (see the module docstring), whole numbers on both databases."""
    terms, params = [], []
    for concept, multiplier in zip(understanding.concepts, multipliers, strict=True):
        if not multiplier:
            continue
        for name, weight in FIELD_WEIGHTS:
            # Phrases go best first, so the first that matches gives the field its points.
            whens = []
            for phrase, tenths in concept.weighted_phrases():
                whens.append(f"WHEN {_has(name)} THEN {weight * tenths * multiplier:d}")
                params.append(spaced(phrase))
            case = f"(CASE {' '.join(whens)} ELSE 0 END)"
            # Name points are multiples of 100, so dividing first is exact and keeps the sum within a
            # 32-bit integer on PostgreSQL, whatever the query.
            terms.append(f"{case} / 100 * e.name_weight" if name == "name_chars" else case)
    return (" + ".join(terms) or "0"), params


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def concept_weights(understanding: Understanding, scope: Scope) -> tuple[int, list[int]]:
    """How many entries match, and each concept's multiplier, in one query.

    A concept found in few of the matching entries tells more than one found in all of them (工伤 in
    工伤定点医院 matches the whole 工伤 group, 定点医院 one item), as in BM25's inverse document frequency.
    Rarity is counted in item and group names, where the catalog's own words are; life-event and guide
    text mention many things in passing. A concept found only there falls back to counting there.
    Past RARITY_SAMPLE matches (searches across many counties' catalogs) rarity is estimated from the
    first ones; the count stays exact.
    """
    columns, params = [], []
    for concept in understanding.concepts:
        for fields in (FIELD_WEIGHTS, FIELD_WEIGHTS[:2]):
            found, found_params = _found(concept, fields)
            columns.append(f"SUM(CASE WHEN {found} THEN 1 ELSE 0 END)")
            params += found_params
    where, where_params = scope.where(understanding)
    fields = ", ".join(f"e.{name}" for name, _ in FIELD_WEIGHTS)
    # Ordered, so the same query always gets the same sample (and the same ranking).
    sample = f"SELECT {fields} FROM search_searchentry e WHERE {where} ORDER BY e.id LIMIT {RARITY_SAMPLE:d}"  # noqa: S608
    count = f"SELECT COUNT(*) FROM search_searchentry e WHERE {where}"  # noqa: S608  (see above)
    (row,) = _fetch(
        f"SELECT ({count}), COUNT(*), {', '.join(columns)} FROM ({sample}) e",  # noqa: S608  (see above)
        where_params + params + where_params,
    )
    total, sampled, multipliers = row[0], row[1], []
    for i, concept in enumerate(understanding.concepts):
        anywhere, named = row[2 + 2 * i] or 0, row[3 + 2 * i] or 0
        matched = named or anywhere
        idf = math.log(1 + (sampled - matched + 0.5) / (matched + 0.5)) if matched else 0.0
        multipliers.append(max(1, round(100 * idf)) * concept.weight if matched else 0)
    return total, multipliers


def _ranked_ids(
    understanding: Understanding, scope: Scope, multipliers, offset: int, limit: int
) -> list[tuple]:
    """(entry id, score) of one page, best first (one query)."""
    score, score_params = _score(understanding, multipliers)
    where, where_params = scope.where(understanding)
    sql = (
        f"SELECT e.id, {score} AS score FROM search_searchentry e "  # noqa: S608  (see above)
        f"JOIN catalog_catalog c ON c.id = e.catalog_id WHERE {where} "
        "ORDER BY score DESC, e.name_length, c.position, e.catalog_id, e.seq LIMIT %s OFFSET %s"
    )
    return _fetch(sql, score_params + where_params + [limit, offset])


def _entries_by_id(ranked: list[tuple]) -> list[SearchEntry]:
    """The page's entries with item, catalog and group, in ranked order (one query)."""
    if not ranked:
        return []
    entries = (
        SearchEntry.objects.select_related("item", "catalog", "category")
        .defer("name_chars", "group_chars", "hint_chars", "guide_chars")
        .in_bulk([entry_id for entry_id, _ in ranked])
    )
    page = []
    for entry_id, score in ranked:
        if entry_id in entries:
            entry = entries[entry_id]
            entry.score = score
            page.append(entry)
    return page


def _hits(entries, understanding: Understanding) -> list[Hit]:
    phrases = understanding.phrases
    hits = []
    for entry in entries:
        if not is_public(entry.item):
            continue  # the item changed without a signal (a bulk update): never show what is hidden
        name_html = highlight(entry.item.name, phrases)
        in_name = "<mark>" in name_html
        hits.append(
            Hit(
                entry=entry,
                score=entry.score,
                name_html=name_html,
                # Say where the words were found when it was not in the name, and only then.
                group_html=highlight(entry.category.name, [] if in_name else phrases),
                snippet_html=SafeString("") if in_name else snippet(entry.guide_text, phrases),
            )
        )
    return hits


def search(
    query: str,
    *,
    lexicon: Lexicon | None = None,
    catalog: Catalog | None = None,
    category: Category | None = None,
    level: str | None = None,
    offset: int = 0,
    limit: int = 10,
    suggest: bool = False,
) -> SearchResult:
    """Search the index. `query` must have passed `clean_query`. A fixed number of queries."""
    lexicon = lexicon or Lexicon.load()
    understanding = lexicon.understand(query)
    limit = max(1, min(limit, MAX_LIMIT))
    total, page = 0, []
    scope = Scope(catalog, category, level)
    if not understanding.is_empty:
        total, multipliers = concept_weights(understanding, scope)
        if total:
            page = _entries_by_id(_ranked_ids(understanding, scope, multipliers, offset, limit))
    result = SearchResult(understanding, _hits(page, understanding), total, offset, limit)
    if suggest and total == 0:
        result.suggestions = related_items(understanding, catalog=catalog)
    return result


def related_items(understanding: Understanding, *, catalog: Catalog | None = None) -> list[Hit]:
    """When nothing matched: items sharing pieces of the query, the most pieces first."""
    partial = partial_understanding(understanding)
    if partial.is_empty:
        return []
    multipliers = [1] * len(partial.concepts)
    ranked = _ranked_ids(partial, Scope(catalog), multipliers, 0, SUGGESTIONS)
    return _hits(_entries_by_id(ranked), partial)


def group_counts(understanding: Understanding, scope: Scope) -> dict[int, int]:
    """How many matches each group has, for the filter (one query)."""
    if understanding.is_empty:
        return {}
    where, params = scope.where(understanding)
    rows = _fetch(
        f"SELECT e.category_id, COUNT(*) FROM search_searchentry e WHERE {where} GROUP BY e.category_id",  # noqa: S608
        params,
    )
    return dict(rows)


def level_counts(understanding: Understanding, scope: Scope, levels: list[str]) -> dict[str, int]:
    """How many matches each level has, for the filter (one query)."""
    if understanding.is_empty or not levels:
        return {}
    columns = ", ".join("SUM(CASE WHEN e.levels LIKE %s ESCAPE '\\' THEN 1 ELSE 0 END)" for _ in levels)
    where, params = scope.where(understanding)
    (row,) = _fetch(
        f"SELECT {columns} FROM search_searchentry e WHERE {where}",  # noqa: S608  (see above)
        [_like_text(f"|{word}|") for word in levels] + params,
    )
    return {word: count or 0 for word, count in zip(levels, row, strict=True)}


def looks_personal(query: str) -> bool:
    """ID card, phone and bank numbers must never be stored: refuse long digit runs and e-mail addresses."""
    folded = fold(query)
    return bool(PERSONAL_NUMBER.search(SEPARATORS.sub("", folded))) or "@" in folded


def record_missed_query(query: str) -> bool:
    """Count a query that found nothing (text only: no address, no time of day per person)."""
    text = " ".join(fold(query).split())[:MAX_QUERY]
    if not text or looks_personal(text):
        return False
    now = timezone.now()
    if MissedQuery.objects.filter(query=text).update(count=F("count") + 1, last_seen=now):
        return True
    if MissedQuery.objects.count() >= MISSED_QUERY_CAP:
        return False
    try:
        with transaction.atomic():
            MissedQuery.objects.create(query=text, first_seen=now, last_seen=now)
    except IntegrityError:  # someone else logged the same words a moment ago
        MissedQuery.objects.filter(query=text).update(count=F("count") + 1, last_seen=now)
    return True
