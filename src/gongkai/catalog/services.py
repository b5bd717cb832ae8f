"""Catalog state changes and the catalog document (docs/catalog-format.md).

Views, the admin, the CLI and tests all go through these functions; none of them writes catalog rows itself.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import Prefetch

from gongkai import collector
from gongkai.audit.services import record
from gongkai.bodies.codes import code_for_name
from gongkai.bodies.models import Body, BodyKind
from gongkai.bulk import constraints_checked_meanwhile, insert_rows
from gongkai.catalog.exchange import validate_document
from gongkai.catalog.exchange.document import FORMAT_ID, derive_slug, fail
from gongkai.catalog.models import (
    Catalog,
    Category,
    Channel,
    Item,
    ItemBasis,
    ItemChannel,
    LegalBasis,
    parse_time_limit_days,
)
from gongkai.catalog.mongolian import add_published_names
from gongkai.catalog.mongolian import count_changes as count_mongolian_changes
from gongkai.catalog.mongolian import submit_names as submit_mongolian_names
from gongkai.catalog.signals import items_written
from gongkai.publishing.models import SiteState

SEED_PATH = Path(__file__).resolve().parent / "seed" / "zalaite-social-insurance.json"
LINK_BATCH = 500  # items per statement when items and their links are written
# An item's own fields as the catalog document carries them; bulk writes also set the derived ones.
CONTENT_FIELDS = (
    "group_path",
    "name",
    "elements",
    "time_limit",
    "subject",
    "audience",
    "method",
    "levels",
    "warnings",
)
ITEM_FIELDS = ("category", "time_limit_days", *CONTENT_FIELDS)
RECORD_FIELDS = ("seq", *CONTENT_FIELDS)  # what `item_record` takes from the item's own columns

CATALOG_FIELDS = (
    "slug",
    "title",
    "area",
    "publisher",
    "source",
    "audience_options",
    "method_options",
    "level_options",
)


def items_with_relations(catalog: Catalog):
    """All items of a catalog with their group, bases and channels in a fixed number of queries."""
    return (
        catalog.items.select_related("category")
        .prefetch_related(
            Prefetch("basis_links", queryset=ItemBasis.objects.select_related("basis")),
            Prefetch("channel_links", queryset=ItemChannel.objects.select_related("channel")),
        )
        .order_by("seq")
    )


def item_record(item: Item) -> dict:
    """One item as in the catalog document, without its url."""
    return {
        "seq": item.seq,
        "category": item.category.name,
        "group_path": [item.category.name, *item.subgroups],
        "name": item.name,
        "elements": list(item.elements),
        "basis": [link.basis.title for link in item.basis_links.all()],
        "time_limit": item.time_limit,
        "subject": item.subject,
        "channels": [link.channel.name for link in item.channel_links.all()],
        "audience": list(item.audience),
        "method": list(item.method),
        "levels": list(item.levels),
        "warnings": list(item.warnings),
    }


def catalog_document(catalog: Catalog) -> dict:
    items, pairs = [], []
    for item in items_with_relations(catalog):
        entry = item_record(item)
        entry["url"] = f"/bodies/{catalog.body.code}/catalog/{catalog.slug}/{item.seq}/"
        entry["warnings"] = entry.pop("warnings")  # keep warnings last, as documented
        items.append(entry)
        pairs.append((item, entry))
    add_published_names(pairs)  # the optional Mongolian columns
    return {
        "format": FORMAT_ID,
        "catalog": {name: getattr(catalog, name) for name in CATALOG_FIELDS},
        "items": items,
    }


@dataclass
class ImportPlan:
    """What an import adds, changes and removes; a dry run stops after computing it."""

    catalog_title: str
    publisher: str
    is_new_catalog: bool
    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    unchanged: int = 0
    catalog_changed: bool = False
    mongolian: int = 0  # Mongolian names that differ from the published ones: submitted for review

    @property
    def has_changes(self) -> bool:
        return bool(
            self.is_new_catalog
            or self.added
            or self.changed
            or self.removed
            or self.catalog_changed
            or self.mongolian
        )

    def summary(self) -> str:
        head = "新建目录" if self.is_new_catalog else "更新目录"
        lines = [f"{head}：{self.publisher}·{self.catalog_title}"]
        lines.append(f"新增 {len(self.added)} 项{_seq_list(self.added)}")
        lines.append(f"修改 {len(self.changed)} 项{_seq_list(self.changed)}")
        lines.append(f"删除 {len(self.removed)} 项{_seq_list(self.removed)}")
        lines.append(f"未变 {self.unchanged} 项")
        if self.catalog_changed and not self.is_new_catalog:
            lines.append("目录信息（名称、来源或勾选列）有修改")
        if self.mongolian:
            lines.append(f"蒙古文名称 {self.mongolian} 处有改动，提交审核（审核通过后才发布）")
        return "\n".join(lines)


def _seq_list(seqs: list[int]) -> str:
    if not seqs:
        return ""
    shown = "、".join(str(s) for s in seqs[:20])
    more = f" 等 {len(seqs)} 项" if len(seqs) > 20 else ""
    return f"（序号 {shown}{more}）"


def _find_catalog(meta: dict, body: Body | None) -> Catalog | None:
    if body is None or body.pk is None:
        return None
    return Catalog.objects.filter(body=body, area=meta["area"]).first()


def body_for_import(publisher: str, body: Body | None = None) -> Body:
    """The body a catalog goes to when the person importing it did not say (`--body`).

    The body the catalog names as its publisher; else the only body of a one-body installation; else,
    on an installation with no body yet, a new one made from the publisher (saved on import). With
    several bodies and no match, the person has to say which.
    """
    if body is not None:
        return body
    named = Body.objects.filter(models.Q(name=publisher) | models.Q(short_name=publisher)).first()
    if named is not None:
        return named
    bodies = list(Body.objects.all()[:2])
    if len(bodies) == 1:
        return bodies[0]
    if not bodies:
        return Body(code=code_for_name(publisher), name=publisher, kind=BodyKind.DEPARTMENT)
    raise fail(
        f"平台上有多个公开主体，没有一个叫“{publisher}”：请用 --body 指明目录属于哪个单位（gongkai bodies list 可查编码）"
    )


def _refuse_silent_takeover(meta: dict, body: Body) -> None:
    """A file from another publisher must not replace a catalog just because the body was guessed."""
    existing = _find_catalog(meta, body)
    if existing is not None and existing.publisher != meta["publisher"]:
        raise fail(
            f"文件的发布单位“{meta['publisher']}”与已有目录的“{existing.publisher}”不同，未做任何修改。"
            f"如确属同一单位，请用 --body {body.code} 明确指定"
        )


def _catalog_values(meta: dict, existing: Catalog | None) -> dict:
    """The catalog fields to store. Table formats carry no slug or source, so those keep their old values."""
    values = {name: meta[name] for name in CATALOG_FIELDS}
    if existing is not None:
        if meta["slug"] == derive_slug(meta["area"], meta["publisher"]):
            values["slug"] = existing.slug
        if not meta["source"]:
            values["source"] = existing.source
    return values


def plan_import(doc: dict, body: Body | None = None) -> ImportPlan:
    doc = validate_document(doc)
    return _plan(doc, body_for_import(doc["catalog"]["publisher"], body))


def _plan(doc: dict, body: Body) -> ImportPlan:
    """The plan for a document already validated (validating 10,000 items takes seconds)."""
    meta = doc["catalog"]
    existing = _find_catalog(meta, body)
    plan = ImportPlan(meta["title"], meta["publisher"], is_new_catalog=existing is None)
    plan.mongolian = count_mongolian_changes(existing, doc)
    incoming = {entry["seq"]: entry for entry in doc["items"]}
    if existing is None:
        plan.added = sorted(incoming)
        return plan
    values = _catalog_values(meta, existing)
    plan.catalog_changed = any(getattr(existing, name) != value for name, value in values.items())
    current = _current_records(existing)
    for seq, entry in incoming.items():
        if seq not in current:
            plan.added.append(seq)
        elif _comparable(current[seq]) != _comparable(entry):
            plan.changed.append(seq)
        else:
            plan.unchanged += 1
    plan.removed = sorted(set(current) - set(incoming))
    return plan


def _current_records(catalog: Catalog) -> dict[int, dict]:
    """Every item of the catalog by seq, as `item_record` gives it, from three queries of plain values:
    reading 5,000 items and their 35,000 links as model instances took most of a re-import."""
    bases, channels = defaultdict(list), defaultdict(list)
    links = ItemBasis.objects.filter(item__catalog=catalog).order_by("item", "position")
    for item_id, title in links.values_list("item_id", "basis__title"):
        bases[item_id].append(title)
    links = ItemChannel.objects.filter(item__catalog=catalog).order_by("item", "position")
    for item_id, name in links.values_list("item_id", "channel__name"):
        channels[item_id].append(name)
    rows = catalog.items.order_by("seq").values_list("pk", "category__name", *RECORD_FIELDS)
    records = {}
    for pk, category, *values in rows:
        entry = dict(zip(RECORD_FIELDS, values, strict=True))
        entry["category"] = category
        entry["group_path"] = [category, *entry["group_path"][1:]]  # as Item.subgroups
        entry["basis"] = bases[pk]
        entry["channels"] = channels[pk]
        records[entry["seq"]] = entry
    return records


def _comparable(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if key not in ("url", "category_mn", "name_mn")}


@collector.paused()  # see gongkai.collector: the objects of an import go by reference counting
@transaction.atomic
def import_catalog(
    doc: dict,
    *,
    body: Body | None = None,
    actor=None,
    actor_label: str = "",
    dry_run: bool = False,
    validated: bool = False,
    source: dict | None = None,
) -> ImportPlan:
    """Add a catalog to `body` or update it in place (same body and area). All or nothing. `source` names
    where the document came from (an upload and its file) in the audit entry.

    `validated`: `doc` is what `read_catalog_file`/`validate_document` just returned, unchanged, so it is
    not checked a second time (a tenth of the time of importing a 5,000-item file).
    """
    if not validated:
        doc = validate_document(doc)
    inferred = body is None
    body = body_for_import(doc["catalog"]["publisher"], body)
    plan = _plan(doc, body)
    if inferred:
        _refuse_silent_takeover(doc["catalog"], body)
    if dry_run or not plan.has_changes:
        return plan
    if body.pk is None:
        Body.objects.add_root(instance=body)
        record("bodies.add", actor=actor, actor_label=actor_label, target=f"公开主体：{body.name}")
    meta = doc["catalog"]
    existing = _find_catalog(meta, body)
    values = _catalog_values(meta, existing)
    if existing is None:
        catalog = Catalog.objects.create(body=body, position=Catalog.objects.count(), **values)
    else:
        catalog = existing
        for name, value in values.items():
            setattr(catalog, name, value)
        catalog.save()
    _store_items(catalog, doc["items"], plan)
    submit_mongolian_names(catalog, doc, actor)
    record(
        "catalog.import",
        actor=actor,
        actor_label=actor_label,
        target=str(catalog),
        details={"added": plan.added, "changed": plan.changed, "removed": plan.removed, **(source or {})},
    )
    return plan


def _store_items(catalog: Catalog, entries: list[dict], plan: ImportPlan) -> None:
    categories = _store_categories(catalog, entries)
    bases = _get_or_create_named(
        LegalBasis, "title", [t for e in entries for t in e["basis"]], lambda t: LegalBasis(title=t)
    )
    channels = _get_or_create_named(
        Channel, "name", [c for e in entries for c in e["channels"]], Channel.named
    )
    added, changed_seqs = set(plan.added), set(plan.changed)
    existing = {item.seq: item for item in catalog.items.all()}
    # Links are replaced a batch of items at a time, not item by item: a new item has none to delete,
    # and 10,000 new items would otherwise cost 40,000 statements more.
    changed = [existing[seq].pk for seq in plan.changed]
    for start in range(0, len(changed), LINK_BATCH):
        ItemBasis.objects.filter(item_id__in=changed[start : start + LINK_BATCH]).delete()
        ItemChannel.objects.filter(item_id__in=changed[start : start + LINK_BATCH]).delete()
    new = _insert_items(catalog, categories, [entry for entry in entries if entry["seq"] in added])
    items = []
    for entry in entries:
        if entry["seq"] in added:
            items.append((new[entry["seq"]], entry))
        elif entry["seq"] in changed_seqs:
            item = existing[entry["seq"]]
            item.category = categories[entry["category"]]
            for name in CONTENT_FIELDS:
                setattr(item, name, entry[name])
            item.time_limit_days = parse_time_limit_days(item.time_limit)  # as Item.save() would
            items.append((item, entry))
    Item.objects.bulk_update(
        [item for item, _ in items if item.seq in changed_seqs], ITEM_FIELDS, batch_size=LINK_BATCH
    )
    insert_rows(
        ItemBasis,
        ("item", "basis", "position"),
        ((item.pk, bases[title].pk, i) for item, entry in items for i, title in enumerate(entry["basis"])),
    )
    insert_rows(
        ItemChannel,
        ("item", "channel", "position"),
        (
            (item.pk, channels[name].pk, i)
            for item, entry in items
            for i, name in enumerate(entry["channels"])
        ),
    )
    _after_bulk_write([item for item, _ in items], created=[item.pk for item in new.values()])
    catalog.items.filter(seq__in=plan.removed).delete()
    catalog.categories.exclude(pk__in=[c.pk for c in categories.values()]).delete()


def _insert_items(catalog: Catalog, categories: dict[str, Category], entries: list[dict]) -> dict[int, Item]:
    """Write new items below the ORM and return them by seq, as loaded from the database, each with its
    catalog and category at hand (the search index reads both).

    Item by item would cost a statement per item and two more from the save signals, and even
    bulk_create spent two of a 5,000-item import's five seconds building instances and SQL. The instances
    are built after the write from the values written, through `Model.from_db`: given every column, it
    fills the fields in order, without the keyword handling of `Item(...)`.
    """
    columns = [field.attname for field in Item._meta.concrete_fields]  # the id first
    rows = [_new_item_row(columns[1:], catalog, categories[entry["category"]], entry) for entry in entries]
    ids = insert_rows(Item, columns[1:], rows, returning=True)
    catalog_field, category_field = Item._meta.get_field("catalog"), Item._meta.get_field("category")
    items = {}
    for pk, row, entry in zip(ids, rows, entries, strict=True):
        item = Item.from_db(DEFAULT_DB_ALIAS, columns, [pk, *row])
        catalog_field.set_cached_value(item, catalog)
        category_field.set_cached_value(item, categories[entry["category"]])
        items[item.seq] = item
    return items


def _new_item_row(columns: list[str], catalog: Catalog, category: Category, entry: dict) -> list:
    """A new item's values for these columns (attribute names)."""
    values = {
        "catalog_id": catalog.pk,
        "seq": entry["seq"],
        "category_id": category.pk,
        "time_limit_days": parse_time_limit_days(entry["time_limit"]),  # as Item.save() would
        **{name: entry[name] for name in CONTENT_FIELDS},
    }
    return [values[name] for name in columns]


def _after_bulk_write(items: list[Item], created: list[int]) -> None:
    """What the save signals would have done for items written in bulk: reindex them, move the site's stamp.

    The search index is kept by the search app, which builds on the catalog: it listens to `items_written`,
    which carries the items as written (each with its category), so they need not be read back, and the
    ids of those just created (nothing can refer to them yet). Meanwhile PostgreSQL checks the foreign
    keys of the items and links just written (see `constraints_checked_meanwhile`).
    """
    if items:
        with constraints_checked_meanwhile():
            items_written.send(
                sender=Item, item_ids=[item.pk for item in items], items=items, created=created
            )
        SiteState.touch()


def _store_categories(catalog: Catalog, entries: list[dict]) -> dict[str, Category]:
    """Groups in the order of their first item, reusing existing rows so group links stay stable.

    New groups are written in one statement (the items written with them move the site's stamp); an
    existing group that moves is saved, so its items' search entries follow.
    """
    names = list(dict.fromkeys(entry["category"] for entry in entries))
    current = {c.name: c for c in catalog.categories.all()}
    # A group the file renames keeps its row (its address, its Mongolian text): the group in the same place
    # whose old name the file no longer has.
    renamed = {c.position: c for c in current.values() if c.name not in set(names)}
    result, new = {}, []
    for position, name in enumerate(names):
        category = current.get(name) or renamed.pop(position, None)
        if category is None:
            category = Category(catalog=catalog, name=name, position=position)
            new.append(category)
        elif (category.name, category.position) != (name, position):
            category.name, category.position = name, position
            category.save()  # a new name puts its Mongolian text out of date (the translations app listens)
        result[name] = category
    Category.objects.bulk_create(new)  # sets their ids (SQLite 3.35+, PostgreSQL)
    return result


def _get_or_create_named(model, field_name: str, names: list[str], build) -> dict:
    """Rows by their unique name, creating the missing ones in one statement."""
    wanted = list(dict.fromkeys(names))
    found = {getattr(obj, field_name): obj for obj in model.objects.filter(**{f"{field_name}__in": wanted})}
    missing = [build(name) for name in wanted if name not in found]
    if missing:
        model.objects.bulk_create(missing, ignore_conflicts=True)
        found = {
            getattr(obj, field_name): obj for obj in model.objects.filter(**{f"{field_name}__in": wanted})
        }
    return found


def load_seed_if_empty(*, actor_label: str = "初始化") -> ImportPlan | None:
    """Load the bundled seed catalog into an empty database; a database with any catalog is left alone."""
    if Catalog.objects.exists():
        return None
    from gongkai.catalog.exchange import read_document

    doc = read_document(SEED_PATH.read_bytes(), "json")
    return import_catalog(doc, body=seed_body(), actor_label=actor_label)


SEED_PUBLISHER = "扎赉特旗人力资源社会保障局"


def seed_body() -> Body:
    """The seed catalog's bureau: the body it is loaded into, made at the top of the tree if missing."""
    body = Body.objects.filter(code=code_for_name(SEED_PUBLISHER)).first()
    if body is None:
        body = Body(code=code_for_name(SEED_PUBLISHER), name=SEED_PUBLISHER, short_name="旗人社局")
        body.kind = BodyKind.DEPARTMENT
        body = Body.objects.add_root(instance=body)
        record("bodies.add", actor_label="初始化", target=f"公开主体：{body.name}", body=body)
    return body


def default_catalog() -> Catalog | None:
    # With its body: every link to the catalog's pages names the body.
    return Catalog.objects.select_related("body").order_by("position", "id").first()
