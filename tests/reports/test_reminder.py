"""The annual-report reminder: a department's report is due by 31 January (条例第四十九条); the office is
reminded in January and, while it is late, in February."""

import datetime

import pytest

from gongkai.catalog.services import seed_body
from gongkai.compliance.clock import build_dashboard
from gongkai.compliance.reminders import send_deadline_reminders
from gongkai.guides.models import ReminderSent
from gongkai.outbox.services import send_due
from gongkai.reports.models import AnnualReport, ReportState

LINE = "上一年度政府信息公开工作年度报告须按期公布，目前尚未发布"


def remind(today):
    return send_deadline_reminders(build_dashboard(today), today)


@pytest.fixture
def mail(db, mailoutbox, django_capture_on_commit_callbacks):
    """Send reminders for a day; the mails sent are in `mail.outbox`. (`db` first: it resets the outbox.)"""

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            sent = remind(today)
        send_due()
        return sent

    run.outbox = mailoutbox
    return run


def test_sent_in_january_to_the_office_once_a_day(mail, officer, editor):
    sent = mail(datetime.date(2027, 1, 10))
    assert sent == ["officer@example.org · 【年度报告】上一年度政府信息公开工作年度报告尚未发布"]
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]  # not the editor
    assert LINE in mail.outbox[0].body and "2026 年度" in mail.outbox[0].body
    assert "扎赉特旗人力资源社会保障局：最迟 2027年1月31日" in mail.outbox[0].body
    assert mail(datetime.date(2027, 1, 10)) == []  # once a day
    assert ReminderSent.objects.filter(kind="annual_report").count() == 1
    assert len(mail(datetime.date(2027, 1, 11))) == 1  # and again the next day


def test_sent_while_late_in_february_then_left_to_the_dashboard(mail, officer):
    assert mail(datetime.date(2026, 12, 31)) == []
    assert len(mail(datetime.date(2027, 2, 10))) == 1
    assert mail(datetime.date(2027, 3, 10)) == []


def test_not_sent_once_last_years_report_is_published(mail, officer):
    AnnualReport.objects.create(body=seed_body(), year=2026, publisher="某局", state=ReportState.PUBLISHED)
    assert mail(datetime.date(2027, 1, 10)) == []
    assert not ReminderSent.objects.filter(kind="annual_report").exists()


def test_a_draft_does_not_count_as_published(mail, officer):
    AnnualReport.objects.create(body=seed_body(), year=2026, publisher="某局", state=ReportState.DRAFT)
    assert len(mail(datetime.date(2027, 1, 10))) == 1
