"""Django's own words on the Mongolian pages are in the traditional script, never Cyrillic.

Django's catalog for `mn` is Khalkha Cyrillic: a form error, a month name or a paginator message that our
catalog does not carry would show in Cyrillic on a /mn/ page. `locale_django/mn` carries those of Django's
strings a public page can show (docs/translating.md); these tests keep it complete for the installed Django,
and our Mongolian date formats (gongkai/formats/mn) in use."""

import datetime
import gettext
import importlib.util
import re
import subprocess
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import formats, translation
from django.utils.text import get_text_list

from tests.browser.helpers import PAGES as BROWSER_PAGES
from tests.portal.test_languages import PUBLIC_PAGES

ROOT = Path(__file__).resolve().parents[2]
CYRILLIC = re.compile("[\u0400-\u04ff]")
MONGOLIAN_LETTERS = re.compile("[\u1820-\u1878]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w+\}")
# Symbols that stay as they are in Mongolian text: units and protocol names.
LATIN_KEPT = {"KB", "MB", "GB", "TB", "PB", "IPv"}


def _tool():
    """scripts/django_mn_catalog.py: the scope and the .po reader the catalog is refreshed with."""
    spec = importlib.util.spec_from_file_location(
        "django_mn_catalog", ROOT / "scripts" / "django_mn_catalog.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _tool()
PO = tool.CATALOG
MO = PO.with_suffix(".mo")


def _django_entries():
    """Django's public strings as the installed Django has them: every id of its English catalog and of its
    Mongolian one whose source is in the scope (an upgrade that adds one fails the tests below)."""
    entries = {entry.key: entry for entry in tool.public_entries()}
    mongolian = tool.django_dir() / "conf" / "locale" / "mn" / "LC_MESSAGES" / "django.po"
    for entry in tool.read_po(mongolian):
        if tool.in_scope(entry):
            entries.setdefault(entry.key, entry)
    return entries


def _translated(entry, n: int) -> str:
    if entry.msgid_plural is not None:
        if entry.msgctxt is not None:
            return translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
        return translation.ngettext(entry.msgid, entry.msgid_plural, n)
    if entry.msgctxt is not None:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


def _has_words(msgid: str) -> bool:
    return not set(re.findall("[A-Za-z]{2,}", PLACEHOLDER.sub("", msgid))) <= LATIN_KEPT


def test_every_django_string_a_public_page_can_show_is_in_the_mongolian_script():
    entries = _django_entries()
    assert len(entries) > 200  # the scope found Django's catalog
    problems = []
    with translation.override("mn"):
        for entry in entries.values():
            for n in (1, 2, 5) if entry.msgid_plural else (1,):
                text = _translated(entry, n)
                if CYRILLIC.search(text):
                    problems.append(f"Cyrillic: {entry.msgid!r} -> {text!r}")
                elif _has_words(entry.msgid) and not MONGOLIAN_LETTERS.search(text):
                    problems.append(f"not in the script: {entry.msgid!r} -> {text!r}")
                elif set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(entry.msgid)):
                    problems.append(f"placeholders: {entry.msgid!r} -> {text!r}")
    assert not problems, "run scripts/django_mn_catalog.py (docs/translating.md):\n" + "\n".join(problems)


def test_our_catalog_holds_exactly_the_public_strings_of_the_installed_django():
    ours = {entry.key: entry for entry in tool.read_po(PO)}
    theirs = _django_entries()
    assert set(theirs) - set(ours) == set(), "new in Django: run scripts/django_mn_catalog.py"
    assert set(ours) - set(theirs) == set(), "gone from Django: run scripts/django_mn_catalog.py"
    for key, entry in ours.items():
        assert all(entry.translations), f"no Mongolian for {key!r}"
        assert (entry.msgid_plural is None) == (theirs[key].msgid_plural is None), key
        assert not any(CYRILLIC.search(text) for text in entry.translations), key


def test_entries_not_yet_reviewed_say_so_as_in_our_own_catalog():
    ours = tool.read_po(PO)
    unreviewed = [entry for entry in ours if not entry.reviewed]
    # Drafted without a native speaker: every entry carries the mark until one checks it and removes it.
    assert unreviewed, "no entry marked: has the whole catalog been reviewed? then drop this assertion"
    own = (ROOT / "src" / "gongkai" / "locale" / "mn" / "LC_MESSAGES" / "django.po").read_text(
        encoding="utf-8"
    )
    assert f"# {tool.REVIEW_MARK}\n" in own  # the same mark, written the same way


def test_the_compiled_catalog_matches_its_source_and_keeps_the_placeholders(tmp_path):
    compiled = tmp_path / "django.mo"
    # --check-format: each python-format / python-brace-format translation keeps the msgid's placeholders.
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    with compiled.open("rb") as fresh, MO.open("rb") as shipped:
        assert gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(shipped)._catalog, (
            "django.mo is stale: run `make messages`"
        )


def test_our_catalogs_come_before_djangos_and_makemessages_writes_to_our_own(settings):
    paths = [Path(path) for path in settings.LOCALE_PATHS]
    assert paths[0].name == "locale" and PO.parents[2] in paths
    assert paths.index(PO.parents[2]) > 0


# --- Dates -------------------------------------------------------------------------------------------------

DAY = datetime.date(2026, 12, 4)
MOMENT = datetime.datetime(2026, 12, 4, 15, 30)


def _render(source: str, **context) -> str:
    return Template("{% load i18n %}" + source).render(Context(context))


def test_mongolian_dates_use_our_format_and_numbered_months():
    with translation.override("mn"):
        # The format the pages already write ("Y年n月j日" in the catalog) is the default one.
        ours = _render('{% translate "Y年n月j日" as fmt %}{{ d|date:fmt }}', d=DAY)
        assert ours == "2026 ᠣᠨ\u202fᠤ 12 ᠰᠠᠷ\u180eᠠ\u202fᠶᠢᠨ 4"
        assert _render("{{ d|date }}", d=DAY) == ours
        assert _render("{{ d }}", d=DAY) == ours == formats.localize(DAY)
        assert _render('{{ d|date:"DATETIME_FORMAT" }}', d=MOMENT) == ours + " 15:30"
        assert _render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=DAY) == "2026-12-04"
        assert formats.date_format(DAY, "YEAR_MONTH_FORMAT") == "2026 ᠣᠨ\u202fᠤ 12 ᠰᠠᠷ\u180eᠠ"
        assert formats.date_format(DAY, "MONTH_DAY_FORMAT") == "12 ᠰᠠᠷ\u180eᠠ\u202fᠶᠢᠨ 4"
        assert _render("{{ t|time }}", t=MOMENT) == "15:30"
        # Month and weekday names: "the twelfth month", "the fifth (day) of the week".
        named = _render('{{ d|date:"F E b N l D a" }}', d=MOMENT)
        assert named.startswith("ᠠᠷᠪᠠᠨ ᠬᠣᠶᠠᠳᠤᠭᠠᠷ ᠰᠠᠷ\u180eᠠ")
        assert "ᠭᠠᠷᠠᠭ\u202fᠤᠨ ᠲᠠᠪᠤᠨ" in named
        texts = [
            named,
            _render("{{ d|timesince:now }}", d=datetime.datetime(2024, 1, 1), now=MOMENT),
            _render("{{ n|filesizeformat }} {{ one|filesizeformat }}", n=123456, one=1),
            _render("{{ yes|yesno }} {{ no|yesno }} {{ none|yesno }}", yes=True, no=False, none=None),
            str(get_text_list(["a", "b", "c"], translation.gettext_lazy("or"))),
        ]
    for text in texts:
        assert not CYRILLIC.search(text), text
        assert MONGOLIAN_LETTERS.search(text), text


def test_chinese_dates_are_as_before():
    from django.conf.locale.zh_Hans import formats as django_zh

    with translation.override("zh-hans"):
        assert _render("{{ d|date }}", d=DAY) == "2026年12月4日"
        assert _render("{{ d }}", d=DAY) == "2026年12月4日" == formats.localize(DAY)
        assert _render('{{ d|date:"F l" }}', d=DAY) == "十二月 星期五"
        # Our format modules hold Mongolian only: every Chinese format is Django's own.
        for name in (
            "DATE_FORMAT",
            "DATETIME_FORMAT",
            "SHORT_DATE_FORMAT",
            "MONTH_DAY_FORMAT",
            "TIME_FORMAT",
        ):
            assert formats.get_format(name) == getattr(django_zh, name), name


# --- Pages ----------------------------------------------------------------------------------------------------


def _page(response) -> str:
    return response.content.decode()


def _no_cyrillic(html: str, where: str = "") -> None:
    found = CYRILLIC.search(html)
    assert not found, f"{where}: " + html[max(0, found.start() - 200) : found.end() + 200]


def _error_messages(html: str) -> list[str]:
    """The messages of the error summary, each without the field's label in front."""
    summary = re.search(r'<div class="error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    return [
        item.split("\u1804")[-1].strip() for item in re.findall(r"<li><a [^>]*>(.*?)</a></li>", summary[0])
    ]


def _in_the_script(html: str) -> None:
    _no_cyrillic(html)
    messages = _error_messages(html)
    assert messages
    for message in messages:
        assert MONGOLIAN_LETTERS.search(message) and not re.search("[A-Za-z]{2,}", message), message


@pytest.mark.django_db
def test_the_application_form_shows_its_errors_in_the_script(client, seeded):
    response = client.post(
        "/mn/apply/form/",
        {
            "applicant_type": "person",
            "name": "",
            "id_type": "no-such-type",
            "phone": "",
            "email": "x" * 120,
            "website": "x" * 300,  # the trap for robots, with Django's own "at most … characters"
            "description": "",
            "delivery_form": "",
            "delivery_method": "",
        },
    )
    assert response.status_code == 200
    html = _page(response)
    assert 'aria-invalid="true"' in html
    _in_the_script(html)


@pytest.mark.django_db
def test_the_feedback_form_shows_its_errors_in_the_script(client, seeded):
    for data in (
        {"page": "", "kind": "", "text": ""},  # the hidden page field is required: Django's own message
        {"page": "/" + "x" * 400, "kind": "bogus", "text": "x" * 5000},
    ):
        response = client.post("/mn/feedback/", data)
        assert response.status_code == 200
        _in_the_script(_page(response))


@pytest.mark.django_db
def test_a_refused_form_token_is_explained_without_cyrillic(seeded):
    response = Client(enforce_csrf_checks=True).post("/mn/feedback/", {"page": "/", "kind": "useful"})
    assert response.status_code == 403
    _no_cyrillic(_page(response))


MONGOLIAN_PAGES = sorted(
    {"/mn" + path for path in PUBLIC_PAGES}
    | {"/mn" + path for path in BROWSER_PAGES.values()}
    | {
        "/mn/apply/",
        "/mn/apply/form/",
        "/mn/apply/status/",
        "/mn/feedback/?page=/mn/",
        "/mn/gongkai/",
        "/mn/gongkai/guide/",
        "/mn/gongkai/rules/",
        "/mn/gongkai/annual-reports/",
        "/mn/bodies/",
        "/mn/bodies/zltq-rsj/",
        "/mn/no-such-page/",
    }
)


@pytest.mark.django_db
@pytest.mark.parametrize("path", MONGOLIAN_PAGES)
def test_no_public_mongolian_page_shows_cyrillic(client, seeded, path):
    response = client.get(path, follow=True)
    assert response.status_code in (200, 404), path
    html = _page(response)
    if not path.startswith("/mn/kiosk/"):  # the hall's touch screen is in Chinese at every address
        assert '<html lang="mn-Mong">' in html, path
    _no_cyrillic(html, path)


def test_the_refresh_keeps_reviewed_words_adds_new_ones_marked_and_drops_old_ones(tmp_path, monkeypatch):
    """What `make django-messages` does after a Django upgrade."""
    catalog = tmp_path / "django.po"
    tool.write_po(
        catalog,
        [
            tool.Entry(msgid="Yes", msgstr="ᠲᠢᠶᠢᠮᠦ"),  # reviewed: no mark
            tool.Entry(msgid="No", msgstr="ᠦᠭᠡᠢ", comments=[tool.REVIEW_MARK]),
            tool.Entry(msgid="Gone from Django", msgstr="ᠦᠭᠡᠢ", comments=[tool.REVIEW_MARK]),
        ],
        "0",
    )
    upgraded = [
        tool.Entry(msgid="Yes", locations=["forms/widgets.py"]),
        tool.Entry(msgid="No", locations=["forms/widgets.py"]),
        tool.Entry(msgid="%(num)d new", msgid_plural="%(num)d news", locations=["utils/timesince.py"]),
    ]
    monkeypatch.setattr(tool, "CATALOG", catalog)
    monkeypatch.setattr(tool, "public_entries", lambda: upgraded)
    missing = tool.refresh({"No": "ᠪᠢᠰᠢ"})
    entries = {entry.msgid: entry for entry in tool.read_po(catalog)}
    assert set(entries) == {"Yes", "No", "%(num)d new"}
    assert entries["Yes"].msgstr == "ᠲᠢᠶᠢᠮᠦ" and entries["Yes"].reviewed  # a reviewer's word is kept
    assert entries["No"].msgstr == "ᠪᠢᠰᠢ" and not entries["No"].reviewed  # a draft refreshes a draft
    assert not entries["%(num)d new"].reviewed and entries["%(num)d new"].translations == ["", ""]
    assert [entry.msgid for entry in missing] == ["%(num)d new"]
    assert entries["Yes"].locations == ["django/forms/widgets.py"]
