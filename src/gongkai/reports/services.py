"""Annual report state changes and the assembled tables every output (HTML, DOCX, XLSX, JSON, PDF) reads."""

import copy
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.accounts.roles import Role, require_role
from gongkai.audit.services import record
from gongkai.bodies.models import BodyKind
from gongkai.bodies.scope import within
from gongkai.bodies.services import default_body
from gongkai.reports.checks import check_tables
from gongkai.reports.compute import (
    add_tables,
    empty_four,
    empty_three,
    section_four,
    section_four_by_body,
    section_three,
    section_three_by_body,
)
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.template import COLUMNS, ROWS, SECTION_TWO

# 条例第四十九、五十条: a department's report by 31 January; a people's government's own report, published by
# its disclosure office, by 31 March.
DEADLINE_MONTH_DAY = (1, 31)
GOVERNMENT_DEADLINE_MONTH_DAY = (3, 31)


def empty_section_two() -> dict:
    return {row: {col: 0 for col in cols} for _block, rows, cols in SECTION_TWO for row in rows}


def report_deadline(year: int, body=None) -> datetime.date:
    """The day the year's report of `body` must be published by."""
    month_day = (
        GOVERNMENT_DEADLINE_MONTH_DAY if body is not None and body.kind == BodyKind.GOVERNMENT else None
    )
    return datetime.date(year + 1, *(month_day or DEADLINE_MONTH_DAY))


def deadline_rule(body) -> str:
    """The rule for `body`'s report deadline, in words for the staff page."""
    if body.kind == BodyKind.GOVERNMENT:
        return "条例第五十条：本级人民政府的上一年度年度报告在每年 3 月 31 日前向社会公布。"
    return "条例第四十九条：上一年度的年度报告在每年 1 月 31 日前向社会公布。"


def own_cases(body) -> Q:
    """The applications a body's own report counts: those made to it (a rollup adds the bodies below)."""
    return Q(body=body)


def _apply_adjustments(three: dict, adjustments: dict) -> dict:
    adjusted = copy.deepcopy(three)
    for row, cells in (adjustments or {}).items():
        for col, delta in cells.items():
            adjusted[row][col] += int(delta)
    return adjusted


def report_tables(report: AnnualReport) -> dict:
    """Sections 二, 三, 四 as published (frozen) or as they stand today (draft)."""
    if report.is_published and report.published_tables:
        return report.published_tables
    computed = section_three(report.year, own_cases(report.body))
    return {
        "section_two": {**empty_section_two(), **(report.section_two or {})},
        "section_three_computed": computed,
        "section_three": _apply_adjustments(computed, report.adjustments),
        "section_four": section_four(report.year, own_cases(report.body)),
    }


def rollup_tables(body, year: int) -> dict:
    """Sections 二, 三 and 四 of `body` and every body below it, added up table by table.

    Each body counts as its own report stands: frozen if published, else computed from its records with
    its staff adjustments. Two queries for 三 and 四 whatever the number of bodies.
    """
    bodies = list(body.subtree().only("pk"))
    reports = {r.body_id: r for r in AnnualReport.objects.filter(body__in=bodies, year=year)}
    owner = within([body.path])
    threes, fours = section_three_by_body(year, owner), section_four_by_body(year, owner)
    parts = []
    for member in bodies:
        report = reports.get(member.pk)
        if report is not None and report.is_published and report.published_tables:
            parts.append(report.published_tables)
            continue
        computed = threes.get(member.pk, empty_three())
        parts.append(
            {
                "section_two": {**empty_section_two(), **(report.section_two if report else {})},
                "section_three": _apply_adjustments(computed, report.adjustments if report else {}),
                "section_four": fours.get(member.pk, empty_four()),
            }
        )
    three = add_tables((p["section_three"] for p in parts), empty_three())
    return {
        "section_two": add_tables((p["section_two"] for p in parts), empty_section_two()),
        "section_three_computed": three,
        "section_three": three,
        "section_four": add_tables((p["section_four"] for p in parts), empty_four()),
    }


def previous_three(report: AnnualReport) -> dict | None:
    """Section 三 of the same body's published report of the year before, for the carried-over check."""
    previous = AnnualReport.objects.filter(
        body=report.body_id, year=report.year - 1, state=ReportState.PUBLISHED
    ).first()
    return report_tables(previous)["section_three"] if previous else None


def report_checks(report: AnnualReport, tables: dict | None = None):
    """The checks that must pass before publishing; pass `tables` when the caller has them already."""
    tables = tables or report_tables(report)
    return check_tables(tables["section_three"], tables["section_four"], previous_three(report))


@transaction.atomic
def open_report(year: int, *, acting_user, body=None) -> AnnualReport:
    """Start (or return) a body's draft report of a year; the figures come from the records."""
    body = body or default_body()
    if body is None:
        raise ValidationError("还没有设置公开主体，不能编写年度报告")
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=body)
    if year > timezone.localdate().year:
        raise ValidationError("还没到这一年，不能编写它的年度报告")
    report, created = AnnualReport.objects.get_or_create(
        body=body,
        year=year,
        defaults={"publisher": body.name, "section_two": empty_section_two()},
    )
    if created:
        record("report.open", actor=acting_user, target=report.title, body=body)
    return report


def _editable(report: AnnualReport) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError("已发布的年度报告不能修改")
    return report


@transaction.atomic
def update_report(
    report: AnnualReport,
    *,
    acting_user,
    overview=None,
    problems=None,
    other_matters=None,
    section_two=None,
    adjustments=None,
    adjustment_note=None,
) -> AnnualReport:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=report.body)
    report = _editable(report)
    for name, value in (
        ("overview", overview),
        ("problems", problems),
        ("other_matters", other_matters),
        ("adjustment_note", adjustment_note),
    ):
        if value is not None:
            setattr(report, name, value.strip())
    if section_two is not None:
        report.section_two = _clean_section_two(section_two)
    if adjustments is not None:
        report.adjustments = _clean_adjustments(adjustments)
        if report.adjustments and not report.adjustment_note:
            raise ValidationError("人工调整了表三的数字，请写明调整原因")
    report.save()
    record("report.update", actor=acting_user, target=report.title, body=report.body)
    return report


def _clean_section_two(values: dict) -> dict:
    clean = empty_section_two()
    for row, cells in values.items():
        if row not in clean:
            raise ValidationError(f"表二没有“{row}”这一行")
        for col, value in cells.items():
            if col not in clean[row]:
                raise ValidationError(f"表二“{row}”没有“{col}”这一列")
            number = float(value)
            if number < 0:
                raise ValidationError(f"表二“{row}·{col}”不能是负数")
            clean[row][col] = int(number) if number == int(number) else round(number, 4)
    return clean


def _clean_adjustments(values: dict) -> dict:
    rows = {key for key, _, _ in ROWS}
    cols = {key for key, _ in COLUMNS}
    clean = {}
    for row, cells in values.items():
        for col, delta in cells.items():
            if row not in rows or col not in cols:
                raise ValidationError(f"表三没有“{row}·{col}”这个格子")
            if int(delta):
                clean.setdefault(row, {})[col] = int(delta)
    return clean


@transaction.atomic
def publish_report(report: AnnualReport, *, acting_user) -> AnnualReport:
    """Publish once every check passes; the tables are frozen as published."""
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=report.body)
    report = _editable(report)
    tables = report_tables(report)
    failures = report_checks(report, tables)
    if failures:
        raise ValidationError(["检查没有通过，不能发布："] + [str(f) for f in failures])
    if not report.overview.strip():
        raise ValidationError("请填写“一、总体情况”")
    report.published_tables = tables
    report.state = ReportState.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = acting_user
    report.save()
    record("report.publish", actor=acting_user, target=report.title, body=report.body)
    return report


def known_figures(year: int, body) -> list[str]:
    """Figures the system holds about `body`, offered to staff to quote in sections 一, 五 and 六."""
    from django.db.models import Count

    from gongkai.compliance.clock import all_clocks, on_time_rates
    from gongkai.guides.models import GuideRevision
    from gongkai.inforequests.models import Application
    from gongkai.workdays.calendar import workdays_between

    end = datetime.date(year, 12, 31)
    published = GuideRevision.objects.filter(published_at__year=year, item__catalog__body=body).aggregate(
        n=Count("id"), items=Count("item", distinct=True)
    )
    lines = [f"全年发布办事指南 {published['n']} 次，涉及 {published['items']} 个事项。"]
    as_of = min(end, timezone.localdate())
    clocks = [c for c in all_clocks(as_of, catalogs=body.catalogs.all()) if c.due_on.year == year]
    by_channel, _ = on_time_rates(clocks)
    for channel, rate in by_channel.items():
        if rate.percent is not None:
            lines.append(f"{channel}按时公开率 {rate.percent}%（{rate.on_time}/{rate.decided}）。")
    received = Application.objects.filter(body=body, received_on__year=year).count()
    replied = list(
        Application.objects.filter(body=body, closed_on__year=year).values_list("received_on", "closed_on")
    )
    lines.append(f"全年新收政府信息公开申请 {received} 件，办结 {len(replied)} 件。")
    if replied:
        days = [workdays_between(r, c).count for r, c in replied if r]
        lines.append(f"平均办理用时 {sum(days) / len(days):.1f} 个工作日，最长 {max(days)} 个工作日。")
    return lines
