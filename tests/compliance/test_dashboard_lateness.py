"""The dashboard (issue 13.15) says how late each late item is, where it stands and who holds it; submitting
or approving a guide with elements missing asks first and names them."""

import datetime

import pytest
from lxml import html as lxml_html

from gongkai.compliance.clock import build_dashboard
from gongkai.guides import services
from gongkai.guides.models import RevisionState
from tests.guides.helpers import FULL_CONTENT, publish

D = datetime.date


def _draft(item, editor, formed_on, content=None):
    rev = services.start_revision(item, acting_user=editor)
    return services.save_draft(
        rev,
        content=content or FULL_CONTENT,
        is_major=False,
        change_note="",
        formed_on=formed_on,
        acting_user=editor,
    )


def test_late_items_say_how_late_where_they_stand_and_who_holds_them(
    client, seeded, editor, reviewer, officer
):
    """GIVEN on 2026-11-02: a draft due 10-22 (editor), a submitted change due 10-22, and a published guide
    due 10-22 not yet in the hall. 10-23, 10-26..30 and 11-02 are 7 working days after 10-22."""
    formed = D(2026, 9, 18)  # due 2026-10-22 (see test_clock)
    _draft(seeded.items.get(seq=1), editor, formed)
    services.submit_revision(_draft(seeded.items.get(seq=2), editor, formed), acting_user=editor)
    publish(seeded.items.get(seq=3), editor, reviewer, formed_on=formed, website_on=D(2026, 10, 20))

    board = build_dashboard(D(2026, 11, 2))
    by_item = {}
    for clock in board.overdue:
        by_item.setdefault(clock.revision.item.seq, []).append(clock)
    assert {c.lateness for clocks in by_item.values() for c in clocks} == {"已超期 7 个工作日"}
    assert {(c.stage, c.holder) for c in by_item[1]} == {("草稿", "编辑 editor")}
    assert {(c.stage, c.holder) for c in by_item[2]} == {("待审核", "审核人")}
    assert {(c.channel_name, c.stage) for c in by_item[3]} == {
        ("政务服务中心", "已发布待张贴"),
        ("基层公共服务平台", "已发布待张贴"),
    }


def test_the_dashboard_page_shows_lateness_not_zero_remaining(client, seeded, editor, reviewer, officer):
    publish(seeded.items.get(seq=3), editor, reviewer, formed_on=D(2025, 9, 26), website_on=D(2025, 10, 10))
    client.force_login(officer)
    page = client.get("/staff/").content.decode()
    tree = lxml_html.fromstring(page)
    table = tree.xpath("//h2[text()='已超期未公开']/following-sibling::*[1]//table")[0]
    text = table.text_content()
    assert "已超期" in text and "个工作日" in text and "已发布待张贴" in text and "政务公开办" in text
    cells = [td.text_content().strip() for td in table.xpath(".//tbody/tr/td[last()]")]
    assert all(c.startswith("已超期 ") for c in cells) and "0" not in cells


@pytest.fixture
def half_written(seeded, editor):
    """A draft with only the summary and the materials written."""
    content = {"summary": "为职工办理参保登记", "materials": FULL_CONTENT["materials"]}
    return _draft(seeded.items.get(seq=5), editor, D(2026, 11, 2), content=content)


def test_submitting_with_elements_missing_needs_confirming(half_written, editor):
    with pytest.raises(services.MissingElements) as refused:
        services.submit_revision(half_written, acting_user=editor)
    assert "办理方式" in refused.value.missing and "监督投诉渠道" in refused.value.missing
    assert len(refused.value.missing) == 8
    half_written.refresh_from_db()
    assert half_written.state == RevisionState.DRAFT
    assert services.submit_revision(half_written, acting_user=editor, missing_confirmed=True).state == (
        RevisionState.SUBMITTED
    )


def test_approving_with_elements_missing_asks_the_reviewer_first(client, half_written, editor, reviewer):
    services.submit_revision(half_written, acting_user=editor, missing_confirmed=True)
    client.force_login(reviewer)
    url = f"/staff/guides/rev/{half_written.pk}/approve/"
    response = client.post(url, {"publish_at": "", "comment": "先发布，其余下周补"})
    page = response.content.decode()
    assert response.status_code == 200 and "还缺 8 项要素" in page and "结果送达" in page
    assert 'value="先发布，其余下周补"' in page  # what the reviewer typed goes along
    half_written.refresh_from_db()
    assert half_written.state == RevisionState.SUBMITTED
    client.post(url, {"publish_at": "", "comment": "先发布，其余下周补", "missing_confirmed": "1"})
    half_written.refresh_from_db()
    assert (
        half_written.state == RevisionState.PUBLISHED and half_written.review_comment == "先发布，其余下周补"
    )
