"""PDF downloads, rendered for real by WeasyPrint and read back with poppler (pdftotext, pdffonts, pdfinfo)."""

import datetime
import re
import subprocess
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.catalog.models import Catalog
from gongkai.catalog.visibility import is_public
from gongkai.printing.pdf import _refuse_fetch
from gongkai.publishing.models import SiteState
from tests.guides.helpers import publish

BASE = "https://gongkai.example.gov.cn"
FORMED_ON = datetime.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


class _Download:
    """A PDF response with its bytes, whether rendered for the request or served from a stored file."""

    def __init__(self, response):
        self.response = response
        self.content = b"".join(response.streaming_content) if response.streaming else response.content

    def __getitem__(self, header):
        return self.response[header]


def _download(client, url: str) -> _Download:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    download = _Download(response)
    assert download.content.startswith(b"%PDF")
    return download


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _saved(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return str(path)


def _text(pdf: bytes, tmp_path) -> str:
    """The text in drawing order (-raw). -layout puts each table row of every column on one line, so a
    name wrapped inside its cell comes out interleaved with its neighbours, and on portrait pages it drops
    the spaces of "第 1 页"; in drawing order each cell's lines stay together."""
    return _run("pdftotext", "-raw", _saved(pdf, tmp_path), "-")


def _flat(text: str) -> str:
    """Text extraction breaks lines inside table cells and names: compare without any whitespace."""
    return re.sub(r"\s+", "", text)


def _has_embedded_cjk_font(pdf: bytes, tmp_path) -> bool:
    # Columns: name, type (may contain spaces), encoding, emb, sub, uni, object, ID. Read from the right.
    rows = _run("pdffonts", _saved(pdf, tmp_path)).splitlines()[2:]
    return any("CJK" in row.split()[0] and row.split()[-5] == "yes" for row in rows)


def _info(pdf: bytes, tmp_path) -> dict[str, str]:
    lines = _run("pdfinfo", _saved(pdf, tmp_path)).splitlines()
    return dict(line.split(":", 1) for line in lines if ":" in line)


def _page_size(pdf: bytes, tmp_path) -> tuple[float, float]:
    width, height = re.findall(r"[\d.]+", _info(pdf, tmp_path)["Page size"])[:2]
    return float(width), float(height)


def _print_date() -> str:
    today = timezone.localdate()
    return f"打印日期：{today.year}年{today.month}月{today.day}日"


def _content_date() -> str:
    """Stored PDFs (table, packs) say when their content last changed, not when they were printed."""
    changed = timezone.localtime(SiteState.current().changed_at)
    return f"内容更新于：{changed.year}年{changed.month}月{changed.day}日"


def _disposition(ascii_name: str, name: str) -> str:
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def test_item_guide_pdf_prints_the_published_guide(client, seeded, editor, reviewer, tmp_path):
    item = seeded.items.select_related("category").get(seq=4)
    publish(item, editor, reviewer, formed_on=FORMED_ON)
    response = _download(client, f"/catalog/{seeded.slug}/4/guide.pdf")
    assert response["Content-Disposition"] == _disposition("item-4.pdf", f"{item.name}-办事指南.pdf")
    pdf = response.content
    assert _has_embedded_cjk_font(pdf, tmp_path)
    assert _page_size(pdf, tmp_path) == pytest.approx((595.3, 841.9), abs=1)  # A4 portrait
    text = _text(pdf, tmp_path)
    for expected in (item.name, item.category.name, "第 1 页", _print_date(), seeded.publisher):
        assert expected in text
    flat = _flat(text)
    for expected in ("劳动合同", "居民身份证", "要带的材料", "不收费", "0482-1111111", "《社会保险法》"):
        assert expected in flat
    assert f"{BASE}/catalog/{seeded.slug}/4/" in flat
    assert "扫码查看最新版本" in flat
    assert "指南更新于" in flat
    assert "正在整理" not in flat


def test_demo_content_is_marked_on_paper_too(client, seeded, tmp_path):
    # GIVEN the site without, then with, the demonstration guides
    url = f"/catalog/{seeded.slug}/7/guide.pdf"
    assert "演示数据" not in _flat(_text(_download(client, url).content, tmp_path))
    from gongkai.guides.demo import load_demo_content

    load_demo_content()
    # THEN a printed page says so, as the website's banner does
    assert "演示数据" in _flat(_text(_download(client, url).content, tmp_path))


def test_item_without_guide_prints_what_the_catalog_says_and_whom_to_ask(client, seeded, tmp_path):
    Catalog.objects.filter(pk=seeded.pk).update(
        contact_address="音德尔镇政务服务中心二楼",
        contact_phone="0482-6112233",
        office_hours="工作日 8:30-17:30",
    )
    text = _flat(_text(_download(client, f"/catalog/{seeded.slug}/7/guide.pdf").content, tmp_path))
    assert "详细的办事指南正在编写" in text
    for expected in ("音德尔镇政务服务中心二楼", "0482-6112233", "工作日8:30-17:30", "12333", "12345"):
        assert expected in text
    assert "公开目录信息" in text


def test_on_request_item_prints_how_to_apply_not_the_content(client, seeded, editor, reviewer, tmp_path):
    item = seeded.items.get(seq=4)
    publish(item, editor, reviewer, formed_on=FORMED_ON)
    seeded.items.filter(pk=item.pk).update(method=["依申请公开"])
    text = _flat(_text(_download(client, f"/catalog/{seeded.slug}/4/guide.pdf").content, tmp_path))
    assert "这一项依申请公开" in text
    assert f"{BASE}/apply/" in text
    assert "20个工作日内答复" in text
    assert "劳动合同" not in text


def test_items_not_shown_to_the_public_have_no_pdf(client, catalog_of):
    catalog = catalog_of(3)
    catalog.items.filter(seq=1).update(audience=["特定群众"])
    assert client.get(f"/catalog/{catalog.slug}/1/guide.pdf").status_code == 404
    assert client.get(f"/catalog/{catalog.slug}/99/guide.pdf").status_code == 404
    assert client.get("/catalog/no-such-catalog/table.pdf").status_code == 404


def test_catalog_table_pdf_is_the_whole_table_in_landscape(client, seeded, tmp_path):
    response = _download(client, f"/catalog/{seeded.slug}/table.pdf")
    assert response["Content-Disposition"] == _disposition(f"{seeded.slug}.pdf", f"{seeded.title}.pdf")
    pdf = response.content
    assert _has_embedded_cjk_font(pdf, tmp_path)
    assert _page_size(pdf, tmp_path) == pytest.approx((841.9, 595.3), abs=1)  # A4 landscape
    text = _text(pdf, tmp_path)
    assert "第 1 页" in text
    assert _content_date() in text
    flat = _flat(text)
    names = list(seeded.items.values_list("name", flat=True))
    assert len(names) == 77
    missing = [name for name in names if _flat(name) not in flat]
    assert missing == []
    pages = int(_info(pdf, tmp_path)["Pages"])
    assert pages > 1
    # The two header rows come back on every page.
    assert flat.count("一级事项二级事项") == pages
    for expected in (seeded.title, seeded.publisher, "√", f"{BASE}/catalog/{seeded.slug}/"):
        assert expected in flat
    # Notes about the source table are for staff: the printed table carries none.
    assert "数据提示" not in flat and "需要核实" not in flat


def test_level_pack_prints_published_guides_and_lists_the_rest_on_one_page(
    client, seeded, editor, reviewer, tmp_path
):
    publish(seeded.items.get(seq=10), editor, reviewer, formed_on=FORMED_ON)
    level = seeded.level_options[1]
    assert level == "乡、村级"
    expected = [item for item in seeded.items.order_by("seq") if level in item.levels and is_public(item)]
    response = _download(client, f"/catalog/{seeded.slug}/levels/1/pack.pdf")
    assert response["Content-Disposition"] == _disposition(
        f"{seeded.slug}-level-1.pdf", f"{seeded.title}-{level}公示材料.pdf"
    )
    pdf = response.content
    assert _has_embedded_cjk_font(pdf, tmp_path)
    assert _page_size(pdf, tmp_path) == pytest.approx((841.9, 595.3), abs=1)
    # Cover, list of printed guides, item 10's page, and one page listing the other 74 items.
    assert int(_info(pdf, tmp_path)["Pages"]) == 4
    text = _text(pdf, tmp_path)
    assert "第 1 页" in text
    assert _content_date() in text
    flat = _flat(text)
    assert f"{level}公开事项" in flat
    assert f"共{len(expected)}项，其中1项的办事指南已经发布" in flat
    assert f"{BASE}/catalog/{seeded.slug}/levels/1/" in flat
    # Only the item with a published guide gets a page ("目录序号 N" heads each item page).
    assert flat.count("目录序号") == 1
    assert "目录序号10|" in flat
    assert "劳动合同" in flat  # item 10's published guide
    assert f"{BASE}/catalog/{seeded.slug}/10/" in flat
    # The others are named on the last page, with whom to ask.
    others = [item for item in expected if item.seq != 10]
    assert f"其余事项（{len(others)}项）" in flat
    assert all(_flat(item.name) in flat for item in others)
    assert "12333" in flat and "12345" in flat
    assert "正在编写" not in flat and "正在整理" not in flat  # no placeholder pages


def test_level_pack_leaves_out_items_not_shown_to_the_public(client, catalog_of, tmp_path):
    catalog = catalog_of(3)  # levels: items 1 and 3 县级, item 2 村级
    catalog.items.filter(seq=1).update(audience=["特定群众"])
    pdf = _download(client, f"/catalog/{catalog.slug}/levels/0/pack.pdf").content
    flat = _flat(_text(pdf, tmp_path))
    assert "共1项" in flat
    assert "测试事项3" in flat
    assert "测试事项1" not in flat
    assert int(_info(pdf, tmp_path)["Pages"]) == 2  # the cover and the list: no guide is published
    assert client.get(f"/catalog/{catalog.slug}/levels/3/pack.pdf").status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["{seq}/guide.pdf", "table.pdf", "levels/0/pack.pdf"])
def test_pdf_query_count_does_not_grow_with_the_catalog(client, catalog_of, editor, reviewer, path):
    small = catalog_of(4, area="小")
    large = catalog_of(24, area="大")
    # More published guides in the larger catalog: they must still come in one query.
    for catalog, guides in ((small, 1), (large, 3)):
        for item in catalog.items.filter(seq__in=[1, 3, 5][:guides]):
            publish(item, editor, reviewer, formed_on=FORMED_ON)
    counts = [_queries(client, f"/catalog/{c.slug}/" + path.format(seq=1)) for c in (small, large)]
    assert counts[0] == counts[1]
    assert counts[0] <= 8


def test_pdfs_never_fetch_anything():
    with pytest.raises(ValueError):
        _refuse_fetch("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ValueError):
        _refuse_fetch("file:///etc/passwd")
    assert _refuse_fetch("data:text/plain,ok")["file_obj"].read() == b"ok"
