"""The 20-working-day clock per (revision, channel), across real holiday periods, and the dashboard figures."""

import datetime

import pytest

from gongkai.catalog.models import Channel
from gongkai.compliance.clock import ClockStatus, build_dashboard, channel_clocks
from gongkai.guides import services
from tests.guides.helpers import publish

D = datetime.date


@pytest.mark.parametrize(
    ("formed_on", "due_on"),
    [
        # 2025 National Day: 10/1–10/8 off, 9/28 (Sun) and 10/11 (Sat) worked.
        # 9/28(1) 9/29(2) 9/30(3) 10/9(4) 10/10(5) 10/11(6) 10/13–17(7–11) 10/20–24(12–16) 10/27–30(17–20)
        (D(2025, 9, 26), D(2025, 10, 30)),
        # 2026 中秋+国庆: 9/20 (Sun) worked, 9/25–27 off, 10/1–7 off, 10/10 (Sat) worked.
        # 9/20(1) 9/21–24(2–5) 9/28–30(6–8) 10/8(9) 10/9(10) 10/10(11) 10/12–16(12–16) 10/19–22(17–20)
        (D(2026, 9, 18), D(2026, 10, 22)),
        # 2026 春节: 2/14 (Sat) worked, 2/15–23 off, 2/28 (Sat) worked.
        # 2/9–13(1–5) 2/14(6) 2/24–27(7–10) 2/28(11) 3/2–6(12–16) 3/9–12(17–20)
        (D(2026, 2, 6), D(2026, 3, 12)),
        # 2025 春节: 1/26 (Sun) worked, 1/28–2/4 off, 2/8 (Sat) worked.
        # 1/24 is a Friday: 1/26(1) 1/27(2) 2/5–7(3–5) 2/8(6) 2/10–14(7–11) 2/17–21(12–16) 2/24–27(17–20)
        (D(2025, 1, 24), D(2025, 2, 27)),
    ],
)
def test_deadline_counts_real_working_days(seeded, editor, reviewer, formed_on, due_on):
    rev = publish(seeded.items.get(seq=1), editor, reviewer, formed_on=formed_on)
    assert rev.due_on == due_on
    assert rev.due_provisional is False


def test_channel_statuses(seeded, editor, reviewer, officer):
    """GIVEN a change formed 2026-09-18 (due 2026-10-22), on the website 10-20, in the hall 10-23
    THEN website on time, hall late, and the village platform overdue on 10-23 / due soon on 10-16."""
    rev = publish(
        seeded.items.get(seq=2), editor, reviewer, formed_on=D(2026, 9, 18), website_on=D(2026, 10, 20)
    )
    hall = Channel.objects.get(name="政务服务中心")
    services.confirm_posting(rev, hall, posted_on=D(2026, 10, 23), place="一楼大厅", acting_user=officer)
    rev = (
        type(rev).objects.prefetch_related("postings__channel", "item__channel_links__channel").get(pk=rev.pk)
    )
    statuses = {c.channel_name: c.status for c in channel_clocks(rev, D(2026, 10, 23))}
    assert statuses == {
        "政府网站": ClockStatus.ON_TIME,
        "政务服务中心": ClockStatus.LATE,
        "基层公共服务平台": ClockStatus.OVERDUE,
    }
    # 10-16 (Fri): working days left 10/19, 20, 21, 22 = 4 → due soon
    platform = {c.channel_name: c for c in channel_clocks(rev, D(2026, 10, 16))}["基层公共服务平台"]
    assert (platform.status, platform.remaining) == (ClockStatus.DUE_SOON, 4)
    # 10-09 (Fri): left 10/10(Sat, worked), 10/12–16, 10/19–22 = 10 → still pending
    platform = {c.channel_name: c for c in channel_clocks(rev, D(2026, 10, 9))}["基层公共服务平台"]
    assert (platform.status, platform.remaining) == (ClockStatus.PENDING, 10)


def test_dashboard_numbers_on_a_known_fixture(seeded, editor, reviewer, officer):
    """GIVEN three published items and one change awaiting review, WHEN the dashboard is built on 2026-10-23
    THEN every figure matches the hand count."""
    hall = Channel.objects.get(name="政务服务中心")
    platform = Channel.objects.get(name="基层公共服务平台")
    # Item 1: due 2025-10-30; website 10-10, hall 10-30, platform 11-03 → on time, on time, late.
    a = publish(
        seeded.items.get(seq=1), editor, reviewer, formed_on=D(2025, 9, 26), website_on=D(2025, 10, 10)
    )
    services.confirm_posting(a, hall, posted_on=D(2025, 10, 30), place="", acting_user=officer)
    services.confirm_posting(a, platform, posted_on=D(2025, 11, 3), place="", acting_user=officer)
    # Item 2: due 2026-10-22; website 10-20 → on time; hall and platform never → overdue on 10-23.
    publish(seeded.items.get(seq=2), editor, reviewer, formed_on=D(2026, 9, 18), website_on=D(2026, 10, 20))
    # Item 3: formed 10-20 (Tue) → due 11-17; website 10-21 on time; hall/platform pending (17 left).
    publish(seeded.items.get(seq=3), editor, reviewer, formed_on=D(2026, 10, 20), website_on=D(2026, 10, 21))
    # Item 5: formed 2026-09-25 → due 2026-10-29 (9/28–30 = 3, 10/8–10 = 6, 10/12–16 = 11, 10/19–23 = 16,
    # 10/26–29 = 20); submitted, not approved: all three channels have 4 working days left → due soon.
    rev = services.start_revision(seeded.items.get(seq=5), acting_user=editor)
    services.save_draft(
        rev, content={}, is_major=False, change_note="", formed_on=D(2026, 9, 25), acting_user=editor
    )
    services.submit_revision(rev, acting_user=editor, missing_confirmed=True)

    board = build_dashboard(D(2026, 10, 23), catalog=seeded)

    assert sorted((c.revision.item.seq, c.channel_name) for c in board.overdue) == [
        (2, "基层公共服务平台"),
        (2, "政务服务中心"),
    ]
    assert sorted((c.revision.item.seq, c.channel_name) for c in board.due_soon) == [
        (5, "基层公共服务平台"),
        (5, "政务服务中心"),
        (5, "政府网站"),
    ]
    assert [r.item.seq for r in board.awaiting_review] == [5]
    assert len(board.missing_content) == 77 - 3
    website = board.rate_by_channel["政府网站"]
    assert (website.on_time, website.decided) == (3, 3)
    hall_rate = board.rate_by_channel["政务服务中心"]
    assert (hall_rate.on_time, hall_rate.decided, hall_rate.percent) == (1, 2, 50.0)
    platform_rate = board.rate_by_channel["基层公共服务平台"]
    assert (platform_rate.on_time, platform_rate.decided) == (0, 2)
    assert {k: (r.on_time, r.decided) for k, r in board.rate_by_month.items()} == {
        "2025-10": (2, 3),
        "2026-10": (1, 3),
        "2026-11": (1, 1),
    }


def test_provisional_until_2027_is_loaded_then_recomputed(seeded, editor, reviewer, officer):
    """GIVEN an item with a 30-working-day limit changed on 2026-11-27, the deadline reaches into 2027,
    whose schedule is not loaded: 11/30–12/4(5) 12/7–11(10) 12/14–18(15) 12/21–25(20) 12/28–31(24)
    1/1 元旦 (a statutory holiday, skipped even before the year is announced) 1/4–8(29) 1/11(30)
    → 2027-01-11, provisional.
    WHEN the 2027 schedule is loaded with 1/1 and (say) Monday 1/4 off THEN it moves to 1/12, firm."""
    from gongkai.workdays.services import load_schedule

    item = seeded.items.get(seq=6)
    item.time_limit = "公开事项信息形成或变更之日起30个工作日内公开"
    item.save()
    rev = publish(item, editor, reviewer, formed_on=D(2026, 11, 27))
    assert (rev.due_on, rev.due_provisional) == (D(2027, 1, 11), True)
    load_schedule(
        2027, [(D(2027, 1, 1), "holiday", "元旦"), (D(2027, 1, 4), "holiday", "元旦")], actor=officer
    )
    rev.refresh_from_db()
    assert (rev.due_on, rev.due_provisional) == (D(2027, 1, 12), False)
