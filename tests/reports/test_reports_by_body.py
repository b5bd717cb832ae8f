"""Each body has its own annual report; a county adds up its bodies (`--rollup`); art. 49–50 deadlines."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from gongkai.accounts.roles import Role, grant
from gongkai.bodies.exchange import read
from gongkai.bodies.models import Body
from gongkai.bodies.services import import_bodies
from gongkai.inforequests import services as cases
from gongkai.inforequests.choices import Channel, ReplyType, Result
from gongkai.reports import services
from gongkai.reports.checks import check_tables
from tests.bodies.helpers import COUNTY
from tests.inforequests.helpers import FIELDS

D = datetime.date


@pytest.fixture
def county(db):
    import_bodies(read(json.dumps(COUNTY).encode(), "json"), actor_label="test")
    return {body.code: body for body in Body.objects.all()}


def person(name, role, body):
    user = User.objects.create_user(name, f"{name}@example.org", "a-long-test-password-1", is_staff=True)
    grant(user, role, body=body)
    return user


def case(body, officer, received_on, replied_on=None, **fields):
    app = cases.submit_application(
        {**FIELDS, **fields},
        channel=Channel.IN_PERSON,
        body=body,
        received_on=received_on,
        registered_by=officer,
    )
    if replied_on:
        cases.reply(
            app,
            on=replied_on,
            result=Result.GRANTED,
            reply_type=ReplyType.DISCLOSED,
            note="答复",
            acting_user=officer,
        )
    return app


@pytest.fixture
def year_2025(county):
    office = person("county-office", Role.DISCLOSURE_OFFICE, county["zltq"])
    case(county["zltq-rsj"], office, D(2025, 3, 3), D(2025, 3, 20))
    case(county["zltq-rsj"], office, D(2025, 12, 1))  # carried forward
    case(county["zltq-ybj"], office, D(2025, 5, 6), D(2025, 5, 20), applicant_type="commercial")
    case(county["zltq-ydez"], office, D(2024, 12, 20), D(2025, 1, 8))  # carried over into 2025
    return office


def test_a_bodys_report_counts_only_the_applications_made_to_it(year_2025, county):
    rsj = services.open_report(2025, acting_user=year_2025, body=county["zltq-rsj"])
    three = services.report_tables(rsj)["section_three"]
    assert (
        three["new"]["total"] == 2
        and three["granted"]["total"] == 1
        and three["carried_forward"]["total"] == 1
    )
    ybj = services.open_report(2025, acting_user=year_2025, body=county["zltq-ybj"])
    assert services.report_tables(ybj)["section_three"]["new"]["commercial"] == 1


def test_the_rollup_adds_up_the_body_and_everything_below_it_and_still_balances(year_2025, county):
    tables = services.rollup_tables(county["zltq"], 2025)
    three = tables["section_three"]
    assert three["new"]["total"] == 3 and three["carried_over"]["total"] == 1
    assert three["granted"]["total"] == 3 and three["carried_forward"]["total"] == 1
    assert check_tables(three, tables["section_four"]) == []
    town = services.rollup_tables(county["zltq-ydez"], 2025)["section_three"]
    assert town["carried_over"]["total"] == 1 and town["new"]["total"] == 0


def test_the_rollup_uses_a_published_reports_frozen_figures_and_staff_adjustments(year_2025, county):
    rsj = services.open_report(2025, acting_user=year_2025, body=county["zltq-rsj"])
    services.update_report(
        rsj,
        acting_user=year_2025,
        adjustments={"new": {"person": 1, "total": 1}, "carried_forward": {"person": 1, "total": 1}},
        adjustment_note="上线前纸质登记 1 件",
    )
    three = services.rollup_tables(county["zltq"], 2025)["section_three"]
    assert three["new"]["total"] == 4 and three["carried_forward"]["total"] == 2


def test_a_peoples_governments_own_report_is_due_31_march_a_departments_31_january(county):
    assert services.report_deadline(2025, county["zltq"]) == D(2026, 3, 31)
    assert services.report_deadline(2025, county["zltq-rsj"]) == D(2026, 1, 31)
    assert services.report_deadline(2025, county["zltq-ydez"]) == D(2026, 1, 31)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "annual", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_one_bodys_report_or_the_rollup(year_2025):
    out, _ = run("2025", "--body", "zltq-ybj")
    data = json.loads(out)
    assert data["sections"]["三"]["new"]["total"] == 1 and "医疗保障局" in data["title"]
    out, err = run("2025", "--body", "zltq", "--rollup")
    data = json.loads(out)
    assert data["sections"]["三"]["new"]["total"] == 3 and "汇总" in err
    with pytest.raises(SystemExit) as exit_:
        run("2025", "--body", "nowhere")
    assert exit_.value.code == 2


def test_staff_pages_show_each_body_in_scope_and_hide_the_rest(year_2025, county, client):
    client.force_login(year_2025)
    page = client.get("/staff/reports/").content.decode()
    assert "扎赉特旗人民政府政府信息公开工作年度报告" in page and "?body=zltq-ybj" in page
    assert "3 月 31 日" in page
    assert client.get("/staff/reports/?body=zltq-ybj").status_code == 200
    department = person("ybj-office", Role.DISCLOSURE_OFFICE, county["zltq-ybj"])
    client.force_login(department)
    page = client.get("/staff/reports/").content.decode()
    assert "扎赉特旗医疗保障局政府信息公开工作年度报告" in page and "?body=" not in page
    assert client.get("/staff/reports/?body=zltq-rsj").status_code == 404
    services.open_report(2025, acting_user=year_2025, body=county["zltq-rsj"])
    assert client.get("/staff/reports/zltq-rsj/2025/").status_code == 404
    assert client.get("/staff/reports/zltq-rsj/2025/report.json").status_code == 404
    assert client.get("/staff/reports/zltq-ybj/2025/statistics/").status_code == 200
