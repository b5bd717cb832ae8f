"""Printed pages in Mongolian (/mn/…/guide.pdf, /mn/…/pack.pdf): vertical lines printed by Chromium, read back
with poppler. Where the printer itself is not the subject, a stand-in keeps the test fast."""

import datetime
import http.server
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gongkai.portal import pdf_views
from gongkai.printing import by_language, vertical
from tests.guides.helpers import publish
from tests.guides.test_translation import MATERIAL, NAME, SUMMARY, _publish_translation

pytestmark = pytest.mark.django_db

BASE = "https://gongkai.example.gov.cn"
FORMED_ON = datetime.date(2025, 3, 3)
SEED = "zalaite-social-insurance"
CATALOG = f"/bodies/zltq-rsj/catalog/{SEED}"

needs_chromium = pytest.mark.skipif(vertical.browser() is None, reason="Chromium is not installed")


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


@pytest.fixture
def translated(seeded, editor, reviewer):
    """Item 4 with a Chinese guide and its current Mongolian translation; item 10 with a Chinese guide only
    (both are 乡、村级 items, so both go into level 1's pack)."""
    item = seeded.items.get(seq=4)
    publish(item, editor, reviewer, formed_on=FORMED_ON)
    _publish_translation(item, editor, reviewer)
    publish(seeded.items.get(seq=10), editor, reviewer, formed_on=FORMED_ON)
    return item


def _pdf(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert pdf.startswith(b"%PDF")
    return pdf


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _saved(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return str(path)


def _info(pdf: bytes, tmp_path) -> dict[str, str]:
    lines = _run("pdfinfo", _saved(pdf, tmp_path)).splitlines()
    return dict(line.split(":", 1) for line in lines if ":" in line)


def _page_size(pdf: bytes, tmp_path) -> tuple[float, float]:
    width, height = re.search(r"([\d.]+) x ([\d.]+)", _info(pdf, tmp_path)["Page size"]).groups()
    return float(width), float(height)


def _embedded_fonts(pdf: bytes, tmp_path) -> list[str]:
    # Columns: name, type (may contain spaces), encoding, emb, sub, uni, object, ID. Read from the right.
    rows = _run("pdffonts", _saved(pdf, tmp_path)).splitlines()[2:]
    return [row.split()[0] for row in rows if row.split()[-5] == "yes"]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(pdf: bytes, tmp_path) -> str:
    return _run("pdftotext", "-raw", _saved(pdf, tmp_path), "-")


def _words(pdf: bytes, tmp_path, page: int = 1) -> list[tuple[float, float, float, float, str]]:
    """The words of one page with their boxes (x0, y0, x1, y1), as pdftotext -bbox finds them."""
    html = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), _saved(pdf, tmp_path), "-")
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)
    return [(float(a), float(b), float(c), float(d), word) for a, b, c, d, word in found]


def _mongolian(word: str) -> bool:
    return bool(re.search("[\u1820-\u1877]", word))


@needs_chromium
def test_the_mongolian_guide_prints_in_vertical_lines_with_the_font_embedded(client, translated, tmp_path):
    response = client.get(f"/mn{CATALOG}/4/guide.pdf")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    pdf = _pdf(client, f"/mn{CATALOG}/4/guide.pdf")
    assert any("NotoSansMongolian" in name for name in _embedded_fonts(pdf, tmp_path))
    assert _page_size(pdf, tmp_path) == pytest.approx((595.3, 841.9), abs=1)  # A4 portrait
    assert 1 <= int(_info(pdf, tmp_path)["Pages"]) <= 3
    flat = _flat(_text(pdf, tmp_path))
    # The translation's name and summary, the interface in Mongolian, the QR code's Mongolian address.
    assert _flat(NAME) in flat and _flat(SUMMARY) in flat
    with translation.override("mn"):
        for words in ("要带的材料", "公开目录信息", "第 %(number)s 页"):
            assert _flat(translation.gettext(words) % {"number": 1}) in flat
    assert f"{BASE}/mn{CATALOG}/4/" in flat
    assert "这一项的办事指南还没有蒙古文" not in flat and "要带的材料" not in flat
    # Vertical lines: a Mongolian word is a tall box, a line runs down the page, and the lines follow one
    # another from left to right (the summary, then the first material in the table after it).
    boxes = _words(pdf, tmp_path)
    words = [w for w in boxes if _mongolian(w[4]) and len(w[4]) >= 6]
    assert words and all(y1 - y0 > x1 - x0 for x0, y0, x1, y1, _ in words)
    summary = [next(w for w in boxes if w[4] == word) for word in (SUMMARY.split()[2], SUMMARY.split()[-1])]
    assert summary[1][1] > summary[0][1] and abs(summary[1][0] - summary[0][0]) < 2
    material = next(w for w in boxes if w[4] == MATERIAL.split()[-1])
    assert material[0] > summary[0][2]


@needs_chromium
def test_the_mongolian_pack_prints_each_guide_from_a_new_sheet(client, translated, seeded, tmp_path):
    pdf = _pdf(client, f"/mn{CATALOG}/levels/1/pack.pdf")
    assert any("NotoSansMongolian" in name for name in _embedded_fonts(pdf, tmp_path))
    assert _page_size(pdf, tmp_path) == pytest.approx((841.9, 595.3), abs=1)  # A4 landscape
    count = int(_info(pdf, tmp_path)["Pages"])
    pages = [
        _flat(_run("pdftotext", "-raw", "-f", str(n), "-l", str(n), _saved(pdf, tmp_path), "-"))
        for n in range(1, count + 1)
    ]
    # Cover, the list of printed guides, item 4 (in Mongolian, on one sheet), item 10 from the next sheet
    # (no translation: the Chinese guide with the note saying so), the other items on the last one.
    assert 5 <= count <= 7
    with translation.override("mn"):
        note = _flat(translation.gettext("这一项的办事指南还没有蒙古文，下面是中文。"))
        others = _flat(translation.gettext("其余事项"))
    assert f"{BASE}/mn{CATALOG}/levels/1/" in pages[0]
    assert _flat(NAME) in pages[1]  # the list names the printed guides by their translated names
    assert _flat(NAME) in pages[2] and note not in pages[2] and "劳动合同" not in pages[2]
    item_10 = _flat(seeded.items.get(seq=10).name)
    assert item_10 in pages[3] and note in pages[3] and "劳动合同" in "".join(pages[3:-1])
    assert others in pages[-1] and "其余事项" not in "".join(pages)


@pytest.fixture
def printers(monkeypatch):
    """Stand-ins for both printers: each records what it printed and returns a tiny PDF naming its language."""
    printed = []

    def chinese(template_name, context, **kwargs):
        printed.append(("zh", template_name))
        return b"%PDF-1.7 zh " + template_name.encode()

    def mongolian(template_name, context, *, lang, **kwargs):
        printed.append((lang, template_name))
        return b"%PDF-1.7 mn " + template_name.encode()

    monkeypatch.setattr(pdf_views, "render_pdf", chinese)
    monkeypatch.setattr(by_language, "render_pdf", chinese)
    monkeypatch.setattr(by_language, "render_vertical_pdf", mongolian)
    return printed


def test_each_language_has_its_own_stored_pack_and_guide(client, translated, printers, settings):
    chinese = _pdf(client, f"{CATALOG}/levels/1/pack.pdf")
    mongolian = _pdf(client, f"/mn{CATALOG}/levels/1/pack.pdf")
    assert chinese.startswith(b"%PDF-1.7 zh") and mongolian.startswith(b"%PDF-1.7 mn")
    # Served from their files from now on, each in its language.
    assert _pdf(client, f"{CATALOG}/levels/1/pack.pdf") == chinese
    assert _pdf(client, f"/mn{CATALOG}/levels/1/pack.pdf") == mongolian
    assert _pdf(client, f"/mn{CATALOG}/4/guide.pdf") == _pdf(client, f"/mn{CATALOG}/4/guide.pdf")
    folder = settings.DATA_DIR / "pdf"
    assert len(list(folder.glob(f"{SEED}-level-1--*.pdf"))) == 1
    assert len(list(folder.glob(f"{SEED}-level-1.mn--*.pdf"))) == 1
    assert len(list(folder.glob(f"{SEED}-item-4.mn--*.pdf"))) == 1
    assert printers == [
        ("zh", "portal/pdf/pack.html"),
        ("mn-Mong", "portal/pdf/pack.html"),
        ("mn-Mong", "portal/pdf/item.html"),
    ]
    # The official table too: a file per language, each printed once.
    assert _pdf(client, f"/mn{CATALOG}/table.pdf") == _pdf(client, f"/mn{CATALOG}/table.pdf")
    assert _pdf(client, f"{CATALOG}/table.pdf") == _pdf(client, f"{CATALOG}/table.pdf")
    assert printers[3:] == [("mn-Mong", "portal/pdf/table.html"), ("zh", "portal/pdf/table.html")]


def test_a_printer_that_fails_gives_a_page_that_says_so(client, translated, monkeypatch, settings):
    monkeypatch.setattr(vertical, "browser", lambda: None)  # no Chromium on this machine
    for path, page in (("4/guide.pdf", "4/"), ("levels/1/pack.pdf", "levels/1/")):
        response = client.get(f"/mn{CATALOG}/{path}")
        assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
        assert response["Retry-After"] == "60"
        body = response.content.decode()
        with translation.override("mn"):
            assert translation.gettext("打印版暂时生成不了") in body
        assert f'href="/mn{CATALOG}/{page}"' in body  # the same content on the web
        assert "Traceback" not in body
    assert not list((settings.DATA_DIR / "pdf").glob("*.mn--*.pdf"))  # nothing stored: the next one retries


def test_a_printer_that_hangs_is_stopped_with_its_helpers(settings, tmp_path):
    pids = tmp_path / "pids"
    script = tmp_path / "chromium"
    # A "browser" that starts a helper and never finishes.
    script.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pids}\nsleep 60\n")
    script.chmod(0o755)
    settings.PDF_CHROMIUM = str(script)
    settings.PDF_TIMEOUT = 1
    started = time.monotonic()
    with pytest.raises(vertical.PrintUnavailable):
        vertical.print_html("<!DOCTYPE html><p>x</p>")
    assert time.monotonic() - started < 5
    helper = int(pids.read_text())
    time.sleep(0.2)
    status = f"/proc/{helper}/status"
    # Gone, or a zombie waiting for a container's init to collect it: in either case no longer running.
    assert not os.path.exists(status) or "State:\tZ" in Path(status).read_text()


def test_a_printer_that_gives_no_pdf_is_reported(settings, tmp_path, caplog):
    script = tmp_path / "chromium"
    script.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    script.chmod(0o755)
    settings.PDF_CHROMIUM = str(script)
    with pytest.raises(vertical.PrintUnavailable):
        vertical.print_html("<!DOCTYPE html><p>x</p>")
    assert "cannot open display" in caplog.text


@needs_chromium
def test_the_printed_page_loads_nothing(tmp_path):
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    there = f"http://127.0.0.1:{server.server_port}"
    document = (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="{vertical.POLICY}">'
        f'<link rel="stylesheet" href="{there}/style.css"><style>@import "{there}/import.css";'
        f'body {{ background: url("{there}/back.png"); }}</style></head>'
        f'<body><img src="{there}/img.png"><iframe src="{there}/frame"></iframe>'
        f'<script src="{there}/script.js"></script><p>ᠮᠣᠩᠭᠣᠯ</p></body></html>'
    )
    try:
        assert vertical.print_html(document).startswith(b"%PDF")
    finally:
        server.shutdown()
    assert asked == []


def test_margin_texts_cannot_break_out_of_their_css_string():
    quoted = vertical.css_string('局"} body { color: red } </style><script>\\')
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert '"' not in inner and "<" not in inner and "\\5c " in inner and "局" in inner


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["{seq}/guide.pdf", "levels/0/pack.pdf"])
def test_mongolian_pdf_query_count_does_not_grow_with_the_catalog(
    client, catalog_of, editor, reviewer, printers, path
):
    small = catalog_of(4, area="小")
    large = catalog_of(24, area="大")
    for catalog, guides in ((small, 1), (large, 3)):
        for item in catalog.items.filter(seq__in=[1, 3, 5][:guides]):
            publish(item, editor, reviewer, formed_on=FORMED_ON)
            _publish_translation(item, editor, reviewer)
    counts = [
        _queries(client, f"/mn/bodies/{c.body.code}/catalog/{c.slug}/" + path.format(seq=1))
        for c in (small, large)
    ]
    assert counts[0] == counts[1]
    assert counts[0] <= 9
    assert {language for language, _ in printers} == {"mn-Mong"}


@needs_chromium
def test_the_mongolian_table_prints_groups_and_items_in_mongolian_with_the_font_embedded(
    client, seeded, editor, reviewer, tmp_path
):
    from tests.translations.helpers import GROUP_MN, publish_text
    from tests.translations.test_item_names import ITEM_MN

    publish_text(seeded.categories.get(position=0), editor, reviewer, {"name": GROUP_MN})
    publish_text(seeded.items.get(seq=1), editor, reviewer, {"name": ITEM_MN})
    pdf = _pdf(client, f"/mn{CATALOG}/table.pdf")
    assert any("NotoSansMongolian" in name for name in _embedded_fonts(pdf, tmp_path))
    assert _page_size(pdf, tmp_path) == pytest.approx((841.9, 595.3), abs=1)  # A4 landscape
    flat = _flat(_text(pdf, tmp_path))
    assert _flat(GROUP_MN) in flat and _flat(ITEM_MN) in flat
    with translation.override("mn"):
        for words in (
            "公开内容（要素）",
            "有的名称还没有蒙古文，或者中文改过、蒙古文正在更新，这些名称显示的是中文。",
        ):
            assert _flat(translation.gettext(words)) in flat
    assert "职工参保登记" in flat  # an item with no Mongolian name: its Chinese
    # In vertical lines: the Mongolian words stand tall.
    words = [w for page in (1, 2) for w in _words(pdf, tmp_path, page) if _mongolian(w[4]) and len(w[4]) >= 6]
    assert words and all(y1 - y0 > x1 - x0 for x0, y0, x1, y1, _ in words)
    # The Chinese table is still WeasyPrint's, with no Mongolian in it.
    chinese = _pdf(client, f"{CATALOG}/table.pdf")
    assert not any("NotoSansMongolian" in name for name in _embedded_fonts(chinese, tmp_path))
    assert GROUP_MN not in _text(chinese, tmp_path)


@needs_chromium
def test_the_mongolian_guide_prints_its_group_in_mongolian(
    client, translated, seeded, editor, reviewer, tmp_path
):
    from tests.translations.helpers import GROUP_MN, publish_text

    publish_text(translated.category, editor, reviewer, {"name": GROUP_MN})
    flat = _flat(_text(_pdf(client, f"/mn{CATALOG}/4/guide.pdf"), tmp_path))
    assert _flat(GROUP_MN) in flat
