"""The official table page /catalog/: every item and column, grouped, in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_catalog_page_shows_the_whole_table(client, seeded):
    response = client.get("/catalog/")
    assert response.status_code == 200
    html = response.content.decode()
    for item in seeded.items.all():
        assert item.name in html
    assert html.count('scope="rowgroup"') == 9
    assert 'rowspan="24"' in html  # 工伤保险服务 spans its 24 items
    for header in (
        "序号",
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
    ):
        assert header in html
    assert "《工伤保险条例》" in html
    # Notes about the source table are for staff (back office, exports), never for citizens.
    assert "数据提示" not in html and "需要核实" not in html and "原表" not in html


def test_catalog_page_escapes_catalog_text(client, catalog_of):
    catalog = catalog_of(2)
    catalog.items.filter(seq=1).update(name="<script>alert(1)</script>")
    html = client.get(f"/catalog/{catalog.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_unknown_catalog_is_a_friendly_404(client, db):
    response = client.get("/catalog/no-such-catalog/")
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


def test_empty_site_says_what_to_do(client, db):
    html = client.get("/").content.decode()
    assert "gongkai init" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/catalog/{slug}/", "/", "/catalog/{slug}/{seq}/"])
def test_query_count_does_not_grow_with_the_catalog(client, catalog_of, path):
    small = catalog_of(10, area="小")
    large = catalog_of(1000, area="大")
    counts = [
        _queries(client, path.format(slug=c.slug, seq=c.items.order_by("-seq").first().seq))
        for c in (small, large)
    ]
    assert counts[0] == counts[1]
    assert counts[0] <= 8
