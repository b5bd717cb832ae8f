"""Changes to the tree of public bodies. The CLI, the admin and tests call these; nobody writes Body rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from gongkai.bodies.exchange import CONTACT_KEYS, FIRST_ROW, TOP_KEYS, column_label, read, tree_problems
from gongkai.bodies.models import CONTACT_FIELDS, DISCLOSURE_KINDS, Body
from gongkai.bodies.signals import tree_changed
from gongkai.problems import InputError, Problem

# Exchange key of the contact block -> model field.
CONTACT_FIELD_FOR = {key: name for name, key in CONTACT_FIELDS.items()}


@dataclass
class BodiesPlan:
    """What an import does: the codes it adds, changes, moves, and leaves as they are."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.moved)

    def summary(self) -> str:
        lines = [
            f"新增 {len(self.added)} 个，修改 {len(self.changed)} 个，"
            f"调整上级 {len(self.moved)} 个，未变 {len(self.unchanged)} 个"
        ]
        for label, codes in (("新增", self.added), ("修改", self.changed), ("调整上级", self.moved)):
            if codes:
                lines.append(f"{label}：{'、'.join(codes[:20])}{' 等' if len(codes) > 20 else ''}")
        return "\n".join(lines)


def body_records() -> list[dict]:
    """Every body in tree order, as the bodies file writes it (parents before their children)."""
    bodies = list(Body.objects.get_tree())
    code_at = {body.path: body.code for body in bodies}
    return [_record(body, code_at.get(body.parent_path)) for body in bodies]


def audit(action: str, *, actor=None, actor_label: str = "", target: str = "", details=None, body=None):
    """Have the change written to the audit log (by the audit app, which listens to `tree_changed`)."""
    tree_changed.send(
        sender=Body,
        action=action,
        actor=actor,
        actor_label=actor_label,
        target=target,
        details=details or {},
        body=body,
    )


def _record(body: Body, parent_code: str | None) -> dict:
    return {
        "code": body.code,
        "name": body.name,
        "short_name": body.short_name,
        "kind": body.kind,
        "parent": parent_code,
        "region_code": body.region_code,
        "credit_code": body.credit_code,
        "contact": body.contact(),
    }


def import_bodies(
    records: list[dict], *, actor=None, actor_label: str = "", dry_run: bool = False, fmt: str = "json"
) -> BodiesPlan:
    """Add and update bodies from checked records, all or nothing. Bodies missing from the file stay.

    `fmt` is the file's format, so problems name rows and columns as that file shows them.
    """
    with transaction.atomic():
        stored = {body.code: body for body in Body.objects.select_for_update()}
        code_at = {body.path: code for code, body in stored.items()}
        existing = {code: code_at.get(body.parent_path) for code, body in stored.items()}
        problems = tree_problems(records, existing, fmt)
        problems += _credit_code_clashes(records, stored, fmt)
        if problems:
            raise InputError(problems)
        plan = _plan(records, stored, existing)
        if dry_run or not plan.has_changes:
            return plan
        _apply(records, plan)
        audit(
            "bodies.import",
            actor=actor,
            actor_label=actor_label,
            target=f"公开主体名单（{len(records)} 个）",
            details={"added": plan.added, "changed": plan.changed, "moved": plan.moved},
        )
    return plan


def _credit_code_clashes(records, stored, fmt):
    first_row, column = FIRST_ROW[fmt], column_label("credit_code", fmt)
    in_file = {record["code"] for record in records}
    held = {
        body.credit_code: code for code, body in stored.items() if body.credit_code and code not in in_file
    }
    return [
        Problem(first_row + index, column, f"统一社会信用代码已属于“{held[record['credit_code']]}”")
        for index, record in enumerate(records)
        if record["credit_code"] in held
    ]


def _plan(records, stored, existing) -> BodiesPlan:
    plan = BodiesPlan()
    for record in records:
        body = stored.get(record["code"])
        if body is None:
            plan.added.append(record["code"])
            continue
        if existing[record["code"]] != record["parent"]:
            plan.moved.append(record["code"])
        if _fields(record) != {name: getattr(body, name) for name in _fields(record)}:
            plan.changed.append(record["code"])
        elif existing[record["code"]] == record["parent"]:
            plan.unchanged.append(record["code"])
    return plan


def _fields(record: dict) -> dict:
    values = {key: record[key] for key in TOP_KEYS if key not in ("code", "parent")}
    values.update({CONTACT_FIELD_FOR[key]: record["contact"][key] for key in CONTACT_KEYS})
    return values


def _apply(records: list[dict], plan: BodiesPlan) -> None:
    by_code = {record["code"]: record for record in records}
    added = set(plan.added)
    # Parents before children, so every new body finds its parent already in the tree.
    for code in _top_down([code for code in plan.added], by_code):
        record = by_code[code]
        body = Body(code=code, **_fields(record))
        body.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
        if record["parent"] is None:
            Body.objects.add_root(instance=body)
        else:
            Body.objects.add_child(Body.objects.get(code=record["parent"]), instance=body)
    for code in plan.changed:
        if code in added:
            continue
        Body.objects.filter(code=code).update(**_fields(by_code[code]))
    for code in plan.moved:
        # treebeard rewrites paths with raw SQL: fetch both nodes afresh for every move.
        move_body(Body.objects.get(code=code), _parent_or_none(by_code[code]["parent"]), audited=False)


def _parent_or_none(code: str | None) -> Body | None:
    return None if code is None else Body.objects.get(code=code)


def _top_down(codes: list[str], by_code: dict[str, dict]) -> list[str]:
    pending = set(codes)
    ordered: list[str] = []
    while pending:
        ready = [c for c in codes if c in pending and by_code[c]["parent"] not in pending]
        ordered += ready
        pending -= set(ready)
    return ordered


def move_body(body: Body, new_parent: Body | None, *, actor=None, audited: bool = True) -> Body:
    """Put `body`, with everything below it, under `new_parent` (None: at the top)."""
    with transaction.atomic():
        old_parent = Body.objects.get_parent(body)
        if new_parent is None:
            Body.objects.move(body, Body.objects.get_root_nodes().last(), "last-sibling")
        else:
            Body.objects.move(body, new_parent, "last-child")
        if audited:
            audit(
                "bodies.move",
                actor=actor,
                target=f"公开主体：{body.name}",
                details={
                    "from": old_parent.code if old_parent else None,
                    "to": new_parent.code if new_parent else None,
                },
            )
    return Body.objects.get(pk=body.pk)


DEMO_COUNTY_PATH = Path(__file__).resolve().parent / "seed" / "demo-county.json"


def load_demo_county(*, actor_label: str = "初始化") -> BodiesPlan:
    """The sample county of `gongkai init --demo`: 旗政府, 人社局, 医保局, one 镇 and one 嘎查."""
    return import_bodies(read(DEMO_COUNTY_PATH.read_bytes(), "json"), actor_label=actor_label)


def default_body() -> Body | None:
    """The body at the top of the tree: the one body of a one-body installation, the county otherwise."""
    return Body.objects.order_by("path").first()


def disclosure_bodies():
    """The bodies that answer applications for information (行政机关), in tree order."""
    return Body.objects.filter(kind__in=DISCLOSURE_KINDS).order_by("path")
