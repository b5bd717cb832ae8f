"""The public pages in two languages: Chinese at the root, traditional Mongolian script under /mn/; the switch
is a plain link remembered in a cookie; staff pages, the admin and the API keep one address."""

import re

import pytest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from gongkai.languages import COOKIE
from gongkai.publishing.caching import STATUS_HEADER

pytestmark = pytest.mark.django_db

SEED = "zalaite-social-insurance"
ITEM = f"/bodies/zltq-rsj/catalog/{SEED}/4/"
MONGOLIAN_LETTERS = re.compile("[\u1820-\u1878]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
PUBLIC_PAGES = [
    "/",
    ITEM,
    f"/bodies/zltq-rsj/catalog/{SEED}/",
    "/events/",
    "/events/retirement/",
    "/site-map/",
]


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_each_public_page_has_a_mongolian_address_in_the_traditional_script(client, seeded, path):
    response = client.get("/mn" + path)
    assert response.status_code == 200
    html = _text(response)
    assert '<html lang="mn-Mong">' in html
    assert response["Content-Language"] == "mn-Mong"
    assert 'class=" script-mong' in html or "script-mong" in re.search(r"<body[^>]*>", html).group(0)
    # The interface is Mongolian: its headings and navigation are in the script, and Django's own Cyrillic
    # Mongolian (Khalkha) never leaks in.
    assert len(MONGOLIAN_LETTERS.findall(html)) > 100
    assert not CYRILLIC.search(html)
    # Links stay in Mongolian.
    assert f'href="/mn{ITEM}"' in _text(client.get(f"/mn/bodies/zltq-rsj/catalog/{SEED}/g/0/"))


def test_the_chinese_pages_are_unchanged_and_name_their_mongolian_twin(client, seeded):
    response = client.get(ITEM)
    html = _text(response)
    assert '<html lang="zh-CN">' in html
    assert not MONGOLIAN_LETTERS.search(html.split("<body", 1)[1].replace("ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ", ""))
    assert "公开目录信息" in html
    # hreflang alternates, absolute, for both languages and a default.
    assert f'hreflang="zh-CN" href="http://testserver{ITEM}"' in html
    assert f'hreflang="mn-Mong" href="http://testserver/mn{ITEM}"' in html
    assert f'hreflang="x-default" href="http://testserver{ITEM}"' in html
    # Only the address decides the language: the Chinese page does not vary by browser language.
    assert "Accept-Language" not in response.get("Vary", "")
    assert _text(client.get(ITEM, HTTP_ACCEPT_LANGUAGE="mn")) == html


def test_the_switch_is_a_plain_link_that_is_remembered(client, seeded):
    page = _text(client.get(ITEM))
    switch = f"/lang/mn/?next={ITEM}"
    assert f'href="{switch}"' in page
    response = client.get(switch)
    assert response.status_code == 302 and response["Location"] == f"/mn{ITEM}"
    assert response.cookies[COOKIE].value == "mn"
    # Next visit to any Chinese public page goes to its Mongolian address, query string kept.
    again = client.get("/search/?q=%E9%80%80%E4%BC%91")  # as browsers send it
    assert again.status_code == 302 and again["Location"] == "/mn/search/?q=%E9%80%80%E4%BC%91"
    # Staff pages, the API and the switch back are not redirected.
    assert client.get("/staff/").status_code == 302 and "/admin/login/" in client.get("/staff/")["Location"]
    assert client.get("/api/v1/catalogs").status_code == 200
    back = client.get(f"/lang/zh-hans/?next=/mn{ITEM}")
    assert back["Location"] == ITEM
    assert back.cookies[COOKIE].value == ""  # deleted
    assert client.get(ITEM).status_code == 200


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/x", "/nowhere-known/"])
def test_the_switch_never_leaves_the_site(client, db, target):
    response = client.get("/lang/mn/", {"next": target})
    assert response.status_code == 302
    assert not response["Location"].startswith(("http", "//"))


def test_an_unknown_language_is_not_found(client, db):
    assert client.get("/lang/ru/?next=/").status_code == 404


def test_staff_pages_have_no_mongolian_address(client, seeded):
    assert client.get("/mn/staff/").status_code == 404
    assert client.get("/mn/staff/requests/").status_code == 404
    assert client.get("/mn/admin/").status_code == 404
    # A staff link made while a Mongolian page is rendered (a notice to staff) keeps its one address.
    with translation.override("mn"):
        assert reverse("inforequests_staff:queue") == "/staff/requests/"
        assert reverse("portal:home") == "/mn/"


def test_the_mongolian_pages_are_cached_apart_and_a_remembered_visitor_never_gets_the_chinese_copy(
    client, seeded, page_cache
):
    assert client.get(ITEM)[STATUS_HEADER] == "MISS"
    assert client.get(ITEM)[STATUS_HEADER] == "HIT"
    mongolian = client.get("/mn" + ITEM)
    assert mongolian[STATUS_HEADER] == "MISS" and '<html lang="mn-Mong">' in _text(mongolian)
    client.cookies[COOKIE] = "mn"
    response = client.get(ITEM)
    assert response.status_code == 302 and response["Location"] == "/mn" + ITEM
    assert client.get("/mn" + ITEM)[STATUS_HEADER] == "HIT"


def test_a_mongolian_page_runs_the_same_queries_as_the_chinese_one(client, seeded):
    from django.db import connection

    client.get(ITEM)
    client.get("/mn" + ITEM)
    with CaptureQueriesContext(connection) as chinese:
        client.get(ITEM)
    with CaptureQueriesContext(connection) as mongolian:
        client.get("/mn" + ITEM)
    assert len(mongolian) == len(chinese)


def test_error_pages_speak_the_address_language(client, db):
    response = client.get("/mn/no-such-page/")
    assert response.status_code == 404
    html = _text(response)
    assert '<html lang="mn-Mong">' in html and MONGOLIAN_LETTERS.search(html)
    assert "找不到这个页面" not in html
    assert "找不到这个页面" in _text(client.get("/no-such-page/"))
