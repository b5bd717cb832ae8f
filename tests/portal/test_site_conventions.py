"""What every Chinese government site carries (domain.md §8): identity in the footer, the metadata the
national monitoring reads, a human site map, the search box and the hotlines on every page, a QR code on
each item page for people reading it on a hall screen."""

import re

import pytest
from django.core.checks import run_checks

from gongkai.catalog.models import Catalog

SEED = "zalaite-social-insurance"
PUBLIC = [
    "/",
    "/catalog/",
    f"/catalog/{SEED}/g/0/",
    f"/catalog/{SEED}/4/",
    f"/catalog/{SEED}/30/",
    f"/catalog/{SEED}/levels/0/",
    "/events/",
    "/events/retirement/",
    "/search/?q=退休",
    "/gongkai/",
    "/gongkai/guide/",
    "/apply/",
    "/apply/form/",
    "/site-map/",
    "/feedback/?page=/",
]

IDENTITY = {
    "SITE_NAME": "扎赉特旗人民政府门户网站",
    "SITE_ID_CODE": "1522230001",
    "SITE_ICP": "蒙ICP备12345678号",
    "SITE_PSB": "蒙公网安备 15222302000123号",
    "SITE_SPONSOR": "扎赉特旗人民政府办公室",
    "SITE_OPERATOR": "扎赉特旗政务服务中心",
    "SITE_CONAC_URL": "https://bszs.conac.cn/sitename?method=show&id=0000000000000000",
}


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta name="{name}" content="([^"]*)">', html)
    return found.group(1) if found else None


@pytest.fixture
def identity(settings):
    for name, value in IDENTITY.items():
        setattr(settings, name, value)
    return settings


@pytest.mark.parametrize("url", PUBLIC)
def test_every_page_has_search_hotlines_site_map_and_feedback(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    if not url.startswith(("/apply/form/", "/feedback/")):  # only pages with a form need a CSRF cookie
        assert not response.cookies, url
    assert 'role="search"' in html
    assert 'href="tel:12345"' in html and 'href="tel:12333"' in html
    assert 'href="/site-map/"' in html
    assert "https://zfwzzc.www.gov.cn/" in html  # 我为政府网站找错
    assert "我要纠错" in html
    assert _meta(html, "SiteName") and _meta(html, "SiteDomain") == "testserver"
    assert _meta(html, "ColumnName") and _meta(html, "ColumnType")


@pytest.mark.parametrize("url", PUBLIC)
def test_with_identity_settings_the_footer_and_metadata_carry_them(client, seeded, identity, url):
    html = _html(client, url)
    footer = html[html.index('<footer class="site-footer">') :]
    assert "主办单位：扎赉特旗人民政府办公室" in footer
    assert "承办单位：扎赉特旗政务服务中心" in footer
    assert "网站标识码：1522230001" in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">蒙ICP备12345678号</a>' in footer
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=15222302000123"' in footer
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=0000000000000000"' in footer
    assert _meta(html, "SiteIDCode") == "1522230001"
    assert _meta(html, "SiteName") == "扎赉特旗人民政府门户网站"


def test_identity_is_shown_only_when_set(client, seeded, settings):
    html = _html(client, "/")
    for word in ("网站标识码", "ICP备", "公网安备", "承办单位", "党政机关网站标识"):
        assert word not in html
    assert _meta(html, "SiteIDCode") is None
    assert "主办单位：扎赉特旗人力资源社会保障局" in html  # the publisher stands in for the sponsor


def test_content_pages_carry_article_metadata(client, seeded):
    html = _html(client, f"/catalog/{SEED}/4/")
    assert _meta(html, "ArticleTitle") == "职工参保登记"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", _meta(html, "PubDate"))
    assert _meta(html, "ContentSource") == "扎赉特旗人力资源社会保障局"
    assert "职工参保登记" in _meta(html, "Keywords")
    assert _meta(html, "Description")
    assert _meta(html, "ColumnName") == "社会保险登记" and _meta(html, "ColumnType") == "办事指南"
    event = _html(client, "/events/retirement/")
    assert _meta(event, "ArticleTitle") == "退休：要办哪些事"
    assert _meta(_html(client, "/"), "ColumnType") == "首页"
    assert _meta(_html(client, "/"), "ArticleTitle") is None


def test_the_site_map_lists_every_column_and_item(client, seeded):
    html = _html(client, "/site-map/")
    assert "<h1>网站地图</h1>" in html
    for path in (
        "/events/retirement/",
        "/gongkai/guide/",
        "/gongkai/rules/",
        "/gongkai/annual-reports/",
        "/apply/",
    ):
        assert f'href="{path}"' in html
    for item in seeded.items.all():
        assert f'href="/catalog/{SEED}/{item.seq}/"' in html


def test_item_page_has_a_qr_code_to_read_it_on_a_phone(client, seeded):
    html = _html(client, f"/catalog/{SEED}/4/")
    figure = html[html.index('<figure class="mobile-qr">') : html.index("</figure>")]
    assert '<svg width="34mm"' in figure and 'role="img"' in figure and "aria-label=" in figure
    assert "在手机上看" in figure and f">http://testserver/catalog/{SEED}/4/</a>" in figure


def _deploy_warnings(settings) -> set[str]:
    return {m.id for m in run_checks(include_deployment_checks=True)}


def test_deploy_check_warns_in_production_without_site_id_code_or_icp(settings):
    settings.PRODUCTION = True
    settings.PUBLIC_BASE_URL = "https://gongkai.example.org"
    settings.SITE_ID_CODE = ""
    settings.SITE_ICP = ""
    messages = [m for m in run_checks(include_deployment_checks=True) if m.id == "gongkai.W002"]
    assert {"GONGKAI_SITE_ID_CODE", "GONGKAI_ICP"} == {m.msg.split()[0] for m in messages}
    settings.SITE_ID_CODE = "1522230001"
    settings.SITE_ICP = "蒙ICP备12345678号"
    assert "gongkai.W002" not in _deploy_warnings(settings)
    settings.PRODUCTION = False
    settings.SITE_ID_CODE = ""
    assert "gongkai.W002" not in _deploy_warnings(settings)  # the embedded install may have neither


def test_identity_settings_refuse_malformed_values(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from gongkai.conf import env_matching

    monkeypatch.setenv("GONGKAI_SITE_ID_CODE", "15-2223")
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_SITE_ID_CODE"):
        env_matching("SITE_ID_CODE", r"[0-9A-Za-z]{10}", "1522230001")


def test_item_without_guide_says_what_the_catalog_says_and_where_to_ask(client, seeded):
    Catalog.objects.filter(pk=seeded.pk).update(
        contact_address="音德尔镇政务服务中心二楼",
        contact_phone="0482-6112233",
        office_hours="工作日 8:30-17:30",
    )
    html = _html(client, f"/catalog/{SEED}/7/")
    section = html[
        html.index('aria-labelledby="guide-heading"') : html.index('aria-labelledby="facts-heading"')
    ]
    assert "详细的办事指南正在编写" in section
    for expected in (
        "扎赉特旗人力资源社会保障局",
        "音德尔镇政务服务中心二楼",
        "工作日 8:30-17:30",
        "0482-6112233",
    ):
        assert expected in section
    assert 'href="tel:12333"' in section and 'href="tel:12345"' in section
    facts = html[html.index('aria-labelledby="facts-heading"') :]
    assert "《社会保险法》" in facts and "公开时限" in facts
