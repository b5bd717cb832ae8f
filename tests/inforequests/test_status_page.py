"""The public status check: tracking code plus the phone's last four digits, without enumeration."""

import datetime
import re

import pytest
from django.test import Client

from gongkai.inforequests import services
from gongkai.inforequests.choices import Channel, ReplyType, Result
from gongkai.inforequests.forms_public import format_code
from gongkai.inforequests.views_public import (
    CODE_FAILED_LIMIT,
    CODE_LOCKED_MESSAGE,
    LOCKED_MESSAGE,
    LOOKUP_FLOOD_MESSAGE,
    NOT_FOUND_MESSAGE,
)
from tests.inforequests.helpers import FIELDS, received

STATUS_URL = "/apply/status/"
D = datetime.date


@pytest.fixture
def app(db):
    """An application submitted online today by 张三, phone ending 1234."""
    return services.submit_application(dict(FIELDS), channel=Channel.ONLINE, ip="127.0.0.1")


def ask(client, code, last4, **extra):
    return client.post(STATUS_URL, {"code": code, "phone_last4": last4}, **extra)


def alert_text(response) -> str:
    found = re.search(
        r'<p class="alert-box" role="alert" id="not-found">(.*?)</p>', response.content.decode()
    )
    return found.group(1) if found else ""


def test_status_page_shows_the_lookup_form(client, db):
    """GIVEN nothing WHEN the status page is opened THEN it asks for the code and the last four digits."""
    response = client.get(STATUS_URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="code"' in text and 'name="phone_last4"' in text and "csrfmiddlewaretoken" in text


def test_right_code_and_digits_show_the_status(client, app):
    """GIVEN a submitted application WHEN its code and the phone's last four digits are entered THEN the
    page shows the status, the received and due dates and the receipt event, and never the ID number."""
    response = ask(client, app.code, "1234")
    assert response.status_code == 200
    text = response.content.decode()
    assert "查询结果" in text and app.get_status_display() in text
    assert format_code(app.code) in text
    assert f"{app.received_on.year}年{app.received_on.month}月{app.received_on.day}日" in text
    assert f"最晚在 {app.due_on.year}年{app.due_on.month}月{app.due_on.day}日 前答复" in text
    assert "收到您的申请" in text
    assert FIELDS["id_number"] not in text and FIELDS["phone"] not in text


@pytest.mark.parametrize(
    "typed", ["{code}", "{lower}", "{grouped}", "{dashed}", " {lower} ", "{fullwidth}"], ids=str
)
def test_code_is_matched_ignoring_case_spaces_and_dashes(client, app, typed):
    code = app.code
    variants = {
        "code": code,
        "lower": code.lower(),
        "grouped": format_code(code),
        "dashed": "-".join(format_code(code).split()),
        "fullwidth": "".join(chr(ord(c) + 0xFEE0) for c in code.lower()),
    }
    response = ask(client, typed.format(**variants), "1234")
    assert "查询结果" in response.content.decode()


def test_wrong_digits_and_unknown_code_get_the_same_answer(client, app):
    """GIVEN a real code with the wrong digits, and a code that does not exist WHEN each is looked up THEN
    both get the same 200 page with the same message, so nobody can tell which codes are real."""
    wrong_digits = ask(client, app.code, "9999")
    unknown_code = ask(client, "ZZZZ ZZZZ ZZZZ" if app.code != "ZZZZZZZZZZZZ" else "YYYYYYYYYYYY", "1234")
    assert wrong_digits.status_code == unknown_code.status_code == 200
    assert alert_text(wrong_digits) == alert_text(unknown_code) == NOT_FOUND_MESSAGE
    for response in (wrong_digits, unknown_code):
        assert "查询结果" not in response.content.decode()


@pytest.mark.parametrize(
    ("code", "last4", "message"),
    [
        ("ABC", "1234", "12 位字母和数字"),
        ("", "1234", "请填写查询码"),
        ("ABCDEFGHJKLM", "12", "请填写 4 个数字"),
    ],
)
def test_malformed_input_gets_a_field_message(client, db, code, last4, message):
    response = ask(client, code, last4)
    assert response.status_code == 200 and message in response.content.decode()


def test_status_lookup_is_protected_by_csrf(app):
    strict = Client(enforce_csrf_checks=True)
    assert ask(strict, app.code, "1234").status_code == 403


def test_events_the_applicant_should_know_are_shown_and_staff_notes_are_not(client, officer):
    """GIVEN a case with a correction request, a consultation, an extension and a reply WHEN the applicant
    looks it up THEN they see what to correct and by when, the pause, the extension and the result, but not
    whom the office consulted, the reason noted for the extension, the reply's internal note or the ID number."""
    app = received(officer, D(2026, 9, 18))
    services.assign_handler(app, officer, acting_user=officer)
    services.request_correction(
        app, on=D(2026, 9, 22), what="请写明是哪一年的文件", deadline=D(2026, 10, 20), acting_user=officer
    )
    services.receive_correction(app, on=D(2026, 9, 24), acting_user=officer, note="内部：电话沟通过")
    services.send_consultation(app, on=D(2026, 9, 28), to="第三方：某某劳务公司", acting_user=officer)
    services.receive_consultation(app, on=D(2026, 10, 12), acting_user=officer, note="内部：第三方不同意")
    from django.contrib.auth.models import User

    from gongkai.accounts.roles import Role, grant

    head = User.objects.create_user("head", "head@example.org", None)
    grant(head, Role.DISCLOSURE_OFFICE, Role.OFFICE_HEAD)
    services.approve_extension(app, on=D(2026, 10, 20), days=10, reason="内部：数据量大", acting_user=head)
    services.reply(
        app,
        on=D(2026, 11, 2),
        result=Result.PARTIAL,
        reply_type=ReplyType.OTHER,
        note="内部答复稿",
        acting_user=officer,
    )

    text = ask(client, app.code, "1234").content.decode()
    assert "已答复" in text
    assert "请您补正申请：请写明是哪一年的文件。请在 2026年10月20日 前补正" in text
    assert "收到您补正后的申请" in text
    assert "征求第三方或其他机关的意见" in text and "征求意见结束" in text
    assert "答复期限延长 10 个工作日" in text
    assert "已经作出答复：部分公开" in text
    assert "答复日期" in text and "2026年11月2日" in text
    for internal in [
        "某某劳务公司",
        "电话沟通过",
        "第三方不同意",
        "数据量大",
        "内部答复稿",
        "分派",
        FIELDS["id_number"],
    ]:
        assert internal not in text, internal


def test_fee_notice_shows_amount_and_pay_by_date(client, officer):
    """GIVEN a fee notice for 120 pages WHEN the applicant looks the case up THEN they see the amount, the
    pay-by date and how to pay, and that the clock is paused."""
    app = received(officer, D(2026, 9, 18))
    services.send_fee_notice(
        app, on=D(2026, 9, 22), basis="per_page", pages=120, how_to_pay="到窗口缴纳", acting_user=officer
    )
    app.refresh_from_db()
    text = ask(client, app.code, "1234").content.decode()
    assert "需要缴纳信息处理费 1100 元" in text  # 70 × 10 + 20 × 20
    pay_by = app.due_on
    assert f"请在 {pay_by.year}年{pay_by.month}月{pay_by.day}日 前缴纳" in text
    assert "缴费方式：到窗口缴纳" in text and "暂停计时" in text


def test_more_than_ten_lookups_from_one_address_in_ten_minutes_are_refused(client, app):
    """GIVEN ten lookups from one address WHEN an eleventh comes within ten minutes THEN a 429 page says so;
    another address still gets an answer."""
    for _ in range(10):
        assert ask(client, app.code, "1234").status_code == 200
    response = ask(client, app.code, "1234")
    assert response.status_code == 429
    assert LOOKUP_FLOOD_MESSAGE in response.content.decode()
    assert "查询结果" in ask(Client(REMOTE_ADDR="10.9.8.7"), app.code, "1234").content.decode()


def test_five_failures_lock_the_guessing_address_out_of_that_code_but_not_the_owner(app):
    """GIVEN five wrong guesses at one code from one address WHEN that address tries again, even with the right
    digits THEN it is refused for the hour; the owner at another address still gets in, and the guesser can
    still look up other codes."""
    guesser, owner = Client(REMOTE_ADDR="10.6.6.6"), Client(REMOTE_ADDR="10.1.2.3")
    for n in range(5):
        assert alert_text(ask(guesser, app.code, f"{n:04d}")) == NOT_FOUND_MESSAGE
    response = ask(guesser, app.code, "1234")
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert "查询结果" in ask(owner, app.code, "1234").content.decode()
    other = services.submit_application({**FIELDS, "phone": "13900005678"}, channel=Channel.ONLINE)
    assert "查询结果" in ask(guesser, other.code, "5678").content.decode()


def test_many_guessing_addresses_lock_the_code_for_everyone_for_a_day(client, app):
    """GIVEN 30 wrong guesses at one code from many addresses (a guesser who keeps changing address) WHEN
    anyone tries that code again THEN it is refused until tomorrow, with a way to ask by phone or in person."""
    for n in range(CODE_FAILED_LIMIT):
        ask(Client(REMOTE_ADDR=f"10.0.{n // 4}.{n % 4 + 1}"), app.code, f"{n:04d}")
    response = ask(client, app.code, "1234")
    assert response.status_code == 429
    assert CODE_LOCKED_MESSAGE in response.content.decode()


def test_unknown_codes_lock_the_same_way(client, db):
    """GIVEN a code that does not exist WHEN it fails five times THEN it locks like a real one (no enumeration)."""
    for _ in range(5):
        assert alert_text(ask(client, "ABCD EFGH JKLM", "0000")) == NOT_FOUND_MESSAGE
    assert ask(client, "ABCD EFGH JKLM", "0000").status_code == 429


XSS = '"><script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_name_description_and_staff_text_is_escaped(client, officer):
    """GIVEN markup in the name, the description and a correction request WHEN the status page shows them
    THEN they appear as text."""
    app = received(officer, D(2026, 9, 18), name=XSS, description=XSS)
    services.request_correction(
        app, on=D(2026, 9, 22), what=XSS, deadline=D(2026, 10, 20), acting_user=officer
    )
    text = ask(client, app.code, "1234").content.decode()
    assert "<script>alert" not in text and "<img src=x" not in text
    assert text.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 3
