"""Building search entries from the catalog, the published guides and the life events (一件事).

An item's text holds its current Mongolian translation too (name and guide, `TRANSLATION_FIELDS`): the
published one that translates the live Chinese guide, as the Mongolian pages show it. Every change of it
(published, out of date when the Chinese changes, withdrawn, replaced) is a save of a guide revision, which
rebuilds the item's entry (`gongkai.search.signals`).
"""

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from gongkai.bulk import insert_rows
from gongkai.catalog.models import Item
from gongkai.catalog.visibility import is_public
from gongkai.guides.content import content_lines
from gongkai.guides.models import GuideRevision, Language, RevisionState
from gongkai.guides.translation import CURRENT, published_translation, translated_texts
from gongkai.search import fts
from gongkai.search.models import SearchEntry, SearchText
from gongkai.search.mongolian import index_words
from gongkai.search.text import grams, text_grams, tokenize

BATCH = 500
# A typical item name is about 12 characters; names longer than 48 are treated as 48.
NAME_AVERAGE, NAME_CAP = 12, 48
OPENING, CLOSING = frozenset("([<《【〔〈"), frozenset(")]>》】〕〉")
TEXT_FIELDS = [
    "name_grams",
    "group_grams",
    "hint_grams",
    "guide_grams",
    "guide_text",
    "name_length",
    "name_weight",
]
# The current Mongolian translation's name and guide, as written (shown) and as words (indexed).
TRANSLATION_FIELDS = ["mn_name", "mn_name_words", "mn_guide_text", "mn_guide_words"]
ENTRY_FIELDS = [
    "catalog",
    "category",
    "seq",
    "catalog_position",
    "text",
    "levels",
    "is_public",
    "has_guide",
    "updated_at",
]
ENTRY_COLUMNS = ["item", *ENTRY_FIELDS]
ENTRY_ATTNAMES = [SearchEntry._meta.get_field(name).attname for name in ENTRY_COLUMNS]
TEXT_COLUMNS = ["key", *TEXT_FIELDS, *TRANSLATION_FIELDS]


def level_marks(levels: Iterable[str]) -> str:
    return "|" + "|".join(levels) + "|" if levels else ""


def name_weight(length: int) -> int:
    """BM25's term-frequency part for one occurrence (k1=1.2, b=0.75), in percent: 126 for a 6-character
    name, 100 for an average one, 45 at the cap, so a name match still outranks group, life-event and
    guide matches together."""
    length = min(length, NAME_CAP)
    return round(100 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * length / NAME_AVERAGE)))


def core_length(tokens) -> int:
    """Characters of a name outside brackets: 社会保障卡信息变更（非关键信息） is a 9-character name with a note."""
    depth, length = 0, 0
    for token in tokens:
        if token in OPENING:
            depth += 1
        elif token in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0:
            length += 1
    return length or len(tokens)


def guide_text(content: dict) -> str:
    """A published guide as plain text, element by element."""
    return "\n".join(line for line in content_lines(content).values() if line)


def _published_guides(item_ids) -> tuple[dict[int, dict], dict[int, dict]]:
    """Each item's published Chinese guide, and its Mongolian translation where that is current (one query)."""
    revisions = GuideRevision.objects.filter(
        item_id__in=item_ids,
        state=RevisionState.PUBLISHED,
        language__in=[Language.CHINESE, Language.MONGOLIAN],
    ).only("item_id", "language", "source_id", "state", "content")
    by_item = defaultdict(list)
    for rev in revisions:
        by_item[rev.item_id].append(rev)
    guides, translations = {}, {}
    for item_id, published in by_item.items():
        live = next((rev for rev in published if rev.language == Language.CHINESE), None)
        if live is None:
            continue
        guides[item_id] = live.content
        translation, standing = published_translation(live, published, Language.MONGOLIAN)
        if standing == CURRENT:
            translations[item_id] = translation.content
    return guides, translations


def _mongolian_item_names(items) -> dict[int, str]:
    """Each item's own published Mongolian name (translations, kind "item") where it still translates the
    item's Chinese name as it stands (one query): what the Mongolian pages call an item without a guide."""
    from gongkai.translations.models import TextState, TextTranslation
    from gongkai.translations.services import MONGOLIAN

    names = {item.pk: item.name for item in items}
    if not names:
        return {}
    rows = TextTranslation.objects.filter(
        kind="item", language=MONGOLIAN, state=TextState.PUBLISHED, object_id__in=list(names)
    ).only("object_id", "texts", "source")
    return {
        row.object_id: row.texts["name"]
        for row in rows
        if row.texts.get("name") and row.source.get("name") == names.get(row.object_id)
    }


def _life_event_hints(item_ids) -> dict[int, list[str]]:
    """What the life-event pages say about each item (家人去世后: 申领丧葬补助金…), in citizens' words."""
    from gongkai.lifeevents.models import LifeEventStep

    hints = defaultdict(list)
    steps = LifeEventStep.objects.filter(item_id__in=item_ids).select_related("event")
    for step in steps.order_by("event__position", "position"):
        hints[step.item_id].extend([step.event.name, step.when])
    return hints


def text_key(text: SearchText) -> str:
    """The text's identity: equal fields, equal key (so one row serves every item that reads the same)."""
    parts = [str(getattr(text, name)) for name in TEXT_FIELDS]
    # Only a text with a translation has these in its key, so the keys of all others stay as they were.
    if any(getattr(text, name) for name in TRANSLATION_FIELDS):
        parts += [getattr(text, name) for name in TRANSLATION_FIELDS]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@functools.lru_cache(maxsize=4096)
def _group_grams(name: str) -> str:
    """A group's name as stored: the same for each of its items, so an import computes it once."""
    return text_grams(name)


def build_entry(
    item: Item,
    *,
    guide: dict | None,
    hints: list[str],
    translation: dict | None = None,
    mn_item_name: str = "",
) -> SearchEntry:
    """The item's entry, with its (unsaved) text in `entry.pending_text`; `store_entries` saves both.
    `translation`: the current Mongolian translation of `guide`, if there is one; `mn_item_name`: the item's
    own Mongolian name, which names it where no current guide translation does (as on the pages)."""
    body = guide_text(guide) if guide else ""
    translation = translation or {}
    mn_name = translation.get("name", "") or mn_item_name
    mn_body = "\n".join(translated_texts(translation))
    name = tokenize(item.name)
    text = SearchText(
        name_grams=grams(name.tokens),
        group_grams=_group_grams(item.category.name),
        hint_grams=text_grams("\n".join(hints)) if hints else "",
        guide_grams=text_grams(body) if body else "",
        guide_text=body,
        name_length=len(name.tokens),
        name_weight=name_weight(core_length(name.tokens)),
        mn_name=mn_name,
        mn_name_words=index_words(mn_name),
        mn_guide_text=mn_body,
        mn_guide_words=index_words(mn_body),
    )
    text.key = text_key(text)
    entry = SearchEntry(
        item=item,
        catalog_id=item.catalog_id,
        category_id=item.category_id,
        seq=item.seq,
        catalog_position=item.catalog.position,
        levels=level_marks(item.levels),
        is_public=is_public(item),
        has_guide=guide is not None,
    )
    entry.pending_text = text
    return entry


def _text_ids(texts: dict[str, SearchText]) -> dict[str, int]:
    """The ids of these texts, inserting the ones not stored yet; locked against `prune_texts` until commit.

    On PostgreSQL the rows are read FOR KEY SHARE: a concurrent prune skips them, and one that deleted a
    text first makes it disappear here, so it is inserted again on the next round."""
    keys = sorted(texts)
    for _ in range(3):
        found = _locked_ids(keys)
        missing = [texts[key] for key in keys if key not in found]
        if not missing:
            return found
        # Below the ORM, as the entries: building the texts' rows through bulk_create took a tenth of an import.
        insert_rows(
            SearchText,
            TEXT_COLUMNS,
            ([getattr(text, name) for name in TEXT_COLUMNS] for text in missing),
            skip_conflicts_on=["key"],
        )
    raise RuntimeError("search texts kept disappearing while being stored")  # pragma: no cover


def _locked_ids(keys: list[str]) -> dict[str, int]:
    found = {}
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT key, id FROM search_searchtext WHERE key = ANY(%s) ORDER BY key FOR KEY SHARE",
                    [chunk],
                )
                found.update(cursor.fetchall())
        else:
            found.update(SearchText.objects.filter(key__in=chunk).values_list("key", "id"))
    return found


def store_entries(entries: list[SearchEntry], *, created: Iterable[int] = ()) -> None:
    """Store the entries and their texts (each distinct text once), then drop texts nobody reads any more.

    `created`: ids of items written in this transaction, which can have no entry yet: theirs are plain
    inserts (COPY on PostgreSQL) and no earlier text of theirs is looked for."""
    created = set(created)
    with transaction.atomic():
        texts = {entry.pending_text.key: entry.pending_text for entry in entries}
        ids = _text_ids(texts)
        for entry in entries:
            entry.text_id = ids[entry.pending_text.key]
        new = [entry for entry in entries if entry.item_id in created]
        renewed = [entry for entry in entries if entry.item_id not in created]
        # Unordered: the model's ordering would join the catalogs for nothing.
        previous = set(
            SearchEntry.objects.filter(item_id__in=[entry.item_id for entry in renewed])
            .order_by()
            .values_list("text_id", flat=True)
            .distinct()
        )
        now = timezone.now()
        for entry in entries:
            entry.updated_at = now  # auto_now, as a save would set it
        # Below the ORM: bulk_create cost a fifth of a 5,000-item import.
        if new:
            insert_rows(SearchEntry, ENTRY_COLUMNS, map(_entry_row, new))
        if renewed:
            insert_rows(
                SearchEntry,
                ENTRY_COLUMNS,
                map(_entry_row, renewed),
                update_on_conflict=(["item"], ENTRY_FIELDS),
            )
        prune_texts(previous - set(ids.values()))


def _entry_row(entry: SearchEntry) -> list:
    return [getattr(entry, name) for name in ENTRY_ATTNAMES]


def prune_texts(text_ids=None) -> int:
    """Delete texts no entry points at (among `text_ids`, or all). Texts another transaction is storing
    right now are skipped on PostgreSQL and left for a later prune."""
    if text_ids is not None and not text_ids:
        return 0
    candidates, params = "", []
    if text_ids is not None:
        ids = sorted(text_ids)
        candidates, params = f"t.id IN ({', '.join(['%s'] * len(ids))}) AND ", ids
    orphans = (
        f"SELECT t.id FROM search_searchtext t WHERE {candidates}"  # noqa: S608  (placeholders only)
        "NOT EXISTS (SELECT 1 FROM search_searchentry e WHERE e.text_id = t.id)"
    )
    if connection.vendor == "postgresql":
        orphans += " FOR UPDATE SKIP LOCKED"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM search_searchtext WHERE id IN ({orphans})", params)  # noqa: S608
        return cursor.rowcount


def rebuild_items(item_ids: Iterable[int]) -> int:
    """Rebuild the entries of these items (and drop entries of items that are gone). A fixed number of queries."""
    item_ids = list(set(item_ids))
    if not item_ids:
        return 0
    items = list(Item.objects.filter(pk__in=item_ids).select_related("category", "catalog"))
    return index_items(items)


def index_items(items: list[Item], *, created: Iterable[int] = ()) -> int:
    """Build and store the entries of these items as they are in memory (each with its category and
    catalog): an import hands over the items it has just written rather than have them read back. No guide
    or life event can point at the items `created` in the same transaction, so nobody looks for them."""
    created = set(created)
    ids = [item.pk for item in items if item.pk not in created]
    guides, translations, hints, mn_names = {}, {}, {}, {}
    known = [item for item in items if item.pk not in created]
    for start in range(0, len(ids), BATCH):
        published, translated = _published_guides(ids[start : start + BATCH])
        guides.update(published)
        translations.update(translated)
        hints.update(_life_event_hints(ids[start : start + BATCH]))
        mn_names.update(_mongolian_item_names(known[start : start + BATCH]))
    entries = [
        build_entry(
            item,
            guide=guides.get(item.pk),
            hints=hints.get(item.pk, []),
            translation=translations.get(item.pk),
            mn_item_name=mn_names.get(item.pk, ""),
        )
        for item in items
    ]
    if entries:
        store_entries(entries, created=created)
    return len(entries)


def index_new_item(item: Item) -> None:
    store_entries([build_entry(item, guide=None, hints=[])])


def follow_catalog_position(catalog_id: int, position: int) -> int:
    """A catalog moved in the list: its entries carry the position used to order ties across catalogs."""
    entries = SearchEntry.objects.filter(catalog_id=catalog_id).exclude(catalog_position=position)
    return entries.update(catalog_position=position)


def rebuild_category(category_id: int) -> int:
    return rebuild_items(Item.objects.filter(category_id=category_id).values_list("pk", flat=True))


@transaction.atomic
def index_unindexed_items() -> int:
    """Index the items that have no entry (after a migration that replaced the index or dropped some
    entries), reinstalling the database's index first."""
    fts.install(connection)
    ids = list(Item.objects.filter(search_entry__isnull=True).order_by("pk").values_list("pk", flat=True))
    count = sum(rebuild_items(ids[start : start + BATCH]) for start in range(0, len(ids), BATCH))
    prune_texts()
    return count


@transaction.atomic
def rebuild_index(*, catalog=None) -> int:
    """Rebuild every entry (of one catalog, or all), reinstalling the database's index first."""
    if catalog is None:
        fts.install(connection)
    items = Item.objects.all() if catalog is None else catalog.items.all()
    ids = list(items.order_by("pk").values_list("pk", flat=True))
    count = sum(rebuild_items(ids[start : start + BATCH]) for start in range(0, len(ids), BATCH))
    prune_texts()
    return count
