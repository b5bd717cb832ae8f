"""The staff guide list (issue 13.17): search by name, 序号 and text; filters by state, dates and channel;
pages; the filtered list as XLSX with formula-looking text kept as text; a constant number of queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.catalog.models import Channel
from gongkai.guides import services
from tests.guides.helpers import FULL_CONTENT, publish

D = datetime.date


@pytest.fixture
def guides(seeded, editor, reviewer):
    """Item 4 published (formed 2026-09-18), item 5 a draft (formed 2026-11-02) mentioning 灵活就业."""
    publish(seeded.items.get(seq=4), editor, reviewer, formed_on=D(2026, 9, 18))
    rev = services.start_revision(seeded.items.get(seq=5), acting_user=editor)
    services.save_draft(
        rev,
        content={**FULL_CONTENT, "summary": "灵活就业人员办理参保", "hours": "周一至周五"},
        is_major=True,
        change_note="x",
        formed_on=D(2026, 11, 2),
        acting_user=editor,
    )
    return seeded


def _seqs(client, **params) -> list[int]:
    from lxml import html as lxml_html

    page = client.get("/staff/guides/", params).content.decode()
    rows = lxml_html.fromstring(page).xpath("//table[@class='data-table']/tbody/tr")
    return [int(row.xpath("./td[1]")[0].text_content()) for row in rows]


def test_search_and_filters(client, guides, editor):
    client.force_login(editor)
    assert _seqs(client, q="灵活就业") == [5]  # in a draft's text only
    assert _seqs(client, q="8:30-12:00") == [4]  # in the published text
    assert _seqs(client, q="77") == [77]  # a 序号
    assert _seqs(client, q="职工参保") == [4]  # a name
    assert _seqs(client, state="published") == [4]
    assert _seqs(client, state="draft") == [5]
    assert len(_seqs(client, state="none")) == 50  # 75 without a guide, first page
    assert _seqs(client, formed_from="2026-10-01") == [5]
    assert _seqs(client, formed_from="2026-09-01", formed_to="2026-09-30") == [4]
    hall = Channel.objects.get(name="政务服务中心")
    assert 4 in _seqs(client, channel=hall.pk, state="published")
    bad = client.get(
        "/staff/guides/", {"formed_from": "2026-10-01", "formed_to": "2026-09-01"}
    ).content.decode()
    assert "结束日期不能早于开始日期" in bad


def test_pages_of_fifty(client, guides, editor):
    client.force_login(editor)
    assert len(_seqs(client)) == 50
    assert _seqs(client, page=2)[0] == 51 and len(_seqs(client, page=2)) == 27
    page = client.get("/staff/guides/", {"page": 2, "state": "none"}).content.decode()
    assert "上一页" in page and "state=none" in page


def test_export_is_the_filtered_list_with_formulas_kept_as_text(client, guides, editor):
    item = guides.items.get(seq=6)
    item.name = "=cmd|' /C calc'!A0"
    item.save()
    client.force_login(editor)
    response = client.get("/staff/guides/guides.xlsx", {"q": "cmd"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][1] == "'=cmd|' /C calc'!A0"
    assert sheet.cell(row=2, column=2).data_type == "s"
    everything = load_workbook(io.BytesIO(client.get("/staff/guides/guides.xlsx").content)).active
    assert everything.max_row == 78  # header + 77 items: every page, not just the first


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_ten_items_or_two_hundred(client, catalog_of, editor):
    client.force_login(editor)
    catalog_of(10, area="十项领域")
    small = _queries(client, "/staff/guides/?q=测试")
    catalog_of(200, area="二百项领域")
    large = _queries(client, "/staff/guides/?q=测试")
    assert small == large
