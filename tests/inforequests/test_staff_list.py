"""The staff list of applications: search by 查询码, name and text; filters by state, dates, result and
channel; pages; the filtered list as XLSX with formula cells kept as text."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.inforequests import services
from tests.inforequests.helpers import received

D = datetime.date


@pytest.fixture
def cases(officer):
    zhang = received(officer, D(2026, 3, 2))
    li = received(
        officer,
        D(2026, 6, 1),
        channel="post",
        name="李四",
        id_number="110105194912310036",
        phone="13900005678",
        description="本旗2026年失业保险金领取人数",
    )
    services.reply(
        li, on=D(2026, 6, 10), result="denied_4", reply_type="3", note="涉及隐私", acting_user=officer
    )
    formula = received(
        officer,
        D(2026, 9, 1),
        name="=cmd|' /C calc'!A0",
        id_number="110105194912310052",
        phone="13700009999",
        description="+1 养老金标准",
    )
    return {"zhang": zhang, "li": li, "formula": formula}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=李四", {"li"}),
        ("q=工伤保险", {"zhang"}),
        ("status=replied", {"li"}),
        ("status=open", {"zhang", "formula"}),
        ("result=denied", {"li"}),
        ("result=none", {"zhang", "formula"}),
        ("channel=post", {"li"}),
        ("received_from=2026-05-01&received_to=2026-08-31", {"li"}),
        ("received_from=2026-05-01", {"li", "formula"}),
    ],
)
def test_search_and_filters(client, officer, cases, query, expected):
    client.force_login(officer)
    html = client.get(f"/staff/requests/?show=all&{query}").content.decode()
    shown = {key for key, app in cases.items() if app.code in html}
    assert shown == expected


def test_search_by_tracking_code_as_printed(client, officer, cases):
    code = cases["zhang"].code
    client.force_login(officer)
    spaced = " ".join(code[i : i + 4] for i in range(0, 12, 4)).lower()
    html = client.get("/staff/requests/", {"show": "all", "q": spaced}).content.decode()
    assert code in html and cases["li"].code not in html


def test_bad_filters_are_said_and_kept(client, officer, cases):
    client.force_login(officer)
    response = client.get("/staff/requests/?show=all&received_from=2026/05/01&q=李四")
    html = response.content.decode()
    assert response.status_code == 200
    assert "日期格式不对" in html and 'value="李四"' in html


def test_the_list_pages_through_many_applications(client, officer, cases):
    for day in range(1, 60):
        received(officer, D(2026, 1, 1) + datetime.timedelta(days=day), name=f"申请人{day}")
    client.force_login(officer)
    html = client.get("/staff/requests/?show=all").content.decode()
    assert "第 1/2 页" in html and "下一页" in html
    assert "第 2 页，共 2 页" in client.get("/staff/requests/?show=all&page=2").content.decode()


def test_xlsx_export_holds_the_filtered_list_with_formulas_as_text(client, officer, cases):
    client.force_login(officer)
    response = client.get("/staff/requests.xlsx?show=all&received_from=2026-05-01")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["查询码", "受理机关", "申请人"]
    codes = {row[0] for row in rows[1:]}
    assert codes == {cases["li"].code, cases["formula"].code}
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[cases["formula"].code][2] == "'=cmd|' /C calc'!A0"
    assert by_code[cases["formula"].code][6] == "'+1 养老金标准"
    assert by_code[cases["li"].code][9] == "不予公开：保护第三方合法权益"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # No ID or phone numbers leave the system in a spreadsheet; the export itself is audited.
    text = " ".join(str(v) for row in rows for v in row if v)
    assert "13900005678" not in text and "110105194912310036" not in text
    entry = AuditEntry.objects.get(action="request.export")
    assert entry.actor == officer and entry.details["rows"] == 2
