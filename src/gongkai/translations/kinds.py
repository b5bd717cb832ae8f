"""What may carry a Mongolian text besides the guides: each kind of object, its texts and the body that owns it.

An app registers its kind at start-up (the catalog its 一级事项, the life events theirs, this app the bodies'
contact blocks, since the tree imports nothing above it). A kind names the model, the text fields to translate,
an optional list of rows each with one text (a life event's steps and their 什么情况下办), and the path from
the object to its body, whose staff write and review the Mongolian. Phone numbers, e-mail, postcodes and
addresses on the web are not texts and are never listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Rows:
    """Rows of the object that each carry one text: `relation` on the object, `field` on the row."""

    relation: str
    field: str
    label: str  # what one row's text is called on the form, before its number: "第 3 步"
    describe: str = ""  # an attribute path naming the row beside its number (the step's item name)


@dataclass(frozen=True)
class Kind:
    key: str  # in addresses and rows: "group", "event", "body"
    label: str  # what staff call such an object: 一级事项（类别）
    model: type[models.Model]
    fields: dict[str, str]  # text field -> its label on the form, the name first
    owner: str  # path from the object to its body ("" when the object is the body)
    rows: Rows | None = None
    order_by: tuple[str, ...] = ("pk",)
    related: tuple[str, ...] = field(default_factory=tuple)  # select_related for lists
    prefetch: tuple[str, ...] = field(default_factory=tuple)  # prefetch_related for lists (the rows)
    public_path: Callable | None = None  # obj -> the public page that shows it, for the staff's link
    position: int = 0  # where the staff's list shows this kind among the others
    # Objects that come and go by the thousand (catalog items): their removal is gathered and done once the
    # transaction commits, in a query per 500, not a query per object.
    many: bool = False

    def body_of(self, obj):
        for step in filter(None, self.owner.split("__")):
            obj = getattr(obj, step)
        return obj

    def body_path(self) -> str:
        """The lookup from the model to its body, for `bodies.scope.within` ("" is the body itself)."""
        return self.owner

    def name_of(self, obj) -> str:
        return getattr(obj, next(iter(self.fields)))

    def parts(self, obj, *, labels: bool = True) -> list[tuple[str, str, str]]:
        """(key, label, Chinese) of every text of the object, in page order; empty Chinese left out.

        Fields are keyed by their name, rows by "<relation>.<row id>": a reordered row keeps its Mongolian."""
        found = [(name, label, getattr(obj, name) or "") for name, label in self.fields.items()]
        if self.rows is not None:
            for number, row in enumerate(getattr(obj, self.rows.relation).all(), start=1):
                label = ""
                if labels:
                    label = self.rows.label.format(number=number)
                    if self.rows.describe:
                        label += f"（{_follow(row, self.rows.describe)}）"
                found.append((self.row_key(row), label, getattr(row, self.rows.field) or ""))
        return [part for part in found if part[2]]

    def texts(self, obj) -> dict[str, str]:
        """The Chinese of every text, by key: what a translation is compared with."""
        return {key: chinese for key, _, chinese in self.parts(obj, labels=False)}

    def row_key(self, row) -> str:
        return f"{self.rows.relation}.{row.pk}"


def _follow(obj, path: str):
    for step in path.split("."):
        obj = getattr(obj, step)
    return obj


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Register (or replace, on a second `ready()`) a kind of object with a Mongolian text."""
    _kinds[kind.key] = kind
    from gongkai.translations.signals import connect_kind

    connect_kind(kind)


def kind_by_key(key: str) -> Kind:
    return _kinds[key]


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.position, kind.key))


def kind_of(obj) -> Kind:
    """The kind of a registered object (or of a row of one, such as a life event's step)."""
    for found in _kinds.values():
        if isinstance(obj, found.model):
            return found
    raise LookupError(f"{type(obj).__name__} has no Mongolian text")
