"""Searching the index: matching, ranking, highlighting, suggestions, and the log of queries that found nothing.

Ranking, per concept of the query (社保卡, 丢了 …): a match in the item name counts 100, in the group name
10, in the life-event text 5, in the published guide 1; the concept's points are the sum over the fields it
matches, so for each concept a name match outranks any mix of the others. Each concept's points are scaled
by how rare it is among the matching texts (BM25's inverse document frequency), and by how close the
phrase that matched is to what was typed (a synonym's first catalog word counts fully, later ones a little
less). Concepts add up. Ties go to the shorter name (the closer match), then to catalog order.

A score depends only on an entry's text, and across a province most items share their text with other
counties' copies of the same standard catalog; so the work is done per distinct text (`SearchText`).
Within one catalog, its matching entries are read with their texts in one query and ranked in Python.
Across catalogs, the full-text index finds the matching texts; each is scored once, with how many public
entries it has (counted only up to what the page needs); the texts that can fill the page are taken
best first, and only the first entries of each, in catalog order, are read (`rank`). Whether a field holds
a phrase is decided by a substring check on the stored character pairs, identically on SQLite and
PostgreSQL, and the arithmetic is Python's whole numbers, so both databases return the same results in
the same order.

A Mongolian phrase (`gongkai.search.mongolian`) is looked for in the item's current translation: its name
counts as the name, its guide as the guide (`MONGOLIAN_FIELDS`). A query in either language finds items on
the pages of either; a Mongolian page names them by their translation (`shown_name`).
"""

import functools
import math
import operator
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from gongkai.bodies.models import Body
from gongkai.catalog.models import Catalog, Category, Item
from gongkai.catalog.visibility import is_public, on_request_only
from gongkai.guides.models import Language
from gongkai.search import fts
from gongkai.search.models import MissedQuery, SearchEntry, SearchText
from gongkai.search.mongolian import has_letters as has_mongolian_letters
from gongkai.search.text import fold, highlight, search_pattern, snippet
from gongkai.search.understanding import (
    MAX_QUERY,
    Concept,
    Lexicon,
    Understanding,
    partial_understanding,
    query_limit,
)

FIELD_WEIGHTS = (("name_grams", 100), ("group_grams", 10), ("hint_grams", 5), ("guide_grams", 1))
# A Mongolian phrase is looked for in the current translation's name and guide, and earns the points of the
# Chinese name and guide there. Group names and life events have no Mongolian yet.
MONGOLIAN_FIELDS = {"name_grams": "mn_name_words", "guide_grams": "mn_guide_words"}
MAX_LIMIT = 100
SUGGESTIONS = 5
# Matches are counted exactly up to here; past it the result says "more than 10,000".
COUNT_CAP = 10_000
# Staff read this list; past this many distinct entries only the ones already there are counted.
MISSED_QUERY_CAP = 5000
# Six or more digits in a row (after removing spaces and dashes) may be an ID, phone or card number.
PERSONAL_NUMBER = re.compile(r"\d{6,}")
SEPARATORS = re.compile(r"[\s\-－—_.()（）]")


class QueryError(ValueError):
    """A query that cannot be searched; the message tells the citizen why, in plain words (in the page's
    language: Chinese for the API and the command line, Mongolian on the /mn/ search page)."""


def clean_query(raw: str | None) -> str:
    # Control characters (NUL above all, which PostgreSQL refuses in any text) never mean anything in a query.
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in raw or "")
    query = " ".join(text.split())
    if not query:
        raise QueryError(gettext("请输入要查找的字词，比如“社保卡”“退休”。"))
    limit = query_limit(query)
    if len(query) > limit:
        raise QueryError(gettext("查找内容太长了，请写在 %(limit)s 个字以内。") % {"limit": limit})
    if not any(char.isalnum() for char in fold(query)):
        raise QueryError(gettext("请输入汉字、字母或数字。"))
    return query


@dataclass
class Hit:
    entry: SearchEntry
    score: int
    name: str  # in the page's language (`shown_name`)
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


# A body's subtree with at most this many catalogs is searched by reading their entries, like one catalog.
NARROW_CATALOGS = 8


@dataclass(frozen=True)
class Scope:
    """Where to look: one catalog (or all, or those of a body and the bodies below it), one group, one level."""

    catalog: Catalog | None = None
    category: Category | None = None
    level: str | None = None
    # The catalogs of a body's subtree (`catalogs_of`); None: no such limit.
    catalog_ids: tuple[int, ...] | None = None

    @property
    def is_narrow(self) -> bool:
        """One catalog or group, or a few catalogs: few enough entries to read them all rather than ask the
        full-text index."""
        return (
            self.catalog is not None
            or self.category is not None
            or (self.catalog_ids is not None and len(self.catalog_ids) <= NARROW_CATALOGS)
        )

    def entry_conditions(self) -> tuple[list[str], list]:
        """SQL conditions on entries `e`: public, and in this scope."""
        conditions, params = ["e.is_public = %s"], [True]
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
        return conditions, params


# The SQL below is assembled from this module's own column names and whole numbers (hence the S608
# exceptions); every piece of text from outside (phrases, levels) travels as a parameter.


def _like_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _reader():
    """The connection searches read through: a replica when the router names one (else "default")."""
    return connections[router.db_for_read(SearchEntry)]


def _vendor() -> str:
    return _reader().vendor


# The SQL of one search is assembled from a few dozen pieces per phrase and field; these are asked once per
# piece of SQL (vendor) or remembered (patterns), which took a tenth of a search across catalogs otherwise.


@functools.cache
def _has(field_name: str, vendor: str) -> str:
    """SQL: the text `t` holds a pattern (`_needle`) in this field."""
    # Plain substring search (instr/strpos) is several times cheaper than LIKE '%…%' on long text.
    position = "strpos" if vendor == "postgresql" else "instr"
    return f"{position}({fts.substring_text(vendor, field_name)}, %s) > 0"


@functools.lru_cache(maxsize=4096)
def _needle(pattern: str, vendor: str) -> str:
    """The parameter `_has` looks for, for a pattern over the stored texts."""
    return fts.substring_pattern(vendor, pattern)


@functools.lru_cache(maxsize=4096)
def _phrases(concept: Concept) -> tuple[tuple[str, int], ...]:
    """The concept's phrases as patterns over the stored texts, each with its weight in tenths, best first."""
    patterns = ((search_pattern(p), tenths) for p, tenths in concept.weighted_phrases())
    return tuple((pattern, tenths) for pattern, tenths in patterns if pattern)


@functools.lru_cache(maxsize=4096)
def _is_mongolian(pattern: str) -> bool:
    return has_mongolian_letters(pattern)


def _field_for(field_name: str, pattern: str) -> str | None:
    """Where a pattern is looked for in place of this field (of FIELD_WEIGHTS, whose points it earns there):
    a Mongolian one in the translation's own fields, None where nothing is translated."""
    if _is_mongolian(pattern):
        return MONGOLIAN_FIELDS.get(field_name)
    return field_name


def _lookups(field_name: str, patterns) -> list[tuple[str, str]]:
    """(field, pattern) for each pattern that can be found in place of this field."""
    return [(field, p) for p in patterns if (field := _field_for(field_name, p)) is not None]


def _found(understanding: Understanding, vendor: str) -> tuple[str, list]:
    """SQL: the text `t` holds some phrase of some concept in some field."""
    patterns = list(dict.fromkeys(p for c in understanding.concepts for p, _ in _phrases(c)))
    lookups = [lookup for name, _ in FIELD_WEIGHTS for lookup in _lookups(name, patterns)]
    conditions = [_has(field, vendor) for field, _ in lookups]
    params = [_needle(pattern, vendor) for _, pattern in lookups]
    return "(" + (" OR ".join(conditions) or "1 = 0") + ")", params


def _tenths_columns(understanding: Understanding, vendor: str) -> tuple[list[str], list]:
    """SQL columns: per concept and field, the tenths of the best phrase the text `t` holds there (0: none)."""
    columns, params = [], []
    for concept in understanding.concepts:
        phrases = _phrases(concept)
        for name, _ in FIELD_WEIGHTS:
            # Phrases go best first, so the first that matches gives the field its points.
            lookups = [
                (field, p, tenths) for p, tenths in phrases if (field := _field_for(name, p)) is not None
            ]
            whens = " ".join(f"WHEN {_has(field, vendor)} THEN {tenths:d}" for field, _, tenths in lookups)
            columns.append(f"(CASE {whens} ELSE 0 END)" if lookups else "0")
            params += [_needle(pattern, vendor) for _, pattern, _ in lookups]
    return columns, params


def _fetch(sql: str, params: list) -> list[tuple]:
    # Through the router, so that searches can read from a replica once there is one.
    with _reader().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class Text:
    """A matching text: where each concept was found in it, and its score once the rarities are known."""

    id: int
    name_weight: int
    name_length: int
    tenths: tuple[int, ...]  # per concept, per field of FIELD_WEIGHTS
    entries: int = 0  # public entries in scope (counted only up to what the page needs, across catalogs)
    score: int = 0


def _text(row, concepts: int) -> Text:
    width = len(FIELD_WEIGHTS) * concepts
    return Text(row[0], row[1], row[2], tuple(row[3 : 3 + width]))


def concept_multipliers(understanding: Understanding, texts: list[Text]) -> list[int]:
    """Each concept's multiplier: how rare it is among the matching texts, times the concept's weight.

    A concept found in few of the matching texts tells more than one found in all of them (工伤 in
    工伤定点医院 matches the whole 工伤 group, 定点医院 one item), as in BM25's inverse document frequency.
    Rarity is counted in item and group names, where the catalog's own words are; life-event and guide
    text mention many things in passing. A concept found only there falls back to counting there. Texts
    are counted once however many catalogs share them, so a word is as rare across a province as in
    one county's catalog.
    """
    fields = len(FIELD_WEIGHTS)
    multipliers = []
    for i, concept in enumerate(understanding.concepts):
        named = sum(1 for t in texts if any(t.tenths[i * fields : i * fields + 2]))
        matched = named or sum(1 for t in texts if any(t.tenths[i * fields : (i + 1) * fields]))
        idf = math.log(1 + (len(texts) - matched + 0.5) / (matched + 0.5)) if matched else 0.0
        multipliers.append(max(1, round(100 * idf)) * concept.weight if matched else 0)
    return multipliers


def score_texts(texts: list[Text], multipliers: list[int]) -> None:
    """Points per concept and field (see the module docstring), in whole numbers: a name match earns
    tenths × multiplier × the name's weight, the other fields tenths × multiplier × their weight."""
    # Per column of `tenths`: what a tenth there is worth in the name (times the name's weight) and elsewhere.
    named, others = [], []
    for m in multipliers:
        named += [m] + [0] * (len(FIELD_WEIGHTS) - 1)
        others += [0, *(m * weight for _, weight in FIELD_WEIGHTS[1:])]
    for text in texts:
        text.score = sum(map(operator.mul, text.tenths, named)) * text.name_weight + sum(
            map(operator.mul, text.tenths, others)
        )


def _order(text: Text, position: int, catalog_id: int, seq: int) -> tuple:
    return (-text.score, text.name_length, position, catalog_id, seq)


@dataclass
class Ranking:
    total: int  # matching entries, counted up to COUNT_CAP + 1
    page: list[tuple[int, int]]  # (entry id, score), best first
    # The page's entries with what they point at, when the ranking read them in its own query (across
    # catalogs); None: read them by id (`_entries_by_id`).
    entries: list[SearchEntry] | None = field(default=None, compare=False, repr=False)


def rank(
    understanding: Understanding,
    scope: Scope,
    offset: int,
    limit: int,
    multipliers: list[int] | None = None,
) -> Ranking:
    """How many entries match, and one page of them, best first. `multipliers` fixed by the caller
    replace the rarities (suggestions rank every piece alike)."""
    if understanding.is_empty:
        return Ranking(0, [])
    if scope.is_narrow:
        return rank_everything(understanding, scope, offset, limit, multipliers)
    texts, per_text = _matching_texts(understanding, scope, offset + limit)
    if not texts:
        return Ranking(0, [])
    if multipliers is None:
        multipliers = concept_multipliers(understanding, texts)
    score_texts(texts, multipliers)
    return _counted_page(texts, scope, offset, limit, _known_total(texts, per_text))


def rank_everything(
    understanding: Understanding, scope: Scope, offset: int, limit: int, multipliers: list[int] | None = None
) -> Ranking:
    """Read every matching entry in scope with its text and rank them all (one query): within one catalog
    a few hundred rows. Across catalogs `rank` gives the same page without reading every match."""
    conditions, params = scope.entry_conditions()
    vendor = _vendor()
    found, found_params = _found(understanding, vendor)
    columns, column_params = _tenths_columns(understanding, vendor)
    texts = "JOIN search_searchtext t ON t.id = e.text_id"
    if vendor == "postgresql":
        texts = f"CROSS JOIN LATERAL {_unpacked('t.id = e.text_id', understanding)}"
    rows = _fetch(
        f"SELECT t.id, t.name_weight, t.name_length, {', '.join(columns)}, "  # noqa: S608  (see above)
        f"e.id, e.catalog_position, e.catalog_id, e.seq FROM search_searchentry e {texts} "
        f"WHERE {' AND '.join(conditions)} AND {found}",
        column_params + params + found_params,
    )
    concepts = len(understanding.concepts)
    texts = {}
    for row in rows:
        if row[0] not in texts:
            texts[row[0]] = _text(row, concepts)
    if multipliers is None:
        multipliers = concept_multipliers(understanding, list(texts.values()))
    score_texts(list(texts.values()), multipliers)
    ranked = sorted(rows, key=lambda row: _order(texts[row[0]], *row[-3:]))
    page = [(row[-4], texts[row[0]].score) for row in ranked[offset : offset + limit]]
    return Ranking(min(len(rows), COUNT_CAP + 1), page)


def _asks_in_mongolian(understanding: Understanding) -> bool:
    return any(_is_mongolian(p) for c in understanding.concepts for p, _ in _phrases(c))


def _unpacked(where: str, understanding: Understanding) -> str:
    """PostgreSQL: texts `t` with the characters of their fields (`fts.CHARS_COLUMNS`, what `_has` reads)
    unpacked once. A long field is kept compressed (TOAST), and every strpos on it would unpack it again,
    a dozen times per text for a query of a few words; the projection of a subquery that OFFSET 0 keeps
    apart is computed once per row. The Mongolian words only when the query has Mongolian to look for."""
    columns = [fts.substring_column("postgresql", name) for name, _ in FIELD_WEIGHTS]
    if _asks_in_mongolian(understanding):
        columns += fts.MONGOLIAN_FIELDS
    fields = ", ".join(f"t.{column} || '' AS {column}" for column in columns)
    return (
        f"(SELECT t.id, t.name_weight, t.name_length, {fields} FROM search_searchtext t "  # noqa: S608
        f"WHERE {where} OFFSET 0) t"
    )


def _text_match(
    understanding: Understanding, vendor: str, *, confirmed: bool = True
) -> tuple[str, str, list]:
    """Tables, condition and parameters that find the matching texts `t` across all catalogs.

    `confirmed=False`: where the index finds a superset (PostgreSQL), leave out the substring check, for a
    caller whose columns run the same checks and who drops the texts that hold no phrase itself."""
    patterns = [p for c in understanding.concepts for p, _ in _phrases(c)]
    match = fts.match_condition(vendor, list(dict.fromkeys(patterns)))
    found, found_params = _found(understanding, vendor)
    if match is None:
        return "search_searchtext t", found, found_params
    if fts.is_exact(vendor):
        return match.tables, match.condition, match.params
    if not confirmed:
        return _unpacked(match.condition, understanding), "1 = 1", match.params
    return _unpacked(match.condition, understanding), found, match.params + found_params


def _matching_texts(understanding: Understanding, scope: Scope, needed: int) -> tuple[list[Text], int]:
    """Every text matching somewhere, with its public entries in scope counted up to a limit per text (one
    query); and that limit: at least `needed`, what a page needs.

    The tenths columns already say where each phrase is; a text the index found that holds none of them
    (PostgreSQL's index only knows that the pairs are there, not in what order) is dropped here, so the
    database runs each substring check once, not a second time as a filter.

    On PostgreSQL each text is counted up to its share of COUNT_CAP + 1 among the texts found (the limit
    of a subquery may depend on the row): the texts' first index page, which holds that many, is read
    anyway, and the counts then usually tell the capped total, which saves counting again (`_known_total`)."""
    vendor = _vendor()
    tables, condition, params = _text_match(understanding, vendor, confirmed=False)
    columns, column_params = _tenths_columns(understanding, vendor)
    conditions, entry_params = scope.entry_conditions()
    per_text = f"{needed:d}"
    if vendor == "postgresql":
        tables = f"(SELECT t.*, COUNT(*) OVER () AS found FROM {tables} WHERE {condition}) t"  # noqa: S608
        condition = "1 = 1"
        per_text = f"GREATEST({needed:d}, ({COUNT_CAP + 1:d} + t.found - 1) / t.found)"
    counted = (
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM search_searchentry e WHERE e.text_id = t.id AND "  # noqa: S608
        f"{' AND '.join(conditions)} LIMIT {per_text}) n)"
    )
    rows = _fetch(
        f"SELECT t.id, t.name_weight, t.name_length, {', '.join(columns)}, {counted} "  # noqa: S608
        f"FROM {tables} WHERE {condition}",
        column_params + entry_params + params,
    )
    texts = []
    for row in rows:
        text = _text(row, len(understanding.concepts))
        text.entries = row[-1]
        if text.entries and any(text.tenths):
            texts.append(text)
    if vendor == "postgresql" and rows:
        return texts, max(needed, -(-(COUNT_CAP + 1) // len(rows)))
    return texts, needed


def _known_total(texts: list[Text], per_text: int) -> int | None:
    """The matches counted up to COUNT_CAP + 1, when the texts' counts (each up to `per_text`) tell it:
    they reach the cap together, or none reached its limit. None: count them (`_count_sql`)."""
    total = sum(text.entries for text in texts)
    if total > COUNT_CAP:
        return COUNT_CAP + 1
    if all(text.entries < per_text for text in texts):
        return total
    return None


def _count_sql(texts: list[Text], where: str, vendor: str) -> str:
    """SQL: matching public entries across catalogs, counted up to COUNT_CAP + 1 (column `n`).

    Across a province's catalogs a common word matches hundreds of thousands of entries, and reading
    them all only to print the number is most of the work. The matching texts are named by id, so the
    database walks the index on (text, is_public, …) text by text and stops at the cap."""
    ids = ", ".join(f"{text.id:d}" for text in texts)
    if vendor == "postgresql":
        # PostgreSQL estimates an IN list id by id, which for hundreds of texts took longer to plan than
        # the count took to run; an array from a sub-select is planned once, and read the same way.
        among = f"e.text_id = ANY(ARRAY(SELECT unnest('{{{ids}}}'::bigint[])))"
    else:
        among = f"e.text_id IN ({ids})"
    return (
        f"SELECT COUNT(*) AS n FROM (SELECT 1 FROM search_searchentry e WHERE {among} "  # noqa: S608
        f"AND {where} LIMIT {COUNT_CAP + 1:d}) counted"
    )


# A page needing more texts than this reads them with one IN list (every entry of those texts) rather
# than a branch per text; SQLite allows 500 branches in one compound SELECT.
MAX_BRANCHES = 200


def _chosen(texts: list[Text], needed: int) -> list[list[Text]]:
    """The texts whose entries can fill the first `needed` places, best first, in tiers of equal score and
    name length (the entries of one tier interleave in catalog order): taken until they hold enough entries."""
    ordered = sorted(texts, key=lambda t: (-t.score, t.name_length, t.id))
    tiers, covered = [], 0
    for text in ordered:
        if not tiers or (text.score, text.name_length) != (tiers[-1][0].score, tiers[-1][0].name_length):
            if covered >= needed:
                break
            tiers.append([])
        tiers[-1].append(text)
        covered += text.entries
    return tiers


def _page_sql(
    tiers: list[list[Text]], columns: str, where: str, params: list, offset: int, limit: int, vendor: str
) -> tuple[str, list]:
    """SQL: one page of entries across catalogs (their `tier` and these `columns`, in ranked order), and its
    parameters.

    Of each text only its first entries in catalog order are read, through the index on (text, is_public,
    catalog position, …); the page is their tiers (best first), each in catalog order. Texts that tie
    (copies of one item with different guides, say) are all read, so a page may need several."""
    needed = offset + limit
    order = "e.catalog_position, e.catalog_id, e.seq"
    texts = [(tier, text) for tier, members in enumerate(tiers) for text in members]
    if vendor == "postgresql":
        # One subquery run per text (LATERAL): planned once, where a branch per text took a planning of its
        # own, a third of this query's time for a tie of seven texts.
        ids = ", ".join(f"{text.id:d}" for _, text in texts)
        numbers = ", ".join(f"{tier:d}" for tier, _ in texts)
        source = (
            f"SELECT x.tier, f.* FROM unnest('{{{ids}}}'::bigint[], '{{{numbers}}}'::int[]) AS x(text_id, tier) "  # noqa: S608
            f"CROSS JOIN LATERAL (SELECT {columns} FROM search_searchentry e WHERE e.text_id = x.text_id "
            f"AND {where} ORDER BY {order} LIMIT {needed:d}) f"
        )
        source_params = params
    elif len(texts) <= MAX_BRANCHES:
        branches = [
            f"SELECT * FROM (SELECT {tier:d} AS tier, {columns} FROM search_searchentry e "  # noqa: S608
            f"WHERE e.text_id = {text.id:d} AND {where} ORDER BY {order} LIMIT {needed:d}) p{i}"
            for i, (tier, text) in enumerate(texts)
        ]
        source, source_params = " UNION ALL ".join(branches), params * len(texts)
    else:
        tier_of = " ".join(f"WHEN {text.id:d} THEN {tier:d}" for tier, text in texts)
        ids = ", ".join(f"{text.id:d}" for _, text in texts)
        source = (
            f"SELECT CASE e.text_id {tier_of} END AS tier, {columns} FROM search_searchentry e "  # noqa: S608
            f"WHERE e.text_id IN ({ids}) AND {where}"
        )
        source_params = params
    sql = (
        f"SELECT * FROM ({source}) u "  # noqa: S608
        f"ORDER BY u.tier, u.catalog_position, u.catalog_id, u.seq LIMIT {limit:d} OFFSET {offset:d}"
    )
    return sql, source_params


def _counted_page(texts: list[Text], scope: Scope, offset: int, limit: int, total: int | None) -> Ranking:
    """How many entries match across catalogs, and one page of them read with everything a hit shows, in
    one query: the count (`_count_sql`, unless the `total` is known) joined to the page (`_page_sql`) and
    what its entries point at."""
    reader = _reader()
    tiers = _chosen(texts, offset + limit)
    conditions, params = scope.entry_conditions()
    where = " AND ".join(conditions)
    loaded = _page_columns(reader)
    # The page's rows hold every column of the entries, so they stand for the entries `e` in the joins.
    page, page_params = _page_sql(tiers, loaded.entry_sql, where, params, offset, limit, reader.vendor)
    count = _count_sql(texts, where, reader.vendor) if total is None else f"SELECT {total:d} AS n"
    sql = (
        f"SELECT counted.n, e.tier, {loaded.sql} FROM ({count}) counted "  # noqa: S608
        f"LEFT JOIN (({page}) e {_ENTRY_JOINS}) ON 1 = 1 ORDER BY e.tier, e.catalog_position, e.catalog_id, e.seq"
    )
    rows = _fetch(sql, (params if total is None else []) + page_params)
    if rows[0][1] is None:  # nothing on this page (past the last one): only the count
        return Ranking(rows[0][0], [], entries=[])
    scores = [members[0].score for members in tiers]
    entries = _entries(reader, loaded, [row[2:] for row in rows])
    for entry, row in zip(entries, rows, strict=True):
        entry.score = scores[row[1]]
    return Ranking(rows[0][0], [(entry.pk, entry.score) for entry in entries], entries=entries)


def _loaded_fields(model, skip=()) -> list:
    return [f for f in model._meta.concrete_fields if f.attname not in skip]


# What a page of hits reads, table by table: the entry, its item, catalog, the catalog's body, the group and
# the text (not its stored pairs). Read in one plain query: building the same through the ORM (select_related,
# defer) took longer than the database took to answer it.
_PAGE_TABLES = (
    ("e", SearchEntry, ()),
    ("i", Item, ()),
    ("c", Catalog, ()),
    ("b", Body, ()),
    ("g", Category, ()),
    ("t", SearchText, ("name_grams", "group_grams", "hint_grams", "guide_grams", *fts.MONGOLIAN_FIELDS)),
)
# What an entry `e` points at, joined.
_ENTRY_JOINS = (
    "JOIN catalog_item i ON i.id = e.item_id JOIN catalog_catalog c ON c.id = e.catalog_id "
    "JOIN bodies_body b ON b.id = c.body_id JOIN catalog_category g ON g.id = e.category_id "
    "JOIN search_searchtext t ON t.id = e.text_id"
)


@dataclass(frozen=True)
class _PageColumns:
    sql: str  # the columns, in the order of `tables`
    entry_sql: str  # the columns of the entry `e` alone
    tables: tuple[tuple[str, type, tuple[str, ...]], ...]  # alias, model, attribute names
    # (column index, expression, functions): the conversions the ORM applies to a column (JSON, booleans and
    # dates on SQLite …); columns without any are left out.
    converters: tuple[tuple[int, object, tuple], ...]


_page_columns_of: dict[tuple[str, str], _PageColumns] = {}


def _page_columns(reader) -> _PageColumns:
    """The columns a page of hits reads, and how to convert them, worked out once per connection."""
    key = (reader.alias, reader.vendor)
    if key not in _page_columns_of:
        loaded = [(alias, model, _loaded_fields(model, skip)) for alias, model, skip in _PAGE_TABLES]
        columns = [(f, f.get_col(alias)) for alias, _, fields in loaded for f in fields]
        converters = []
        for index, (f, col) in enumerate(columns):
            functions = tuple(reader.ops.get_db_converters(col) + f.get_db_converters(reader))
            if functions:
                converters.append((index, col, functions))
        _page_columns_of[key] = _PageColumns(
            ", ".join(f"{alias}.{f.column}" for alias, _, fields in loaded for f in fields),
            ", ".join(f"e.{f.column}" for f in loaded[0][2]),
            tuple((alias, model, tuple(f.attname for f in fields)) for alias, model, fields in loaded),
            tuple(converters),
        )
    return _page_columns_of[key]


def _entries(reader, loaded: _PageColumns, rows) -> list[SearchEntry]:
    """Entries with their item, catalog (and its body), group and text, from rows of `loaded` columns."""
    entries = []
    for row in rows:
        values = list(row)
        for index, col, functions in loaded.converters:
            value = values[index]
            for function in functions:
                value = function(value, col, reader)
            values[index] = value
        objects, start = {}, 0
        for alias, model, names in loaded.tables:
            objects[alias] = model.from_db(reader.alias, names, values[start : start + len(names)])
            start += len(names)
        entry, catalog = objects["e"], objects["c"]
        SearchEntry.item.field.set_cached_value(entry, objects["i"])
        SearchEntry.catalog.field.set_cached_value(entry, catalog)
        SearchEntry.category.field.set_cached_value(entry, objects["g"])
        SearchEntry.text.field.set_cached_value(entry, objects["t"])
        Catalog.body.field.set_cached_value(catalog, objects["b"])
        entries.append(entry)
    return entries


def _entries_by_id(ranked: list[tuple]) -> list[SearchEntry]:
    """The page's entries with item, catalog (and its body), group and text, in ranked order (one query)."""
    if not ranked:
        return []
    reader = _reader()
    loaded = _page_columns(reader)
    ids = ", ".join(f"{entry_id:d}" for entry_id, _ in ranked)
    rows = _fetch(f"SELECT {loaded.sql} FROM search_searchentry e {_ENTRY_JOINS} WHERE e.id IN ({ids})", [])  # noqa: S608
    entries = {entry.pk: entry for entry in _entries(reader, loaded, rows)}
    page = []
    for entry_id, score in ranked:
        if entry_id in entries:
            entry = entries[entry_id]
            entry.score = score
            page.append(entry)
    return page


def _page_entries(ranking: Ranking) -> list[SearchEntry]:
    return ranking.entries if ranking.entries is not None else _entries_by_id(ranking.page)


def shown_name(entry: SearchEntry, language: str | None) -> str:
    """The item's name on a page in this language: on a Mongolian page the name its current translation
    gives it, which the index holds (`index.build_entry`), else the catalog's Chinese name."""
    if language == Language.MONGOLIAN and entry.text.mn_name:
        return entry.text.mn_name
    return entry.item.name


def _guide_snippet(text: SearchText, phrases: list[str], language: str | None) -> SafeString:
    """An excerpt of the guide where a phrase was found: Chinese phrases in the Chinese guide, Mongolian ones
    in its translation, the page's language first."""
    mongolian = [p for p in phrases if has_mongolian_letters(p)]
    chinese = [p for p in phrases if not has_mongolian_letters(p)]
    guides = [(text.guide_text, chinese), (text.mn_guide_text, mongolian)]
    if language == Language.MONGOLIAN:
        guides.reverse()
    for guide, looked_for in guides:
        if looked_for and (found := snippet(guide, looked_for)):
            return found
    return SafeString("")


def _hits(entries, understanding: Understanding, language: str | None = None) -> list[Hit]:
    phrases = understanding.phrases
    # Across catalogs a page often shows copies of one item (the same name, group and text): marked once.
    marked = {}
    hits = []
    for entry in entries:
        if not is_public(entry.item):
            continue  # the item changed without a signal (a bulk update): never show what is hidden
        name = shown_name(entry, language)
        key = (name, entry.category.name, entry.text_id)
        if key not in marked:
            name_html = highlight(name, phrases)
            in_name = "<mark>" in name_html
            marked[key] = (
                name_html,
                # Say where the words were found when it was not in the name, and only then.
                highlight(entry.category.name, [] if in_name else phrases),
                SafeString("") if in_name else _guide_snippet(entry.text, phrases, language),
            )
        name_html, group_html, snippet_html = marked[key]
        hits.append(Hit(entry, entry.score, name, name_html, group_html, snippet_html))
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
    language: str | None = None,
) -> SearchResult:
    """Search the index. `query` must have passed `clean_query`. A fixed number of queries.

    `body` limits the search to the catalogs of that body and of the bodies below it; `area` to the catalogs of
    one area. `language`: the page's, which names the items (`shown_name`); a query in either language finds
    items on a page in either.
    """
    lexicon = lexicon or Lexicon.load()
    understanding = lexicon.understand(query)
    limit = max(1, min(limit, MAX_LIMIT))
    scope = Scope(catalog, category, level, catalogs_of(body, area))
    ranking = rank(understanding, scope, offset, limit)
    total, page = ranking.total, _page_entries(ranking)
    result = SearchResult(
        understanding,
        _hits(page, understanding, language),
        min(total, COUNT_CAP),
        offset,
        limit,
        total_exact=total <= COUNT_CAP,
    )
    if suggest and total == 0:
        result.suggestions = related_items(understanding, catalog=catalog, language=language)
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


def related_items(
    understanding: Understanding, *, catalog: Catalog | None = None, language: str | None = None
) -> list[Hit]:
    """When nothing matched: items sharing pieces of the query, the most pieces first."""
    partial = partial_understanding(understanding)
    if partial.is_empty:
        return []
    ranking = rank(partial, Scope(catalog), 0, SUGGESTIONS, multipliers=[1] * len(partial.concepts))
    return _hits(_page_entries(ranking), partial, language)


def _matching_entries(understanding: Understanding, scope: Scope) -> tuple[str, list]:
    """FROM and WHERE over entries `e` (with their texts `t`) that match, in scope."""
    conditions, params = scope.entry_conditions()
    if scope.is_narrow:
        found, found_params = _found(understanding, _vendor())
        where = f"{' AND '.join(conditions)} AND {found}"
        return (
            f"search_searchentry e JOIN search_searchtext t ON t.id = e.text_id WHERE {where}",
            params + found_params,
        )
    tables, condition, match_params = _text_match(understanding, _vendor())
    where = f"e.text_id IN (SELECT t.id FROM {tables} WHERE {condition}) AND {' AND '.join(conditions)}"  # noqa: S608
    return f"search_searchentry e WHERE {where}", match_params + params


def group_counts(understanding: Understanding, scope: Scope) -> dict[int, int]:
    """How many matches each group has, for the filter (one query)."""
    if understanding.is_empty:
        return {}
    source, params = _matching_entries(understanding, scope)
    rows = _fetch(f"SELECT e.category_id, COUNT(*) FROM {source} GROUP BY e.category_id", params)  # noqa: S608
    return dict(rows)


def level_counts(understanding: Understanding, scope: Scope, levels: list[str]) -> dict[str, int]:
    """How many matches each level has, for the filter (one query)."""
    if understanding.is_empty or not levels:
        return {}
    columns = ", ".join("SUM(CASE WHEN e.levels LIKE %s ESCAPE '\\' THEN 1 ELSE 0 END)" for _ in levels)
    source, params = _matching_entries(understanding, scope)
    (row,) = _fetch(
        f"SELECT {columns} FROM {source}",  # noqa: S608  (see above)
        [_like_text(f"|{word}|") for word in levels] + params,
    )
    return {word: count or 0 for word, count in zip(levels, row, strict=True)}


def concepts_found(understanding: Understanding, scope: Scope, fields: tuple[str, ...]) -> list[bool]:
    """For each concept: does a public entry in scope hold one of its phrases in one of these text fields?
    One query; each concept's answer stops at the first text that has it (`gongkai.search.coverage`)."""
    selects, params = [], []
    conditions, entry_params = scope.entry_conditions()
    vendor = _vendor()
    for concept in understanding.concepts:
        patterns = list(dict.fromkeys(pattern for pattern, _ in _phrases(concept)))
        lookups = [lookup for name in fields for lookup in _lookups(name, patterns)]
        checks = " OR ".join(_has(field, vendor) for field, _ in lookups) or "1 = 0"
        check_params = [_needle(pattern, vendor) for _, pattern in lookups]
        if scope.is_narrow:
            selects.append(
                "(SELECT 1 FROM search_searchentry e JOIN search_searchtext t ON t.id = e.text_id "  # noqa: S608
                f"WHERE {' AND '.join(conditions)} AND ({checks}) LIMIT 1)"
            )
            params += entry_params + check_params
            continue
        tables, condition, match_params = _text_match(Understanding(understanding.query, (concept,)), vendor)
        selects.append(
            f"(SELECT 1 FROM {tables} WHERE {condition} AND ({checks}) AND EXISTS "  # noqa: S608
            f"(SELECT 1 FROM search_searchentry e WHERE e.text_id = t.id AND {' AND '.join(conditions)}) LIMIT 1)"
        )
        params += match_params + check_params + entry_params
    if not selects:
        return []
    (row,) = _fetch("SELECT " + ", ".join(selects), params)
    return [value is not None for value in row]


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
