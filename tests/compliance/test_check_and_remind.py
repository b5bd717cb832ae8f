import datetime
import io

import pytest
from django.core.management import call_command

from gongkai.accounts.roles import Role, grant
from gongkai.guides.models import ReminderSent
from gongkai.reports.models import AnnualReport
from tests.guides.helpers import publish


def test_check_exits_non_zero_when_overdue(seeded, editor, reviewer):
    out = io.StringIO()
    call_command("check", stdout=out)
    assert "已超期未公开：0" in out.getvalue()
    publish(seeded.items.get(seq=1), editor, reviewer, formed_on=datetime.date(2025, 9, 26))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check", stdout=out)
    assert exit_info.value.code == 1
    assert "已超期未公开：2" in out.getvalue()
    assert "机关事业单位社会保险登记" in out.getvalue()


def test_remind_sends_once_a_day(
    seeded, editor, reviewer, officer, mailoutbox, django_capture_on_commit_callbacks
):
    grant(officer, Role.DISCLOSURE_OFFICE)
    publish(seeded.items.get(seq=1), editor, reviewer, formed_on=datetime.date(2025, 9, 26))
    AnnualReport.objects.create(body=seeded.body, year=datetime.date.today().year - 1, state="published")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", stdout=io.StringIO())
    # `remind` also sends what was waiting in the outbox: the reviewer's notice of the submission.
    reminders = [m for m in mailoutbox if not m.subject.startswith("【待审核】")]
    recipients = sorted(address for message in reminders for address in message.to)
    assert recipients == ["editor@example.org", "officer@example.org"]
    assert "已超期未公开" in reminders[0].body
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", stdout=io.StringIO())
    assert len(mailoutbox) == sent
    assert ReminderSent.objects.count() == 2
