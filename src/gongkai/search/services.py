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
import unicodedata
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, connections, router, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from gongkai.bodies.models import Body
from gongkai.catalog.models import Catalog, Category
from gongkai.catalog.visibility import is_public, on_request_only
from gongkai.search import fts
from gongkai.search.index import NAME_WEIGHT_MAX, scope_tokens
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
# Matches are counted exactly up to here; past it the result says "more than 10,000".
COUNT_CAP = 10_000
# Staff read this list; past this many distinct entries only the ones already there are counted.
MISSED_QUERY_CAP = 5000
# Six or more digits in a row (after removing spaces and dashes) may be an ID, phone or card number.
PERSONAL_NUMBER = re.compile(r"\d{6,}")
SEPARATORS = re.compile(r"[\s\-－—_.()（）]")


class QueryError(ValueError):
    """A query that cannot be searched; the message tells the citizen why, in plain words."""


def clean_query(raw: str | None) -> str:
    # Control characters (NUL above all, which PostgreSQL refuses in any text) never mean anything in a query.
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in raw or "")
    query = " ".join(text.split())
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
        return reverse(
            "portal:item", args=[self.entry.catalog.body.code, self.entry.catalog.slug, self.entry.seq]
        )

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
            "body": self.entry.catalog.body.code,
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
    # False when matches were counted only up to COUNT_CAP ("more than 10,000").
    total_exact: bool = True

    @property
    def query(self) -> str:
        return self.understanding.query

    def as_document(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "total_exact": self.total_exact,
            "results": [hit.as_dict() for hit in self.hits],
        }


@dataclass(frozen=True)
class Scope:
    """Where to look: one catalog (or all, or those of a body and the bodies below it), one group, one level."""

    catalog: Catalog | None = None
    category: Category | None = None
    level: str | None = None
    # The catalogs of a body's subtree (`catalogs_of`); None: no such limit.
    catalog_ids: tuple[int, ...] | None = None

    def source(self, understanding: Understanding, pool: fts.Match | None = None) -> "Source":
        """SQL tables and conditions over entries `e`: public, in scope, matching at least one concept.

        Within one catalog (tens to hundreds of items, found through the catalog index) reading its
        entries is cheaper than asking the full-text index, whose lists for common characters such as
        保 run through every catalog; across catalogs the full-text index narrows the search, or `pool`
        (a narrower index condition, see `ranked_page`) does.
        """
        conditions, params = ["e.is_public = %s"], [True]
        match = None
        if self.catalog is None:
            tokens = scope_tokens(None, self.category.pk if self.category else None)
            phrases = [spaced(p) for p in understanding.phrases]
            match = pool or fts.match_condition(connection.vendor, phrases, tokens)
        tables, id_column = "search_searchentry e", "e.id"
        if match is not None:
            tables, id_column = match.tables, match.id_column
            conditions.insert(0, match.condition)
            params = match.params + params
        if self.catalog is not None:
            conditions.append("e.catalog_id = %s")
            params.append(self.catalog.pk)
        if self.catalog_ids is not None:
            conditions.append(f"e.catalog_id IN ({', '.join(['%s'] * len(self.catalog_ids)) or 'NULL'})")
            params.extend(self.catalog_ids)
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
        return Source(tables, " AND ".join(conditions), params, id_column)


@dataclass(frozen=True)
class Source:
    tables: str
    where: str
    params: list
    id_column: str


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
    # Through the router: a public search reads from a replica when there is one (gongkai.dbrouting).
    with connections[router.db_for_read(SearchEntry)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def concept_weights(understanding: Understanding, scope: Scope) -> tuple[int, list[int]]:
    """How many entries match (counted up to COUNT_CAP + 1), and each concept's multiplier, in one query.

    A concept found in few of the matching entries tells more than one found in all of them (工伤 in
    工伤定点医院 matches the whole 工伤 group, 定点医院 one item), as in BM25's inverse document frequency.
    Rarity is counted in item and group names, where the catalog's own words are; life-event and guide
    text mention many things in passing. A concept found only there falls back to counting there.
    Past RARITY_SAMPLE matches (searches across many counties' catalogs) rarity is estimated from the
    first ones. Counting stops after COUNT_CAP: across a province's catalogs a common word matches
    hundreds of thousands of entries, and reading them all only to print the number is most of the work.
    """
    columns, params = [], []
    for concept in understanding.concepts:
        for fields in (FIELD_WEIGHTS, FIELD_WEIGHTS[:2]):
            found, found_params = _found(concept, fields)
            columns.append(f"SUM(CASE WHEN {found} THEN 1 ELSE 0 END)")
            params += found_params
    found = scope.source(understanding)
    source, source_params = f"{found.tables} WHERE {found.where}", found.params
    fields = ", ".join(f"e.{name}" for name, _ in FIELD_WEIGHTS)
    # In id order, which the full-text index hands out as it goes, so the same query always gets the
    # same sample (and the same ranking) without sorting every match first.
    sample = f"SELECT {fields} FROM {source} ORDER BY {found.id_column} LIMIT {RARITY_SAMPLE:d}"  # noqa: S608
    count = f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} LIMIT {COUNT_CAP + 1:d}) counted"  # noqa: S608
    (row,) = _fetch(
        f"SELECT ({count}), COUNT(*), {', '.join(columns)} FROM ({sample}) e",  # noqa: S608  (see above)
        source_params + params + source_params,
    )
    total, sampled, multipliers = row[0], row[1], []
    for i, concept in enumerate(understanding.concepts):
        anywhere, named = row[2 + 2 * i] or 0, row[3 + 2 * i] or 0
        matched = named or anywhere
        idf = math.log(1 + (sampled - matched + 0.5) / (matched + 0.5)) if matched else 0.0
        multipliers.append(max(1, round(100 * idf)) * concept.weight if matched else 0)
    return total, multipliers


def _ranked_ids(
    understanding: Understanding, scope: Scope, multipliers, offset: int, limit: int, pool=None
) -> list[tuple]:
    """(entry id, score) of one page, best first (one query)."""
    score, score_params = _score(understanding, multipliers)
    found = scope.source(understanding, pool)
    sql = (
        f"SELECT e.id, {score} AS score FROM {found.tables} "  # noqa: S608  (see above)
        f"JOIN catalog_catalog c ON c.id = e.catalog_id WHERE {found.where} "
        "ORDER BY score DESC, e.name_length, c.position, e.catalog_id, e.seq LIMIT %s OFFSET %s"
    )
    return _fetch(sql, score_params + found.params + [limit, offset])


def ranked_page(
    understanding: Understanding, scope: Scope, multipliers: list[int], offset: int, limit: int
) -> list[tuple]:
    """(entry id, score) of one page, best first, reading as few entries as proves the page right.

    Across catalogs a common word matches a large share of all entries, and ranking means scoring each.
    But a name match earns far more than the other fields together (see the module docstring), so the
    entries whose names hold the query's strongest concept are ranked first, found through the small
    name index. If the last entry of that page scores more than any entry outside the pool could
    (`_score_ceiling`), the page is exactly what ranking every match would give; otherwise every match
    is ranked. Within one catalog (a few hundred entries) everything is ranked at once.
    """
    weighted = sorted((m, i) for i, m in enumerate(multipliers) if m)
    if scope.catalog is None and weighted:
        strongest = understanding.concepts[weighted[-1][1]]
        pool = fts.name_match_condition(connection.vendor, [spaced(p) for p in strongest.phrases])
        if pool is not None:
            ranked = _ranked_ids(understanding, scope, multipliers, offset, limit, pool)
            others = [m for m, _ in weighted[:-1]]
            if len(ranked) == limit and ranked[-1][1] > _score_ceiling([m for m, _ in weighted], others):
                return ranked
    return _ranked_ids(understanding, scope, multipliers, offset, limit)


def _score_ceiling(multipliers: list[int], named: list[int]) -> int:
    """The most an entry can score when only the concepts in `named` may be in its item name.

    Same units as `_score`, with every phrase at its best (10 tenths) and the highest name weight.
    """
    other_fields = sum(weight for _, weight in FIELD_WEIGHTS[1:]) * 10
    return sum(other_fields * m for m in multipliers) + sum(10 * m * NAME_WEIGHT_MAX for m in named)


def _entries_by_id(ranked: list[tuple]) -> list[SearchEntry]:
    """The page's entries with item, catalog and group, in ranked order (one query)."""
    if not ranked:
        return []
    entries = (
        SearchEntry.objects.select_related("item", "catalog__body", "category")
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
    body: Body | None = None,
    area: str | None = None,
    offset: int = 0,
    limit: int = 10,
    suggest: bool = False,
) -> SearchResult:
    """Search the index. `query` must have passed `clean_query`. A fixed number of queries.

    `body` limits the search to the catalogs of that body and of the bodies below it; `area` to the catalogs of
    one area.
    """
    lexicon = lexicon or Lexicon.load()
    understanding = lexicon.understand(query)
    limit = max(1, min(limit, MAX_LIMIT))
    total, page = 0, []
    scope = Scope(catalog, category, level, catalogs_of(body, area))
    if not understanding.is_empty:
        total, multipliers = concept_weights(understanding, scope)
        if total:
            page = _entries_by_id(ranked_page(understanding, scope, multipliers, offset, limit))
    result = SearchResult(
        understanding,
        _hits(page, understanding),
        min(total, COUNT_CAP),
        offset,
        limit,
        total_exact=total <= COUNT_CAP,
    )
    if suggest and total == 0:
        result.suggestions = related_items(understanding, catalog=catalog)
    return result


def catalogs_of(body: Body | None, area: str | None = None) -> tuple[int, ...] | None:
    """The ids of the catalogs of `body` and every body below it, of one area (社会保险, 医疗保障 …) or both
    (one query); None when neither limits the search."""
    if body is None and not area:
        return None
    catalogs = Catalog.objects.all()
    if body is not None:
        catalogs = catalogs.filter(body__path__startswith=body.path)
    if area:
        catalogs = catalogs.filter(area=area)
    return tuple(catalogs.values_list("pk", flat=True))


def related_items(understanding: Understanding, *, catalog: Catalog | None = None) -> list[Hit]:
    """When nothing matched: items sharing pieces of the query, the most pieces first."""
    partial = partial_understanding(understanding)
    if partial.is_empty:
        return []
    multipliers = [1] * len(partial.concepts)
    ranked = ranked_page(partial, Scope(catalog), multipliers, 0, SUGGESTIONS)
    return _hits(_entries_by_id(ranked), partial)


def group_counts(understanding: Understanding, scope: Scope) -> dict[int, int]:
    """How many matches each group has, for the filter (one query)."""
    if understanding.is_empty:
        return {}
    found = scope.source(understanding)
    rows = _fetch(
        f"SELECT e.category_id, COUNT(*) FROM {found.tables} WHERE {found.where} GROUP BY e.category_id",  # noqa: S608
        found.params,
    )
    return dict(rows)


def level_counts(understanding: Understanding, scope: Scope, levels: list[str]) -> dict[str, int]:
    """How many matches each level has, for the filter (one query)."""
    if understanding.is_empty or not levels:
        return {}
    columns = ", ".join("SUM(CASE WHEN e.levels LIKE %s ESCAPE '\\' THEN 1 ELSE 0 END)" for _ in levels)
    found = scope.source(understanding)
    (row,) = _fetch(
        f"SELECT {columns} FROM {found.tables} WHERE {found.where}",  # noqa: S608  (see above)
        [_like_text(f"|{word}|") for word in levels] + found.params,
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
