"""Search that knows what it does not know: "本站没有这项内容", and where else to ask.

A catalog covers one area (here social insurance). Asked about something else, ranking alone still finds
items that share a word: 身份证丢了 offered the social-security-card items (丢了 → 挂失), 残疾证 the
work-injury benefits (残疾 → 伤残). A query is not covered when

- it names a matter staff marked as another body's (a term of kind "本站不办理", with where to ask);
- none of its words is found in the catalog's own words: item names, group names and life-event text
  (火星, 卡务). The guides do not count: 身份证 is in nearly every guide's list of materials without the
  site being about identity cards;
- or it names a document (a word ending in 证, 卡, 照, 本 …) that no term explains and the catalog's words
  do not contain (驾驶证丢了: the 丢了 → 挂失 match is about another card).

Then the answer is no results, plainly said, with the 12345 hotline, the body's own phone and the referral.
Queries that are covered are ranked exactly as before (`services.search`).
"""

from dataclasses import dataclass

from gongkai.catalog.models import Catalog
from gongkai.search.services import Scope, SearchResult, concepts_found, search
from gongkai.search.understanding import Concept, Lexicon, Understanding

# Where a word counts as meaningful: the catalog's own words, not the guides' running text.
CATALOG_FIELDS = ("name_grams", "group_grams", "hint_grams")
# Endings of the names of papers and cards people ask to get or replace.
DOCUMENT_ENDINGS = ("证", "卡", "照", "本", "证书", "证明", "执照")


@dataclass(frozen=True)
class Coverage:
    missing: tuple[str, ...] = ()  # what was asked about that this site has nothing on
    referrals: tuple[tuple[str, str], ...] = ()  # (what, where to ask), from the staff's terms

    @property
    def covered(self) -> bool:
        return not self.missing


def _found_in_catalog_words(understanding: Understanding, catalog: Catalog | None) -> list[bool]:
    """For each concept: is one of its phrases in a public entry's name, group or life-event text within
    scope? One query; each concept's answer stops at the first text that has it. A Mongolian word counts as
    found without asking: few items are translated yet, so its absence from their names says nothing."""
    asked = tuple(c for c in understanding.concepts if not c.is_mongolian)
    answers = iter(concepts_found(Understanding(understanding.query, asked), Scope(catalog), CATALOG_FIELDS))
    return [True if c.is_mongolian else next(answers) for c in understanding.concepts]


def _names_a_document(concept: Concept) -> bool:
    return concept.said.endswith(DOCUMENT_ENDINGS)


def coverage(understanding: Understanding, catalog: Catalog | None) -> Coverage:
    """Does this site cover what the query asks about? (one query, none when a term already says no)"""
    if understanding.outside:
        return Coverage(
            tuple(dict.fromkeys(o.said for o in understanding.outside)),
            tuple(dict.fromkeys((o.said, o.referral) for o in understanding.outside if o.referral)),
        )
    content = understanding.content_words()
    if not content:
        return Coverage()  # only catalog terms, or only question words: ranking decides as before
    found = dict(zip(understanding.concepts, _found_in_catalog_words(understanding, catalog), strict=True))
    if not any(found.values()):
        return Coverage(tuple(c.said for c in content))
    return Coverage(tuple(c.said for c in content if not found[c] and _names_a_document(c)))


def search_covered(
    query: str, *, lexicon: Lexicon | None = None, catalog: Catalog | None = None, **options
) -> tuple[SearchResult, Coverage]:
    """`services.search`, unless the query is about something this site does not cover: then no results."""
    lexicon = lexicon or Lexicon.load()
    understanding = lexicon.understand(query)
    answer = coverage(understanding, catalog)
    if not answer.covered:
        limit = options.get("limit", 10)
        return SearchResult(understanding, [], 0, options.get("offset", 0), limit), answer
    return search(query, lexicon=lexicon, catalog=catalog, **options), answer
