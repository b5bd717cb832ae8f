"""The public report page: only once published, listed on the portal, every cell, and its downloads."""

import json

from gongkai.publishing.models import SiteState
from tests.reports.helpers import check_html_tables

URL = "/gongkai/annual-reports/2025/"


def test_a_draft_is_not_public(client, draft_report):
    assert client.get(URL).status_code == 404
    assert client.get(URL + "report.pdf").status_code == 404
    assert client.get(URL + "report.json").status_code == 404
    assert URL not in client.get("/gongkai/annual-reports/").content.decode()


def test_a_year_without_report_is_not_found(client, db):
    assert client.get("/gongkai/annual-reports/2019/").status_code == 404


def test_published_report_page_shows_every_cell(client, published_report):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    check_html_tables(page)
    assert published_report.title in page
    assert "全年新收政府信息公开申请4件。" in page
    assert "/static/reports/report.css" in page
    # The portal's list of reports links to it.
    listing = client.get("/gongkai/annual-reports/").content.decode()
    assert f'href="{URL}"' in listing and published_report.title in listing


def test_public_downloads_of_a_published_report(client, published_report):
    data = json.loads(client.get(URL + "report.json").content)
    assert data["year"] == 2025 and data["state"] == "published"
    docx = client.get(URL + "report.docx")
    assert docx.status_code == 200 and docx["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''2025" in docx["Content-Disposition"]
    assert client.get(URL + "report.exe").status_code == 404


def test_publishing_moves_the_sites_change_stamp(client, draft_report, officer):
    """The portal's list page is cached against the stamp; a new report must not wait behind a 304."""
    before = SiteState.current().changed_at
    client.force_login(officer)
    client.post("/staff/reports/zltq-rsj/2025/publish/", {"confirm": "1"})
    assert SiteState.current().changed_at != before
