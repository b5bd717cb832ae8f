"""The dashboard as a tree: the county office starts from the county and drills down; totals roll up."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import User

from gongkai.accounts.roles import Role, grant
from gongkai.bodies.exchange import read
from gongkai.bodies.models import Body
from gongkai.bodies.services import import_bodies
from gongkai.inforequests import services as cases
from gongkai.inforequests.choices import Channel
from gongkai.reports import services as reports
from tests.bodies.helpers import COUNTY
from tests.inforequests.helpers import FIELDS

D = datetime.date


@pytest.fixture
def county(db):
    import_bodies(read(json.dumps(COUNTY).encode(), "json"), actor_label="test")
    return {body.code: body for body in Body.objects.all()}


def person(name, body, *roles):
    user = User.objects.create_user(name, f"{name}@example.org", "a-long-test-password-1", is_staff=True)
    grant(user, *(roles or (Role.DISCLOSURE_OFFICE,)), body=body)
    return user


@pytest.fixture
def office(county):
    return person("county-office", county["zltq"])


def case(body, officer, received_on):
    return cases.submit_application(
        dict(FIELDS), channel=Channel.IN_PERSON, body=body, received_on=received_on, registered_by=officer
    )


def rows(page: str) -> list[str]:
    table = page.split('class="data-table body-tree"', 1)[1].split("</table>", 1)[0]
    return [" ".join(row.split()) for row in table.split("<tr")[2:]]


def test_the_county_office_sees_each_body_with_totals_rolled_up(client, county, office):
    # Applications received months ago are overdue: one at the 人社局, two at the town's 嘎查.
    case(county["zltq-rsj"], office, D(2026, 6, 1))
    case(county["zltq-ydez-demo"], office, D(2026, 6, 2))
    case(county["zltq-ydez-demo"], office, D(2026, 6, 3))
    client.force_login(office)
    page = client.get("/staff/").content.decode()
    tree = rows(page)
    assert "扎赉特旗人民政府（合计）" in tree[0]
    names = [row.split("</a>")[0].rsplit(">", 1)[-1] for row in tree[1:]]
    assert names == ["扎赉特旗人力资源和社会保障局", "扎赉特旗医疗保障局", "音德尔镇人民政府"]
    overdue = [row.split("<td")[5] for row in tree]  # the 申请已超期 column
    assert [re.sub(r"<[^>]+>", "", cell.split(">", 1)[1]).strip() for cell in overdue] == ["3", "1", "0", "2"]
    # Each figure leads to the applications it counts.
    assert '<a href="/staff/requests/?body=zltq-ydez">2</a>' in page
    # 2025's reports were due by 31 January (departments, the town) and 31 March (the county): all missing.
    assert (
        '未开始 <span class="state-late">已过期限</span>' in tree[0] and "下级 3 个单位未按期发布" in tree[0]
    )


def test_drilling_down_shows_one_level_and_the_way_back(client, county, office):
    case(county["zltq-ydez-demo"], office, D(2026, 6, 2))
    client.force_login(office)
    page = client.get("/staff/?body=zltq-ydez").content.decode()
    tree = rows(page)
    assert "音德尔镇人民政府（合计）" in tree[0] and "音德尔镇演示嘎查" in tree[1] and len(tree) == 2
    assert '<a href="?body=zltq">扎赉特旗人民政府</a>' in page


def test_a_published_report_clears_the_flag(client, county, office, monkeypatch):
    monkeypatch.setattr(reports, "today", lambda: D(2026, 12, 4))
    report = reports.open_report(2025, acting_user=office, body=county["zltq-ybj"])
    reports.update_report(report, overview="总体情况", acting_user=office)
    reports.publish_report(report, acting_user=office)
    client.force_login(office)
    tree = rows(client.get("/staff/").content.decode())
    ybj = next(row for row in tree if "医疗保障局" in row)
    assert "已发布" in ybj and "已过期限" not in ybj


def test_a_department_sees_its_own_page_without_a_tree_and_nothing_else(client, county):
    editor = person("rsj-editor", county["zltq-rsj"], Role.EDITOR)
    client.force_login(editor)
    page = client.get("/staff/").content.decode()
    assert "body-tree" not in page
    assert client.get("/staff/?body=zltq-ybj").status_code == 404


def test_the_tree_runs_the_same_queries_for_a_county_of_five_or_a_thousand_bodies(
    client, county, office, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import many_bodies

    client.force_login(office)
    client.get("/staff/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/staff/").status_code == 200
    many_bodies(Body.objects.get(code="zltq"), 1000)
    with CaptureQueriesContext(connection) as large:
        page = client.get("/staff/")
    assert page.status_code == 200 and "第1000单位" in page.content.decode()
    assert len(large) == len(small)
