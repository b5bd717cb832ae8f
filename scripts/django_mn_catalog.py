"""Refresh src/gongkai/locale_django/mn: Django's own words that a public page can show, in Mongolian script.

Django's catalog for `mn` is Khalkha Cyrillic. Our second catalog carries, in the traditional script, every
string of Django's core catalog whose source is in a part of Django that public pages use (form and model
errors, paginator, dates, timesince, list joins, filters, the CSRF page, generic views). Language names,
the debug pages and contrib apps' staff-only words are left out (SCOPE below).

    .venv/bin/python scripts/django_mn_catalog.py [--drafts FILE.json]

reads the message ids from the installed Django (its English catalog, which lists every id with its
source), keeps the translations the catalog already has, adds new ids (empty, marked for review), drops
ids Django no longer has, and lists the ids still without Mongolian. `--drafts` fills entries that are
empty or still awaiting review from a JSON object {msgid: {"mn": "..."}} (for a context: "ctx\\x04msgid").
Then `make messages` compiles it. tests/i18n/test_django_strings_mn.py uses the same scope.
"""

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "src" / "gongkai" / "locale_django" / "mn" / "LC_MESSAGES" / "django.po"
REVIEW_MARK = "待母语审校 awaiting native review"
# Where in Django a string comes from, for the strings a public page can show.
SCOPE = (
    "forms/",
    "core/validators.py",
    "core/paginator.py",
    "db/models/",
    "utils/dates.py",
    "utils/dateformat.py",
    "utils/timesince.py",
    "utils/text.py",
    "utils/ipv6.py",
    "template/defaultfilters.py",
    "views/csrf.py",
    "views/generic/",
)
HEADER = """\
# gongkai: Django's own words on the public pages, in Mongolian, traditional script (mn-Mong).
# Django's catalog for mn is Cyrillic (Khalkha); this one comes after locale/ in LOCALE_PATHS and before
# Django's own. Refreshed from the installed Django by scripts/django_mn_catalog.py (docs/translating.md).
# Every entry marked '待母语审校 awaiting native review' was drafted without a native speaker;
# a reviewer removes the mark when the entry is checked.
msgid ""
msgstr ""
"Project-Id-Version: gongkai (Django %(version)s)\\n"
"Language-Team: gongkai (mn-Mong, traditional script)\\n"
"Language: mn\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)  # translator comments, without "# "
    locations: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The id as gettext stores it: a context comes first, joined by EOT."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    @property
    def translations(self) -> list[str]:
        # Mongolian has two plural forms here, as Django's mn catalog (nplurals=2), both the same words.
        return [self.msgstr_plural.get(n, "") for n in (0, 1)] if self.msgid_plural else [self.msgstr]

    @property
    def reviewed(self) -> bool:
        return REVIEW_MARK not in self.comments


def _unquote(text: str) -> str:
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(escapes.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) "(.*)"$')


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header and obsolete entries left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, last = Entry(msgid=""), None
        values: dict[str, str] = {}
        for line in block.splitlines():
            if line.startswith("#~"):
                break
            if line.startswith("#:"):
                entry.locations += [
                    loc.rsplit(":", 1)[0] if loc[-1:].isdigit() else loc for loc in line[2:].split()
                ]
            elif line.startswith("#,"):
                entry.flags += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("# "):
                entry.comments.append(line[2:])
            elif line.startswith("#"):
                continue
            elif match := _KEYWORD.match(line):
                last = match.group(1)
                values[last] = _unquote(match.group(3))
            elif line.startswith('"') and last:
                values[last] += _unquote(line[1:-1])
        if not values.get("msgid"):
            continue
        entry.msgid = values["msgid"]
        entry.msgctxt = values.get("msgctxt")
        entry.msgid_plural = values.get("msgid_plural")
        entry.msgstr = values.get("msgstr", "")
        entry.msgstr_plural = {
            int(name[7:-1]): value for name, value in values.items() if name.startswith("msgstr[")
        }
        entries.append(entry)
    return entries


def write_po(path: Path, entries: list[Entry], django_version: str) -> None:
    blocks = [HEADER % {"version": django_version}]
    for entry in entries:
        lines = [f"# {comment}" for comment in entry.comments]
        if entry.locations:
            lines.append("#: " + " ".join(f"django/{loc}" for loc in entry.locations))
        if entry.flags:
            lines.append("#, " + ", ".join(entry.flags))
        if entry.msgctxt is not None:
            lines.append("msgctxt " + _quote(entry.msgctxt))
        lines.append("msgid " + _quote(entry.msgid))
        if entry.msgid_plural is not None:
            lines.append("msgid_plural " + _quote(entry.msgid_plural))
            for n in (0, 1):
                lines.append(f"msgstr[{n}] " + _quote(entry.msgstr_plural.get(n, "")))
        else:
            lines.append("msgstr " + _quote(entry.msgstr))
        blocks.append("\n".join(lines) + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(blocks), encoding="utf-8")


def django_dir() -> Path:
    import django

    return Path(django.__file__).resolve().parent


def in_scope(entry: Entry) -> bool:
    return any(loc.startswith(SCOPE) for loc in entry.locations)


def public_entries(root: Path | None = None) -> list[Entry]:
    """Django's strings that a public page can show, from its English catalog (every id, with its source)."""
    english = (root or django_dir()) / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    return [entry for entry in read_po(english) if in_scope(entry)]


def refresh(drafts: dict[str, str]) -> list[Entry]:
    """Write the catalog for the installed Django; return the entries still without Mongolian."""
    import django

    kept = {entry.key: entry for entry in read_po(CATALOG)} if CATALOG.exists() else {}
    entries = []
    for source in public_entries():
        entry = Entry(
            msgid=source.msgid,
            msgctxt=source.msgctxt,
            msgid_plural=source.msgid_plural,
            locations=sorted(set(source.locations)),
            flags=[flag for flag in source.flags if flag.endswith("-format")],
        )
        old = kept.get(entry.key)
        if old is not None and old.msgid_plural == entry.msgid_plural:
            entry.msgstr, entry.msgstr_plural, entry.comments = old.msgstr, old.msgstr_plural, old.comments
        draft = drafts.get(entry.key)
        if draft and (not any(entry.translations) or not entry.reviewed):
            entry.msgstr = "" if entry.msgid_plural else draft
            entry.msgstr_plural = {0: draft, 1: draft} if entry.msgid_plural else {}
        if REVIEW_MARK not in entry.comments and not (old is not None and any(old.translations)):
            entry.comments = [REVIEW_MARK]
        entries.append(entry)
    write_po(CATALOG, entries, django.get_version())
    return [entry for entry in entries if not all(entry.translations)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=Path, help='JSON {msgid: {"mn": "..."}} to fill unreviewed entries')
    args = parser.parse_args()
    drafts = {}
    if args.drafts:
        drafts = {
            key: value["mn"] for key, value in json.loads(args.drafts.read_text(encoding="utf-8")).items()
        }
    missing = refresh(drafts)
    print(f"{CATALOG.relative_to(ROOT)}: {len(missing)} without Mongolian")
    for entry in missing:
        print("  " + entry.key.replace("\x04", " | "))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
