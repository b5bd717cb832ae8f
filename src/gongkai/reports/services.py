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


def today() -> datetime.date:
    """The date publishing is judged by; tests replace this function to move the clock."""
    return timezone.localdate()


def year_ended(year: int, on: datetime.date | None = None) -> bool:
    """Sections 三 and 四 count a whole year, so its report can be published only once the year is over."""
    return (on or today()) > datetime.date(year, 12, 31)


def first_publish_day(year: int) -> datetime.date:
    return datetime.date(year + 1, 1, 1)


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def latest_report(year: int, body) -> AnnualReport | None:
    """The newest version of a body's report of a year: the draft of a correction, else the published one."""
    return AnnualReport.objects.filter(body=body, year=year).order_by("-version").first()


def report_versions(year: int, body) -> list[AnnualReport]:
    return list(AnnualReport.objects.filter(body=body, year=year).order_by("version"))


def report_tables(report: AnnualReport) -> dict:
    """Sections 二, 三, 四 as published (frozen) or as they stand today (draft)."""
    if report.is_frozen and report.published_tables:
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
    reports: dict[int, AnnualReport] = {}
    # A body's published version counts; a draft only where nothing is published (a correction in progress
    # does not change the county's figures until it is published).
    for report in AnnualReport.objects.filter(body__in=bodies, year=year).exclude(
        state=ReportState.SUPERSEDED
    ):
        if report.body_id not in reports or report.is_published:
            reports[report.body_id] = report
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
    report = latest_report(year, body)
    if report is not None:
        return report
    report = AnnualReport.objects.create(
        body=body, year=year, publisher=body.name, section_two=empty_section_two()
    )
    record("report.open", actor=acting_user, target=report.title, body=body)
    return report


def _editable(report: AnnualReport) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_frozen:
        raise ValidationError("已发布的年度报告不能修改；要改正，请发布更正版本")
    return report


@transaction.atomic
def start_correction(report: AnnualReport, *, note: str, acting_user) -> AnnualReport:
    """A new version of a published report, to correct it. The published one stays public until the
    correction is published; then it is kept and marked as superseded."""
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=report.body)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_published:
        raise ValidationError("只有已发布的年度报告才需要更正")
    if AnnualReport.objects.filter(body=report.body_id, year=report.year, state=ReportState.DRAFT).exists():
        raise ValidationError("这一年度已经有一个未发布的更正版本，请在那个版本上修改")
    note = note.strip()
    if not note:
        raise ValidationError(
            {"correction_note": "请写明更正了什么、为什么更正，这段说明会和更正后的报告一起公开"}
        )
    correction = AnnualReport.objects.create(
        body=report.body,
        year=report.year,
        version=report.version + 1,
        publisher=report.publisher,
        correction_note=note,
        overview=report.overview,
        problems=report.problems,
        other_matters=report.other_matters,
        section_two=report.section_two,
        adjustments=report.adjustments,
        adjustment_note=report.adjustment_note,
    )
    record(
        "report.correct",
        actor=acting_user,
        target=correction.title,
        details={"version": correction.version},
        body=report.body,
    )
    return correction


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
    correction_note=None,
) -> AnnualReport:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=report.body)
    report = _editable(report)
    if correction_note is not None and not report.is_correction:
        correction_note = None  # a first version has nothing to correct
    for name, value in (
        ("overview", overview),
        ("problems", problems),
        ("other_matters", other_matters),
        ("adjustment_note", adjustment_note),
        ("correction_note", correction_note),
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


def publish_refusals(report: AnnualReport, tables: dict, on: datetime.date | None = None) -> list[str]:
    """Everything that stops publishing on that day (today), in words for the confirmation page."""
    refusals = []
    if not year_ended(report.year, on):
        refusals.append(
            f"{report.year} 年还没有结束：表三、表四要统计全年的申请，"
            f"{_chinese_date(first_publish_day(report.year))}起才能发布。"
        )
    failures = report_checks(report, tables)
    if failures:
        refusals += ["检查没有通过，不能发布："] + [str(f) for f in failures]
    if not report.overview.strip():
        refusals.append("请填写“一、总体情况”")
    if report.is_correction and not report.correction_note.strip():
        refusals.append("请写明更正说明：更正了什么、为什么更正")
    return refusals


def changed_cells(before: dict, after: dict) -> list[str]:
    """Cells of sections 二, 三, 四 that differ between two sets of tables, e.g. '三 · 予以公开 · 自然人：1 → 2'."""
    from gongkai.reports.template import REVIEW_BLOCKS, REVIEW_COLUMNS, column_label, row_label

    blocks, review_columns = dict(REVIEW_BLOCKS), dict(REVIEW_COLUMNS)

    changes = []
    for key, name in (("section_two", "二"), ("section_three", "三"), ("section_four", "四")):
        old, new = before.get(key) or {}, after.get(key) or {}
        for row, cells in new.items():
            for col, value in cells.items():
                was = (old.get(row) or {}).get(col)
                if was != value:
                    if key == "section_three":
                        where = f"{row_label(row)} · {column_label(col)}"
                    elif key == "section_four":
                        where = f"{blocks.get(row, row)} · {review_columns.get(col, col)}"
                    else:
                        where = f"{row} · {col}"
                    changes.append(f"{name} · {where}：{was if was is not None else '—'} → {value}")
    return changes


@transaction.atomic
def publish_report(report: AnnualReport, *, acting_user, on: datetime.date | None = None) -> AnnualReport:
    """Publish once the year is over and every check passes; the tables are frozen as published.

    Publishing a correction marks the version it corrects as superseded; that one stays readable."""
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=report.body)
    report = _editable(report)
    tables = report_tables(report)
    refusals = publish_refusals(report, tables, on)
    if refusals:
        raise ValidationError(refusals)
    now = timezone.now()
    replaced = list(
        AnnualReport.objects.select_for_update().filter(
            body=report.body_id, year=report.year, state=ReportState.PUBLISHED
        )
    )
    for old in replaced:
        old.state = ReportState.SUPERSEDED
        old.superseded_at = now
        old.save(update_fields=["state", "superseded_at", "updated_at"])
    report.published_tables = tables
    report.state = ReportState.PUBLISHED
    report.published_at = now
    report.published_by = acting_user
    report.save()
    record(
        "report.publish",
        actor=acting_user,
        target=report.title,
        details={"version": report.version, "supersedes": [old.version for old in replaced]},
        body=report.body,
    )
    return report


def known_figures(year: int, body) -> list[str]:
    """Figures the system holds about `body`, offered to staff to quote in sections 一, 五 and 六."""
    from django.db.models import Count

    from gongkai.compliance.clock import all_clocks, on_time_rates
    from gongkai.guides.models import GuideRevision, Language
    from gongkai.inforequests.models import Application
    from gongkai.reports.stats import handling_time

    end = datetime.date(year, 12, 31)
    published = GuideRevision.objects.filter(
        published_at__year=year, item__catalog__body=body, language=Language.CHINESE
    ).aggregate(n=Count("id"), items=Count("item", distinct=True))
    lines = [f"全年发布办事指南 {published['n']} 次，涉及 {published['items']} 个事项。"]
    as_of = min(end, timezone.localdate())
    clocks = [c for c in all_clocks(as_of, catalogs=body.catalogs.all()) if c.due_on.year == year]
    by_channel, _ = on_time_rates(clocks)
    for channel, rate in by_channel.items():
        if rate.percent is not None:
            lines.append(f"{channel}按时公开率 {rate.percent}%（{rate.on_time}/{rate.decided}）。")
    # A request sent twice and merged is one application (its duplicate is not counted).
    cases = Application.objects.filter(body=body, merged_into__isnull=True)
    received = cases.filter(received_on__year=year).count()
    concluded = cases.filter(closed_on__year=year).count()
    lines.append(f"全年新收政府信息公开申请 {received} 件，办结 {concluded} 件。")
    time = handling_time(year, Q(body=body))
    if time.cases:
        lines.append(
            f"答复的 {time.cases} 件平均办理用时 {time.average:.1f} 个工作日，最长 {time.worst} 个工作日"
            "（不含补正、征求意见、缴费的时间）。"
        )
    return lines
