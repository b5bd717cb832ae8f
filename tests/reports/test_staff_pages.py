"""Staff report pages: roles, the editor form and its errors, checks, publishing, downloads, statistics."""

import io
import json

import pytest
from docx import Document

from gongkai.reports import services
from gongkai.reports.forms import ReportForm, adjustment_name, two_name
from gongkai.reports.models import AnnualReport
from tests.reports.helpers import EXPECTED_THREE

EDIT = "/staff/reports/zltq-rsj/2025/"
PAGES = [
    "/staff/reports/",
    EDIT,
    "/staff/reports/zltq-rsj/2025/statistics/",
    "/staff/reports/zltq-rsj/2025/report.docx",
]


def form_data(report, **changes) -> dict:
    """What the browser sends back for the page as shown, with some fields changed."""
    data = {key: ("" if value is None else value) for key, value in ReportForm.initial_from(report).items()}
    return {**data, **changes}


def test_pages_need_login_and_the_office_role(client, draft_report, editor, outsider):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    for user in (editor, outsider):
        client.force_login(user)
        for url in PAGES:
            assert client.get(url).status_code == 403, url
        assert client.post("/staff/reports/zltq-rsj/2025/publish/").status_code == 403
    assert not AnnualReport.objects.get(year=2025).is_published


def test_list_shows_years_state_and_deadline_and_opens_a_year(client, known_year, officer):
    client.force_login(officer)
    page = client.get("/staff/reports/").content.decode()
    assert "2025 年" in page and "2024 年" in page
    assert "2026年1月31日" in page  # 2025's deadline
    assert "尚未开始" in page and "已超过期限" in page  # 2024: no report, deadline long past
    response = client.post("/staff/reports/", {"year": "2025"})
    assert response.status_code == 302 and response["Location"] == EDIT
    assert AnnualReport.objects.filter(year=2025).exists()
    page = client.post("/staff/reports/", {"year": "2999"}).content.decode()
    assert "还没到这一年" in page
    page = client.post("/staff/reports/", {"year": "二〇二五"}).content.decode()
    assert "请填写四位数的年份" in page


def test_edit_page_shows_known_figures_computed_cells_and_section_four(client, draft_report, officer):
    client.force_login(officer)
    page = client.get(EDIT).content.decode()
    assert "全年新收政府信息公开申请 4 件，办结 3 件。" in page  # known_figures beside 一
    assert "计算 4" in page  # new · total
    assert f'name="{adjustment_name("granted", "person")}"' in page
    assert "行政诉讼" in page and "未经复议直接起诉" in page
    assert "勾稽关系全部相符" in page
    assert 'style="' not in page


def test_bad_numbers_are_shown_beside_their_fields_and_nothing_is_saved(client, draft_report, officer):
    client.force_login(officer)
    data = form_data(
        draft_report,
        **{
            two_name("规章", "本年制发件数"): "-1",
            two_name("行政许可", "本年处理决定数量"): "十二",
            two_name("行政事业性收费", "本年收费金额（单位：万元）"): "3.5",
            adjustment_name("granted", "person"): "1.5",
            "overview": "改过的总体情况",
        },
    )
    response = client.post(EDIT, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "没有保存" in page
    assert "不能是负数" in page and "请填写整数（件数）" in page and "调整数要写整数" in page
    assert "改过的总体情况" in page  # what was typed stays
    assert '<details class="adjustments" open>' in page  # the adjustment with the error is shown
    draft_report.refresh_from_db()
    assert draft_report.overview != "改过的总体情况"


def test_saving_goes_through_the_service(client, draft_report, officer):
    client.force_login(officer)
    data = form_data(
        draft_report,
        **{two_name("行政事业性收费", "本年收费金额（单位：万元）"): "3.25", "problems": "新的问题"},
    )
    response = client.post(EDIT, data)
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.section_two["行政事业性收费"]["本年收费金额（单位：万元）"] == 3.25
    assert draft_report.problems == "新的问题"
    from gongkai.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="report.update", actor=officer).exists()


def test_adjustment_without_note_is_refused_by_the_service_and_shown(client, draft_report, officer):
    client.force_login(officer)
    response = client.post(EDIT, form_data(draft_report, **{adjustment_name("granted", "person"): "1"}))
    assert response.status_code == 200
    assert "请写明调整原因" in response.content.decode()


def test_publish_is_refused_with_the_failures_listed_then_succeeds_when_fixed(client, draft_report, officer):
    client.force_login(officer)
    # Half an adjustment: one case added to 予以公开 but not to the totals.
    data = form_data(
        draft_report, **{adjustment_name("granted", "person"): "1", "adjustment_note": "纸质办理 1 件"}
    )
    assert client.post(EDIT, data).status_code == 302
    page = client.get(EDIT).content.decode()
    assert "改正后才能发布" in page and "三 · （七）总计 · 自然人列" in page
    response = client.post("/staff/reports/zltq-rsj/2025/publish/", {"confirm": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "没有发布" in page and "检查没有通过，不能发布" in page
    assert "三 · （一）予以公开 · 总计列：各类申请人合计 2，与总计 1 不一致" in page
    assert not AnnualReport.objects.get(year=2025).is_published
    # Fix it properly: the extra case counts in the total column, the total row and as new.
    report = AnnualReport.objects.get(year=2025)
    fixes = {
        adjustment_name(row, col): "1" for row in ("granted", "total", "new") for col in ("person", "total")
    }
    assert client.post(EDIT, form_data(report, **fixes)).status_code == 302
    response = client.post("/staff/reports/zltq-rsj/2025/publish/", {"confirm": "1"})
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2025)
    assert report.is_published and report.published_by == officer
    assert (
        services.report_tables(report)["section_three"]["granted"]["person"]
        == EXPECTED_THREE["granted"]["person"] + 1
    )
    page = client.get(EDIT).content.decode()
    assert "已发布" in page and "/gongkai/annual-reports/2025/" in page
    assert ">保存<" not in page
    # A published report cannot be changed from the page either.
    response = client.post(EDIT, form_data(report, overview="再改"))
    assert "已发布的年度报告不能修改" in response.content.decode()


def test_publish_needs_the_overview(client, known_year, officer):
    services.open_report(2025, acting_user=officer)
    client.force_login(officer)
    page = client.post("/staff/reports/zltq-rsj/2025/publish/", {"confirm": "1"}).content.decode()
    assert "请填写“一、总体情况”" in page


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "json", "pdf", "html"])
def test_staff_downloads_of_a_draft(client, draft_report, officer, fmt):
    client.force_login(officer)
    response = client.get(f"/staff/reports/zltq-rsj/2025/report.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        assert json.loads(response.content)["state"] == "draft"
    if fmt == "docx":
        document = Document(io.BytesIO(response.content))
        assert any("草稿" in p.text for p in document.paragraphs[:3])
    assert "%E8%8D%89%E7%A8%BF" in response["Content-Disposition"]  # 草稿 in the file name


def test_statistics_page_draws_accessible_svg_charts(client, known_year, officer):
    from lxml import etree
    from lxml import html as lxml_html

    client.force_login(officer)
    response = client.get("/staff/reports/zltq-rsj/2025/statistics/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script" not in page and 'style="' not in page
    tree = lxml_html.fromstring(page)
    charts = tree.xpath("//section[contains(@class, 'chart')]")
    assert len(charts) == 4
    # No guide was due in 2024 or 2025: the on-time chart says so instead of drawing empty axes.
    assert "没有可以计算按时公开率的数字" in charts[3].text_content() and not charts[3].xpath(
        ".//*[local-name()='svg']"
    )
    for chart in charts[:3]:
        svg = chart.xpath(".//*[local-name()='svg']")[0]
        assert svg.get("role") == "img"
        title, desc = svg.get("aria-labelledby").split()
        assert svg.xpath(f".//*[@id='{title}']")[0].tag.endswith("title")
        assert svg.xpath(f".//*[@id='{desc}']")[0].tag.endswith("desc")
        assert chart.xpath(".//table/caption")  # the figures again, for screen readers
        etree.fromstring(etree.tostring(svg))  # well-formed
    months = charts[0].xpath(".//table/tbody/tr")
    assert [[c.text_content() for c in tr] for tr in months][2] == ["3月", "0", "1"]  # 2024: 0, 2025: 1
    assert [[c.text_content() for c in tr] for tr in months][11] == ["12月", "2", "2"]
    results = {
        tr[0].text_content(): [c.text_content() for c in tr[1:]]
        for tr in charts[1].xpath(".//table/tbody/tr")
    }
    assert (
        results["予以公开"] == ["1", "1"]
        and results["不予公开"] == ["0", "1"]
        and results["其他处理"] == ["0", "1"]
    )
    assert "收到申请 4 件，上年 2 件（比上年增加 100%）。" in page


def test_statistics_of_a_future_year_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get("/staff/reports/zltq-rsj/2999/statistics/").status_code == 404


def test_admin_lists_reports_read_only(client, draft_report, db):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("root", "root@example.org", "a-long-test-password-1")
    client.force_login(admin)
    page = client.get("/admin/reports/annualreport/").content.decode()
    assert "2025" in page and "/staff/reports/zltq-rsj/2025/" in page
    assert client.get("/admin/reports/annualreport/add/").status_code == 403
    change = client.get(f"/admin/reports/annualreport/{draft_report.pk}/change/").content.decode()
    assert 'name="overview"' not in change


def test_statistics_show_the_on_time_rate_per_channel(client, seeded, editor, reviewer, officer):
    """A guide formed 2025-09-26 (due 2025-10-31): on the website in time, never posted at the service halls."""
    import datetime

    from lxml import html as lxml_html

    from tests.guides.helpers import publish

    formed, posted = datetime.date(2025, 9, 26), datetime.date(2025, 10, 9)
    publish(seeded.items.get(seq=1), editor, reviewer, formed_on=formed, website_on=posted)
    client.force_login(officer)
    page = client.get("/staff/reports/zltq-rsj/2025/statistics/").content.decode()
    chart = lxml_html.fromstring(page).xpath("//section[@aria-labelledby='rates-h']")[0]
    rows = {tr[0].text_content(): [c.text_content() for c in tr[1:]] for tr in chart.xpath(".//tbody/tr")}
    assert rows == {
        "政府网站": ["无数据", "100%"],
        "政务服务中心": ["无数据", "0%"],
        "基层公共服务平台": ["无数据", "0%"],
    }
    assert "政府网站100%（1/1）" in chart.xpath(".//*[local-name()='desc']")[0].text
    assert "办事指南按时公开率 33.3%，上年 无数据" in page
