"""What the public pages show: the published Mongolian of each text where it still translates the Chinese as it
stands, and the Chinese everywhere else, with the page saying which (never an empty heading).

`attach(objects)` reads the published texts of any number of objects, of any kinds, in one query (none on a
Chinese page) and hangs a `Shown` on each as `obj.mongolian`; templates read it through the `mongolian`
filter (`{{ category|mongolian:"name" }}`), which falls back to the Chinese where nothing was attached.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import get_language

from gongkai.translations.kinds import kind_of
from gongkai.translations.models import TextState, TextTranslation
from gongkai.translations.services import MONGOLIAN

CURRENT, OUT_OF_DATE, MISSING = "current", "out_of_date", "missing"


class Shown:
    """One object's texts as a page in `language` shows them; `shown["name"]` in code and templates."""

    def __init__(self, obj, translation: TextTranslation | None, active: bool):
        self.obj = obj
        self.translation = translation
        self.active = active  # a Mongolian page: otherwise every text is the Chinese and there is no note

    def _chinese(self, key: str) -> str:
        return getattr(self.obj, key, "") or ""

    def text(self, key: str, chinese: str | None = None) -> str:
        """The text under `key` (a field, or a row's key with its Chinese given)."""
        chinese = self._chinese(key) if chinese is None else chinese
        if self._translates(key, chinese):
            return self.translation.texts[key]
        return chinese

    def __getitem__(self, key: str) -> str:
        return self.text(key)

    def row(self, row) -> str:
        """A row's text (a life event step's 什么情况下办)."""
        kind = kind_of(self.obj)
        return self.text(kind.row_key(row), getattr(row, kind.rows.field) or "")

    def is_mongolian(self, key: str) -> bool:
        return self._translates(key, self._chinese(key))

    def _translates(self, key: str, chinese: str) -> bool:
        tr = self.translation
        return bool(self.active and tr is not None and tr.texts.get(key) and tr.source.get(key) == chinese)

    def standing(self, rows=()) -> str | None:
        """How the object's texts stand on a Mongolian page: CURRENT (all in Mongolian), OUT_OF_DATE (some
        Chinese changed since the Mongolian was written) or MISSING (some have no Mongolian); None on a
        Chinese page. Over its fields, and over `rows` when the page shows them."""
        if not self.active:
            return None
        kind = kind_of(self.obj)
        texts = {key: self._chinese(key) for key in kind.fields}
        if kind.rows is not None:
            texts.update({kind.row_key(row): getattr(row, kind.rows.field) or "" for row in rows})
        texts = {key: chinese for key, chinese in texts.items() if chinese}
        tr = self.translation
        if tr is None:
            return MISSING
        if any(key in tr.source and tr.source[key] != chinese for key, chinese in texts.items()):
            return OUT_OF_DATE
        if any(not self._translates(key, chinese) for key, chinese in texts.items()):
            return MISSING
        return CURRENT

    @property
    def name(self) -> str:
        return self.text(next(iter(kind_of(self.obj).fields)))


def is_mongolian_page() -> bool:
    return get_language() == MONGOLIAN


def attach(*groups, always: bool = False) -> list[Shown]:
    """Hang the shown texts on every object of `groups` (lists of registered objects, mixed kinds allowed).

    One query on a Mongolian page, none on a Chinese one — unless `always`: run it anyway, for a page
    whose two addresses must cost the same."""
    objects = [obj for group in groups for obj in group if obj is not None]
    active = is_mongolian_page()
    found: dict[tuple[str, int], TextTranslation] = {}
    if objects and (active or always):
        wanted: dict[str, set[int]] = {}
        for obj in objects:
            wanted.setdefault(kind_of(obj).key, set()).add(obj.pk)
        condition = Q(pk__in=[])
        for key, ids in wanted.items():
            condition |= Q(kind=key, object_id__in=sorted(ids))
        rows = TextTranslation.objects.filter(condition, language=MONGOLIAN, state=TextState.PUBLISHED).only(
            "kind", "object_id", "texts", "source"
        )
        found = {(tr.kind, tr.object_id): tr for tr in rows}
    shown = []
    for obj in objects:
        obj.mongolian = Shown(obj, found.get((kind_of(obj).key, obj.pk)), active)
        shown.append(obj.mongolian)
    return shown


def list_standing(objects, fields=None) -> str | None:
    """For a list of objects on one page: OUT_OF_DATE or MISSING when any of them shows Chinese, CURRENT when
    none does (the page then needs no note), None on a Chinese page."""
    standings = {obj.mongolian.standing() for obj in objects if getattr(obj, "mongolian", None) is not None}
    for standing in (OUT_OF_DATE, MISSING, None):
        if standing in standings:
            return standing
    return CURRENT if standings else None


class ContactLines:
    """The 联系方式 lines a Mongolian page shows for a catalog: its body's published Mongolian block where it
    translates the body's Chinese as it stands, line by line, and the catalog's own Chinese lines elsewhere."""

    KEYS = (("name", "publisher"), ("address", "contact_address"), ("office_hours", "office_hours"))

    def __init__(self, catalog, shown: Shown):
        self.lines: dict[str, str] = {}
        chinese_left = False
        for key, field in self.KEYS:
            if shown.is_mongolian(key):
                self.lines[key] = shown[key]
            else:
                self.lines[key] = getattr(catalog, field, "") or ""
                chinese_left = chinese_left or bool(self.lines[key])
        self.standing = CURRENT
        if chinese_left:
            tr = shown.translation
            changed = tr is not None and any(
                key in tr.source and tr.source[key] != (getattr(shown.obj, key, "") or "")
                for key, _ in self.KEYS
            )
            self.standing = OUT_OF_DATE if changed else MISSING

    @property
    def name(self) -> str:
        return self.lines["name"]

    @property
    def address(self) -> str:
        return self.lines["address"]

    @property
    def office_hours(self) -> str:
        return self.lines["office_hours"]


def contact_lines(catalog) -> ContactLines | None:
    """The catalog's contact lines on a Mongolian page; None on a Chinese page (it shows the catalog's own).

    Free when the view already attached the catalog's body (`attach(..., [catalog.body])`), else one query."""
    # Error pages render with no catalog (or an empty string in its place): nothing to translate there.
    body = getattr(catalog, "body", None) if catalog and is_mongolian_page() else None
    if body is None:
        return None
    shown = getattr(body, "mongolian", None)
    if shown is None or not shown.active:
        [shown] = attach([body])
    return ContactLines(catalog, shown)
