"""Loading an unannounced year's schedule recomputes every running deadline, records what moved and tells
the staff who own the moved deadlines (issue 17 §1)."""

import datetime

from django.core import mail

from gongkai.audit.models import AuditEntry
from gongkai.guides.models import GuideRevision
from gongkai.inforequests import services as request_services
from gongkai.inforequests.choices import ReplyType, Result
from gongkai.inforequests.models import Application
from gongkai.outbox.models import OutgoingMail
from gongkai.outbox.services import send_due
from gongkai.workdays.models import HolidaySchedule
from gongkai.workdays.services import load_schedule

D = datetime.date


def moved_mail():
    """The mails about moved deadlines that the outbox has sent (not the applicants' receipts)."""
    send_due()
    return [message for message in mail.outbox if message.subject.startswith("【期限变动】")]


# A made-up 2027 schedule: 春节 off from 除夕 2/5 to Thursday 2/11, Saturday 2/20 worked.
SCHEDULE_2027 = [
    *((D(2027, 2, day), "holiday", "春节") for day in range(5, 12)),
    (D(2027, 2, 20), "workday", "春节"),
]


def test_preview_lists_the_moves_and_changes_nothing(running, officer):
    rev, app = running
    report = load_schedule(2027, SCHEDULE_2027, actor=officer, dry_run=True)
    assert [
        (move.kind, move.old_due, move.new_due, move.days, move.new_provisional) for move in report.moves
    ] == [
        ("依申请公开答复期限", D(2027, 2, 9), D(2027, 2, 12), 3, False),
        ("办事指南公开期限", D(2027, 2, 9), D(2027, 2, 12), 3, False),
    ]
    assert report.moves[0].label == f"申请 {app.code}" and report.moves[0].owner == "officer"
    assert report.moves[1].owner == "editor" and report.moves[1].recipients == ("editor@example.org",)
    assert not HolidaySchedule.objects.exists()
    assert GuideRevision.objects.get(pk=rev.pk).due_provisional
    assert not mail.outbox


def test_loading_recomputes_records_and_tells_the_owners(running, officer, editor, reviewer):
    """GIVEN two running deadlines estimated at 2/9 WHEN the 2027 schedule is loaded (春节 to 2/11)
    THEN both move to Friday 2/12, firm; one audit entry lists them; the editor, the handler and the
    政务公开办 are mailed through the outbox, and nobody else."""
    rev, app = running
    report = load_schedule(2027, SCHEDULE_2027, source="国办发明电〔2026〕测试", actor=officer)
    # Written with the schedule, in its transaction; sent by the outbox, never from the service itself.
    assert not mail.outbox
    assert OutgoingMail.objects.filter(kind="workdays.deadlines_moved").count() == 2
    send_due()
    # 1/11–2/4 1–19, 2/5–2/11 off, Fri 2/12 20
    rev.refresh_from_db()
    app = Application.objects.get(pk=app.pk)
    assert (rev.due_on, rev.due_provisional) == (D(2027, 2, 12), False)
    assert (app.due_on, app.due_provisional) == (D(2027, 2, 12), False)
    assert len(report.moves) == 2

    [entry] = AuditEntry.objects.filter(action__startswith="workdays.")
    assert entry.action == "workdays.load_schedule"
    assert entry.details["moved"] == [
        f"依申请公开答复期限：申请 {app.code}，2027-02-09（预计） → 2027-02-12（推后 3 天）",
        f"办事指南公开期限：{rev.item.name} 第{rev.number}版，2027-02-09（预计） → 2027-02-12（推后 3 天）",
    ]

    by_address = {message.to[0]: message for message in moved_mail()}
    # officer: the application's handler and a member of the 政务公开办; reviewer owns nothing.
    assert set(by_address) == {"editor@example.org", "officer@example.org"}
    assert "2027 年节假日安排已载入" in by_address["editor@example.org"].subject
    assert rev.item.name in by_address["editor@example.org"].body
    assert app.code not in by_address["editor@example.org"].body
    office = by_address["officer@example.org"].body
    assert app.code in office and rev.item.name in office and "推后 3 天" in office
    assert f"/staff/requests/{app.pk}/" in office


def test_a_schedule_that_keeps_the_dates_still_ends_the_estimate(running, officer):
    """A schedule that only confirms the statutory days leaves the dates and ends the estimate: that is
    still a change the owners hear of, as "no longer provisional"."""
    _rev, _app = running
    confirm = [(D(2027, 2, day), "holiday", "春节") for day in range(5, 9)]
    report = load_schedule(2027, confirm, actor=officer)
    assert {move.change for move in report.moves} == {"日期不变，不再是预计"}
    again = load_schedule(2027, confirm, actor=officer)
    assert again.moves == ()
    assert len(moved_mail()) == 2  # the first load only


def test_finished_deadlines_are_not_reported(running, officer, django_capture_on_commit_callbacks):
    _rev, app = running
    request_services.reply(
        app,
        on=D(2027, 1, 20),
        result=Result.GRANTED,
        reply_type=ReplyType.DISCLOSED,
        note="提供信息",
        acting_user=officer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = load_schedule(2027, SCHEDULE_2027, actor=officer)
    assert [move.kind for move in report.moves] == ["办事指南公开期限"]


def test_an_admin_edit_is_recorded_with_what_moved(running, admin_client, django_capture_on_commit_callbacks):
    from django.urls import reverse

    form = {
        "year": "2027",
        "announced_on": "",
        "source": "",
        "notes": "",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2027-02-09",
        "days-0-kind": "holiday",
        "days-0-name": "春节",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:workdays_holidayschedule_add"), form)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="workdays.deadlines_moved")
    assert len(entry.details["moved"]) == 2
    # The loaded schedule is the whole truth: only 2/9 off, so 除夕 2/5 is now the 20th working day.
    assert all("2027-02-09（预计） → 2027-02-05（提前 4 天）" in line for line in entry.details["moved"])


def test_only_the_office_over_every_body_may_load_and_each_office_hears_of_its_own(
    running, officer, editor, django_user_model
):
    """GIVEN a county with a department below it, the deadlines belonging to the county body, and a
    department office WHEN the department office tries to load 2027 THEN it is refused and nothing
    changes; WHEN the county's office loads it THEN the department office is not mailed about the
    county's deadlines."""
    import pytest

    from gongkai.accounts.roles import Role, RoleRequired, grant
    from gongkai.bodies.models import Body, BodyKind

    rev, _app = running
    county = rev.item.catalog.body
    department = Body.objects.add_child(
        county, instance=Body(code="dept", name="某局", short_name="某局", kind=BodyKind.DEPARTMENT)
    )
    clerk = django_user_model.objects.create_user("clerk", "clerk@example.org", None, is_staff=True)
    grant(clerk, Role.DISCLOSURE_OFFICE, body=Body.objects.get(pk=department.pk))
    with pytest.raises(RoleRequired):
        load_schedule(2027, SCHEDULE_2027, actor=clerk)
    assert not HolidaySchedule.objects.exists()
    # Its preview lists the deadlines of its own bodies only: none here.
    assert load_schedule(2027, SCHEDULE_2027, actor=clerk, dry_run=True).moves == ()
    assert len(load_schedule(2027, SCHEDULE_2027, actor=officer, dry_run=True).moves) == 2

    load_schedule(2027, SCHEDULE_2027, actor=officer)
    assert "clerk@example.org" not in {message.to[0] for message in moved_mail()}
    assert {"editor@example.org", "officer@example.org"} <= {message.to[0] for message in moved_mail()}
