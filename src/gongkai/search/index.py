"""Building search entries from the catalog, the published guides and the life events (一件事)."""

import functools
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from gongkai.bulk import insert_rows
from gongkai.catalog.models import Item
from gongkai.catalog.visibility import is_public
from gongkai.guides.content import content_lines
from gongkai.guides.models import GuideRevision, RevisionState
from gongkai.search import fts
from gongkai.search.models import SearchEntry
from gongkai.search.text import spaced, tokenize

BATCH = 500
# A typical item name is about 12 characters; names longer than 48 are treated as 48.
NAME_AVERAGE, NAME_CAP = 12, 48
OPENING, CLOSING = frozenset("([<《【〔〈"), frozenset(")]>》】〕〉")
ENTRY_FIELDS = [
    "catalog",
    "category",
    "seq",
    "scope",
    "name_chars",
    "group_chars",
    "hint_chars",
    "guide_chars",
    "guide_text",
    "levels",
    "name_length",
    "name_weight",
    "is_public",
    "has_guide",
    "updated_at",
]
ENTRY_COLUMNS = ["item", *ENTRY_FIELDS]


def scope_tokens(catalog_id: int | None = None, category_id: int | None = None) -> list[str]:
    """Tokens stored in every entry so the full-text index can narrow to a catalog or group itself."""
    tokens = []
    if catalog_id is not None:
        tokens.append(f"k{catalog_id}")
    if category_id is not None:
        tokens.append(f"g{category_id}")
    return tokens


def level_marks(levels: Iterable[str]) -> str:
    return "|" + "|".join(levels) + "|" if levels else ""


def name_weight(length: int) -> int:
    """BM25's term-frequency part for one occurrence (k1=1.2, b=0.75), in percent: 126 for a 6-character
    name, 100 for an average one, 45 at the cap, so a name match still outranks group, life-event and
    guide matches together."""
    length = min(length, NAME_CAP)
    return round(100 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * length / NAME_AVERAGE)))


# The most a name match can be worth (the shortest possible name); bounds scores in services.ranked_page.
NAME_WEIGHT_MAX = name_weight(0)


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


def _published_guides(item_ids) -> dict[int, dict]:
    revisions = GuideRevision.objects.filter(item_id__in=item_ids, state=RevisionState.PUBLISHED)
    return {rev.item_id: rev.content for rev in revisions.only("item_id", "content")}


def _life_event_hints(item_ids) -> dict[int, list[str]]:
    """What the life-event pages say about each item (家人去世后: 申领丧葬补助金…), in citizens' words."""
    from gongkai.lifeevents.models import LifeEventStep

    hints = defaultdict(list)
    steps = LifeEventStep.objects.filter(item_id__in=item_ids).select_related("event")
    for step in steps.order_by("event__position", "position"):
        hints[step.item_id].extend([step.event.name, step.when])
    return hints


@functools.lru_cache(maxsize=4096)
def _group_chars(name: str) -> str:
    """A group's name as indexed: the same for each of its items, so an import spaces it once."""
    return spaced(name)


def build_entry(item: Item, *, guide: dict | None, hints: list[str]) -> SearchEntry:
    text = guide_text(guide) if guide else ""
    name = tokenize(item.name)
    return SearchEntry(
        item=item,
        catalog_id=item.catalog_id,
        category_id=item.category_id,
        seq=item.seq,
        scope=" ".join(scope_tokens(item.catalog_id, item.category_id)),
        name_chars=name.spaced,
        group_chars=_group_chars(item.category.name),
        hint_chars=spaced("\n".join(hints)),
        guide_chars=spaced(text),
        guide_text=text,
        levels=level_marks(item.levels),
        name_length=len(name.tokens),
        name_weight=name_weight(core_length(name.tokens)),
        is_public=is_public(item),
        has_guide=guide is not None,
    )


def store_entries(entries: list[SearchEntry]) -> None:
    """Insert or update, as many entries a statement as the database takes; its triggers or generated
    column do the rest. Below the ORM: bulk_create cost a fifth of a 5,000-item import."""
    now = timezone.now()
    attnames = [SearchEntry._meta.get_field(name).attname for name in ENTRY_COLUMNS]
    for entry in entries:
        entry.updated_at = now  # auto_now, as a save would set it
    insert_rows(
        SearchEntry,
        ENTRY_COLUMNS,
        ([getattr(entry, name) for name in attnames] for entry in entries),
        update_on_conflict=(["item"], ENTRY_FIELDS),
    )


def rebuild_items(item_ids: Iterable[int]) -> int:
    """Rebuild the entries of these items (and drop entries of items that are gone). A fixed number of queries."""
    item_ids = list(set(item_ids))
    if not item_ids:
        return 0
    items = list(Item.objects.filter(pk__in=item_ids).select_related("category"))
    return index_items(items)


def index_items(items: list[Item], *, created: Iterable[int] = ()) -> int:
    """Build and store the entries of these items, as they are in memory (each with its category): an
    import hands over the items it has just written rather than have them read back. No guide or life
    event can point at the items `created` in the same transaction, so nobody looks for them."""
    created = set(created)
    ids = [item.pk for item in items if item.pk not in created]
    guides, hints = {}, {}
    for start in range(0, len(ids), BATCH):
        guides.update(_published_guides(ids[start : start + BATCH]))
        hints.update(_life_event_hints(ids[start : start + BATCH]))
    entries = [build_entry(item, guide=guides.get(item.pk), hints=hints.get(item.pk, [])) for item in items]
    if entries:
        store_entries(entries)
    return len(entries)


def index_new_item(item: Item) -> None:
    store_entries([build_entry(item, guide=None, hints=[])])


def rebuild_category(category_id: int) -> int:
    return rebuild_items(Item.objects.filter(category_id=category_id).values_list("pk", flat=True))


@transaction.atomic
def rebuild_index(*, catalog=None) -> int:
    """Rebuild every entry (of one catalog, or all), reinstalling the database's index first."""
    if catalog is None:
        fts.install(connection)
    items = Item.objects.all() if catalog is None else catalog.items.all()
    ids = list(items.order_by("pk").values_list("pk", flat=True))
    return sum(rebuild_items(ids[start : start + BATCH]) for start in range(0, len(ids), BATCH))
