"""Responses go out compressed when the browser accepts it (with Django's BREACH padding); /favicon.ico exists."""

import gzip

import pytest

from tests.ops.helpers import ROOT

SEED = "zalaite-social-insurance"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    "url", ["/", "/catalog/", f"/catalog/{SEED}/4/", "/search/?q=退休", "/api/v1/catalog", "/sitemap.xml"]
)
def test_pages_json_and_xml_are_compressed_for_browsers_that_accept_it(client, seeded, url):
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(_body(packed)) == _body(plain)


def test_the_catalog_table_shrinks_to_a_fraction(client, seeded):
    plain = len(_body(client.get("/catalog/")))
    packed = len(_body(client.get("/catalog/", HTTP_ACCEPT_ENCODING="gzip")))
    assert plain > 100_000 and packed < plain / 5, (plain, packed)


def test_compression_is_padded_against_breach(client, seeded):
    # GZipMiddleware adds random bytes to every compressed body, so two answers to one page differ in length.
    sizes = {len(_body(client.get("/apply/form/", HTTP_ACCEPT_ENCODING="gzip"))) for _ in range(6)}
    assert len(sizes) > 1


def test_nginx_leaves_the_apps_own_compression_alone():
    site = (ROOT / "deploy" / "nginx" / "gongkai.conf").read_text()
    app_locations = site.split("location ~ ^/(api|admin|staff)/", 1)[1].split("location @static_site", 1)[0]
    assert app_locations.count("gzip off;") == 2


def test_favicon_is_an_icon_not_a_404(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert _body(response)[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age" in response["Cache-Control"]
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/portal/favicon.svg"' in html


def test_a_compressed_page_still_revalidates_with_its_etag(client, seeded):
    first = client.get("/catalog/", HTTP_ACCEPT_ENCODING="gzip")
    again = client.get("/catalog/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
