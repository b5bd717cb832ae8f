"""The content of a service guide (办事指南): the catalog's 11 elements, structured where people need structure.

A guide's content is one JSON object. `clean_content` is the only way in: it fills defaults, trims text and
refuses wrong shapes, so every stored revision has the same shape.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MATERIAL_FORMS = ["原件", "复印件", "原件和复印件", "电子材料"]
TIME_UNITS = ["当场办结", "工作日", "自然日"]
# The choices above are stored in Chinese and shown in the reader's language: marked here for the catalog.
CHOICE_WORDS = [
    gettext_noop("原件"),
    gettext_noop("复印件"),
    gettext_noop("原件和复印件"),
    gettext_noop("电子材料"),
    gettext_noop("工作日"),
    gettext_noop("自然日"),
]

# The 11 elements of the catalog, in order, with the content key that answers each.
ELEMENTS = [
    ("事项名称", None),  # always answered by the catalog item's own name
    ("事项简述", "summary"),
    ("办理材料", "materials"),
    ("办理方式", "ways"),
    ("办理时限", "time_limit"),
    ("结果送达", "delivery"),
    ("收费依据及标准", "fees"),
    ("办事时间", "hours"),
    ("办理机构及地点", "places"),
    ("咨询查询途径", "consult"),
    ("监督投诉渠道", "complaint"),
]


def empty_content() -> dict:
    return {
        "summary": "",
        "materials": [],
        "ways": "",
        "time_limit": {"number": None, "unit": "", "text": ""},
        "delivery": "",
        "fees": {"free": None, "basis": "", "standard": ""},
        "hours": "",
        "places": [],
        "consult": [],
        "complaint": [],
    }


class ContentError(ValueError):
    """A guide content object of the wrong shape; message says which part."""


def clean_text(value, where: str, limit: int = 5000) -> str:
    """A text field of a guide: trimmed, refused when not text or too long (the message names `where`)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ContentError(f"{where}应为文字")
    value = value.strip()
    if len(value) > limit:
        raise ContentError(f"{where}太长（最多 {limit} 字）")
    return value


def _rows(value, where: str, fields: tuple[str, ...]) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ContentError(f"{where}应为列表")
    rows = []
    for number, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            raise ContentError(f"{where}第 {number} 条格式不对")
        rows.append({name: clean_text(row.get(name), f"{where}第 {number} 条", 1000) for name in fields})
    return [row for row in rows if any(row.values())]


def _materials(value) -> list[dict]:
    rows = []
    for number, row in enumerate(value or [], start=1):
        if not isinstance(row, dict):
            raise ContentError(f"办理材料第 {number} 条格式不对")
        name = clean_text(row.get("name"), f"办理材料第 {number} 条名称", 300)
        if not name:
            continue
        form = clean_text(row.get("form"), f"办理材料第 {number} 条", 20) or "原件"
        if form not in MATERIAL_FORMS:
            raise ContentError(f"办理材料第 {number} 条：原件/复印件只能选 {'、'.join(MATERIAL_FORMS)}")
        copies = row.get("copies")
        copies = 1 if copies in (None, "") else copies
        if not isinstance(copies, int) or isinstance(copies, bool) or not 1 <= copies <= 99:
            raise ContentError(f"办理材料第 {number} 条：份数应为 1 到 99 的整数")
        rows.append(
            {"name": name, "form": form, "copies": copies, "notes": clean_text(row.get("notes"), "备注", 500)}
        )
    return rows


def _time_limit(value) -> dict:
    value = value or {}
    number = value.get("number")
    unit = clean_text(value.get("unit"), "办理时限单位", 20)
    if unit and unit not in TIME_UNITS:
        raise ContentError(f"办理时限单位只能选 {'、'.join(TIME_UNITS)}")
    if number is not None and (
        not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= 365
    ):
        raise ContentError("办理时限天数应为 0 到 365 的整数")
    if unit in ("工作日", "自然日") and number is None:
        raise ContentError("办理时限选了按日计算，请填写天数")
    return {"number": number, "unit": unit, "text": clean_text(value.get("text"), "办理时限说明", 500)}


def _fees(value) -> dict:
    value = value or {}
    free = value.get("free")
    if free not in (None, True, False):
        raise ContentError("是否收费应为是或否")
    basis = clean_text(value.get("basis"), "收费依据", 1000)
    standard = clean_text(value.get("standard"), "收费标准", 1000)
    if free is False and not (basis and standard):
        raise ContentError("收费的事项要写明收费依据和收费标准")
    return {"free": free, "basis": basis, "standard": standard}


def clean_content(raw) -> dict:
    if not isinstance(raw, dict):
        raise ContentError("办事指南内容格式不对")
    return {
        "summary": clean_text(raw.get("summary"), "事项简述"),
        "materials": _materials(raw.get("materials")),
        "ways": clean_text(raw.get("ways"), "办理方式"),
        "time_limit": _time_limit(raw.get("time_limit")),
        "delivery": clean_text(raw.get("delivery"), "结果送达"),
        "fees": _fees(raw.get("fees")),
        "hours": clean_text(raw.get("hours"), "办事时间"),
        "places": _rows(raw.get("places"), "办理地点", ("name", "address", "phone")),
        "consult": _rows(raw.get("consult"), "咨询途径", ("label", "value")),
        "complaint": _rows(raw.get("complaint"), "投诉渠道", ("label", "value")),
    }


def element_filled(content: dict, key: str | None) -> bool:
    if key is None:
        return True
    value = content.get(key)
    if key == "time_limit":
        return bool(value and (value.get("unit") or value.get("text")))
    if key == "fees":
        return bool(value) and value.get("free") is not None
    return bool(value)


@dataclass(frozen=True)
class Completeness:
    filled: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def percent(self) -> int:
        return round(100 * len(self.filled) / len(ELEMENTS))


def completeness(content: dict | None) -> Completeness:
    content = content or {}
    filled = tuple(name for name, key in ELEMENTS if element_filled(content, key))
    missing = tuple(name for name, key in ELEMENTS if not element_filled(content, key))
    return Completeness(filled, missing)


def time_limit_text(value: dict) -> str:
    """办理时限 as one phrase for citizens, e.g. 5个工作日（材料齐全的当场办结）."""
    if not value:
        return ""
    unit, number, text = value.get("unit"), value.get("number"), value.get("text")
    if unit == "当场办结":
        head = _("当场办结")
    else:
        head = _("%(number)s个%(unit)s") % {"number": number, "unit": _(unit)} if unit else ""
    if head and text:
        return _("%(head)s（%(text)s）") % {"head": head, "text": text}
    return head or text or ""


def content_lines(content: dict) -> dict[str, str]:
    """Each element as plain text, for diffs and e-mails."""
    lines = {"事项简述": content.get("summary", "")}
    lines["办理材料"] = "\n".join(
        f"{m['name']}（{m['form']} {m['copies']} 份）{('：' + m['notes']) if m['notes'] else ''}"
        for m in content.get("materials", [])
    )
    lines["办理方式"] = content.get("ways", "")
    lines["办理时限"] = time_limit_text(content.get("time_limit") or {})
    lines["结果送达"] = content.get("delivery", "")
    fees = content.get("fees") or {}
    lines["收费依据及标准"] = (
        "不收费" if fees.get("free") else (f"{fees.get('basis', '')} {fees.get('standard', '')}".strip())
    )
    lines["办事时间"] = content.get("hours", "")
    lines["办理机构及地点"] = "\n".join(
        " ".join(part for part in (p["name"], p["address"], p["phone"]) if part)
        for p in content.get("places", [])
    )
    lines["咨询查询途径"] = "\n".join(f"{c['label']}：{c['value']}" for c in content.get("consult", []))
    lines["监督投诉渠道"] = "\n".join(f"{c['label']}：{c['value']}" for c in content.get("complaint", []))
    return lines


def plain_text(content: dict | None) -> str:
    """All elements as one text, for the staff list's search (JSON as stored is escaped on SQLite)."""
    try:
        return "\n".join(text for text in content_lines(content or {}).values() if text)
    except (KeyError, TypeError, AttributeError):  # a shape clean_content would refuse; search it as written
        import json

        return json.dumps(content, ensure_ascii=False)
