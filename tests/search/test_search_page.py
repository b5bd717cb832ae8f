"""The public search page: highlighting, filters and pages without JavaScript, the no-results page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalog.models import Catalog
from gongkai.search.models import MissedQuery
from tests.search.helpers import catalog_with

pytestmark = pytest.mark.django_db


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_results_are_highlighted_and_the_rewrite_is_explained(client, seeded):
    html = page(client, "/search/?q=社保卡丢了")
    assert (
        '<a class="item-link" href="/catalog/zalaite-social-insurance/75/"><mark>社会保障卡挂失</mark>与解挂</a>'
        in html
    )
    assert "最相关的是“社会保障卡挂失与解挂”" in html
    assert "“社保卡”也查“社会保障卡”" in html
    assert html.index("/75/") < html.index("/76/") < html.index("/70/")


def test_item_names_and_queries_are_escaped(client, db):
    catalog_with({"类别": ['<img src=x onerror="alert(1)">退休']})
    html = page(client, "/search/?q=<script>退休")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<mark>退休</mark>" in html


def test_filters_are_a_plain_form_with_labels_and_counts(client, seeded):
    html = page(client, "/search/?q=丧葬")
    assert '<label for="filter-group">事项类别</label>' in html
    assert '<option value="4">养老保险服务（1）</option>' in html
    assert '<label for="filter-level">在哪一级办</label>' in html
    narrowed = page(client, "/search/?q=丧葬&group=6")  # 失业保险服务
    assert "/58/" in narrowed and "/22/" not in narrowed
    assert '<option value="6" selected>' in narrowed
    assert "不分类别，全部显示" in narrowed
    village = page(client, "/search/?q=发放账户&level=0")  # 旗级: item 10 is not ticked there
    assert "/9/" in village and "/10/" not in village


def test_bad_filter_values_are_ignored_not_errors(client, seeded):
    html = page(client, "/search/?q=退休&group=abc&level=99&page=-1")
    assert "/17/" in html


def test_pages_link_to_each_other(client, db):
    catalog_with({"类别": [f"登记事项{n}" for n in range(1, 26)]})
    first = page(client, "/search/?q=登记")
    assert 'aria-label="翻页"' in first and "第 1–10 项" in first
    assert 'href="?q=%E7%99%BB%E8%AE%B0&amp;page=2"' in first and 'rel="next"' in first
    third = page(client, "/search/?q=登记&page=3")
    assert "第 21–25 项" in third and 'rel="next"' not in third and 'rel="prev"' in third
    assert "没有这一页了" in page(client, "/search/?q=登记&page=9")


def test_something_not_covered_is_said_plainly_with_where_to_ask_and_is_logged(client, seeded):
    html = page(client, "/search/?q=火星")
    assert "本站没有这项内容" in html and "“火星”" in html
    assert "12345" in html and "12333" in html and "您可能要找的事项" not in html
    assert 'id="filter-group"' not in html  # nothing to narrow down
    shared = page(client, "/search/?q=卡务")  # nothing has 卡务; many names have 卡: no guessing
    assert "本站没有这项内容" in shared and "<mark>卡</mark>" not in shared
    page(client, "/search/?q=火星")
    assert MissedQuery.objects.get(query="火星").count == 2
    assert MissedQuery.objects.filter(query="卡务").exists()
    page(client, "/search/?q=退休")
    assert not MissedQuery.objects.filter(query="退休").exists()


def test_a_known_word_with_no_match_suggests_items_sharing_part_of_it(client, db):
    catalog_with({"类别": ["社保缴费申报", "失业保险金申领"]})
    related = page(client, "/search/?q=社保卡")  # 社保卡 is a term (社会保障卡), not in this catalog
    assert "没有找到“社保卡”" in related and "本站没有这项内容" not in related
    assert "您可能要找的事项" in related and "<mark>社保</mark>" in related


def test_numbers_that_could_identify_a_person_are_never_logged(client, seeded):
    for query in ("152223199001011234", "138 0482 1234", "0482-8123456", "zhang@example.org"):
        page(client, f"/search/?q={query}")
    assert not MissedQuery.objects.exists()


def test_empty_and_punctuation_only_queries_explain_themselves(client, seeded):
    assert "在上面输入您要办的事" in page(client, "/search/?q=")
    assert "请输入汉字、字母或数字" in page(client, "/search/?q=%EF%BC%9F%EF%BC%81")  # ？！
    assert "查找内容太长了" in page(client, "/search/?q=" + "退" * 51)


def test_the_page_keeps_the_portal_landmarks_and_labels(client, seeded):
    html = page(client, "/search/?q=退休")
    assert '<main id="main"' in html and 'aria-label="当前位置"' in html
    assert 'role="search"' in html and '<label for="search-q"' in html
    assert 'role="status"' in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", ["测试", "测试事项1", "火星"])
def test_query_count_is_the_same_for_10_and_1000_items(client, catalog_of, query):
    counts = []
    for size in (10, 1000):
        Catalog.objects.all().delete()
        MissedQuery.objects.all().delete()  # the first miss of a query writes a row, later ones count
        catalog_of(size, groups=3)
        counts.append(_queries(client, f"/search/?q={query}&page=1"))
    assert counts[0] == counts[1], counts
