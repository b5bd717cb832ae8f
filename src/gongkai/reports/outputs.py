"""One annual report in every output format: the web page, JSON, standalone HTML, PDF, DOCX and XLSX.

Every format is drawn from the same `ReportDocument` and the same layout helpers below, so the headings,
rows, columns and numbers cannot drift apart between formats. The layout follows the 2021 national
template (国办公开办函〔2021〕30号) as written down in `template.py`.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.services import empty_section_two, report_tables, rollup_tables
from gongkai.reports.template import (
    COLUMNS,
    HEADING_ROWS,
    ORG_COLUMNS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    ROWS,
    SECTION_TITLES,
    SECTION_TWO,
)

SECTION_KEYS = ["一", "二", "三", "四", "五", "六"]
# Wording of the official tables that template.py does not hold because no figure hangs on it.
TWO_LABEL_HEADER = "信息内容"
THREE_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
THREE_BAND = "申请人情况"
ORG_HEADER = "法人或其他组织"
DRAFT_MARK = "草稿"
EMPTY_TEXT_PUBLISHED = "无。"
EMPTY_TEXT_DRAFT = "（尚未填写）"
REPORT_CSS = Path(__file__).parent / "static" / "reports" / "report.css"


@dataclass
class ReportDocument:
    """What every output shows: the texts and the three tables of one year's report."""

    year: int
    publisher: str
    state: str
    overview: str
    problems: str
    other_matters: str
    two: dict
    three: dict
    four: dict
    adjustment_note: str = ""
    has_adjustments: bool = False
    opened: bool = True  # False: no report row yet, figures computed for a preview
    published_at: object = None
    version: int = 1
    correction_note: str = ""
    superseded_at: object = None

    @property
    def is_draft(self) -> bool:
        return self.state == ReportState.DRAFT

    @property
    def is_superseded(self) -> bool:
        return self.state == ReportState.SUPERSEDED

    @property
    def title(self) -> str:
        return f"{self.publisher}{self.year}年政府信息公开工作年度报告"

    @property
    def state_label(self) -> str:
        return ReportState(self.state).label


def document_for(report: AnnualReport, tables: dict | None = None) -> ReportDocument:
    """The report as its outputs see it; pass `tables` when the caller has computed them already."""
    tables = tables or report_tables(report)
    return ReportDocument(
        year=report.year,
        publisher=report.publisher,
        state=report.state,
        overview=report.overview,
        problems=report.problems,
        other_matters=report.other_matters,
        two=tables["section_two"],
        three=tables["section_three"],
        four=tables["section_four"],
        adjustment_note=report.adjustment_note,
        has_adjustments=bool(report.adjustments),
        opened=report.pk is not None,
        published_at=report.published_at,
        version=report.version,
        correction_note=report.correction_note,
        superseded_at=report.superseded_at,
    )


def rollup_document(body, year: int) -> ReportDocument:
    """The added-up report of `body` and every body below it (a county's summary of its bodies)."""
    tables = rollup_tables(body, year)
    return ReportDocument(
        year=year,
        publisher=f"{body.name}（含所属各单位汇总）",
        state=ReportState.DRAFT,
        overview="",
        problems="",
        other_matters="",
        two=tables["section_two"],
        three=tables["section_three"],
        four=tables["section_four"],
        adjustment_note="",
        has_adjustments=False,
        opened=True,
        published_at=None,
    )


def preview_report(year: int, body) -> AnnualReport:
    """An unsaved draft of a year nobody has opened yet: its tables are computed from the records as usual."""
    return AnnualReport(body=body, year=year, publisher=body.name, section_two=empty_section_two())


# --------------------------------------------------------------------------- layout shared by all formats


def number(value) -> str:
    """Whole numbers without a decimal point; 万元 amounts with up to four decimals, no trailing zeros."""
    if value is None:
        return ""
    if float(value) == int(value):
        return str(int(value))
    return f"{float(value):.4f}".rstrip("0").rstrip(".")


def paragraphs(doc: ReportDocument, text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if lines:
        return lines
    return [EMPTY_TEXT_DRAFT if doc.is_draft else EMPTY_TEXT_PUBLISHED]


def two_blocks(doc: ReportDocument) -> list[dict]:
    """Section 二: four small tables, each with its block name, value columns and rows."""
    return [
        {
            "name": block,
            "columns": columns,
            "rows": [{"label": row, "cells": [number(doc.two[row][col]) for col in columns]} for row in rows],
        }
        for block, rows, columns in SECTION_TWO
    ]


def three_rows(doc: ReportDocument) -> list[dict]:
    """Section 三 in the template's order; the heading row 三、本年度办理结果 has no cells."""
    rows = []
    for key, label, level in ROWS:
        heading = key in HEADING_ROWS
        cells = [] if heading else [number(doc.three[key][col]) for col, _ in COLUMNS]
        rows.append({"key": key, "label": label, "level": level, "heading": heading, "cells": cells})
    return rows


def three_groups(doc: ReportDocument) -> list[dict]:
    """The rows cut where the template's heading row starts a group, for <tbody> and a rowgroup header."""
    groups: list[dict] = []
    for row in three_rows(doc):
        if row["heading"]:
            groups.append({"heading": row["label"], "rows": []})
            continue
        if row["level"] == 0 and (not groups or groups[-1]["heading"] is not None):
            groups.append({"heading": None, "rows": []})
        groups[-1]["rows"].append(row)
    return groups


def three_columns() -> dict:
    """Section 三's header: 自然人, the five organisation types under one band, 总计."""
    labels = dict(COLUMNS)
    return {
        "first": labels[COLUMNS[0][0]],
        "orgs": [labels[key] for key in ORG_COLUMNS],
        "last": labels[COLUMNS[-1][0]],
        "count": len(COLUMNS),
    }


def four_header() -> list[dict]:
    """Section 四's blocks under their group (行政复议; 行政诉讼 › two blocks), each with five columns."""
    groups: list[dict] = []
    for key, label in REVIEW_BLOCKS:
        group, _, sub = label.partition("：")
        if not groups or groups[-1]["name"] != group:
            groups.append({"name": group, "blocks": []})
        groups[-1]["blocks"].append(
            {"key": key, "name": sub, "columns": [name for _, name in REVIEW_COLUMNS]}
        )
    for group in groups:
        group["span"] = sum(len(block["columns"]) for block in group["blocks"])
        # A group that is its own block (行政复议) has no second header row: its name covers both.
        group["split"] = any(block["name"] for block in group["blocks"])
    return groups


def four_cells(doc: ReportDocument) -> list[str]:
    return [number(doc.four[block][col]) for block, _ in REVIEW_BLOCKS for col, _ in REVIEW_COLUMNS]


def layout(doc: ReportDocument) -> dict:
    """Everything a template needs to draw the report."""
    return {
        "doc": doc,
        "titles": SECTION_TITLES,
        "overview": paragraphs(doc, doc.overview),
        "problems": paragraphs(doc, doc.problems),
        "other_matters": paragraphs(doc, doc.other_matters),
        "two_blocks": two_blocks(doc),
        "two_label_header": TWO_LABEL_HEADER,
        "three_groups": three_groups(doc),
        "three_columns": three_columns(),
        "three_corner": THREE_CORNER,
        "three_band": THREE_BAND,
        "org_header": ORG_HEADER,
        "four_header": four_header(),
        "four_cells": four_cells(doc),
        "four_block_width": len(REVIEW_COLUMNS),
        "draft_mark": DRAFT_MARK,
    }


# --------------------------------------------------------------------------- JSON


def labels() -> dict:
    return {
        "sections": dict(zip(SECTION_KEYS, SECTION_TITLES, strict=True)),
        "二": [{"block": block, "rows": rows, "columns": columns} for block, rows, columns in SECTION_TWO],
        "三": {
            "rows": {key: label for key, label, _ in ROWS},
            "indent": {key: level for key, _, level in ROWS},
            "columns": dict(COLUMNS),
            "column_groups": {ORG_HEADER: ORG_COLUMNS},
        },
        "四": {"blocks": dict(REVIEW_BLOCKS), "columns": dict(REVIEW_COLUMNS)},
    }


def to_data(doc: ReportDocument) -> dict:
    return {
        "year": doc.year,
        "publisher": doc.publisher,
        "title": doc.title,
        "state": doc.state,
        "state_label": doc.state_label,
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "version": doc.version,
        "correction_note": doc.correction_note,
        "superseded_at": doc.superseded_at.isoformat() if doc.superseded_at else None,
        "sections": {
            "一": doc.overview,
            "二": doc.two,
            "三": doc.three,
            "四": doc.four,
            "五": doc.problems,
            "六": doc.other_matters,
        },
        "adjustment_note": doc.adjustment_note if doc.has_adjustments else "",
        "labels": labels(),
    }


def to_json(doc: ReportDocument) -> bytes:
    return json.dumps(to_data(doc), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


# --------------------------------------------------------------------------- HTML and PDF


def report_css() -> str:
    return REPORT_CSS.read_text(encoding="utf-8")


def to_html(doc: ReportDocument) -> bytes:
    """A standalone page (styles inlined) to save or mail; the site's page is views_public.report_page."""
    context = {**layout(doc), "report_css": mark_safe(report_css())}  # noqa: S308 - our own file
    return render_to_string("reports/standalone.html", context).encode("utf-8")


def to_pdf(doc: ReportDocument) -> bytes:
    from gongkai.printing.pdf import render_pdf

    context = {**layout(doc), "publisher": doc.publisher, "report_css": mark_safe(report_css())}  # noqa: S308
    return render_pdf("reports/pdf.html", context)


# --------------------------------------------------------------------------- all formats


def to_docx(doc: ReportDocument) -> bytes:
    from gongkai.reports.word import report_docx

    return report_docx(doc)


def to_xlsx(doc: ReportDocument) -> bytes:
    from gongkai.reports.excel import report_xlsx

    return report_xlsx(doc)


FORMATS = {
    "json": (to_json, "application/json; charset=utf-8"),
    "html": (to_html, "text/html; charset=utf-8"),
    "pdf": (to_pdf, "application/pdf"),
    "docx": (to_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
BINARY_FORMATS = ("pdf", "docx", "xlsx")


def render(doc: ReportDocument, fmt: str) -> bytes:
    return FORMATS[fmt][0](doc)


def content_type(fmt: str) -> str:
    return FORMATS[fmt][1]


def filenames(doc: ReportDocument, fmt: str) -> tuple[str, str]:
    """(ASCII fallback, Chinese name) for a download."""
    suffix = f"（{DRAFT_MARK}）" if doc.is_draft else ""
    return f"annual-report-{doc.year}.{fmt}", f"{doc.year}年政府信息公开工作年度报告{suffix}.{fmt}"
