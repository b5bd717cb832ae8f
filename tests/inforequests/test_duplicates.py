"""Applications sent twice: flagged in the staff queue and on the case page, merged by staff, counted once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from gongkai.audit.models import AuditEntry
from gongkai.inforequests import services
from gongkai.inforequests.duplicates import looks_like_duplicate, possible_duplicates
from gongkai.inforequests.models import Application
from gongkai.reports.compute import section_three
from tests.inforequests.helpers import FIELDS, received

D = datetime.date


@pytest.fixture
def pair(officer):
    """张三's request on 9/18, and the same again on 9/21 with other spacing and punctuation."""
    first = received(officer, D(2026, 9, 18))
    again = received(
        officer,
        D(2026, 9, 21),
        description="2025年 本旗工伤保险待遇发放的统计数据。",
        phone="138-0000-1234",
    )
    return first, again


def test_the_same_applicant_asking_the_same_thing_within_days_is_flagged(officer, pair):
    first, again = pair
    assert looks_like_duplicate(first, again) and looks_like_duplicate(again, first)
    other_person = received(
        officer, D(2026, 9, 19), name="李四", id_number="110105194912310036", phone="13900005678"
    )
    much_later = received(officer, D(2026, 10, 20))
    other_request = received(officer, D(2026, 9, 19), description="本旗2026年失业保险金领取人数")
    found = possible_duplicates([first, again, other_person, much_later, other_request])
    assert found[first.pk] == [again] and found[again.pk] == [first]
    assert other_person.pk not in found and much_later.pk not in found and other_request.pk not in found


def test_same_name_and_phone_is_the_same_applicant_even_with_another_id_type(officer):
    first = received(officer, D(2026, 9, 18))
    again = received(officer, D(2026, 9, 18), id_type="passport", id_number="E12345678")
    assert looks_like_duplicate(first, again)
    namesake = received(officer, D(2026, 9, 18), id_number="110105194912310036", phone="13900005678")
    assert not looks_like_duplicate(first, namesake)  # another 张三


def test_the_queue_and_the_case_page_flag_the_pair(client, officer, pair):
    first, again = pair
    client.force_login(officer)
    html = client.get("/staff/requests/").content.decode()
    assert html.count("可能重复") == 2
    assert f"/staff/requests/{again.pk}/" in html and f"/staff/requests/{first.pk}/" in html
    html = client.get(f"/staff/requests/{again.pk}/").content.decode()
    assert "可能是重复提交" in html and first.code in html
    assert f'value="{first.code}"' in html  # the merge form suggests the earlier one


def test_merging_on_the_case_page_ends_the_duplicate_and_counts_it_once(client, officer, pair):
    """GIVEN the same request twice WHEN staff merge the later one into the first THEN the duplicate is
    closed and points to the first, the step is audited, the queue no longer flags them and the annual
    report counts one application."""
    first, again = pair
    assert section_three(2026, Q(body=first.body))["new"]["total"] == 2
    client.force_login(officer)
    response = client.post(
        f"/staff/requests/{again.pk}/act/merge/",
        {"merge-on": "2026-09-22", "merge-into": first.code.lower(), "merge-note": "网上提交两次"},
    )
    assert response.status_code == 302
    again.refresh_from_db()
    assert (again.merged_into, again.status, again.closed_on) == (first, "closed", D(2026, 9, 22))
    entry = AuditEntry.objects.get(action="request.merged")
    assert (entry.actor, entry.target, entry.details["into"]) == (officer, again.code, first.code)
    three = section_three(2026, Q(body=first.body))
    assert three["new"]["total"] == 1 and three["carried_forward"]["total"] == 1
    html = client.get("/staff/requests/?show=all").content.decode()
    assert "可能重复" not in html and "已合并到" in html
    html = client.get(f"/staff/requests/{again.pk}/").content.decode()
    assert "已合并到" in html and "act/reply/" not in html
    assert again.code in client.get(f"/staff/requests/{first.pk}/").content.decode()


def test_merge_refusals_are_said_on_the_form_with_the_input_kept(client, officer, pair):
    first, _again = pair
    stranger = received(
        officer, D(2026, 9, 19), name="李四", id_number="110105194912310036", phone="13900005678"
    )
    client.force_login(officer)
    response = client.post(
        f"/staff/requests/{stranger.pk}/act/merge/",
        {"merge-on": "2026-09-22", "merge-into": first.code, "merge-note": "看错了"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "申请人不同" in html and "看错了" in html
    response = client.post(
        f"/staff/requests/{stranger.pk}/act/merge/",
        {"merge-on": "2026-09-22", "merge-into": "ZZZZZZZZZZZZ", "merge-note": ""},
    )
    assert response.status_code == 400 and "没有这个查询码的申请" in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.merged_into is None and stranger.status == "in_progress"


def test_a_request_repeated_after_the_reply_is_a_repeat_not_a_merge(officer, pair):
    first, again = pair
    services.reply(
        first, on=D(2026, 9, 20), result="granted", reply_type="2", note="已提供", acting_user=officer
    )
    with pytest.raises(ValidationError, match="不予处理：重复申请"):
        services.merge_application(again, first, on=D(2026, 9, 22), acting_user=officer)


def test_only_the_office_merges_and_never_twice(officer, editor, pair):
    from django.core.exceptions import PermissionDenied

    first, again = pair
    with pytest.raises(PermissionDenied):
        services.merge_application(again, first, on=D(2026, 9, 22), acting_user=editor)
    services.merge_application(again, first, on=D(2026, 9, 22), acting_user=officer)
    with pytest.raises(ValidationError, match="已经合并到"):
        services.merge_application(
            Application.objects.get(pk=again.pk), first, on=D(2026, 9, 22), acting_user=officer
        )
    with pytest.raises(ValidationError, match="本身已经合并"):
        services.merge_application(
            first, Application.objects.get(pk=again.pk), on=D(2026, 9, 22), acting_user=officer
        )


def test_a_duplicate_not_yet_received_is_closed_by_the_merge(officer, pair):
    first, _again = pair
    # Arrived by fax and not yet confirmed with the applicant (条例第三十一条): no receipt date, no clock.
    posted = services.submit_application(dict(FIELDS), channel="fax", body=first.body)
    assert posted.received_on is None
    merged = services.merge_application(posted, first, on=D(2026, 9, 22), acting_user=officer)
    assert (merged.status, merged.closed_on) == ("closed", D(2026, 9, 22))


def test_the_applicant_is_told_which_code_to_follow(client, officer, pair):
    first, again = pair
    services.merge_application(again, first, on=D(2026, 9, 22), acting_user=officer)
    response = client.post("/apply/status/", {"code": again.code, "phone_last4": "1234"})
    html = response.content.decode()
    assert "已经合并到查询码" in html
    assert " ".join(first.code[i : i + 4] for i in range(0, 12, 4)) in html
