"""A guide's Mongolian translation (蒙古文译文): the texts of one Chinese revision, in the traditional script.

A translation holds words only. The facts a citizen acts on — how many copies, original or copy, how many
working days, whether it costs anything — come from the Chinese revision it translates (its `source`), so
the two languages can never disagree on them. Lists (materials, places, contacts) are translated row by row,
in the source's order; a translation of an older source is out of date and is not shown.
"""

from gongkai.guides.content import ContentError, clean_text

# The translatable texts of each list's rows, by content key.
ROW_TEXTS = {
    "materials": ("name", "notes"),
    "places": ("name", "address"),
    "consult": ("label", "value"),
    "complaint": ("label", "value"),
}
# Single texts: the item's name (the catalog's Chinese name otherwise), then the elements'.
TEXTS = ("name", "summary", "ways", "delivery", "hours")
NESTED_TEXTS = {"time_limit": ("text",), "fees": ("basis", "standard")}
# What each part is called on the translation form and in messages.
LABELS = {
    "name": "事项名称",
    "summary": "事项简述",
    "ways": "办理方式",
    "delivery": "结果送达",
    "hours": "办事时间",
    "time_limit": "办理时限说明",
    "fees": "收费依据及标准",
    "materials": "办理材料",
    "places": "办理地点",
    "consult": "咨询途径",
    "complaint": "投诉渠道",
}


def empty_translation(source: dict) -> dict:
    """A blank translation shaped like its source: one row per source row."""
    return {
        **{key: "" for key in TEXTS},
        **{key: {field: "" for field in fields} for key, fields in NESTED_TEXTS.items()},
        **{key: [{f: "" for f in fields} for _ in source.get(key, [])] for key, fields in ROW_TEXTS.items()},
    }


def carry_over(previous: dict | None, source: dict) -> dict:
    """A new translation's starting point: the previous translation's texts wherever the new source still
    has the same rows (a changed list starts blank, since its rows may mean other things now)."""
    fresh = empty_translation(source)
    if not previous:
        return fresh
    for key in TEXTS:
        fresh[key] = previous.get(key, "")
    for key, fields in NESTED_TEXTS.items():
        fresh[key] = {field: (previous.get(key) or {}).get(field, "") for field in fields}
    for key in ROW_TEXTS:
        rows = previous.get(key) or []
        if len(rows) == len(fresh[key]):
            fresh[key] = [dict(row) for row in rows]
    return fresh


def clean_translation(raw, source: dict) -> dict:
    """The only way in, as `clean_content` is for Chinese: trimmed texts, rows matching the source's."""
    if not isinstance(raw, dict):
        raise ContentError("蒙古文译文格式不对")
    clean = {key: clean_text(raw.get(key), LABELS[key], 300 if key == "name" else 5000) for key in TEXTS}
    for key, fields in NESTED_TEXTS.items():
        part = raw.get(key) or {}
        if not isinstance(part, dict):
            raise ContentError(f"{LABELS[key]}格式不对")
        clean[key] = {field: clean_text(part.get(field), LABELS[key], 1000) for field in fields}
    for key, fields in ROW_TEXTS.items():
        rows = raw.get(key) or []
        expected = len(source.get(key, []))
        if not isinstance(rows, list) or len(rows) != expected:
            raise ContentError(f"{LABELS[key]}应与中文一样是 {expected} 条")
        clean[key] = []
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise ContentError(f"{LABELS[key]}第 {number} 条格式不对")
            clean[key].append(
                {f: clean_text(row.get(f), f"{LABELS[key]}第 {number} 条", 1000) for f in fields}
            )
    return clean


def untranslated(translation: dict, source: dict) -> tuple[str, ...]:
    """The parts with Chinese text and no Mongolian yet, named as on the form (the translation's
    completeness: like missing elements, the editor confirms publishing with these shown in Chinese)."""
    missing = []
    for key in TEXTS:
        if key != "name" and source.get(key) and not translation.get(key):
            missing.append(LABELS[key])
    if not translation.get("name"):
        missing.insert(0, LABELS["name"])
    for key, fields in NESTED_TEXTS.items():
        if any((source.get(key) or {}).get(f) and not (translation.get(key) or {}).get(f) for f in fields):
            missing.append(LABELS[key])
    for key, fields in ROW_TEXTS.items():
        pairs = zip(source.get(key, []), translation.get(key, []), strict=False)
        if any(row.get(f) and not done.get(f) for row, done in pairs for f in fields):
            missing.append(LABELS[key])
    return tuple(missing)


def overlay(source: dict, translation: dict) -> dict:
    """The source content with each text replaced by its Mongolian where there is one: what the Mongolian
    page shows (a part left untranslated reads in Chinese rather than not at all)."""
    shown = {**source}
    for key in TEXTS:
        if key != "name" and translation.get(key):
            shown[key] = translation[key]
    for key, fields in NESTED_TEXTS.items():
        part = dict(source.get(key) or {})
        for field in fields:
            if (translation.get(key) or {}).get(field):
                part[field] = translation[key][field]
        shown[key] = part
    for key, fields in ROW_TEXTS.items():
        rows = []
        for row, done in zip(source.get(key, []), translation.get(key) or [], strict=False):
            rows.append({**row, **{f: done[f] for f in fields if done.get(f)}})
        shown[key] = rows + list(source.get(key, []))[len(rows) :]
    return shown


def translated_texts(translation: dict) -> list[str]:
    """Every Mongolian text of a translation but the item's name, in page order (what search finds it by)."""
    texts = [translation.get(key, "") for key in TEXTS if key != "name"]
    for key, fields in NESTED_TEXTS.items():
        texts += [(translation.get(key) or {}).get(field, "") for field in fields]
    for key, fields in ROW_TEXTS.items():
        texts += [row.get(field, "") for row in translation.get(key) or [] for field in fields]
    return [text for text in texts if text]


CURRENT, OUT_OF_DATE, MISSING = "current", "out_of_date", "missing"


def published_translation(live, revisions, language: str):
    """Among an item's revisions (any languages, any order), its published translation into `language` and
    how it stands against the live Chinese `live`: CURRENT (translates it), OUT_OF_DATE (translates an older
    Chinese version) or MISSING (none published). Only a CURRENT one is shown to the public."""
    found = next((r for r in revisions if r.language == language and r.state == "published"), None)
    if found is None or live is None:
        return None, MISSING
    return found, CURRENT if found.source_id == live.pk else OUT_OF_DATE


ROW_FIELD_LABELS = {
    "name": "名称",
    "notes": "备注",
    "address": "地址",
    "label": "方式",
    "value": "号码或地址",
}
NESTED_FIELD_LABELS = {"text": "", "basis": "（依据）", "standard": "（标准）"}


def parts(source: dict, translation: dict | None = None, item_name: str = "") -> list[dict]:
    """Every text to translate, in page order: where it goes (`path`, e.g. "materials.0.name"), what it is
    called, the Chinese, and the Mongolian so far. The translation form and the review page are made of it."""
    translation = translation or {}
    found = [_part("name", LABELS["name"], item_name, translation.get("name", ""))]
    for key in ("summary", "ways", "delivery", "hours"):
        found.append(_part(key, LABELS[key], source.get(key, ""), translation.get(key, "")))
    for key, fields in NESTED_TEXTS.items():
        for field in fields:
            chinese = (source.get(key) or {}).get(field, "")
            done = (translation.get(key) or {}).get(field, "")
            found.append(_part(f"{key}.{field}", LABELS[key] + NESTED_FIELD_LABELS[field], chinese, done))
    for key, fields in ROW_TEXTS.items():
        done_rows = translation.get(key) or []
        for number, row in enumerate(source.get(key, [])):
            done = done_rows[number] if number < len(done_rows) else {}
            for field in fields:
                label = f"{LABELS[key]}第 {number + 1} 条{ROW_FIELD_LABELS[field]}"
                found.append(_part(f"{key}.{number}.{field}", label, row.get(field, ""), done.get(field, "")))
    # Nothing to translate where the Chinese is empty (a free item has no fee basis).
    return [part for part in found if part["chinese"] or part["path"] == "name"]


def _part(path: str, label: str, chinese: str, mongolian: str) -> dict:
    return {"path": path, "label": label, "chinese": chinese, "mongolian": mongolian}


def assemble(values: dict[str, str], source: dict) -> dict:
    """A translation from texts by `path` (the form's fields), shaped like `source` (for clean_translation)."""
    translation = empty_translation(source)
    for path, text in values.items():
        key, *rest = path.split(".")
        if not rest:
            translation[key] = text
        elif len(rest) == 1:
            translation[key][rest[0]] = text
        else:
            translation[key][int(rest[0])][rest[1]] = text
    return translation
