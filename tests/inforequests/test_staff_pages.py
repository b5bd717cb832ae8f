"""Staff pages for applications: the queue, the case page, its steps, and personal data."""

import datetime

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.inforequests.models import Application
from tests.conftest import verify_session
from tests.inforequests.helpers import received

D = datetime.date


@pytest.fixture
def case(officer):
    return received(officer, D(2026, 9, 18))


def test_queue_needs_the_office_role(client, outsider, editor, case):
    assert client.get("/staff/requests/").status_code == 302
    client.force_login(editor)
    assert client.get("/staff/requests/").status_code == 403
    client.force_login(outsider)
    assert client.get(f"/staff/requests/{case.pk}/").status_code == 403


def test_queue_masks_personal_data_and_marks_overdue(client, officer, case):
    client.force_login(officer)
    html = client.get("/staff/requests/").content.decode()
    assert case.code in html
    assert "13800001234" not in html and "138****1234" in html
    assert "已超期" in html  # due 2026-10-22, long past


def test_case_page_shows_full_data_only_with_the_role_and_audits_it(client, officer, case, db):
    from django.contrib.auth.models import User

    from gongkai.accounts.roles import Role, grant

    clerk = User.objects.create_user("clerk", "clerk@example.org", "a-long-test-password-1")
    grant(clerk, Role.DISCLOSURE_OFFICE)
    client.force_login(clerk)
    html = client.get(f"/staff/requests/{case.pk}/").content.decode()
    assert "11010519491231002X" not in html and "110105********002X" in html
    assert not AuditEntry.objects.filter(action="request.view_personal_data").exists()
    # The role alone is not enough: the session must have passed two-step verification.
    client.force_login(officer)
    html = client.get(f"/staff/requests/{case.pk}/").content.decode()
    assert "11010519491231002X" not in html and "开启两步验证" in html
    assert not AuditEntry.objects.filter(action="request.view_personal_data").exists()
    verify_session(client, officer)
    html = client.get(f"/staff/requests/{case.pk}/").content.decode()
    assert "11010519491231002X" in html
    entry = AuditEntry.objects.get(action="request.view_personal_data")
    assert entry.actor == officer and entry.target == case.code


def test_two_step_verification_cannot_be_turned_off_by_who_sees_personal_data(officer):
    from gongkai.accounts import two_factor
    from tests.accounts.test_two_factor import enrol, next_code

    device = enrol(officer)
    with pytest.raises(two_factor.TwoFactorError, match="个人信息查看"):
        two_factor.disable(officer, next_code(device))


def test_personal_data_is_encrypted_at_rest(case):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM inforequests_application WHERE id = %s", [case.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert "11010519491231002X" not in raw_id and "13800001234" not in raw_phone
    assert Application.objects.get(pk=case.pk).id_number == "11010519491231002X"


def test_step_form_errors_are_shown_and_nothing_changes(client, officer, case):
    client.force_login(officer)
    response = client.post(
        f"/staff/requests/{case.pk}/act/reply/",
        {"reply-on": "2026/10/01", "reply-result": "", "reply-reply_type": "2", "reply-note": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "日期格式不对" in html
    case.refresh_from_db()
    assert case.status == "in_progress"


def test_reply_through_the_page(client, officer, case):
    client.force_login(officer)
    response = client.post(
        f"/staff/requests/{case.pk}/act/reply/",
        {
            "reply-on": "2026-10-20",
            "reply-result": "granted",
            "reply-reply_type": "2",
            "reply-note": "已提供",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.result) == ("replied", "granted")


def test_a_result_the_letter_contradicts_is_refused_on_the_form(client, officer, case):
    """GIVEN 予以公开 chosen with the 不予公开 reply type WHEN the reply is posted THEN the reply-type field says
    they disagree and which types fit, the typed reply is kept and nothing is recorded."""
    client.force_login(officer)
    response = client.post(
        f"/staff/requests/{case.pk}/act/reply/",
        {
            "reply-on": "2026-10-20",
            "reply-result": "granted",
            "reply-reply_type": "3",
            "reply-note": "现向您提供2025年的统计表",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "对不上" in html and "可以公开的，向申请人提供该政府信息" in html
    assert "现向您提供2025年的统计表" in html
    case.refresh_from_db()
    assert (case.status, case.result) == ("in_progress", "")


def test_the_service_refuses_a_reply_type_that_contradicts_the_result(officer, case):
    import pytest
    from django.core.exceptions import ValidationError

    from gongkai.inforequests import services

    with pytest.raises(ValidationError, match="对不上"):
        services.reply(
            case,
            on=D(2026, 10, 20),
            result="denied_4",
            reply_type="2",
            note="涉及他人隐私",
            acting_user=officer,
        )
    services.reply(
        case, on=D(2026, 10, 20), result="denied_4", reply_type="3", note="涉及他人隐私", acting_user=officer
    )


def test_service_refusal_is_shown_on_the_page(client, officer, case):
    client.force_login(officer)
    response = client.post(
        f"/staff/requests/{case.pk}/act/correction/",
        {"correction-on": "2026-10-30", "correction-what": "x", "correction-deadline": "2026-11-20"},
    )
    assert response.status_code == 400
    assert "7 个工作日" in response.content.decode()


def test_applicant_text_is_escaped_in_staff_pages(client, officer):
    app = received(
        officer, D(2026, 9, 18), name="<script>alert(1)</script>", description="<img src=x onerror=alert(1)>"
    )
    client.force_login(officer)
    for url in ("/staff/requests/", f"/staff/requests/{app.pk}/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def _ask_extension(client, case, reason):
    return client.post(
        f"/staff/requests/{case.pk}/act/extension/",
        {"extension-on": "2026-10-15", "extension-days": "10", "extension-reason": reason},
    )


def test_the_handler_approving_their_own_extension_is_told_why_on_the_form(client, head, case):
    """GIVEN the office head handles a case WHEN they approve its extension themselves THEN the case page
    says why in Chinese, with the typed reason still in the form, and nothing is recorded."""
    from gongkai.inforequests import services

    services.assign_handler(case, head, acting_user=head)
    client.force_login(head)
    response = _ask_extension(client, case, "档案在外地，需要调取")
    assert response.status_code == 400
    html = response.content.decode()
    assert "不能批准自己承办的延期" in html
    assert "档案在外地，需要调取" in html
    assert "Forbidden" not in html
    assert not case.events.filter(kind="extension_approved").exists()


def test_only_the_office_head_approves_extensions(client, officer, head, case):
    """GIVEN an office clerk without the 机构负责人 role WHEN they open the case THEN there is no extension
    form but the names of whom to ask; posting one anyway keeps the input and says which role it needs."""
    from gongkai.inforequests import services

    services.assign_handler(case, officer, acting_user=officer)
    client.force_login(officer)
    html = client.get(f"/staff/requests/{case.pk}/").content.decode()
    assert "act/extension/" not in html
    assert "请找机构负责人批准" in html and "head" in html
    response = _ask_extension(client, case, "数据量大")
    assert response.status_code == 403
    html = response.content.decode()
    assert "机构负责人" in html and "数据量大" in html
    client.force_login(head)
    assert "act/extension/" in client.get(f"/staff/requests/{case.pk}/").content.decode()
    assert _ask_extension(client, case, "数据量大").status_code == 302
    assert case.events.filter(kind="extension_approved").count() == 1
