"""The Mongolian texts' clocks (group names, life events, contact blocks) count wherever the guides' clocks
do, as a Mongolian guide's do: the dashboard's tree of bodies, its workbook, `gongkai remind` and
`gongkai check`."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.accounts.roles import Role, grant
from gongkai.bodies.exchange import read
from gongkai.bodies.models import Body
from gongkai.bodies.services import import_bodies
from gongkai.compliance.clock import build_dashboard
from gongkai.compliance.reminders import send_deadline_reminders
from gongkai.outbox.services import send_due
from gongkai.translations import services
from gongkai.translations.models import TextTranslation
from gongkai.workdays.calendar import add_workdays
from tests.bodies.helpers import COUNTY
from tests.translations.helpers import ADDRESS_MN, publish_text

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def person(name, body, *roles):
    user = User.objects.create_user(name, f"{name}@example.org", "a-long-test-password-1", is_staff=True)
    grant(user, *roles, body=body)
    return user


@pytest.fixture
def county(db):
    import_bodies(read(json.dumps(COUNTY).encode(), "json"), actor_label="test")
    return {body.code: body for body in Body.objects.all()}


@pytest.fixture
def office(county):
    return person("county-office", county["zltq"], Role.DISCLOSURE_OFFICE)


def fall_behind(body: Body, *, due_soon: bool = False) -> TextTranslation:
    """A body's published Mongolian name whose Chinese office hours changed: overdue (changed 90 days ago)
    or, with `due_soon`, due in two working days."""
    code = body.code
    editor = person(f"{code}-editor", body, Role.EDITOR)
    reviewer = person(f"{code}-reviewer", body, Role.REVIEWER)
    publish_text(body, editor, reviewer, {"name": ADDRESS_MN})
    Body.objects.filter(pk=body.pk).update(office_hours="周一至周五 8:30-17:00（新）")
    body.refresh_from_db()
    pending = services.chinese_changed(body, today=TODAY - datetime.timedelta(days=90))
    if due_soon:
        TextTranslation.objects.filter(pk=pending.pk).update(due_on=add_workdays(TODAY, 2).date)
        pending.refresh_from_db()
    return pending


def _tree_rows(page: str) -> list[str]:
    table = page.split('class="data-table body-tree"', 1)[1].split("</table>", 1)[0]
    return [" ".join(row.split()) for row in table.split("<tr")[2:]]


def _cells(row: str) -> list[str]:
    return [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("<td")[1:]]


def test_the_tree_counts_them_under_their_body_and_rolls_them_up(client, county, office):
    fall_behind(county["zltq-rsj"])
    fall_behind(county["zltq-ybj"], due_soon=True)
    client.force_login(office)
    page = client.get("/staff/").content.decode()
    county_row, rsj, ybj, _town = _tree_rows(page)
    # 超期未公开, 5 个工作日内到期: the county's total holds both bodies' clocks.
    assert _cells(county_row)[:2] == ["1", "1"]
    assert "人力资源" in rsj and _cells(rsj)[:2] == ["1", "0"]
    assert "医疗保障" in ybj and _cells(ybj)[:2] == ["0", "1"]
    assert '<span class="card-number">1</span> 已超期未公开' in page
    assert '<span class="card-number">1</span> 5 个工作日内到期' in page
    # A body below it sees its own only.
    page = client.get("/staff/?body=zltq-ydez").content.decode()
    assert _cells(_tree_rows(page)[0])[:2] == ["0", "0"]


def test_the_tree_runs_the_same_queries_for_one_clock_and_several(client, county, office):
    def count() -> int:
        client.get("/staff/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/staff/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(office)
    fall_behind(county["zltq-rsj"])
    one = count()
    fall_behind(county["zltq-ybj"], due_soon=True)
    fall_behind(county["zltq-ydez"])
    fall_behind(county["zltq-ydez-demo"])
    assert count() == one


def test_the_workbook_lists_them_with_the_guides(client, county, office):
    fall_behind(county["zltq-rsj"])
    fall_behind(county["zltq-ybj"], due_soon=True)
    client.force_login(office)
    wb = load_workbook(io.BytesIO(client.get("/staff/dashboard.xlsx").content))
    [overdue] = list(wb["已超期"].iter_rows(min_row=2, values_only=True))
    assert overdue[1] == "单位名称和联系方式 扎赉特旗人力资源和社会保障局（蒙古文第2版）"
    assert overdue[2] == "蒙古文页面" and overdue[5] == "已超期未公开" and overdue[6] == 0
    assert overdue[3] == (TODAY - datetime.timedelta(days=90)).isoformat()
    [soon] = list(wb["即将到期"].iter_rows(min_row=2, values_only=True))
    assert "扎赉特旗医疗保障局" in soon[1] and soon[4] == add_workdays(TODAY, 2).date.isoformat()
    assert soon[5] == "即将到期" and soon[6] == 2


def test_remind_tells_each_body_its_own_and_the_county_all(
    county, office, mailoutbox, django_capture_on_commit_callbacks
):
    fall_behind(county["zltq-rsj"])
    fall_behind(county["zltq-ybj"], due_soon=True)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_deadline_reminders(build_dashboard(TODAY), TODAY)
    send_due()
    assert len(sent) == 3
    mails = {m.to[0]: m for m in mailoutbox if "公开时限" in m.subject}
    assert set(mails) == {"zltq-rsj-editor@example.org", "zltq-ybj-editor@example.org", office.email}
    assert all("蒙古文" in m.subject for m in mails.values())
    rsj = mails["zltq-rsj-editor@example.org"].body
    assert "已超期未公开（1）" in rsj and "扎赉特旗人力资源和社会保障局 · 蒙古文第2版" in rsj
    assert "编辑 zltq-rsj-editor" in rsj and "医疗保障局" not in rsj
    ybj = mails["zltq-ybj-editor@example.org"].body
    assert "5 个工作日内到期（1）" in ybj and "还剩 2 个工作日" in ybj and "人力资源" not in ybj
    summary = mails[office.email].body
    assert (
        "扎赉特旗人力资源和社会保障局 · 蒙古文第2版" in summary
        and "扎赉特旗医疗保障局 · 蒙古文第2版" in summary
    )
    # Once a day, as the guides' reminders.
    assert send_deadline_reminders(build_dashboard(TODAY), TODAY) == []


def test_check_fails_while_a_mongolian_text_is_overdue(county):
    pending = fall_behind(county["zltq-ybj"], due_soon=True)
    out = io.StringIO()
    call_command("check", stdout=out)  # due soon only: no failure
    assert "已超期未公开：0" in out.getvalue() and "5 个工作日内到期：1" in out.getvalue()
    assert "扎赉特旗医疗保障局 · 蒙古文第2版" in out.getvalue()
    TextTranslation.objects.filter(pk=pending.pk).update(due_on=TODAY - datetime.timedelta(days=30))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check", stdout=out)
    assert exit_info.value.code == 1
    assert "已超期未公开：1" in out.getvalue() and "单位名称和联系方式 扎赉特旗医疗保障局" in out.getvalue()
    assert "已超期" in out.getvalue().split("单位名称和联系方式", 1)[1]
