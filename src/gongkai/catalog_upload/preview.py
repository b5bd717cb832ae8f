"""What the preview page shows: the table as it will be published, each note beside its cell, and what it
changes in the catalog of the same body and area (items added, changed field by field, removed) with the
items whose published guides or running deadlines the change touches."""

from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.catalog.models import Catalog
from gongkai.catalog.mongolian import count_changes as count_mongolian_changes
from gongkai.catalog.services import item_record, items_with_relations
from gongkai.catalog_upload.models import CatalogUpload
from gongkai.compliance.clock import ClockStatus, all_clocks
from gongkai.guides.models import GuideRevision, RevisionState

# The fields of an item in the order the table shows them, with the words a person knows them by.
FIELDS = {
    "group_path": "所属事项",
    "category": "一级事项",
    "name": "事项名称",
    "elements": "公开内容",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "subject": "公开主体",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "method": "公开方式",
    "levels": "公开层级",
    "warnings": "数据质量提示",
}
# Shown in the table; the group path stands for 一级事项 (its first step) there.
TABLE_FIELDS = [key for key in FIELDS if key != "category"]
# The optional Mongolian columns, shown when the file has them (compared with the published Mongolian).
MONGOLIAN_FIELDS = {"category_mn": "一级事项（蒙古文）", "name_mn": "二级事项（蒙古文）"}
RUNNING = (ClockStatus.PENDING, ClockStatus.DUE_SOON, ClockStatus.OVERDUE)
MAX_ROWS = 500  # a larger file shows its first rows and every row with a note or a change


def _text(value) -> str:
    if isinstance(value, list):
        return (
            "、".join(str(v) for v in value) if not any("\n" in str(v) for v in value) else "\n".join(value)
        )
    return "" if value is None else str(value)


@dataclass
class Cell:
    key: str
    text: str
    notes: list[str] = field(default_factory=list)
    changed: bool = False


@dataclass
class Row:
    seq: int
    rows: str  # where in the file, as a person sees it ("第 5–7 行")
    cells: list[Cell]
    change: str  # "added", "changed", "same"
    notes: list[str] = field(default_factory=list)  # about the whole row


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Changed:
    seq: int
    name: str
    fields: list[FieldChange]
    affected: list[str]


@dataclass
class Removed:
    seq: int
    name: str
    affected: list[str]


@dataclass
class Diff:
    catalog: Catalog | None
    added: list[int] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    catalog_changes: list[FieldChange] = field(default_factory=list)
    mongolian: int = 0  # Mongolian names that differ from the published ones: submitted for review on import

    @property
    def has_changes(self) -> bool:
        return self.catalog is None or bool(
            self.added or self.changed or self.removed or self.catalog_changes or self.mongolian
        )


@dataclass
class ColumnChoice:
    key: str  # what the mapping is keyed by: the header, or "#N" for a column without one
    number: int
    label: str
    role: str
    option: str
    how: str


@dataclass
class Preview:
    upload: CatalogUpload
    problems: list[str]
    catalog: dict
    rows: list[Row]
    hidden_rows: int
    general_notes: list[str]
    columns: list[ColumnChoice]
    diff: Diff | None
    item_count: int = 0
    mongolian_keys: list[str] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [FIELDS[key] for key in TABLE_FIELDS] + [MONGOLIAN_FIELDS[key] for key in self.mongolian_keys]


HOW = {
    "exact": "按表头认出",
    "guess": "猜的，请核对",
    "mapped": "按您指定的",
    "extra": "这一列目录不用",
    "unknown": "认不出，未导入",
}


def _columns(reading: dict) -> list[ColumnChoice]:
    choices = []
    for column in reading.get("columns", []):
        number = column["index"] + 1
        label = column.get("label") or ""
        choices.append(
            ColumnChoice(
                key=label or f"#{number}",
                number=number,
                label=label or f"第 {number} 列",
                role=column["role"],
                option=column.get("option") or "",
                how=HOW.get(column.get("how", ""), column.get("how", "")),
            )
        )
    return choices


def _affected_items(catalog: Catalog) -> dict[int, list[str]]:
    """seq -> why a change to the item matters: a published guide, a deadline running on one of its channels."""
    reasons: dict[int, list[str]] = {}
    published = GuideRevision.objects.filter(
        item__catalog=catalog, state=RevisionState.PUBLISHED
    ).values_list("item__seq", flat=True)
    for seq in published:
        reasons.setdefault(seq, []).append("有已发布的办事指南")
    for clock in all_clocks(timezone.localdate(), catalog=catalog):
        if clock.status in RUNNING:
            why = f"“{clock.channel_name}”公开期限正在计时（{clock.due_on:%Y-%m-%d} 到期）"
            if why not in reasons.setdefault(clock.revision.item.seq, []):
                reasons[clock.revision.item.seq].append(why)
    return reasons


def _diff(doc: dict, upload: CatalogUpload) -> tuple[Diff, dict[int, set[str]]]:
    """What importing `doc` changes in the body's catalog of the same area; and, per seq, the changed keys."""
    meta = doc["catalog"]
    existing = Catalog.objects.filter(body=upload.body, area=meta["area"]).first()
    diff = Diff(existing, mongolian=count_mongolian_changes(existing, doc))
    changed_keys: dict[int, set[str]] = {}
    if existing is None:
        diff.added = [entry["seq"] for entry in doc["items"]]
        return diff, changed_keys
    for name, label in (("title", "目录名称"), ("source", "来源"), ("publisher", "发布单位")):
        old, new = getattr(existing, name, ""), meta.get(name, "")
        if new and old != new:
            diff.catalog_changes.append(FieldChange(label, _text(old), _text(new)))
    current = {item.seq: item_record(item) for item in items_with_relations(existing)}
    affected = _affected_items(existing)
    for entry in doc["items"]:
        seq = entry["seq"]
        old = current.get(seq)
        if old is None:
            diff.added.append(seq)
            continue
        fields = [
            FieldChange(label, _text(old.get(key)), _text(entry.get(key)))
            for key, label in FIELDS.items()
            if key in entry and key in old and old[key] != entry[key]
        ]
        if fields:
            changed_keys[seq] = {
                key for key in FIELDS if key in entry and key in old and old[key] != entry[key]
            }
            diff.changed.append(Changed(seq, entry["name"], fields, affected.get(seq, [])))
    incoming = {entry["seq"] for entry in doc["items"]}
    diff.removed = [
        Removed(seq, record["name"], affected.get(seq, []))
        for seq, record in current.items()
        if seq not in incoming
    ]
    return diff, changed_keys


def _where(rows: list | None) -> str:
    if not rows:
        return ""
    first, last = rows
    return f"第 {first} 行" if first == last else f"第 {first}–{last} 行"


def build_preview(upload: CatalogUpload) -> Preview:
    reading = upload.reading or {}
    if reading.get("problems"):
        notes = [note["text"] for note in reading.get("notes", [])]
        return Preview(upload, reading["problems"], {}, [], 0, notes, _columns(reading), None)
    doc = reading.get("doc") or {"catalog": {}, "items": []}
    diff, changed_keys = _diff(doc, upload) if doc.get("items") else (None, {})
    item_rows = {int(seq): rows for seq, rows in reading.get("item_rows", {}).items()}
    # Each note goes beside the cell of the item whose file rows hold it; the rest are listed above the table.
    by_row = {}
    for seq, (first, last) in item_rows.items():
        for number in range(first, last + 1):
            by_row[number] = seq
    placed: dict[tuple[int, str | None], list[str]] = {}
    general = []
    for note in reading.get("notes", []):
        seq = by_row.get(note["row"]) if note["row"] is not None else None
        if seq is None:
            general.append(note["text"])
        else:
            key = "group_path" if note["key"] == "category" else note["key"]
            key = key if key in TABLE_FIELDS or key in MONGOLIAN_FIELDS else None
            placed.setdefault((seq, key), []).append(note["message"])
    added = set(diff.added) if diff else set()
    mongolian_keys = [key for key in MONGOLIAN_FIELDS if any(e.get(key) for e in doc.get("items", []))]
    rows, hidden = [], 0
    for position, entry in enumerate(doc.get("items", [])):
        seq = entry["seq"]
        change = "added" if seq in added else ("changed" if seq in changed_keys else "same")
        noted = any(s == seq for s, _ in placed)
        if position >= MAX_ROWS and change == "same" and not noted:
            hidden += 1
            continue
        keys = changed_keys.get(seq, set())
        cells = [
            Cell(
                key,
                _text(entry.get(key, "")),
                placed.get((seq, key), []),
                key in keys or (key == "group_path" and "category" in keys),
            )
            for key in TABLE_FIELDS
        ]
        cells += [Cell(key, entry.get(key, ""), placed.get((seq, key), [])) for key in mongolian_keys]
        rows.append(Row(seq, _where(item_rows.get(seq)), cells, change, placed.get((seq, None), [])))
    items = doc.get("items", [])
    return Preview(
        upload,
        [],
        doc.get("catalog", {}),
        rows,
        hidden,
        general,
        _columns(reading),
        diff,
        len(items),
        mongolian_keys,
    )
