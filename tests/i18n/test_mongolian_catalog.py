"""The Mongolian interface catalog (src/gongkai/locale/mn) is complete and compiled.

A string marked for translation without a Mongolian entry fails here, naming it: extract the strings again
(`make messages`), write the Mongolian, compile. Entries drafted without a native speaker carry the mark
"待母语审校 awaiting native review" until one checks them (docs/translating.md)."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "gongkai"
PO = PACKAGE / "locale" / "mn" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
REVIEW_MARK = "待母语审校 awaiting native review"
SCRIPT = re.compile("[\u1800-\u18af]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
DATE_FORMAT = re.compile(r"[YynjmdFN年月日 ]+")  # the date filter's formats: Mongolian pages write 2026-12-04


def _entries(text: str) -> list[tuple[str, str, str]]:
    """(comments, msgid, msgstr) of each entry of a .po file, header left out."""
    entries = []
    for block in text.strip().split("\n\n"):
        comments = "\n".join(line for line in block.splitlines() if line.startswith("#"))
        msgid = _field(block, "msgid")
        if msgid:
            entries.append((comments, msgid, _field(block, "msgstr")))
    return entries


def _field(block: str, name: str) -> str:
    match = re.search(rf"^{name} ((?:\".*\"\n?)+)", block + "\n", re.M)
    if not match:
        return ""
    return (
        "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The strings the code marks today, merged with the catalog's translations: makemessages run on a copy
    of the package, so the real catalog is never touched."""
    copy = tmp_path_factory.mktemp("messages") / "gongkai"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    env = {**os.environ, "PYTHONPATH": str(copy.parent), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "mn",
            "--add-location",
            "file",
            "--no-obsolete",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return copy / "locale" / "mn" / "LC_MESSAGES" / "django.po"


def test_every_marked_string_has_a_mongolian_entry(extracted):
    entries = _entries(extracted.read_text(encoding="utf-8"))
    # A new string close to an old one gets msgmerge's guess marked fuzzy, which the compiled catalog leaves out.
    missing = [msgid for comments, msgid, msgstr in entries if not msgstr or "#, fuzzy" in comments]
    assert not missing, "没有蒙古文译文（make messages 后补上）:\n" + "\n".join(missing)


def test_the_catalog_carries_no_strings_the_code_no_longer_has(extracted):
    current = {msgid for _, msgid, _ in _entries(extracted.read_text(encoding="utf-8"))}
    committed = {msgid for _, msgid, _ in _entries(PO.read_text(encoding="utf-8"))}
    assert committed - current == set(), "run `make messages` to drop them"
    assert current - committed == set(), "run `make messages` to add them"


def test_each_translation_is_traditional_script_with_the_same_placeholders():
    for comments, msgid, msgstr in _entries(PO.read_text(encoding="utf-8")):
        assert not CYRILLIC.search(msgstr), msgid
        assert "#, fuzzy" not in comments, f"{msgid!r} is a guess (fuzzy): write it, drop the flag"
        if DATE_FORMAT.fullmatch(msgid):
            continue
        # Words need the script; a pattern around placeholders (%(number)s个%(unit)s) may be just the pattern.
        if len(re.findall("[\u4e00-\u9fff]", PLACEHOLDER.sub("", msgid))) > 1:
            assert SCRIPT.search(msgstr), f"{msgid!r} is not in the Mongolian script: {msgstr!r}"
        assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), msgid
        assert "<" not in msgid or msgstr.count("<") == msgid.count("<"), msgid


def test_entries_not_yet_reviewed_say_so():
    text = PO.read_text(encoding="utf-8")
    unreviewed = [msgid for comments, msgid, _ in _entries(text) if REVIEW_MARK in comments]
    # Until a native speaker has been through the catalog, every entry is marked; reviewed ones lose the mark.
    assert unreviewed, "no entry marked: has the whole catalog been reviewed? then drop this assertion"


def test_the_compiled_catalog_matches_its_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    with compiled.open("rb") as fresh, MO.open("rb") as shipped:
        assert gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(shipped)._catalog, (
            "django.mo is stale: run `make messages`"
        )
