"""Publishing a year's report (issue 13.10): only after the year has ended, after a confirmation page showing
the final tables, and a correction after publication is a new version with a note, the original kept and
marked (国办公开办函〔2019〕61号)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEntry
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportState
from tests.inforequests.helpers import received
from tests.reports.helpers import fill_report

D = datetime.date


@pytest.fixture
def clock(monkeypatch):
    """Set the day publishing is judged by: clock(D(2026, 12, 4))."""

    def set_today(day):
        monkeypatch.setattr(services, "today", lambda: day, raising=False)

    return set_today


@pytest.fixture
def report_2026(published_report, officer, clock):
    clock(D(2026, 12, 4))
    return fill_report(officer, 2026)


def test_the_service_refuses_a_report_before_its_year_ends(report_2026, officer):
    with pytest.raises(ValidationError, match="2026 年还没有结束"):
        services.publish_report(report_2026, acting_user=officer, on=D(2026, 12, 31))
    report_2026.refresh_from_db()
    assert report_2026.state == ReportState.DRAFT and report_2026.published_tables is None
    report = services.publish_report(report_2026, acting_user=officer, on=D(2027, 1, 1))
    assert report.is_published


def test_on_4_december_the_page_says_when_and_one_click_does_not_publish(client, report_2026, officer):
    """GIVEN the 2026 draft on 2026-12-04 WHEN the office opens it and posts the publish form
    THEN the page says from when it can be published, offers no publish button, and nothing is frozen."""
    client.force_login(officer)
    edit = client.get("/staff/reports/zltq-rsj/2026/").content.decode()
    assert "2027年1月1日起才能发布" in edit and "核对最终表格并发布" not in edit
    confirm = client.get("/staff/reports/zltq-rsj/2026/publish/").content.decode()
    assert "现在还不能发布" in confirm and "确认发布" not in confirm
    response = client.post("/staff/reports/zltq-rsj/2026/publish/", {"confirm": "1"})
    assert "2026 年还没有结束" in response.content.decode()
    assert AnnualReport.objects.get(year=2026).state == ReportState.DRAFT


def test_publishing_shows_the_final_tables_first(client, draft_report, officer, clock):
    """GIVEN the 2025 draft in January 2026 WHEN the office clicks publish THEN it first sees the report as it
    will be published, and only the confirmation publishes it."""
    clock(D(2026, 1, 10))
    client.force_login(officer)
    edit = client.get("/staff/reports/zltq-rsj/2025/").content.decode()
    assert 'href="/staff/reports/zltq-rsj/2025/publish/"' in edit
    page = client.get("/staff/reports/zltq-rsj/2025/publish/").content.decode()
    assert "确认发布 2025 年度报告" in page
    assert "本年新收政府信息公开申请数量" in page and "行政复议" in page  # the tables themselves
    assert "确认发布" in client.post("/staff/reports/zltq-rsj/2025/publish/").content.decode()  # asks again
    assert not AnnualReport.objects.get(year=2025).is_published
    assert client.post("/staff/reports/zltq-rsj/2025/publish/", {"confirm": "1"}).status_code == 302
    assert AnnualReport.objects.get(year=2025).is_published


def test_a_correction_is_a_new_version_and_the_original_stays_marked(client, published_report, officer):
    """GIVEN the published 2025 report WHEN a case handled on paper is found and the office corrects it
    THEN a second version with the note is published, and the first stays public, marked as corrected."""
    with pytest.raises(ValidationError):
        services.start_correction(published_report, note=" ", acting_user=officer)
    client.force_login(officer)
    response = client.post(
        "/staff/reports/zltq-rsj/2025/correct/", {"correction_note": "表三漏计 7 月收到的申请 1 件"}
    )
    assert response.status_code == 302
    correction = AnnualReport.objects.get(year=2025, version=2)
    assert correction.state == ReportState.DRAFT and correction.overview == published_report.overview
    # Until the correction is published, the public page is the original.
    public = client.get("/gongkai/annual-reports/2025/").content.decode()
    assert "表三漏计" not in public
    received(officer, D(2025, 7, 1))  # the case that was missing, now recorded
    page = client.get("/staff/reports/zltq-rsj/2025/publish/").content.decode()
    assert "与已发布的第 1 版相比" in page and "一、本年新收政府信息公开申请数量 · 自然人：2 → 3" in page
    assert client.post("/staff/reports/zltq-rsj/2025/publish/", {"confirm": "1"}).status_code == 302

    original = AnnualReport.objects.get(year=2025, version=1)
    correction.refresh_from_db()
    assert original.state == ReportState.SUPERSEDED and original.superseded_at is not None
    assert correction.is_published
    assert services.report_tables(correction)["section_three"]["new"]["person"] == 3
    assert services.report_tables(original)["section_three"]["new"]["person"] == 2  # frozen as it was
    public = client.get("/gongkai/annual-reports/2025/").content.decode()
    assert "更正说明（第 2 版）：表三漏计 7 月收到的申请 1 件" in public
    assert 'href="/gongkai/annual-reports/2025/v1/"' in public
    old = client.get("/gongkai/annual-reports/2025/v1/").content.decode()
    assert "这是更正前的原报告" in old and 'href="/gongkai/annual-reports/2025/"' in old
    assert client.get("/gongkai/annual-reports/2025/v3/").status_code == 404
    listing = client.get("/gongkai/annual-reports/").content.decode()
    assert listing.count('href="/gongkai/annual-reports/2025/"') == 1
    actions = list(AuditEntry.objects.filter(action__startswith="report.").values_list("action", flat=True))
    assert "report.correct" in actions and actions.count("report.publish") == 2


def test_a_draft_correction_is_not_public(client, published_report, officer):
    services.start_correction(published_report, note="改错别字", acting_user=officer)
    assert client.get("/gongkai/annual-reports/2025/v2/").status_code == 404
    with pytest.raises(ValidationError, match="已经有一个未发布的更正版本"):
        services.start_correction(published_report, note="再改", acting_user=officer)
