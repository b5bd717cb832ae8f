"""The county on the portal: the home page shows its bodies, each body has its page and its own
政府信息公开 column with the four standard parts; a one-body installation looks as it always did."""

import datetime

import pytest

from gongkai.bodies.services import load_demo_county
from gongkai.catalog.services import load_seed_if_empty
from gongkai.reports import services as reports


@pytest.fixture
def county(db):
    load_demo_county()
    load_seed_if_empty()


def test_a_one_body_installation_has_no_county_on_its_home_page(seeded, client):
    page = client.get("/").content.decode()
    assert "社会保险怎么办，这里查" in page and "按单位找" not in page


def test_the_county_home_shows_its_bodies_by_kind(county, client):
    page = client.get("/").content.decode()
    assert "扎赉特旗人民政府政务公开" in page and "按单位找" in page
    assert page.index("<h3>人民政府</h3>") < page.index("<h3>工作部门</h3>") < page.index("<h3>苏木乡镇</h3>")
    assert 'href="/bodies/zltq-ybj/"' in page
    assert "演示嘎查" not in page  # a 嘎查 is a publishing point, not a disclosure body
    assert "77 项" in page  # the 人社局's catalog


def test_a_body_page_says_what_it_publishes_and_how_to_reach_it(county, client):
    page = client.get("/bodies/zltq-rsj/").content.decode()
    assert "社会保险公开目录" in page and "/catalog/zalaite-social-insurance/" in page
    assert "/apply/form/?body=zltq-rsj" in page
    empty = client.get("/bodies/zltq-ybj/").content.decode()
    assert "公开目录还在整理" in empty and "12345" in empty
    town = client.get("/bodies/zltq-ydez/").content.decode()
    assert "下级单位" in town and "音德尔镇演示嘎查" in town
    assert client.get("/bodies/nowhere/").status_code == 404


def test_each_body_has_the_four_parts_of_the_column(county, client):
    page = client.get("/bodies/zltq-ybj/gongkai/").content.decode()
    for part in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"):
        assert part in page
    assert "每年 1 月 31 日前" in page
    assert "每年 3 月 31 日前" in client.get("/bodies/zltq/gongkai/").content.decode()
    guide = client.get("/bodies/zltq-ybj/gongkai/guide/").content.decode()
    assert "扎赉特旗医疗保障局政府信息公开指南" in guide
    assert "/apply/form/?body=zltq-ybj" in guide and "行政复议机关一般为扎赉特旗人民政府" in guide
    rules = client.get("/bodies/zltq-ybj/gongkai/rules/").content.decode()
    assert "国务院令第 711 号" in rules


def test_a_bodys_published_report_is_at_its_own_address(county, client, django_user_model):
    from gongkai.accounts.roles import Role, grant
    from gongkai.bodies.models import Body

    office = django_user_model.objects.create_user("office", "o@example.org", "a-long-test-password-1")
    ybj = Body.objects.get(code="zltq-ybj")
    grant(office, Role.DISCLOSURE_OFFICE, body=ybj)
    assert (
        "还没有在本站发布年度报告" in client.get("/bodies/zltq-ybj/gongkai/annual-reports/").content.decode()
    )
    report = reports.open_report(2025, acting_user=office, body=ybj)
    reports.update_report(report, overview="全年工作总体情况。", acting_user=office)
    reports.publish_report(report, acting_user=office, on=datetime.date(2026, 1, 20))
    listing = client.get("/bodies/zltq-ybj/gongkai/annual-reports/").content.decode()
    assert "/bodies/zltq-ybj/gongkai/annual-reports/2025/" in listing
    page = client.get("/bodies/zltq-ybj/gongkai/annual-reports/2025/").content.decode()
    assert "扎赉特旗医疗保障局2025年政府信息公开工作年度报告" in page
    assert "/bodies/zltq-ybj/gongkai/annual-reports/2025/report.pdf" in page
    download = client.get("/bodies/zltq-ybj/gongkai/annual-reports/2025/report.json")
    assert download.status_code == 200 and download.json()["year"] == 2025
    assert client.get("/bodies/zltq-rsj/gongkai/annual-reports/2025/").status_code == 404


def test_search_on_a_county_portal_looks_in_every_body_and_says_which_one_answers(county, client):
    from gongkai.bodies.models import Body
    from gongkai.catalog.services import import_catalog
    from tests.factories import make_document

    town = Body.objects.get(code="zltq-ydez")
    doc = make_document(9, area="乡镇退休服务", publisher=town.name)
    doc["items"][0]["name"] = "城乡居民退休待遇认证"
    import_catalog(doc, body=town)
    page = client.get("/search/", {"q": "退休"}).content.decode()
    assert "扎赉特旗人力资源社会保障局 · " in page and "音德尔镇人民政府 · " in page
    within = client.get("/search/", {"q": "退休", "body": "zltq-rsj"}).content.decode()
    assert 'name="group"' in within  # one catalog: the group filter is back
    assert client.get("/search/", {"q": "退休", "body": "nowhere"}).status_code == 404
    nothing = client.get("/search/", {"q": "退休", "body": "zltq-ybj"}).content.decode()
    assert "扎赉特旗医疗保障局的办事指南中" in nothing or "没有找到" in nothing


def test_search_across_the_county_filters_by_area(county, client):
    from gongkai.bodies.models import Body
    from gongkai.catalog.services import import_catalog
    from tests.factories import make_document

    town = Body.objects.get(code="zltq-ydez")
    doc = make_document(9, area="乡镇退休服务", publisher=town.name)
    doc["items"][0]["name"] = "城乡居民退休待遇认证"
    import_catalog(doc, body=town)
    page = client.get("/search/", {"q": "退休"}).content.decode()
    assert 'name="area"' in page and "乡镇退休服务" in page
    only_town = client.get("/search/", {"q": "退休", "area": "乡镇退休服务"}).content.decode()
    assert "城乡居民退休待遇认证" in only_town and "职工正常" not in only_town
    api = client.get("/api/v1/search", {"q": "退休", "area": "乡镇退休服务"}).json()
    assert {hit["body"] for hit in api["results"]} == {"zltq-ydez"}
