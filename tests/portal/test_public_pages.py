"""Public pages: what citizens see, what stays hidden, caching, and a fixed number of queries."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.publishing.models import SiteState
from tests.guides.helpers import publish

SEED = "zalaite-social-insurance"


def html(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_home_has_search_groups_events_and_disclosure_column(client, seeded):
    page = html(client, "/")
    assert 'action="/search/"' in page
    for name in ("社会保险登记", "工伤保险服务", "社会保障卡服务"):
        assert name in page
    for event in ("退休", "家人去世后", "失业", "工伤", "单位参保和注销", "社会保障卡"):
        assert event in page
    for part in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"):
        assert part in page
    assert "12333" in page
    assert "演示数据" not in page


def test_item_page_without_guide_has_an_honest_empty_state(client, seeded):
    page = html(client, f"/catalog/{SEED}/30/")
    assert "详细的办事指南正在编写" in page and "12333" in page and "12345" in page
    assert "《人力资源社会保障部财政部关于印发＜城乡养老保险制度衔接暂行办法＞的通知》" in page
    # Item 30's source anomaly is a note for staff, not for citizens.
    assert "数据提示" not in page and "分隔符" not in page
    assert (
        '<meta property="og:title" content="城镇职工基本养老保险与城乡居民基本养老保险制度衔接申请">' in page
    )
    assert "<title>城镇职工基本养老保险与城乡居民基本养老保险制度衔接申请" in page
    assert 'aria-label="当前位置"' in page


def test_item_page_shows_published_guide_and_history(client, seeded, editor, reviewer):
    publish(seeded.items.get(seq=4), editor, reviewer, formed_on=datetime.date(2026, 9, 18))
    page = html(client, f"/catalog/{SEED}/4/")
    assert "居民身份证" in page and "劳动合同" in page
    assert "扎赉特旗政务服务中心社保窗口" in page
    assert "更新记录" in page and "首次发布" in page
    assert "最近更新" in html(client, "/") and "职工参保登记" in html(client, "/")


def test_specific_group_items_are_hidden_and_on_request_items_say_how_to_apply(client, catalog_of):
    catalog = catalog_of(4, groups=1)
    catalog.items.filter(seq=1).update(audience=["特定群众"])
    catalog.items.filter(seq=2).update(method=["依申请公开"])
    html(client, f"/catalog/{catalog.slug}/1/", status=404)
    group = html(client, f"/catalog/{catalog.slug}/g/0/")
    assert "测试事项1<" not in group
    assert "依申请公开" in group
    page = html(client, f"/catalog/{catalog.slug}/2/")
    assert "这一项依申请公开" in page and "政府信息公开指南" in page


def test_level_page_lists_the_items_of_that_level(client, seeded):
    page = html(client, f"/catalog/{SEED}/levels/0/")  # 旗级
    assert "失业保险待遇发放账户维护申请" not in page  # item 10 is not ticked 旗级 in the source
    assert "工伤保险待遇发放账户维护申请" in page
    village = html(client, f"/catalog/{SEED}/levels/1/")
    assert "失业保险待遇发放账户维护申请" in village
    html(client, f"/catalog/{SEED}/levels/9/", status=404)


def test_life_event_is_an_ordered_checklist(client, seeded):
    page = html(client, "/events/after-death/")
    order = [
        page.index(name) for name in ("丧葬补助金、抚恤金申领", "个人账户一次性待遇申领", "社会保障卡注销")
    ]
    assert order == sorted(order)


def test_plain_search_and_its_empty_state(client, seeded):
    assert "社会保障卡挂失与解挂" in html(client, "/search/?q=挂失")
    empty = html(client, "/search/?q=火星")
    assert "本站没有这项内容" in empty and "12333" in empty and "12345" in empty


def test_demo_banner_only_with_demo_content(client, db):
    call_command("init", "--demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = html(client, "/")
    assert "演示数据" in page
    assert "社会保障卡申领" in html(client, f"/catalog/{SEED}/70/") and "居民身份证" in html(
        client, f"/catalog/{SEED}/70/"
    )


def test_kiosk_returns_to_start_when_idle(client, seeded):
    start = html(client, "/kiosk/")
    assert 'http-equiv="refresh"' not in start
    for category in ("社会保险登记", "社会保障卡服务"):
        assert category in start
    inner = html(client, "/kiosk/g/8/")
    assert '<noscript><meta http-equiv="refresh" content="90;url=/kiosk/"></noscript>' in inner
    assert 'href="/kiosk/item/75/"' in inner
    assert "回到首页" in html(client, "/kiosk/item/75/")


def test_elder_mode_is_a_remembered_link(client, seeded):
    response = client.get("/mode/elder/?next=/catalog/")
    assert response.status_code == 302 and response["Location"] == "/catalog/"
    assert response.cookies["gk_elder"].value == "1"
    assert '<body class="elder' in html(client, "/")
    assert client.get("/mode/elder/?next=https://evil.example/").get("Location") == "/"
    client.get("/mode/standard/")
    assert '<body class="elder' not in html(client, "/")


def test_conditional_get_and_invalidation(client, seeded, editor, reviewer):
    first = client.get("/catalog/")
    etag = first["ETag"]
    assert "Cookie" in first["Vary"]
    assert client.get("/catalog/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    publish(seeded.items.get(seq=4), editor, reviewer, formed_on=datetime.date(2026, 9, 18))
    assert client.get("/catalog/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    elder = client.get("/catalog/", HTTP_COOKIE="gk_elder=1")
    assert elder["ETag"] != client.get("/catalog/")["ETag"]


def test_errors_are_friendly_and_never_show_a_trace(client, db, settings, monkeypatch):
    page = html(client, "/catalog/none/99/", status=404)
    assert "找不到这个页面" in page
    settings.DEBUG = False
    client.raise_request_exception = False

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("gongkai.portal.views.default_catalog", boom)
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "网站暂时出了点问题" in body and "secret internals" not in body and "Traceback" not in body


PAGES = [
    "/",
    "/catalog/{slug}/",
    "/catalog/{slug}/g/0/",
    "/catalog/{slug}/{seq}/",
    "/catalog/{slug}/levels/0/",
    "/search/?q=测试",
    "/events/",
    "/events/{event}/",
    "/kiosk/",
    "/kiosk/g/0/",
    "/gongkai/",
]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_the_same_for_10_and_1000_items(client, catalog_of, page, editor, reviewer):
    counts = []
    for size in (10, 1000):
        SiteState.objects.all().delete()
        from gongkai.catalog.models import Catalog

        Catalog.objects.all().delete()
        catalog = catalog_of(size, groups=1)
        items = list(catalog.items.order_by("-seq"))
        # More guides and life-event steps in the larger catalog, so a query per listed item shows.
        for guide_item in items[: 1 if size == 10 else 3]:
            publish(guide_item, editor, reviewer, formed_on=datetime.date(2026, 9, 18))
        event = LifeEvent.objects.create(catalog=catalog, slug="test-event", name="测试一件事", position=0)
        LifeEventStep.objects.bulk_create(
            LifeEventStep(event=event, item=step_item, position=i, when="")
            for i, step_item in enumerate(items[: size // 5])
        )
        url = page.format(slug=catalog.slug, seq=items[0].seq, event=event.slug)
        counts.append(_count(client, url))
    assert counts[0] == counts[1], counts
