"""Staff guide pages: login and roles, the editor form re-displaying errors, review with a diff."""

import datetime

import pytest

from gongkai.guides import services
from gongkai.guides.models import GuideRevision, RevisionState
from tests.guides.helpers import FULL_CONTENT, publish


@pytest.fixture
def item(seeded):
    return seeded.items.get(seq=4)


def test_staff_pages_need_login(client, item):
    for url in ("/staff/", "/staff/guides/", f"/staff/guides/item/{item.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_outsider_gets_403(client, outsider, item):
    client.force_login(outsider)
    assert client.get("/staff/guides/").status_code == 403
    assert client.get("/staff/").status_code == 403
    assert client.post(f"/staff/guides/item/{item.pk}/start/").status_code == 403


def _form_data(**overrides):
    data = {
        "summary": "为职工办理参保登记",
        "ways": "窗口办理",
        "time_limit_number": "5",
        "time_limit_unit": "工作日",
        "time_limit_text": "",
        "delivery": "当场告知",
        "fees": "free",
        "hours": "工作日",
        "formed_on": "2026-09-18",
        "is_major": "on",
        "change_note": "首次发布",
    }
    for prefix in ("materials", "places", "consult", "complaint"):
        data.update({f"{prefix}-TOTAL_FORMS": "3", f"{prefix}-INITIAL_FORMS": "0"})
    data.update({"materials-0-name": "居民身份证", "materials-0-form": "原件", "materials-0-copies": "1"})
    data.update(overrides)
    return data


def test_editor_writes_and_submits_through_the_form(client, editor, item):
    client.force_login(editor)
    response = client.post(f"/staff/guides/item/{item.pk}/start/")
    rev = GuideRevision.objects.get(item=item)
    assert response["Location"] == f"/staff/guides/rev/{rev.pk}/edit/"
    response = client.post(f"/staff/guides/rev/{rev.pk}/edit/", _form_data(submit="1"))
    # Places, contacts and complaint channels are still empty: the editor is asked first, and told which.
    page = response.content.decode()
    assert response.status_code == 200 and "还缺 3 项要素" in page
    assert "办理机构及地点" in page and "咨询查询途径" in page and "监督投诉渠道" in page
    rev.refresh_from_db()
    assert rev.state == RevisionState.DRAFT
    response = client.post(f"/staff/guides/rev/{rev.pk}/submit/", {"missing_confirmed": "1"})
    assert response.status_code == 302
    rev.refresh_from_db()
    assert rev.state == RevisionState.SUBMITTED
    assert rev.content["materials"] == [{"name": "居民身份证", "form": "原件", "copies": 1, "notes": ""}]
    assert rev.content["time_limit"] == {"number": 5, "unit": "工作日", "text": ""}
    assert rev.due_on == datetime.date(2026, 10, 22)


def test_bad_date_redisplays_the_form_with_the_error_and_the_typed_text(client, editor, item):
    client.force_login(editor)
    rev = services.start_revision(item, acting_user=editor)
    response = client.post(
        f"/staff/guides/rev/{rev.pk}/edit/", _form_data(formed_on="18/09/2026", summary="我写的简述")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "日期格式不对" in html
    assert "我写的简述" in html
    rev.refresh_from_db()
    assert rev.content["summary"] == ""


def test_future_date_is_refused_in_the_form(client, editor, item):
    client.force_login(editor)
    rev = services.start_revision(item, acting_user=editor)
    response = client.post(f"/staff/guides/rev/{rev.pk}/edit/", _form_data(formed_on="2099-01-01"))
    assert response.status_code == 200
    assert "不能晚于今天" in response.content.decode()


def test_reviewer_sees_a_diff_and_approves(client, editor, reviewer, item):
    publish(item, editor, reviewer, formed_on=datetime.date(2026, 9, 18))
    rev = services.start_revision(item, acting_user=editor)
    changed = {**FULL_CONTENT, "hours": "工作日 9:00-17:00"}
    services.save_draft(
        rev,
        content=changed,
        is_major=True,
        change_note="调整办事时间",
        formed_on=datetime.date(2026, 10, 9),
        acting_user=editor,
    )
    services.submit_revision(rev, acting_user=editor)
    client.force_login(reviewer)
    html = client.get(f"/staff/guides/rev/{rev.pk}/").content.decode()
    assert "工作日 9:00-17:00" in html and "工作日 8:30-12:00" in html
    assert html.count("有改动") == 1
    response = client.post(f"/staff/guides/rev/{rev.pk}/approve/", {"publish_at": "", "comment": ""})
    assert response.status_code == 302
    rev.refresh_from_db()
    assert rev.state == RevisionState.PUBLISHED
    public = client.get(item.get_absolute_url()).content.decode()
    assert "调整办事时间" in public and "首次发布" in public


def test_editor_sees_no_approve_button_on_own_change(client, second_editor, item):
    client.force_login(second_editor)
    rev = services.start_revision(item, acting_user=second_editor)
    services.save_draft(
        rev,
        content=FULL_CONTENT,
        is_major=True,
        change_note="x",
        formed_on=datetime.date(2026, 9, 18),
        acting_user=second_editor,
    )
    services.submit_revision(rev, acting_user=second_editor)
    html = client.get(f"/staff/guides/rev/{rev.pk}/").content.decode()
    assert "批准发布" not in html
    assert "另一位审核人" in html
    client.post(f"/staff/guides/rev/{rev.pk}/approve/", {"publish_at": ""})
    rev.refresh_from_db()
    assert rev.state == RevisionState.SUBMITTED


def test_dashboard_page_and_xlsx(client, officer, editor, reviewer, item):
    publish(item, editor, reviewer, formed_on=datetime.date(2025, 9, 26))
    client.force_login(officer)
    html = client.get("/staff/").content.decode()
    assert "已超期未公开" in html
    response = client.get("/staff/dashboard.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(response.content))
    overdue = list(wb["已超期"].iter_rows(min_row=2, values_only=True))
    assert {row[2] for row in overdue} == {"政务服务中心", "基层公共服务平台"}
