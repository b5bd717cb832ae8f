"""`gongkai publish_static`: the public portal as static files that work offline."""

import datetime
import functools
import hashlib
import http.server
import threading
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.ops.static_site import MANIFEST, read_manifest

SLUG = "zalaite-social-insurance"


@pytest.fixture(autouse=True)
def _fast_pdf(monkeypatch):
    """WeasyPrint takes ~10 s per level pack; these tests are about publishing, so PDFs are stand-ins."""

    def fake(html, *args, **kwargs):
        return b"%PDF-1.7 stand-in " + hashlib.sha256(str(html).encode()).hexdigest().encode()

    monkeypatch.setattr("gongkai.portal.pdf_views.render_pdf", fake)
    monkeypatch.setattr("gongkai.printing.by_language.render_pdf", fake)
    # The Mongolian pages' PDFs come from Chromium, a second or two each.
    monkeypatch.setattr("gongkai.printing.by_language.render_vertical_pdf", fake)


def _publish(outdir, *args) -> str:
    out = StringIO()
    call_command("publish_static", str(outdir), "--no-progress", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def static_server(tmp_path):
    """Serve a folder with Python's http.server on 127.0.0.1, as an outside web server would."""
    servers = []

    def serve(folder):
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        handler.log_message = lambda *a: None
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.status, response.read()


def test_publishes_pages_pdfs_and_assets_that_work_offline(seeded, tmp_path, static_server):
    # GIVEN the seed catalog WHEN it is published
    out = tmp_path / "site"
    report = _publish(
        out, "--base-url", "https://gongkai.example.org", "--dynamic-url", "https://app.example.org"
    )
    # THEN the pages, PDFs and the stylesheet are there
    assert "写入" in report
    for name in [
        "index.html",
        f"bodies/zltq-rsj/catalog/{SLUG}/index.html",
        f"bodies/zltq-rsj/catalog/{SLUG}/4/index.html",
        f"bodies/zltq-rsj/catalog/{SLUG}/4/guide.pdf",
        f"bodies/zltq-rsj/catalog/{SLUG}/table.pdf",
        "events/index.html",
        "gongkai/index.html",
        "gongkai/annual-reports/index.html",
    ]:
        assert (out / name).is_file(), name
    assert list(out.glob("static/**/*.css"))
    assert not (out / "static/admin").exists()
    assert not (out / "staff").exists() and not (out / "api").exists()

    # AND search, applications and display modes point to the live service
    home = (out / "index.html").read_text("utf-8")
    assert 'action="/search/' not in home
    assert 'href="/apply/' not in home
    assert "https://app.example.org/search/" in home

    # AND a plain static server answers every link a page makes, stylesheet included
    base = static_server(out)
    status, body = _get(base + "/")
    assert status == 200
    item_status, item = _get(f"{base}/bodies/zltq-rsj/catalog/{SLUG}/4/")
    assert item_status == 200 and "<html" in item.decode()
    for link in ["/static/", f"/bodies/zltq-rsj/catalog/{SLUG}/"]:
        assert f'"{link}'.encode() in body or f'"{link}'.encode() in item
    from gongkai.ops.static_site import links_in

    for link in set(links_in(body.decode()) + links_in(item.decode())):
        if link.startswith(("/search/", "/apply/", "/mode/", "/lang/")):
            continue
        assert _get(base + link)[0] == 200, link

    # AND the Mongolian pages are there beside the Chinese, their live parts pointing to the live service
    for name in [
        "mn/index.html",
        f"mn/bodies/zltq-rsj/catalog/{SLUG}/index.html",
        f"mn/bodies/zltq-rsj/catalog/{SLUG}/4/index.html",
        "mn/events/index.html",
    ]:
        assert (out / name).is_file(), name
    mongolian = (out / "mn/index.html").read_text("utf-8")
    assert 'lang="mn-Mong"' in mongolian
    assert 'action="/mn/search/' not in mongolian and "https://app.example.org/mn/search/" in mongolian
    assert 'href="/lang/' not in mongolian and "https://app.example.org/lang/zh-hans/" in mongolian
    assert not (out / "mn/apply").exists() and not (out / "lang").exists()
    for link in set(links_in(mongolian)):
        assert _get(base + link)[0] == 200, link


def test_changed_only_writes_nothing_then_rewrites_a_published_guide(seeded, tmp_path, editor, reviewer):
    from gongkai.catalog.models import Item
    from tests.guides.helpers import publish

    out = tmp_path / "site"
    _publish(out)
    before = read_manifest(out)
    item_page = out / f"bodies/zltq-rsj/catalog/{SLUG}/4/index.html"
    mtimes = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}

    # WHEN nothing changed THEN --changed-only writes nothing at all
    assert "未写任何文件" in _publish(out, "--changed-only")
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()} == mtimes

    # WHEN a guide is published THEN that item's page is rewritten; the stylesheet is not
    item = Item.objects.get(catalog=seeded, seq=4)
    publish(item, editor, reviewer, formed_on=datetime.date(2025, 3, 3))
    old_item_html = item_page.read_text("utf-8")
    report = _publish(out, "--changed-only")
    assert "写入" in report
    after = read_manifest(out)
    assert after["stamp"] != before["stamp"]
    assert item_page.read_text("utf-8") != old_item_html
    assert (
        after["files"][f"bodies/zltq-rsj/catalog/{SLUG}/4/index.html"]
        != before["files"][f"bodies/zltq-rsj/catalog/{SLUG}/4/index.html"]
    )
    css = next(path for path in out.glob("static/**/*.css"))
    assert css.stat().st_mtime_ns == mtimes[css]
    assert (out / MANIFEST).is_file()


def test_pages_that_no_longer_exist_are_deleted(seeded, tmp_path):
    out = tmp_path / "site"
    _publish(out)
    stale = out / "catalog/gone/index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    manifest = read_manifest(out)
    manifest["files"]["catalog/gone/index.html"] = "0" * 64
    import json

    (out / MANIFEST).write_text(json.dumps(manifest))
    _publish(out)
    assert not stale.exists() and not stale.parent.exists()
    assert "catalog/gone/index.html" not in read_manifest(out)["files"]
