"""The catalog file's Mongolian columns (一级事项（蒙古文）, 二级事项（蒙古文）) on the way out and in.

Out: each group's and item's published Mongolian name, where it still translates the Chinese (an out-of-date
one would sit beside a Chinese it does not translate). In: a cell that differs from the published text becomes
the next Mongolian version, written by the importing person and submitted for review — the two-person rule
stands, so an import never publishes Mongolian by itself; an unchanged or empty cell changes nothing.
"""

from __future__ import annotations

from gongkai.catalog.exchange.document import CATEGORY_MN, NAME_MN, ExchangeError, Problem
from gongkai.translations.models import OPEN_STATES, TextState, TextTranslation
from gongkai.translations.services import MONGOLIAN

KEYS = {"group": "category_mn", "item": "name_mn"}
CHUNK = 500


def _versions(kind: str, ids: list[int], states) -> dict[int, list[TextTranslation]]:
    found: dict[int, list[TextTranslation]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = TextTranslation.objects.filter(
            kind=kind, language=MONGOLIAN, state__in=states, object_id__in=ids[start : start + CHUNK]
        ).only("object_id", "state", "texts", "source")
        for tr in rows:
            found.setdefault(tr.object_id, []).append(tr)
    return found


def add_published_names(entries: list[tuple[object, dict]]) -> None:
    """Put the published Mongolian names on the document's items (`(item, entry)` pairs): a query per 500."""
    groups = _versions("group", sorted({item.category_id for item, _ in entries}), [TextState.PUBLISHED])
    items = _versions("item", [item.pk for item, _ in entries], [TextState.PUBLISHED])
    for item, entry in entries:
        for found, key, chinese in (
            (groups.get(item.category_id), "category_mn", entry["category"]),
            (items.get(item.pk), "name_mn", entry["name"]),
        ):
            tr = found[0] if found else None
            if tr is not None and tr.texts.get("name") and tr.source.get("name") == chinese:
                entry[key] = tr.texts["name"]
        entry["warnings"] = entry.pop("warnings")  # warnings stay last, as documented


def _wanted(doc: dict) -> tuple[dict[str, str], dict[int, str]]:
    """The Mongolian cells of a document: by group name (the first non-empty cell) and by item seq."""
    groups: dict[str, str] = {}
    for entry in doc["items"]:
        if entry.get("category_mn"):
            groups.setdefault(entry["category"], entry["category_mn"])
    items = {entry["seq"]: entry["name_mn"] for entry in doc["items"] if entry.get("name_mn")}
    return groups, items


def changes(catalog, doc: dict) -> list[tuple[str, object, str]]:
    """(kind, object, Mongolian) for each cell that differs from the published text and from the version
    already waiting; the object is None where the catalog does not have it yet (a new group or item)."""
    groups, items = _wanted(doc)
    if not (groups or items):
        return []
    if catalog is None:  # a new catalog: every name is new
        return [("group", None, text) for text in groups.values()] + [
            ("item", None, t) for t in items.values()
        ]
    categories = {c.name: c for c in catalog.categories.filter(name__in=list(groups))}
    found = {i.seq: i for i in catalog.items.filter(seq__in=list(items)).select_related("catalog__body")}
    pairs = [("group", categories.get(name), text) for name, text in groups.items()]
    pairs += [("item", found.get(seq), text) for seq, text in items.items()]
    states = [TextState.PUBLISHED, *OPEN_STATES]
    versions = {
        kind: _versions(kind, [obj.pk for k, obj, _ in pairs if k == kind and obj is not None], states)
        for kind in KEYS
    }
    result = []
    for kind, obj, text in pairs:
        if obj is None:
            result.append((kind, None, text))
            continue
        rows = versions[kind].get(obj.pk, [])
        if not any(tr.texts.get("name") == text for tr in rows):
            result.append((kind, obj, text))
    return result


def count_changes(catalog, doc: dict) -> int:
    return len(changes(catalog, doc))


def submit_names(catalog, doc: dict, actor) -> int:
    """After the Chinese is stored: each changed Mongolian name becomes a draft by `actor`, submitted for
    review. Refused (the whole import with it) without a person who may edit the body's Mongolian."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from gongkai.accounts.roles import Role, has_role
    from gongkai.translations import services

    found = changes(catalog, doc)
    if not found:
        return 0
    if actor is None or not has_role(actor, Role.EDITOR, catalog.body):
        if actor is None:  # the command line without --editor (the upload page always has its editor)
            why = (
                "文件里有新的蒙古文名称，要由本单位的一位编辑提交审核（蒙古文要经另一人审核后才发布）："
                "命令行导入请加 --editor 用户名，或者由编辑在网上导入"
            )
        else:
            why = (
                f"文件里有新的蒙古文名称，{actor.get_username()} 没有{catalog.body.name}的编辑权限，不能提交："
                "要由本单位的编辑导入（蒙古文要经另一人审核后才发布）"
            )
        raise ExchangeError([Problem(None, CATEGORY_MN if found[0][0] == "group" else NAME_MN, why)])
    submitted = 0
    for kind, obj, text in found:
        if obj is None:
            continue  # called after the Chinese is stored, so only a group the import dropped again
        column = CATEGORY_MN if kind == "group" else NAME_MN
        where = f"“{obj.name}”"
        try:
            pending = services.open_text(obj)
            if pending is not None and pending.state == TextState.SUBMITTED:
                raise ValidationError("它的蒙古文已提交审核，请先审核或退回，再导入新的")
            tr = services.save_draft(obj, texts={"name": text}, acting_user=actor)
            services.submit(tr, acting_user=actor)
        except (ValidationError, PermissionDenied) as error:
            message = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise ExchangeError([Problem(None, column, f"{where}：{message}")]) from None
        submitted += 1
    return submitted
