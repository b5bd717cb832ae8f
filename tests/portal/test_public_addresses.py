"""Absolute addresses (PDFs, QR codes, the feed, the sitemap) lead back to the site that served them.

With no GONGKAI_PUBLIC_BASE_URL, an office computer that opens http://192.168.1.20:8000 must get QR codes and
links to 192.168.1.20:8000, not to 127.0.0.1 (which on another computer leads nowhere). A configured base URL
always wins; production refuses the deploy check without an https one.
"""

import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

OFFICE = "192.168.1.20:8000"
SEED = "zalaite-social-insurance"


@pytest.fixture
def unset(settings):
    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["testserver", "192.168.1.20", "gongkai.example.org"]


def test_sitemap_and_feed_use_the_address_the_request_came_in_on(client, seeded, unset):
    sitemap = client.get("/sitemap.xml", HTTP_HOST=OFFICE).content
    locs = [el.text for el in ET.fromstring(sitemap).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]  # noqa: S314
    assert locs and all(loc.startswith(f"http://{OFFICE}/") for loc in locs), locs[:3]
    feed = client.get("/feed.xml", HTTP_HOST=OFFICE).content.decode()
    assert f'href="http://{OFFICE}/feed.xml"' in feed and "127.0.0.1" not in feed
    # Behind TLS the scheme follows too.
    secure = client.get("/sitemap.xml", HTTP_HOST="gongkai.example.org", secure=True).content.decode()
    assert "<loc>https://gongkai.example.org/</loc>" in secure


def test_item_page_and_its_qr_code_point_to_the_same_server(client, seeded, unset):
    html = client.get(f"/catalog/{SEED}/4/", HTTP_HOST=OFFICE).content.decode()
    assert f'<meta property="og:url" content="http://{OFFICE}/catalog/{SEED}/4/">' in html
    assert f">http://{OFFICE}/catalog/{SEED}/4/</a>" in html  # 在手机上看, under the QR code
    assert "127.0.0.1" not in html


def test_printed_qr_codes_lead_back_to_the_server_they_were_printed_from(client, seeded, unset, tmp_path):
    for url in (f"/catalog/{SEED}/4/guide.pdf", f"/catalog/{SEED}/table.pdf"):
        response = client.get(url, HTTP_HOST=OFFICE)
        assert response.status_code == 200
        pdf = b"".join(response.streaming_content) if response.streaming else response.content
        path = tmp_path / "out.pdf"
        path.write_bytes(pdf)
        text = re.sub(
            r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        )
        assert f"http://{OFFICE}/catalog/{SEED}/" in text, url
        assert "127.0.0.1" not in text


def test_a_configured_base_url_wins_over_the_request(client, seeded, settings):
    settings.PUBLIC_BASE_URL = "https://gongkai.example.gov.cn"
    settings.ALLOWED_HOSTS = ["testserver", "192.168.1.20"]
    sitemap = client.get("/sitemap.xml", HTTP_HOST=OFFICE).content.decode()
    assert "<loc>https://gongkai.example.gov.cn/</loc>" in sitemap and OFFICE not in sitemap


def test_a_host_django_does_not_accept_never_reaches_a_link(client, db, unset):
    assert client.get("/sitemap.xml", HTTP_HOST="evil.example").status_code == 400


def test_work_without_a_request_keeps_the_setting_or_the_embedded_address(settings, rf):
    from gongkai.printing.siteurl import DEFAULT_BASE_URL, absolute, base_url

    settings.PUBLIC_BASE_URL = ""
    assert base_url() == DEFAULT_BASE_URL == "http://127.0.0.1:8000"
    assert absolute("/apply/status/") == "http://127.0.0.1:8000/apply/status/"
    settings.PUBLIC_BASE_URL = "https://gongkai.example.gov.cn"
    assert absolute("/apply/status/", rf.get("/")) == "https://gongkai.example.gov.cn/apply/status/"


def _ids(settings) -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_production_refuses_the_deploy_check_without_an_https_base_url(settings):
    settings.PRODUCTION = True
    for value in ("", "http://gongkai.example.org"):
        settings.PUBLIC_BASE_URL = value
        assert "gongkai.W001" in _ids(settings), value
    settings.PUBLIC_BASE_URL = "https://gongkai.example.org"
    assert "gongkai.W001" not in _ids(settings)


def test_the_embedded_install_needs_no_base_url(settings):
    settings.PRODUCTION = False
    settings.PUBLIC_BASE_URL = ""
    ids = _ids(settings)
    assert "gongkai.W001" not in ids and "gongkai.E001" not in ids
    settings.PUBLIC_BASE_URL = "ftp://gongkai.example.org"
    assert "gongkai.E001" in _ids(settings)


def test_publish_static_without_a_base_url_uses_the_embedded_address(db, tmp_path, settings, capsys):
    settings.PUBLIC_BASE_URL = ""
    call_command("publish_static", str(tmp_path / "site"), "--no-progress")
    assert "http://127.0.0.1:8000/" in (tmp_path / "site" / "sitemap.xml").read_text()
