"""Mail never decides whether a step succeeds: it is written to the outbox with the change and sent later,
with retries, whatever the mail server does (refuses, hangs, comes back)."""

import datetime
import email
import email.policy
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gongkai.catalog.services import seed_body
from gongkai.inforequests.forms_public import format_code
from gongkai.inforequests.models import Application
from gongkai.outbox.models import OutgoingMail
from gongkai.outbox.services import MAX_ATTEMPTS, enqueue, outbox_health, retry_delay, send_due
from tests.inforequests.test_public_form import VALID
from tests.outbox.smtp import MailServer


@pytest.fixture
def server(settings):
    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 1
    yield server
    server.stop()


def _decoded(raw: str) -> str:
    message = email.message_from_string(raw, policy=email.policy.default)
    return message.get_body().get_content()


@pytest.mark.parametrize("fault", ["down", "hang"])
def test_a_citizen_gets_the_receipt_whatever_the_mail_server_does(transactional_db, server, fault):
    """On-commit work runs here (transactional_db), as in production: the old code sent the receipt mail
    after commit and answered 500 when the server refused, though the application was saved."""
    seed_body()
    server.start(fault)
    client = Client()
    response = client.post("/apply/form/", {**VALID, "email": "wang@example.org"}, follow=True)
    assert response.status_code == 200
    app = Application.objects.get()  # exactly one
    assert format_code(app.code) in response.content.decode()  # the receipt page, with the tracking code
    mail = OutgoingMail.objects.get()
    assert mail.recipients == ["wang@example.org"] and app.code in mail.body

    report = send_due()
    assert (report.sent, report.failed) == (0, 1)
    mail.refresh_from_db()
    assert mail.sent_at is None and mail.attempts == 1 and mail.last_error
    assert outbox_health().failing == 1

    server.start("accept")
    assert send_due().sent == 0  # not yet: the retry waits a minute
    later = timezone.now() + retry_delay(1) + datetime.timedelta(seconds=1)
    assert send_due(now=later).sent == 1
    assert len(server.messages) == 1 and app.code in _decoded(server.messages[0])
    assert send_due(now=later + datetime.timedelta(hours=1)).sent == 0  # sent once
    assert not outbox_health().is_failing


def test_the_api_answers_201_with_the_code_when_mail_is_down(transactional_db, server):
    code = seed_body().code
    body = {k: v for k, v in VALID.items() if k != "website"} | {"email": "wang@example.org", "body": code}
    response = Client().post("/api/v1/requests", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Application.objects.count() == 1 and response.json()["code"]
    assert OutgoingMail.objects.count() == 1


def test_a_rolled_back_change_leaves_no_mail(db):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue("test", "标题", "正文", ["a@example.org"])
        raise RuntimeError
    assert not OutgoingMail.objects.exists()


def test_retries_slow_down_and_then_stop(db, server):
    enqueue("test", "标题", "正文", ["a@example.org"])
    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = send_due(now=now)
        assert report.failed + report.given_up == 1
        now += retry_delay(attempt) + datetime.timedelta(seconds=1)
    mail = OutgoingMail.objects.get()
    assert mail.gave_up_at is not None and mail.attempts == MAX_ATTEMPTS
    assert retry_delay(1) == datetime.timedelta(minutes=1) and retry_delay(20) == datetime.timedelta(hours=6)
    assert send_due(now=now + datetime.timedelta(days=1)).failed == 0  # given up: left alone
    assert outbox_health().given_up == 1

    server.start("accept")
    out = io.StringIO()
    call_command("send_mail", "--retry-failed", stdout=out)
    assert "已发出 1 封" in out.getvalue() and len(server.messages) == 1


def test_check_and_the_dashboard_say_when_mail_fails(db, server, seeded, client, django_user_model):
    from gongkai.accounts.roles import Role, grant

    enqueue("test", "标题", "正文", ["a@example.org"])
    send_due()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check", stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1 and "1 封邮件没能发出" in err.getvalue()
    office = django_user_model.objects.create_user("office", password="x")
    grant(office, Role.DISCLOSURE_OFFICE)
    client.force_login(office)
    page = client.get("/staff/").content.decode()
    assert "有 1 封通知邮件没能发出" in page and "各项办理都已保存" in page


def test_two_runs_at_once_send_a_mail_once(db, server):
    server.start("accept")
    mail = enqueue("test", "标题", "正文", ["a@example.org"])
    stale = OutgoingMail.objects.get(pk=mail.pk)
    assert send_due().sent == 1
    # A second run that read the mail before the first claimed it cannot claim it any more.
    from gongkai.outbox.services import _claim

    assert not _claim(stale, timezone.now())
    assert len(server.messages) == 1
