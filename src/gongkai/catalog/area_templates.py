"""Standard catalog skeletons of the areas a township carries besides social insurance (就业, 社会救助,
养老服务, 户籍管理), so that a body can start from a template instead of an empty table.

Each template is a catalog document in `templates_data/` (docs/catalog-format.md): item names and bases
(公开依据) as the national standard guideline of the area lists them, the other cells generic defaults.
It is marked as a template three ways: its title ends 「（模板）」, its source starts 「模板：」, and every
item carries a 数据质量提示 asking the body to check the defaults. Its publisher and every 公开主体 are
the placeholder 「（公开主体）」, replaced by the body's name when a body starts its catalog from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from gongkai.bodies.models import Body
from gongkai.catalog.exchange import validate_document
from gongkai.catalog.exchange.document import SLUG_MAX, fail
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import ImportPlan, import_catalog

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_data"
PLACEHOLDER = "（公开主体）"
TITLE_MARK = "（模板）"


@dataclass(frozen=True)
class Template:
    key: str  # the file's name: employment, social-assistance …
    area: str
    title: str
    source: str
    items: int
    path: Path

    def document(self) -> dict:
        """The template as it is shipped: a validated catalog document."""
        return validate_document(json.loads(self.path.read_text(encoding="utf-8")))


def list_templates() -> list[Template]:
    templates = []
    for path in sorted(TEMPLATES_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        meta = doc["catalog"]
        templates.append(
            Template(path.stem, meta["area"], meta["title"], meta["source"], len(doc["items"]), path)
        )
    return templates


def find_template(name: str) -> Template:
    """The template of an area, named by the area (就业) or the file's key (employment)."""
    templates = list_templates()
    for template in templates:
        if name in (template.area, template.key):
            return template
    shown = "、".join(f"{t.area}（{t.key}）" for t in templates)
    raise fail(f"没有“{name}”的目录模板；现有：{shown}")


def document_for_body(template: Template, body: Body) -> dict:
    """The template as the body's own catalog: its name in the title, as publisher and as 公开主体."""
    doc = template.document()
    meta = doc["catalog"]
    meta["title"] = f"{body.name}{meta['title'].removesuffix(TITLE_MARK)}"
    meta["publisher"] = body.name
    slug = f"{body.code}-{template.key}"
    fits = len(slug) <= SLUG_MAX and not Catalog.objects.filter(slug=slug).exists()
    meta["slug"] = slug if fits else ""  # else derived from the area and the publisher
    for item in doc["items"]:
        if item["subject"] == PLACEHOLDER:
            item["subject"] = body.name
    return validate_document(doc)


@transaction.atomic
def start_from_template(
    name: str, body: Body, *, actor=None, actor_label: str = "", dry_run: bool = False
) -> ImportPlan:
    """A new catalog for `body` from the template of an area. A body that already has a catalog of the
    area keeps it untouched: a template only starts a catalog, it never overwrites one."""
    template = find_template(name)
    existing = Catalog.objects.filter(body=body, area=template.area).first()
    if existing is not None:
        raise fail(
            f"{body.name}已有{template.area}领域的目录“{existing.title}”，模板只用来新建目录，未做任何修改"
        )
    return import_catalog(
        document_for_body(template, body), body=body, actor=actor, actor_label=actor_label, dry_run=dry_run
    )
