"""A year of cases with known answers, including cases carried over from and into neighbouring years."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog.services import seed_body
from gongkai.inforequests import services as cases
from gongkai.reports import services
from gongkai.reports.compute import section_four
from tests.inforequests.helpers import received
from tests.reports.helpers import build_cases

D = datetime.date


@pytest.fixture
def year_of_cases(officer):
    return build_cases(officer)


def test_section_three_2025(year_of_cases, officer):
    report = services.open_report(2025, acting_user=officer)
    three = services.report_tables(report)["section_three"]
    assert three["new"] == {
        "person": 2,
        "commercial": 1,
        "research": 0,
        "nonprofit": 0,
        "legal": 1,
        "other_org": 0,
        "total": 4,
    }
    assert three["carried_over"]["person"] == 1 and three["carried_over"]["total"] == 1
    assert three["granted"]["person"] == 1
    assert three["denied_4"]["commercial"] == 1 and three["denied"]["commercial"] == 1
    assert three["other_1"]["person"] == 1 and three["other"]["total"] == 1
    assert three["total"] == {
        "person": 2,
        "commercial": 1,
        "research": 0,
        "nonprofit": 0,
        "legal": 0,
        "other_org": 0,
        "total": 3,
    }
    assert three["carried_forward"] == {
        "person": 1,
        "commercial": 0,
        "research": 0,
        "nonprofit": 0,
        "legal": 1,
        "other_org": 0,
        "total": 2,
    }
    assert services.report_checks(report) == []


def test_next_year_carries_over_and_agrees_with_the_published_report(year_of_cases, officer):
    first = services.open_report(2025, acting_user=officer)
    services.update_report(first, overview="2025 年总体情况。", acting_user=officer)
    services.publish_report(first, acting_user=officer)
    report = services.open_report(2026, acting_user=officer)
    three = services.report_tables(report)["section_three"]
    assert three["carried_over"]["person"] == 1 and three["carried_over"]["legal"] == 1
    assert three["granted"]["person"] == 1
    assert three["carried_forward"]["legal"] == 1
    assert services.report_checks(report) == []


def test_adjustment_that_breaks_the_balance_is_named_and_blocks_publishing(year_of_cases, officer):
    report = services.open_report(2025, acting_user=officer)
    with pytest.raises(ValidationError, match="调整原因"):
        services.update_report(report, adjustments={"granted": {"person": 1}}, acting_user=officer)
    report = services.update_report(
        report,
        adjustments={"granted": {"person": 1}},
        adjustment_note="纸质办理 1 件",
        overview="x",
        acting_user=officer,
    )
    failures = [str(f) for f in services.report_checks(report)]
    assert "三 · 自然人列：一（2）+ 二（1）= 3，但 三（七）（2）+ 四（1）= 3" not in failures
    assert any(f.startswith("三 · （七）总计 · 自然人列") and "合计 3" in f for f in failures)
    assert any(f.startswith("三 · （一）予以公开 · 总计列") for f in failures)
    with pytest.raises(ValidationError, match="检查没有通过"):
        services.publish_report(report, acting_user=officer)
    # Fix it properly: the extra case also counts in the total row, the total column and as new.
    report = services.update_report(
        report,
        adjustments={
            "granted": {"person": 1, "total": 1},
            "total": {"person": 1, "total": 1},
            "new": {"person": 1, "total": 1},
        },
        acting_user=officer,
    )
    assert services.report_checks(report) == []
    services.publish_report(report, acting_user=officer)


def test_carried_over_must_match_last_years_report(year_of_cases, officer):
    first = services.open_report(2025, acting_user=officer)
    services.update_report(first, overview="x", acting_user=officer)
    services.publish_report(first, acting_user=officer)
    # A 2025 case is reopened in the records after publication: 2026's carried-over no longer matches.
    year_of_cases["f"].events.filter(kind="replied").update(on=D(2025, 12, 30))
    cases.refresh_clock(year_of_cases["f"])
    failures = [str(f) for f in services.report_checks(services.open_report(2026, acting_user=officer))]
    assert "三 · 二、上年结转 · 自然人列：本年 0，上年报告“结转下年度继续办理”为 1" in failures


def test_published_report_is_frozen(year_of_cases, officer):
    report = services.open_report(2025, acting_user=officer)
    services.update_report(report, overview="x", acting_user=officer)
    report = services.publish_report(report, acting_user=officer)
    before = services.report_tables(report)
    received(officer, D(2025, 7, 1))
    assert services.report_tables(report) == before
    with pytest.raises(ValidationError, match="不能修改"):
        services.update_report(report, overview="y", acting_user=officer)


def test_section_four_counts_review_and_litigation(year_of_cases, officer):
    c = year_of_cases["c"]
    review = cases.record_review_case(c, kind="review", filed_on=D(2025, 4, 10), acting_user=officer)
    cases.decide_review_case(review, outcome="upheld", decided_on=D(2025, 6, 1), acting_user=officer)
    cases.record_review_case(c, kind="litigation_after_review", filed_on=D(2025, 7, 1), acting_user=officer)
    late = cases.record_review_case(
        year_of_cases["a"], kind="litigation_direct", filed_on=D(2025, 11, 1), acting_user=officer
    )
    cases.decide_review_case(late, outcome="corrected", decided_on=D(2026, 2, 1), acting_user=officer)
    four = section_four(2025)
    assert four["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert four["litigation_after_review"]["pending"] == 1
    assert four["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}


def test_known_figures_offer_numbers_to_quote(year_of_cases, officer):
    lines = services.known_figures(2025, seed_body())
    assert "全年新收政府信息公开申请 4 件，办结 3 件。" in lines
