"""The 政务公开办's holiday-schedule page (/staff/workdays/): years at a glance, a year's calendar,
a preview of the deadlines that move, and one confirmed load (issue 13 point 11, issue 17 §1)."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.outbox.services import send_due
from gongkai.workdays.calendar import add_workdays
from gongkai.workdays.models import HolidaySchedule

D = datetime.date


def moved_mail():
    """The mails about moved deadlines that the outbox has sent (not the applicants' receipts)."""
    send_due()
    return [message for message in mail.outbox if message.subject.startswith("【期限变动】")]


INDEX = "/staff/workdays/"
YEAR_2027 = "/staff/workdays/2027/"


def field(day: D) -> str:
    return f"d{day:%Y%m%d}"


def marks(*, holidays=(), workdays=()):
    """The calendar as POSTed: every day of 2027 as usual except the marked ones."""
    data = {}
    day = D(2027, 1, 1)
    while day.year == 2027:
        data[field(day)] = ""
        day += datetime.timedelta(days=1)
    data.update({field(day): "holiday" for day in holidays})
    data.update({field(day): "workday" for day in workdays})
    return data


# The statutory days, with 春节 stretched to Thursday 2/11 and Saturday 2/20 worked (made up).
SPRING = [D(2027, 2, day) for day in range(5, 12)]
STATUTORY_REST = [D(2027, 1, 1), D(2027, 4, 5), D(2027, 5, 1), D(2027, 5, 2), D(2027, 6, 9), D(2027, 9, 15)]
NATIONAL = [D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)]
MARKED = marks(holidays=[*SPRING, *STATUTORY_REST, *NATIONAL], workdays=[D(2027, 2, 20)])


def hidden(text: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', text)
    return html.unescape(match.group(1))


@pytest.fixture
def office_client(client, officer):
    client.force_login(officer)
    return client


def test_only_the_disclosure_office_may_open_it(client, editor):
    assert client.get(INDEX).status_code == 302  # to the login page
    client.force_login(editor)
    assert client.get(INDEX).status_code == 403
    assert client.get(YEAR_2027).status_code == 403
    assert client.post(YEAR_2027, {**MARKED, "action": "confirm", "days": "[]"}).status_code == 403


def test_the_years_show_loaded_known_and_provisional(office_client, in_january_2027):
    text = office_client.get(INDEX).content.decode()
    assert "2026 年" in text and "软件内置" in text
    assert "2027 年" in text and "尚未载入" in text
    assert "预计，以国务院办公厅公布的2027年放假安排为准" in text
    assert f'href="{YEAR_2027}"' in text
    assert "节假日安排" in text  # also in the staff navigation


def test_another_year_is_opened_by_number(office_client):
    assert office_client.get(INDEX, {"year": "2031"})["Location"] == "/staff/workdays/2031/"
    response = office_client.get(INDEX, {"year": "二〇三一"})
    assert response.status_code == 200
    assert "年份“二〇三一”不对" in response.content.decode()
    assert office_client.get("/staff/workdays/1999/").status_code == 404


def test_an_unannounced_year_starts_from_the_statutory_days(office_client):
    text = office_client.get(YEAR_2027).content.decode()
    assert "尚未载入" in text and "已经标出了法律规定的节日" in text
    for day in (D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 4, 5), D(2027, 10, 3)):
        select = re.search(rf'<select name="{field(day)}"[^>]*>(.*?)</select>', text, re.S).group(1)
        assert '<option value="holiday" selected>' in select, day
    # A weekday offers 休 only; a weekend also offers 班.
    tuesday = re.search(r'<select name="d20270105"[^>]*>(.*?)</select>', text, re.S).group(1)
    assert "workday" not in tuesday
    assert 'value="workday"' in re.search(r'<select name="d20270109"[^>]*>(.*?)</select>', text, re.S).group(
        1
    )
    # Every select is named for a screen reader, with its weekday and whether it is a statutory day.
    assert '<span class="visually-hidden">1月1日 星期五，元旦法定假日</span>' in text


def test_preview_then_confirm(office_client, running, officer, editor, django_capture_on_commit_callbacks):
    """GIVEN two running deadlines estimated at 2/9 WHEN the office marks 2027 and previews
    THEN the page lists both moving to 2/12 and nothing is saved; WHEN it confirms THEN the schedule is
    loaded once, one audit entry names the moves, the owners are mailed."""
    rev, app = running
    response = office_client.post(
        YEAR_2027,
        {**MARKED, "source": "国办发明电〔2026〕测试", "announced_on": "2026-11-10", "action": "preview"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "预览 2027 年节假日安排" in text
    assert "春节</td><td>2月5日 至 2月11日</td><td>7</td>" in text
    assert "2月20日（星期六）</td><td>春节</td>" in text
    assert f"申请 {app.code}" in text and f"{rev.item.name} 第{rev.number}版" in text
    assert text.count("推后 3 天") == 2
    assert "2027-02-09（预计）" in text and "2027-02-12<" in text
    assert not HolidaySchedule.objects.exists()
    assert add_workdays(D(2027, 1, 8), 20).provisional

    confirm = {
        "action": "confirm",
        "days": hidden(text, "days"),
        "source": hidden(text, "source"),
        "announced_on": hidden(text, "announced_on"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(YEAR_2027, confirm)
    assert response.status_code == 302 and response["Location"] == INDEX
    schedule = HolidaySchedule.objects.get(year=2027)
    assert (schedule.source, schedule.announced_on) == ("国办发明电〔2026〕测试", D(2026, 11, 10))
    assert schedule.days.filter(kind="workday").get().name == "春节"
    assert schedule.days.get(date=D(2027, 10, 2)).name == "国庆节"
    [entry] = AuditEntry.objects.filter(action__startswith="workdays.")
    assert entry.action == "workdays.load_schedule" and entry.actor == officer
    assert len(entry.details["moved"]) == 2
    assert {message.to[0] for message in moved_mail()} == {"editor@example.org", "officer@example.org"}
    rev.refresh_from_db()
    assert (rev.due_on, rev.due_provisional) == (D(2027, 2, 12), False)
    text = office_client.get(INDEX).content.decode()
    assert "2 个正在办理的期限已重新计算并通知了承办人" in text
    assert "已载入" in text and "国办发明电〔2026〕测试" in text


def test_back_from_the_preview_keeps_the_marks(office_client):
    text = office_client.post(YEAR_2027, {**MARKED, "action": "preview"}).content.decode()
    back = office_client.post(YEAR_2027, {"action": "edit", "days": hidden(text, "days"), "source": ""})
    page = back.content.decode()
    assert re.search(r'<select name="d20270220"[^>]*>.*?<option value="workday" selected>', page, re.S)
    assert re.search(r'<select name="d20270211"[^>]*>.*?<option value="holiday" selected>', page, re.S)


def test_a_weekday_marked_班_is_refused_in_chinese(office_client):
    response = office_client.post(YEAR_2027, {**marks(workdays=[D(2027, 2, 10)]), "action": "preview"})
    assert response.status_code == 400
    assert "调休上班日（班）只能是星期六或星期日" in response.content.decode()
    assert not HolidaySchedule.objects.exists()


def test_an_empty_calendar_is_refused(office_client):
    response = office_client.post(YEAR_2027, {**marks(), "action": "preview"})
    assert response.status_code == 400
    assert "2027 年的安排里没有任何日期" in response.content.decode()


def test_a_forgotten_statutory_day_is_pointed_out(office_client):
    without_new_year = marks(holidays=[*SPRING, *NATIONAL])
    text = office_client.post(YEAR_2027, {**without_new_year, "action": "preview"}).content.decode()
    assert "下列法定节假日在这份安排里不是休息日：1月1日、4月5日、6月9日、9月15日" in text


def test_a_tampered_confirmation_changes_nothing(office_client):
    for days in ("not json", '[["2027-02-10", "workday", ""]]', '[["2026-12-31", "holiday", ""]]'):
        response = office_client.post(YEAR_2027, {"action": "confirm", "days": days})
        assert response.status_code == 400
        assert "没有载入，数据库未做任何修改" in response.content.decode()
    bad_date = office_client.post(
        YEAR_2027,
        {"action": "confirm", "days": '[["2027-01-01", "holiday", "元旦"]]', "announced_on": "11月"},
    )
    assert "公布日期“11月”不对" in bad_date.content.decode()
    assert not HolidaySchedule.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="workdays.").exists()


def test_the_file_gongkai_workdays_load_takes_can_be_uploaded(office_client):
    csv = "date,kind,name\n2026-12-31,休,元旦\n2027-01-01,休,元旦\n2027-01-02,班,元旦\n"
    upload = SimpleUploadedFile("2027.csv", csv.encode(), content_type="text/csv")
    response = office_client.post(YEAR_2027, {**marks(), "upload": upload, "action": "preview"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "文件里有 1 天不属于 2027 年，已跳过" in text
    assert "元旦</td><td>1月1日</td><td>1</td>" in text


def test_a_bad_file_names_its_lines(office_client):
    upload = SimpleUploadedFile("2027.csv", "2027-1-5,休\n".encode(), content_type="text/csv")
    response = office_client.post(YEAR_2027, {**marks(), "upload": upload, "action": "preview"})
    assert response.status_code == 400
    assert "第 1 行：日期“2027-1-5”格式不对" in response.content.decode()


def test_the_dashboard_sends_the_office_here(client, officer, running):
    """The dashboard's provisional notice links to this page, which the office's role can open (issue 13
    point 11), and carries the words for a provisional date."""
    client.force_login(officer)
    text = client.get(reverse("compliance:dashboard")).content.decode()
    assert "预计，以国务院办公厅公布的2027年放假安排为准" in text
    assert f'<a href="{INDEX}">节假日安排</a>页面载入' in text
    assert client.get(INDEX).status_code == 200
