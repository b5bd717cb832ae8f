"""The known-answer year 2025 (the cases of test_annual_tables.py, plus review cases and the staff-entered
parts), and every figure its report must show, written out by hand so the outputs are checked against
the template rather than against the code that computes them."""

import datetime

from lxml import html as lxml_html

from gongkai.inforequests import services as cases
from gongkai.inforequests.choices import REPLY_TYPES_FOR_RESULT, ReplyType, Result
from gongkai.reports import services
from gongkai.reports.template import (
    COLUMNS,
    HEADING_ROWS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    ROWS,
    SECTION_TITLES,
)
from tests.inforequests.helpers import received

D = datetime.date
YEAR = 2025


def _reply(app, officer, on, result=Result.GRANTED):
    return cases.reply(
        app,
        on=on,
        result=result,
        reply_type=REPLY_TYPES_FOR_RESULT.get(result, (ReplyType.DISCLOSED,))[0],
        note="答复",
        acting_user=officer,
    )


def build_cases(officer) -> dict:
    """A: 2024-12-20 → replied 2025-01-10 (person, granted). B: all in 2024. C: 2025 commercial, denied (third party).
    D: 2025-12-01 legal, still open. E: 2025 person, correction never supplied. F: 2025-12-15 person → replied 2026-01-05."""
    a = received(officer, D(2024, 12, 20))
    _reply(a, officer, D(2025, 1, 10))
    b = received(officer, D(2024, 12, 1))
    _reply(b, officer, D(2024, 12, 20))
    c = received(
        officer,
        D(2025, 3, 2),
        applicant_type="commercial",
        id_type="credit_code",
        id_number="91150000MA0N000000",
    )
    _reply(c, officer, D(2025, 3, 20), Result.DENIED_THIRD_PARTY)
    d = received(officer, D(2025, 12, 1), applicant_type="legal", name="某律师事务所")
    e = received(officer, D(2025, 6, 2))
    cases.request_correction(e, on=D(2025, 6, 4), what="请写明", deadline=D(2025, 6, 20), acting_user=officer)
    cases.lapse_correction(e, on=D(2025, 6, 23), acting_user=officer)
    f = received(officer, D(2025, 12, 15))
    _reply(f, officer, D(2026, 1, 5))
    for app in (a, b, c, d, e, f):
        app.refresh_from_db()
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def build_year_of_cases(officer) -> dict:
    """The cases of `build_cases`, and review cases: C reviewed and upheld in 2025, C then taken to court
    (pending); A taken to court directly in November 2025 and decided in 2026 (so still pending at the end
    of 2025)."""
    found = build_cases(officer)
    a, c = found["a"], found["c"]
    review = cases.record_review_case(c, kind="review", filed_on=D(2025, 4, 10), acting_user=officer)
    cases.decide_review_case(review, outcome="upheld", decided_on=D(2025, 6, 1), acting_user=officer)
    cases.record_review_case(c, kind="litigation_after_review", filed_on=D(2025, 7, 1), acting_user=officer)
    late = cases.record_review_case(a, kind="litigation_direct", filed_on=D(2025, 11, 1), acting_user=officer)
    cases.decide_review_case(late, outcome="corrected", decided_on=D(2026, 2, 1), acting_user=officer)
    return found


def _table(rows, columns, cells: dict) -> dict:
    table = {row: {col: 0 for col in columns} for row in rows}
    for (row, col), n in cells.items():
        table[row][col] = n
    return table


# Section 三 of 2025, every cell. Zero unless listed.
EXPECTED_THREE = _table(
    [key for key, _, _ in ROWS if key not in HEADING_ROWS],
    [key for key, _ in COLUMNS],
    {
        ("new", "person"): 2,
        ("new", "commercial"): 1,
        ("new", "legal"): 1,
        ("new", "total"): 4,
        ("carried_over", "person"): 1,
        ("carried_over", "total"): 1,
        ("granted", "person"): 1,
        ("granted", "total"): 1,
        ("denied", "commercial"): 1,
        ("denied", "total"): 1,
        ("denied_4", "commercial"): 1,
        ("denied_4", "total"): 1,
        ("other", "person"): 1,
        ("other", "total"): 1,
        ("other_1", "person"): 1,
        ("other_1", "total"): 1,
        ("total", "person"): 2,
        ("total", "commercial"): 1,
        ("total", "total"): 3,
        ("carried_forward", "person"): 1,
        ("carried_forward", "legal"): 1,
        ("carried_forward", "total"): 2,
    },
)

EXPECTED_FOUR = _table(
    [key for key, _ in REVIEW_BLOCKS],
    [key for key, _ in REVIEW_COLUMNS],
    {
        ("review", "upheld"): 1,
        ("review", "total"): 1,
        ("litigation_direct", "pending"): 1,
        ("litigation_direct", "total"): 1,
        ("litigation_after_review", "pending"): 1,
        ("litigation_after_review", "total"): 1,
    },
)

SECTION_TWO_VALUES = {
    "规章": {"本年制发件数": 2, "本年废止件数": 1, "现行有效件数": 15},
    "行政规范性文件": {"本年制发件数": 3, "本年废止件数": 0, "现行有效件数": 27},
    "行政许可": {"本年处理决定数量": 1234},
    "行政处罚": {"本年处理决定数量": 5},
    "行政强制": {"本年处理决定数量": 0},
    "行政事业性收费": {"本年收费金额（单位：万元）": 12.35},
}

OVERVIEW = "2025年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。\n全年新收政府信息公开申请4件。"
PROBLEMS = "一是主动公开的及时性还需提高。\n二是下一步将加强培训。"
OTHER = "本年度未收取信息处理费。"


def fill_report(officer, year: int = YEAR):
    """Open the year's report and write its texts and section 二, as the office would."""
    report = services.open_report(year, acting_user=officer)
    return services.update_report(
        report,
        overview=OVERVIEW,
        problems=PROBLEMS,
        other_matters=OTHER,
        section_two=SECTION_TWO_VALUES,
        acting_user=officer,
    )


FIGURE_ROWS = [(key, label) for key, label, _ in ROWS if key not in HEADING_ROWS]
FOUR_FIGURES = [str(EXPECTED_FOUR[block][col]) for block, _ in REVIEW_BLOCKS for col, _ in REVIEW_COLUMNS]


def expected_row(key: str) -> list[str]:
    """Section 三's figures of one row as printed, in column order."""
    return [str(EXPECTED_THREE[key][col]) for col, _ in COLUMNS]


def rows_of(table) -> list[list[str]]:
    return [
        [cell.text_content().strip() for cell in tr.xpath("./th|./td")] for tr in table.xpath(".//tbody/tr")
    ]


def check_html_tables(page: str) -> None:
    tree = lxml_html.fromstring(page)
    assert [h.text_content() for h in tree.xpath("//h2[starts-with(@id, 'sec-')]")] == SECTION_TITLES
    # 三: one row per template row, in order, with the label as a row header and every figure.
    three = tree.xpath("//table[contains(@class, 'three-table')]")[0]
    body = rows_of(three)
    assert [r[0] for r in body] == [label for _, label, _ in ROWS]
    for (key, label), row in zip(FIGURE_ROWS, [r for r in body if len(r) > 1], strict=True):
        assert row == [label, *expected_row(key)], key
    assert three.xpath(".//tbody//th[@scope='row']") and three.xpath(".//caption")
    org = three.xpath(".//thead//th[text()='法人或其他组织']")[0]
    assert org.get("colspan") == "5" and org.get("scope") == "colgroup"
    indents = {th.text_content(): th.get("class") for th in three.xpath(".//tbody//th")}
    assert indents["（三）不予公开"] == "indent-1" and indents["4.保护第三方合法权益"] == "indent-2"
    # 四: three blocks of five; 行政诉讼 spans two blocks.
    four = tree.xpath("//table[contains(@class, 'four-table')]")[0]
    assert rows_of(four) == [FOUR_FIGURES]
    assert four.xpath(".//th[text()='行政诉讼']")[0].get("colspan") == "10"
    assert four.xpath(".//th[text()='行政复议']")[0].get("rowspan") == "2"
    # 二: four small tables, each with its block as caption.
    two = tree.xpath("//table[contains(@class, 'two-table')]")
    assert [t.xpath("./caption")[0].text_content() for t in two] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert rows_of(two[0]) == [["规章", "2", "1", "15"], ["行政规范性文件", "3", "0", "27"]]
    assert rows_of(two[1]) == [["行政许可", "1234"]]
    assert rows_of(two[2]) == [["行政处罚", "5"], ["行政强制", "0"]]
    assert rows_of(two[3]) == [["行政事业性收费", "12.35"]]
    # The wide tables scroll inside a focusable box on a phone; nothing uses an inline style (CSP).
    assert len(tree.xpath("//div[contains(@class, 'report-scroll')][@tabindex='0']")) == 2
    assert not tree.xpath("//*[@style]")
