"""待审核 on the dashboard counts the Mongolian texts submitted for review (group names, life events, contact
blocks) with the guide revisions, each under its body and within the viewer's scope: the cards, the tree, the
list, the workbook and `gongkai check`."""

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
from gongkai.translations import services
from tests.bodies.helpers import COUNTY
from tests.translations.helpers import ADDRESS_MN

pytestmark = pytest.mark.django_db


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


def submit_name(body: Body):
    """The body's Mongolian name, written by its editor and sent to review."""
    editor = person(f"{body.code}-editor", body, Role.EDITOR)
    tr = services.save_draft(body, texts={"name": ADDRESS_MN}, acting_user=editor)
    return services.submit(tr, acting_user=editor)


def _tree_rows(page: str) -> list[str]:
    table = page.split('class="data-table body-tree"', 1)[1].split("</table>", 1)[0]
    return [" ".join(row.split()) for row in table.split("<tr")[2:]]


def _awaiting(row: str) -> str:
    # The third figure: 超期未公开, 5 个工作日内到期, 待审核.
    return [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("<td")[1:]][2]


def _review_list(page: str) -> str:
    return page.split("<h2>待审核的修改</h2>", 1)[1].split("<h2>", 1)[0]


def test_the_dashboard_counts_mongolian_texts_waiting_for_review_under_their_body(client, county, office):
    submit_name(county["zltq-rsj"])
    submit_name(county["zltq-ybj"])
    client.force_login(office)
    page = client.get("/staff/").content.decode()
    assert '<span class="card-number">2</span> 待审核' in page
    county_row, rsj, ybj, town = _tree_rows(page)
    assert _awaiting(county_row) == "2"
    assert "人力资源" in rsj and _awaiting(rsj) == "1"
    assert "医疗保障" in ybj and _awaiting(ybj) == "1"
    assert _awaiting(town) == "0"
    waiting = _review_list(page)
    assert "扎赉特旗人力资源和社会保障局" in waiting and "扎赉特旗医疗保障局" in waiting
    assert "蒙古文第1版" in waiting and "zltq-rsj-editor" in waiting
    assert "/staff/mongolian/body/" in waiting
    # A body below the county with none of them sees none.
    page = client.get("/staff/?body=zltq-ydez").content.decode()
    assert '<span class="card-number">0</span> 待审核' in page and "没有等待审核的修改。" in page


def test_a_department_sees_only_its_own(client, county):
    submit_name(county["zltq-rsj"])
    submit_name(county["zltq-ybj"])
    client.force_login(person("rsj-reviewer", county["zltq-rsj"], Role.REVIEWER))
    page = client.get("/staff/").content.decode()
    assert '<span class="card-number">1</span> 待审核' in page
    assert "扎赉特旗人力资源和社会保障局" in _review_list(page) and "医疗保障局" not in page


def test_the_workbook_and_check_count_them_too(client, county, office):
    submit_name(county["zltq-rsj"])
    client.force_login(office)
    wb = load_workbook(io.BytesIO(client.get("/staff/dashboard.xlsx").content))
    [row] = list(wb["待审核"].iter_rows(min_row=2, values_only=True))
    assert row[1] == "单位名称和联系方式 扎赉特旗人力资源和社会保障局" and row[2] == "蒙古文第1版"
    assert row[3] == "zltq-rsj-editor"
    out = io.StringIO()
    call_command("check", stdout=out)
    assert "待审核：1" in out.getvalue() and "扎赉特旗人力资源和社会保障局 · 蒙古文第1版" in out.getvalue()


def test_the_dashboard_runs_the_same_queries_for_one_and_several(client, county, office):
    def count() -> int:
        client.get("/staff/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/staff/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(office)
    submit_name(county["zltq-rsj"])
    one = count()
    for code in ("zltq-ybj", "zltq-ydez", "zltq-ydez-demo"):
        submit_name(county[code])
    assert count() == one


def test_the_reviewers_reminder_lists_the_mongolian_texts_waiting(county):
    import datetime

    from gongkai.compliance.clock import build_dashboard
    from gongkai.compliance.reminders import REVIEW_SUBJECT_WITH_TEXTS, send_deadline_reminders
    from gongkai.outbox.models import OutgoingMail

    submit_name(county["zltq-rsj"])
    reviewer = person("rsj-reviewer", county["zltq-rsj"], Role.REVIEWER)
    elsewhere = person("other-reviewer", county["zltq-ybj"], Role.REVIEWER)
    today = datetime.date(2026, 12, 4)
    sent = send_deadline_reminders(build_dashboard(today), today)
    assert f"{reviewer.email} · {REVIEW_SUBJECT_WITH_TEXTS}" in sent
    assert not any(line.startswith(elsewhere.email) for line in sent)
    [mail] = OutgoingMail.objects.filter(kind="reminder.review")
    assert mail.subject == REVIEW_SUBJECT_WITH_TEXTS
    assert "1 个蒙古文版本" in mail.body
    assert "单位名称和联系方式 扎赉特旗人力资源和社会保障局 · 蒙古文第1版" in mail.body
    assert "/staff/mongolian/" in mail.body
