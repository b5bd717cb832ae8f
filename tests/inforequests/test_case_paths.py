"""Complete cases through every path, each due date counted by hand on the real holiday calendar."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.inforequests import services
from gongkai.inforequests.choices import ReplyType, Result, Status
from gongkai.workdays.services import load_schedule
from tests.inforequests.helpers import received

D = datetime.date


def reply(app, officer, on):
    return services.reply(
        app,
        on=on,
        result=Result.GRANTED,
        reply_type=ReplyType.DISCLOSED,
        note="提供信息",
        acting_user=officer,
    )


def test_straight_reply(officer):
    # 2026 中秋+国庆: 9/20(1) 9/21–24(2–5) 9/28–30(6–8) 10/8–10(9–11) 10/12–16(12–16) 10/19–22(17–20)
    app = received(officer, D(2026, 9, 18))
    assert (app.status, app.due_on) == (Status.IN_PROGRESS, D(2026, 10, 22))
    app = reply(app, officer, D(2026, 10, 20))
    assert (app.status, app.result, app.closed_on) == (Status.REPLIED, Result.GRANTED, D(2026, 10, 20))


def test_correction_then_reply(officer):
    # Received Fri 2025-09-26; notice on 9/30 is the 3rd working day (9/28 Sun worked, 9/29, 9/30).
    app = received(officer, D(2025, 9, 26))
    app = services.request_correction(
        app, on=D(2025, 9, 30), what="请写明文件名称", deadline=D(2025, 10, 20), acting_user=officer
    )
    assert app.status == Status.AWAITING_CORRECTION and app.due_on == D(
        2025, 10, 20
    )  # the correction deadline
    # Corrected application received Mon 10/13: the 20 days restart.
    # 10/14–17(1–4) 10/20–24(5–9) 10/27–31(10–14) 11/3–7(15–19) 11/10(20)
    app = services.receive_correction(app, on=D(2025, 10, 13), acting_user=officer)
    assert (app.status, app.due_on) == (Status.IN_PROGRESS, D(2025, 11, 10))
    assert reply(app, officer, D(2025, 11, 10)).status == Status.REPLIED


def test_correction_notice_must_come_within_7_working_days(officer):
    app = received(officer, D(2026, 9, 18))
    # 9/20(1) 9/21–24(2–5) 9/28(6) 9/29(7) 9/30(8): the 30th is too late, the 29th is the last day.
    with pytest.raises(ValidationError, match="7 个工作日"):
        services.request_correction(
            app, on=D(2026, 9, 30), what="x", deadline=D(2026, 10, 20), acting_user=officer
        )
    services.request_correction(
        app, on=D(2026, 9, 29), what="x", deadline=D(2026, 10, 20), acting_user=officer
    )
    with pytest.raises(ValidationError, match="一次性"):
        services.request_correction(
            app, on=D(2026, 9, 29), what="y", deadline=D(2026, 10, 20), acting_user=officer
        )


def test_correction_never_supplied(officer):
    app = received(officer, D(2026, 3, 2))
    app = services.request_correction(
        app, on=D(2026, 3, 4), what="请补充", deadline=D(2026, 3, 20), acting_user=officer
    )
    with pytest.raises(ValidationError, match="还没过"):
        services.lapse_correction(app, on=D(2026, 3, 20), acting_user=officer)
    app = services.lapse_correction(app, on=D(2026, 3, 23), acting_user=officer)
    assert (app.status, app.result, app.closed_on) == (
        Status.CLOSED,
        Result.OTHER_NO_CORRECTION,
        D(2026, 3, 23),
    )
    with pytest.raises(ValidationError):
        reply(app, officer, D(2026, 3, 24))


def test_consultation_pauses_the_clock(officer):
    # Received 9/18; letter on 9/24 after 5 working days (9/20–24). Answer on 10/12; 15 left:
    # 10/13–16(1–4) 10/19–23(5–9) 10/26–30(10–14) 11/2(15)
    app = received(officer, D(2026, 9, 18))
    app = services.send_consultation(app, on=D(2026, 9, 24), to="第三方：某公司", acting_user=officer)
    # The third party has 15 working days: 9/28–30(3) 10/8–10(6) 10/12–16(11) 10/19–22(15)
    assert (app.status, app.due_on) == (Status.CONSULTING, D(2026, 10, 22))
    app = services.receive_consultation(app, on=D(2026, 10, 12), acting_user=officer)
    assert (app.status, app.due_on) == (Status.IN_PROGRESS, D(2026, 11, 2))


def test_late_consultation_answer_counts_only_15_days_of_pause(officer):
    # Answer recorded 10/28, but the pause ends with the third party's deadline 10/22; 15 left from 10/22:
    # 10/23(1) 10/26–30(2–6) 11/2–6(7–11) 11/9–12(12–15)
    app = received(officer, D(2026, 9, 18))
    services.send_consultation(app, on=D(2026, 9, 24), to="某局", acting_user=officer)
    app = services.receive_consultation(app, on=D(2026, 10, 28), acting_user=officer)
    assert app.due_on == D(2026, 11, 12)


def test_extension_by_someone_other_than_the_handler(officer, head):
    app = received(officer, D(2026, 9, 18))
    services.assign_handler(app, officer, acting_user=head)
    # The office's own staff are not its head (条例第三十三条: 经政府信息公开工作机构负责人同意).
    with pytest.raises(PermissionDenied):
        services.approve_extension(
            app, on=D(2026, 10, 15), days=20, reason="需要检索档案", acting_user=officer
        )
    # Nor may the head approve an extension of a case they handle themselves.
    services.assign_handler(app, head, acting_user=head)
    with pytest.raises(ValidationError, match="不能批准自己承办的延期"):
        services.approve_extension(app, on=D(2026, 10, 15), days=20, reason="需要检索档案", acting_user=head)
    services.assign_handler(app, officer, acting_user=head)
    with pytest.raises(ValidationError, match="20 个工作日"):
        services.approve_extension(app, on=D(2026, 10, 15), days=21, reason="需要检索档案", acting_user=head)
    # 40 working days from 9/18: 20th is 10/22, then 10/23(21) 10/26–30(26) 11/2–6(31) 11/9–13(36) 11/16–19(40)
    app = services.approve_extension(
        app, on=D(2026, 10, 15), days=20, reason="需要检索档案", acting_user=head
    )
    assert app.due_on == D(2026, 11, 19)
    with pytest.raises(ValidationError, match="只能一次"):
        services.approve_extension(app, on=D(2026, 10, 16), days=5, reason="再延", acting_user=head)


def test_fee_paid(officer):
    # Received Mon 3/2; notice Fri 3/6 after 4 working days (3/3–6). Pay by: 20 working days after 3/6 = 4/3.
    app = received(officer, D(2026, 3, 2))
    app = services.send_fee_notice(
        app, on=D(2026, 3, 6), basis="per_page", pages=150, how_to_pay="银行转账", acting_user=officer
    )
    assert (app.status, app.due_on) == (Status.AWAITING_FEE, D(2026, 4, 3))
    notice = app.events.get(kind="fee_notice_sent")
    assert notice.data["amount"] == 70 * 10 + 50 * 20  # pages 31–100 at 10, 101–150 at 20
    # Paid Fri 3/20; 16 left: 3/23–27(5) 3/30–4/3(10) 4/7–10(14, 清明 4/6 off) 4/13–14(16)
    app = services.record_fee_paid(app, on=D(2026, 3, 20), acting_user=officer)
    assert (app.status, app.due_on) == (Status.IN_PROGRESS, D(2026, 4, 14))


def test_fee_not_paid(officer):
    app = received(officer, D(2026, 3, 2))
    services.send_fee_notice(
        app, on=D(2026, 3, 6), basis="per_page", pages=40, how_to_pay="现金", acting_user=officer
    )
    with pytest.raises(ValidationError, match="还没过"):
        services.lapse_fee(app, on=D(2026, 4, 3), acting_user=officer)
    app = services.lapse_fee(app, on=D(2026, 4, 7), acting_user=officer)
    assert (app.status, app.result) == (Status.CLOSED, Result.OTHER_FEE_UNPAID)


def test_free_amount_is_not_billed(officer):
    app = received(officer, D(2026, 3, 2))
    with pytest.raises(ValidationError, match="不需要收费"):
        services.send_fee_notice(
            app, on=D(2026, 3, 6), basis="per_page", pages=30, how_to_pay="现金", acting_user=officer
        )


def test_provisional_until_the_2027_schedule_is_loaded(officer, head):
    app = received(officer, D(2026, 11, 27))
    services.assign_handler(app, officer, acting_user=head)
    # 40 working days from 11/27: 12/25 is the 20th; 12/28–31(24), 1/1 元旦 by statute even before the
    # year is announced, 1/4–8(29) 1/11–15(34) 1/18–22(39) 1/25(40)
    app = services.approve_extension(
        app, on=D(2026, 11, 27), days=20, reason="需要检索档案", acting_user=head
    )
    assert (app.due_on, app.due_provisional) == (D(2027, 1, 25), True)
    # The State Council announces 2027 with 1/1 as its only change: the same date, no longer an estimate.
    load_schedule(2027, [(D(2027, 1, 1), "holiday", "元旦")], actor=head)
    app.refresh_from_db()
    assert (app.due_on, app.due_provisional) == (D(2027, 1, 25), False)


def test_reply_needs_a_result_category(officer):
    app = received(officer, D(2026, 9, 18))
    with pytest.raises(ValidationError, match="办理结果"):
        services.reply(app, on=D(2026, 10, 1), result="", reply_type="2", note="x", acting_user=officer)
    app.refresh_from_db()
    assert app.status == Status.IN_PROGRESS and app.result == ""


def test_who_approved_extensions_before_becomes_office_head_of_that_body(officer, head):
    """The data migration of the 机构负责人 role: past approvers keep the power they used, on that body only."""
    import importlib

    from django.apps import apps

    from gongkai.accounts.models import RoleGrant
    from gongkai.accounts.roles import Role, has_role, revoke

    app = received(officer, D(2026, 9, 18))
    services.assign_handler(app, officer, acting_user=head)
    services.approve_extension(app, on=D(2026, 10, 15), days=5, reason="需要检索档案", acting_user=head)
    revoke(head, Role.OFFICE_HEAD)  # as before the role existed
    assert not has_role(head, Role.OFFICE_HEAD, app.body)
    migration = importlib.import_module("gongkai.inforequests.migrations.0005_office_heads_from_extensions")
    migration.heads_from_past_approvals(apps, None)
    grant = RoleGrant.objects.get(role=Role.OFFICE_HEAD.value)
    assert (grant.user, grant.body) == (head, app.body)
    assert not RoleGrant.objects.filter(user=officer, role=Role.OFFICE_HEAD.value).exists()
