"""Query understanding: from what a citizen types to the phrases the catalog uses.

社保卡丢了怎么办 → 社保卡 (社会保障卡) + 丢了 (挂失, 补换) ; 怎么办 ignored.

A term may also be marked as outside what this site covers (医保报销 → 医疗保障局): the search then says
where to ask rather than showing items that only share a word (see `gongkai.search.coverage`).

The words come from the `Synonym` table, which staff edit in the admin. A query is folded (full-width,
traditional characters), cut into words by forward maximum matching against those terms, and whatever
no term covers is looked for as it is. Each word becomes a `Concept`: an item scores for every concept
it matches, so 社保卡 + 丢了 ranks 社会保障卡挂失与解挂 above the other card items.

Mongolian words (`gongkai.search.mongolian`) are concepts of their own, one per word, its case ending left
out: ᠵᠠᠰᠠᠭ ᠤᠨ ᠠᠵᠢᠯ → ᠵᠠᠰᠠᠭ + ᠠᠵᠢᠯ. A term in the table is a whole Mongolian word, never a piece of one.
"""

from dataclasses import dataclass, field

from gongkai.languages import QUERY_LIMIT
from gongkai.search import mongolian
from gongkai.search.models import Synonym, TermKind
from gongkai.search.text import fold, has_words

MAX_QUERY = QUERY_LIMIT["zh-hans"]
MAX_MONGOLIAN_QUERY = QUERY_LIMIT["mn"]


def query_limit(query: str) -> int:
    """The longest query allowed: longer where it is written in Mongolian letters."""
    return MAX_MONGOLIAN_QUERY if mongolian.has_letters(query) else MAX_QUERY


@dataclass(frozen=True)
class Concept:
    """One thing the citizen asked about, and the phrases that count as finding it."""

    said: str
    phrases: tuple[str, ...]
    weight: int = 1

    @property
    def rewritten(self) -> bool:
        return len(self.phrases) > 1

    @property
    def is_mongolian(self) -> bool:
        return mongolian.has_letters(self.said)

    def weighted_phrases(self) -> list[tuple[str, int]]:
        """Each phrase with its weight in tenths: what was typed and the first catalog word count fully,
        later words a little less (staff list the closest word first), never below half. A phrase that
        contains an earlier one (欠费补缴 after 补缴) could never count, so it is left out of the SQL."""
        weighted = []
        for i, phrase in enumerate(self.phrases):
            if not any(_contains(phrase, earlier) for earlier, _ in weighted):
                weighted.append((phrase, max(5, 10 - max(0, i - 1))))
        return weighted


def _contains(phrase: str, earlier: str) -> bool:
    """Is every match of `phrase` a match of `earlier`? Chinese: when it contains it. Mongolian is found
    where a word begins with it: when it begins with it."""
    if mongolian.has_letters(earlier):
        return phrase.startswith(earlier)
    return earlier in phrase


@dataclass(frozen=True)
class Outside:
    """Something the citizen asked about that another body handles, and where to ask."""

    said: str
    referral: str


@dataclass(frozen=True)
class Understanding:
    query: str
    concepts: tuple[Concept, ...]
    ignored: tuple[str, ...] = ()
    outside: tuple[Outside, ...] = ()

    @property
    def phrases(self) -> list[str]:
        return list(dict.fromkeys(p for concept in self.concepts for p in concept.phrases))

    @property
    def rewrites(self) -> list[Concept]:
        return [concept for concept in self.concepts if concept.rewritten]

    @property
    def is_empty(self) -> bool:
        return not self.concepts

    def content_words(self) -> list[Concept]:
        """The words that say what the query is about and that no term explains: typed as they are, two
        characters or more, not a number (身份证 in 身份证丢了). If one of them is nowhere in the catalog's
        own words, the other words' matches are not about what was asked."""
        return [
            c
            for c in self.concepts
            if not c.rewritten
            and len(c.said) > 1
            and not c.said.isdigit()
            and c.said not in self.ignored
            # The catalog's own words are Chinese: a Mongolian word's absence from them says nothing.
            and not c.is_mongolian
        ]


@dataclass
class Lexicon:
    """The active terms: synonyms (term → phrases) and words to ignore."""

    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    weights: dict[str, int] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()
    # Catalog words (every expansion) cut a query into words too: 工伤待遇 → 工伤 + 待遇.
    words: frozenset[str] = frozenset()
    outside: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Lexicon":
        """All active terms, in one query."""
        synonyms, weights, ignored, outside = {}, {}, set(), {}
        rows = Synonym.objects.filter(is_active=True).only("term", "kind", "expansions", "weight", "referral")
        for row in rows:
            term = _term(row.term)
            if not term:
                continue
            if row.kind == TermKind.IGNORE:
                ignored.add(term)
            elif row.kind == TermKind.OUTSIDE:
                outside[term] = row.referral.strip()
            else:
                synonyms[term] = tuple(dict.fromkeys([term, *row.expansion_list()]))
                weights[term] = row.weight
        words = {phrase for phrases in synonyms.values() for phrase in phrases}
        return cls(synonyms, weights, frozenset(ignored), frozenset(words), outside)

    @property
    def longest(self) -> int:
        return max((len(t) for t in (*self.synonyms, *self.ignored, *self.words, *self.outside)), default=1)

    def understand(self, query: str) -> Understanding:
        query = " ".join((query or "").split())
        query = query[: query_limit(query)]
        concepts, ignored, outside, segments = [], [], [], []
        for part in _script_parts(query):
            if isinstance(part, mongolian.Word):
                segments.append(part.letters)
                self._read_word(part.letters, concepts, ignored, outside)
                continue
            for segment in _segments(fold(part)):
                segments.append(segment)
                self._read_segment(segment, concepts, ignored, outside)
        if not concepts and segments and not outside:
            # Only question words ("怎么办"): look for what was typed rather than for nothing.
            concepts = [Concept(s, (s,)) for s in segments if has_words(s)]
        return Understanding(
            query,
            tuple(_distinct(_without_stray_characters(concepts))),
            tuple(ignored),
            tuple(dict.fromkeys(outside)),
        )

    def _read_segment(self, segment: str, concepts: list, ignored: list, outside: list) -> None:
        rest, position, longest = [], 0, self.longest
        while position < len(segment):
            term = self._term_at(segment, position, longest)
            if term is None:
                rest.append(segment[position])
                position += 1
                continue
            _flush(rest, concepts)
            if term in self.ignored:
                ignored.append(term)
            elif term in self.outside:
                outside.append(Outside(term, self.outside[term]))
            else:
                concepts.append(Concept(term, self.synonyms.get(term, (term,)), self.weights.get(term, 1)))
            position += len(term)
        _flush(rest, concepts)

    def _read_word(self, word: str, concepts: list, ignored: list, outside: list) -> None:
        """A Mongolian word: a term only as a whole (a piece of a word is another word)."""
        if word in self.ignored:
            ignored.append(word)
        elif word in self.outside:
            outside.append(Outside(word, self.outside[word]))
        else:
            concepts.append(Concept(word, self.synonyms.get(word, (word,)), self.weights.get(word, 1)))

    def _term_at(self, segment: str, position: int, longest: int) -> str | None:
        for size in range(min(longest, len(segment) - position), 0, -1):
            candidate = segment[position : position + size]
            if (
                candidate in self.synonyms
                or candidate in self.ignored
                or candidate in self.words
                or candidate in self.outside
            ):
                return candidate
        return None


def _term(text: str) -> str:
    """A term as queries are read: folded; a Mongolian one as its words (`mongolian.index_words`)."""
    term = fold(text).strip()
    return mongolian.index_words(term) if mongolian.has_letters(term) else term


def _script_parts(query: str) -> list:
    """The query in order: its Mongolian words (`mongolian.Word`, case endings left out) and the text
    between them (str), which is read as before."""
    parts, position = [], 0
    for word in mongolian.split(query):
        if word.start > position:
            parts.append(query[position : word.start])
        if not word.ending:
            parts.append(word)
        position = word.end
    if position < len(query):
        parts.append(query[position:])
    return parts


def _segments(folded: str) -> list[str]:
    """Runs of letters and digits: spaces, punctuation and brackets split a query into separate words."""
    segments, current = [], []
    for char in folded:
        if char.isalnum():
            current.append(char)
        elif current:
            segments.append("".join(current))
            current = []
    if current:
        segments.append("".join(current))
    return segments


def _flush(rest: list[str], concepts: list[Concept]) -> None:
    if rest:
        words = "".join(rest)
        if has_words(words):
            concepts.append(Concept(words, (words,)))
        rest.clear()


def _without_stray_characters(concepts: list[Concept]) -> list[Concept]:
    """A single character no term explains (换 in 失业金换个银行卡) is too vague to rank on, unless it is
    all the citizen typed."""
    kept = [c for c in concepts if len(c.said) > 1 or c.rewritten or c.said.isdigit()]
    return kept or concepts


def _distinct(concepts: list[Concept]) -> list[Concept]:
    seen, result = set(), []
    for concept in concepts:
        if concept.phrases not in seen:
            seen.add(concept.phrases)
            result.append(concept)
    return result


def partial_understanding(understanding: Understanding) -> Understanding:
    """For the no-results page: pieces of each word as concepts of their own, two characters long (养老卡证
    → 养老, 老卡, 卡证), or single characters for a two-character word, plus the catalog words it stood for."""
    pieces = []
    for concept in understanding.concepts:
        if concept.is_mongolian:
            continue  # pieces of letters are no words: a Mongolian word is found whole or not at all
        text = concept.said
        size = 2 if len(text) > 2 else 1
        pieces.extend(text[i : i + size] for i in range(len(text) - size + 1))
        pieces.extend(concept.phrases[1:])
    concepts = [Concept(piece, (piece,)) for piece in dict.fromkeys(pieces) if has_words(piece)]
    return Understanding(understanding.query, tuple(concepts), understanding.ignored, understanding.outside)
