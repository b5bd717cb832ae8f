"""The annual figures' handling time counts the reply period as the statute does: not the time a correction,
a consultation or a fee notice stopped it (条例第三十条、第三十三条第三款; 国办函〔2020〕109号)."""

import datetime

from gongkai.inforequests import services as cases
from gongkai.inforequests.choices import ReplyType, Result
from gongkai.reports.stats import handling_time
from tests.inforequests.helpers import received

D = datetime.date


def _reply(app, officer, on):
    return cases.reply(
        app, on=on, result=Result.GRANTED, reply_type=ReplyType.DISCLOSED, note="答复", acting_user=officer
    )


def test_pauses_the_statute_excludes_do_not_count(officer):
    # Plain: received Tue 9/1, replied Tue 9/15: 10 working days.
    _reply(received(officer, D(2026, 9, 1)), officer, D(2026, 9, 15))
    # Consultation: received Mon 3/2, 4 days used (3/3–3/6), letter answered 3/13, replied 3/20 (5 more): 9.
    app = received(officer, D(2026, 3, 2))
    cases.send_consultation(app, on=D(2026, 3, 6), to="第三方", acting_user=officer)
    cases.receive_consultation(app, on=D(2026, 3, 13), acting_user=officer)
    _reply(app, officer, D(2026, 3, 20))
    # Correction: received 4/1, notice 4/3, corrected application Mon 4/20, replied 4/22: the period
    # restarted on 4/20, so 2 working days (calendar: 14 working days from 4/1, 清明 4/4–4/6 off).
    app = received(officer, D(2026, 4, 1))
    cases.request_correction(
        app, on=D(2026, 4, 3), what="请写明年份", deadline=D(2026, 4, 24), acting_user=officer
    )
    cases.receive_correction(app, on=D(2026, 4, 20), acting_user=officer)
    _reply(app, officer, D(2026, 4, 22))
    # Fee: received Mon 5/11, notice 5/13 (2 days), paid Mon 5/25, replied 5/27 (2 more): 4.
    app = received(officer, D(2026, 5, 11))
    cases.send_fee_notice(
        app, on=D(2026, 5, 13), basis="per_page", pages=150, how_to_pay="银行转账", acting_user=officer
    )
    cases.record_fee_paid(app, on=D(2026, 5, 25), acting_user=officer)
    _reply(app, officer, D(2026, 5, 27))

    time = handling_time(2026)
    assert (time.cases, time.worst, time.average) == (4, 10, round((10 + 9 + 2 + 4) / 4, 1))
    assert not time.provisional


def test_a_lapsed_case_was_not_answered_and_has_no_handling_time(officer):
    app = received(officer, D(2026, 4, 1))
    cases.request_correction(
        app, on=D(2026, 4, 3), what="请写明年份", deadline=D(2026, 4, 10), acting_user=officer
    )
    cases.lapse_correction(app, on=D(2026, 4, 13), acting_user=officer)
    assert handling_time(2026).cases == 0
