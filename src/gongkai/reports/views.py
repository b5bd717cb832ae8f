"""Staff pages of the annual report (政务公开办): the years, the editor, publishing, downloads, statistics.

Every change goes through `reports.services`; these views only collect input and show what came back.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.roles import Role, require_role, scope_paths
from gongkai.bodies.models import Body
from gongkai.bodies.scope import bodies_within
from gongkai.inforequests.models import Application
from gongkai.reports import outputs, services
from gongkai.reports.charts import LAST_YEAR, THIS_YEAR, Chart, Series
from gongkai.reports.forms import (
    FIRST_YEAR,
    CorrectionForm,
    OpenYearForm,
    ReportForm,
    adjustment_name,
    two_name,
)
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.stats import RESULT_GROUPS, YearStatistics, year_statistics
from gongkai.reports.template import COLUMNS, HEADING_ROWS, ROWS, SECTION_TITLES, SECTION_TWO
from gongkai.reports.views_public import download_response

STAFF_DOWNLOADS = [
    ("docx", "Word（DOCX）"),
    ("xlsx", "表格（XLSX）"),
    ("pdf", "PDF"),
    ("json", "数据（JSON）"),
]


def _office(request):
    require_role(request.user, Role.DISCLOSURE_OFFICE)


def _office_bodies(request):
    """The bodies whose reports this person's disclosure-office grants reach, top first."""
    return bodies_within(scope_paths(request.user, Role.DISCLOSURE_OFFICE))


def _body(request, code: str) -> Body:
    """A body in the person's scope; any other code is a 404, as if it did not exist."""
    _office(request)
    return get_object_or_404(_office_bodies(request), code=code)


def _report(request, code: str, year: int) -> AnnualReport:
    """The version staff work on: a correction being written, else the published (or draft) report."""
    report = services.latest_report(year, _body(request, code))
    if report is None:
        raise Http404("这一年度的报告还没有开始编写")
    return report


@login_required
def old_address(request, year: int):
    _office(request)
    body = _office_bodies(request).first()
    if body is None:
        raise Http404("还没有设置公开主体")
    return redirect("reports_staff:edit", body=body.code, year=year)


# --------------------------------------------------------------------------- the list of years


def year_rows(today, body: Body) -> list[dict]:
    """Every year with a report or with applications, and last year (whose report is due next year)."""
    reports: dict[int, AnnualReport] = {}
    published_years = set()
    for r in AnnualReport.objects.filter(body=body).order_by("year", "version"):
        reports[r.year] = r  # the newest version of each year
        if r.is_published:
            published_years.add(r.year)
    case_years = {
        d.year
        for d in Application.objects.filter(body=body, received_on__isnull=False).dates("received_on", "year")
    }
    years = sorted({*reports, *case_years, today.year - 1}, reverse=True)
    rows = []
    for year in years:
        if year > today.year:
            continue
        report = reports.get(year)
        deadline = services.report_deadline(year, body)
        published = year in published_years
        rows.append(
            {
                "year": year,
                "report": report,
                "deadline": deadline,
                "published": published,
                "late": not published and today > deadline,
                "due_soon": not published and today <= deadline and (deadline - today).days <= 31,
            }
        )
    return rows


@login_required
def report_list(request):
    _office(request)
    bodies = list(_office_bodies(request))
    code = request.GET.get("body")
    body = next((b for b in bodies if b.code == code), None) if code else (bodies[0] if bodies else None)
    if body is None:
        if code:
            raise Http404("没有这个单位，或不在您的管理范围内")
        return render(request, "reports/staff/no_bodies.html")
    form = OpenYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.open_report(form.cleaned_data["year"], acting_user=request.user, body=body)
        except ValidationError as error:
            form.add_error("year", error)
        else:
            return redirect("reports_staff:edit", body=body.code, year=report.year)
    today = timezone.localdate()
    context = {
        "rows": year_rows(today, body),
        "form": form,
        "today": today,
        "body": body,
        "bodies": bodies if len(bodies) > 1 else [],
        "deadline_rule": services.deadline_rule(body),
    }
    return render(request, "reports/staff/list.html", context)


# --------------------------------------------------------------------------- the editor


def two_fields(form) -> list[dict]:
    return [
        {
            "name": block,
            "columns": cols,
            "rows": [{"label": row, "fields": [form[two_name(row, col)] for col in cols]} for row in rows],
        }
        for block, rows, cols in SECTION_TWO
    ]


def three_grid(form, tables: dict) -> list[dict]:
    """Per row of section 三: computed figure, adjustment input and resulting figure of each column."""
    computed, final = tables["section_three_computed"], tables["section_three"]
    grid = []
    for key, label, level in ROWS:
        if key in HEADING_ROWS:
            grid.append({"label": label, "level": level, "heading": True})
            continue
        cells = [
            {
                "computed": computed[key][col],
                "final": final[key][col],
                "changed": computed[key][col] != final[key][col],
                "field": form[adjustment_name(key, col)],
            }
            for col, _ in COLUMNS
        ]
        grid.append({"label": label, "level": level, "heading": False, "cells": cells})
    return grid


def _edit_page(request, report: AnnualReport, form: ReportForm, *, publish_errors=None, correction_form=None):
    if report.is_frozen:
        for field in form.fields.values():
            field.disabled = True
    tables = services.report_tables(report)
    adjusting = bool(report.adjustments) or any(name.startswith("adj__") for name in form.errors)
    context = {
        **outputs.layout(outputs.document_for(report, tables)),
        "report": report,
        "adjusting": adjusting or "adjustment_note" in form.errors,
        "form": form,
        "titles": SECTION_TITLES,
        "deadline": services.report_deadline(report.year, report.body),
        "known_figures": services.known_figures(report.year, report.body),
        "two": two_fields(form),
        "grid": three_grid(form, tables),
        "columns": [label for _, label in COLUMNS],
        "failures": services.report_checks(report, tables) if not report.is_frozen else [],
        "publish_errors": publish_errors or [],
        "downloads": STAFF_DOWNLOADS,
        "public_url": reverse("reports:public", args=[report.year]) if report.is_published else None,
        "year_ended": services.year_ended(report.year),
        "first_publish_day": services.first_publish_day(report.year),
        "versions": [v for v in services.report_versions(report.year, report.body) if v.pk != report.pk],
        "correction_form": correction_form or CorrectionForm(),
    }
    return render(request, "reports/staff/edit.html", context)


@login_required
def edit(request, body: str, year: int):
    report = _report(request, body, year)
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid() and _save(request, report, form):
            messages.success(request, "已保存。")
            return redirect("reports_staff:edit", body=body, year=year)
    else:
        form = ReportForm(initial=ReportForm.initial_from(report))
    return _edit_page(request, report, form)


def _save(request, report: AnnualReport, form: ReportForm) -> bool:
    data = form.cleaned_data
    try:
        services.update_report(
            report,
            acting_user=request.user,
            overview=data["overview"],
            problems=data["problems"],
            other_matters=data["other_matters"],
            section_two=form.section_two(),
            adjustments=form.adjustments(),
            adjustment_note=data["adjustment_note"],
            correction_note=data["correction_note"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def publish(request, body: str, year: int):
    """Publishing asks first: a page with the final tables and anything that still stops it."""
    report = _report(request, body, year)
    if report.is_frozen:
        return redirect("reports_staff:edit", body=body, year=year)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.publish_report(report, acting_user=request.user)
        except ValidationError as error:
            form = ReportForm(initial=ReportForm.initial_from(report))
            return _edit_page(request, report, form, publish_errors=error.messages)
        if report.is_correction:
            messages.success(
                request, f"{year} 年度报告的更正版本已发布，原报告在网站上标为“已更正”，仍可查阅。"
            )
        else:
            messages.success(request, f"{year} 年度报告已发布，公众现在可以在网站上看到。")
        return redirect("reports_staff:edit", body=body, year=year)
    tables = services.report_tables(report)
    published = AnnualReport.objects.filter(body=report.body, year=year, state=ReportState.PUBLISHED).first()
    context = {
        **outputs.layout(outputs.document_for(report, tables)),
        "report": report,
        "refusals": services.publish_refusals(report, tables),
        "replaces": published,
        "changes": services.changed_cells(published.published_tables or {}, tables) if published else [],
    }
    return render(request, "reports/staff/publish.html", context)


@login_required
@require_POST
def correct(request, body: str, year: int):
    """Start a correction of the published report: a new version with a note; the published one stays."""
    report = _report(request, body, year)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.start_correction(
                report, note=form.cleaned_data["correction_note"], acting_user=request.user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, "已建立更正版本。改好后发布；发布前网站上仍是原来的报告。")
            return redirect("reports_staff:edit", body=body, year=year)
    page_form = ReportForm(initial=ReportForm.initial_from(report))
    return _edit_page(request, report, page_form, correction_form=form)


@login_required
def download(request, body: str, year: int, fmt: str):
    report = _report(request, body, year)
    if fmt not in outputs.FORMATS:
        raise Http404("没有这种格式")
    return download_response(outputs.document_for(report), fmt)


# --------------------------------------------------------------------------- statistics


def _change(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return ""
    if not before:
        return "（上年为 0）" if now else "（与上年持平）"
    percent = (now - before) * 100 / before
    return (
        f"（比上年{'增加' if percent > 0 else '减少'} {abs(percent):.0f}%）" if percent else "（与上年持平）"
    )


def statistics_charts(stats: YearStatistics) -> list[Chart]:
    return [_months_chart(stats), _results_chart(stats), _time_chart(stats), _rate_chart(stats)]


def _years(stats: YearStatistics, before, now) -> list[Series]:
    return [Series(f"{stats.year - 1}年", before, LAST_YEAR), Series(f"{stats.year}年", now, THIS_YEAR)]


def _months_chart(stats: YearStatistics) -> Chart:
    y = stats.year
    busiest = max(range(12), key=lambda i: stats.months[i])
    desc = f"{y}年共收到 {sum(stats.months)} 件，{y - 1}年共 {sum(stats.months_before)} 件。"
    if stats.months[busiest]:
        desc += f"{y}年最多的是 {busiest + 1} 月（{stats.months[busiest]} 件）。"
    return Chart(
        key="months",
        title=f"每月收到的政府信息公开申请（{y}年与{y - 1}年）",
        desc=desc,
        categories=[f"{m}月" for m in range(1, 13)],
        series=_years(stats, stats.months_before, stats.months),
        unit="件",
    )


def _results_chart(stats: YearStatistics) -> Chart:
    y = stats.year
    parts = "，".join(
        f"{name} {n} 件" for (_, name), n in zip(RESULT_GROUPS, stats.results, strict=True) if n
    )
    return Chart(
        key="results",
        title=f"办理结果（{y}年与{y - 1}年办结的申请）",
        desc=f"{y}年办结 {sum(stats.results)} 件{('：' + parts) if parts else ''}；{y - 1}年办结 {sum(stats.results_before)} 件。",
        categories=[name for _, name in RESULT_GROUPS],
        series=_years(stats, stats.results_before, stats.results),
        unit="件",
        horizontal=True,
    )


def _time_chart(stats: YearStatistics) -> Chart:
    y, now, before = stats.year, stats.time, stats.time_before
    desc = (
        f"{y}年答复 {now.cases} 件，平均 {_days(now.average)}，最长 {_days(now.worst)}；"
        f"{y - 1}年平均 {_days(before.average)}，最长 {_days(before.worst)}。"
    )
    return Chart(
        key="time",
        title=f"办理用时（计入答复期限的工作日数，不含补正、征求意见、缴费的时间；{y}年与{y - 1}年）",
        desc=desc,
        categories=["平均用时", "最长用时"],
        series=_years(stats, [before.average, before.worst], [now.average, now.worst]),
        unit="工作日",
        horizontal=True,
    )


def _days(value) -> str:
    return "无数据" if value is None else f"{value:g} 个工作日"


def _percent(value) -> str:
    return "无数据" if value is None else f"{value:g}%"


def _rate_chart(stats: YearStatistics) -> Chart:
    y, channels = stats.year, stats.channels
    now = [stats.rates[c].percent if c in stats.rates else None for c in channels]
    before = [stats.rates_before[c].percent if c in stats.rates_before else None for c in channels]
    parts = "；".join(
        f"{c}{_percent(p)}（{stats.rates[c].on_time}/{stats.rates[c].decided}）"
        for c, p in zip(channels, now, strict=True)
        if p is not None
    )
    return Chart(
        key="rates",
        title=f"办事指南按时公开率（按渠道，{y}年与{y - 1}年到期的）",
        desc=f"{y}年：{parts}。" if parts else f"{y}年没有到期的办事指南公开，没有可以计算按时公开率的数字。",
        categories=channels,
        series=_years(stats, before, now),
        unit="%",
        horizontal=True,
        fmt=_percent,
        top=100,
    )


def key_figures(stats: YearStatistics) -> list[str]:
    """One line per chart with the year-over-year change, for reading before looking at the charts."""
    y = stats.year
    total, total_before = sum(stats.months), sum(stats.months_before)
    done, done_before = sum(stats.results), sum(stats.results_before)
    lines = [
        f"收到申请 {total} 件，上年 {total_before} 件{_change(total, total_before)}。",
        f"办结 {done} 件，上年 {done_before} 件{_change(done, done_before)}。",
        f"平均办理用时 {_days(stats.time.average)}，上年 {_days(stats.time_before.average)}。",
    ]
    rate, rate_before = _overall(stats.rates), _overall(stats.rates_before)
    lines.append(
        f"办事指南按时公开率 {_percent(rate)}，上年 {_percent(rate_before)}（{y}年与{y - 1}年到期的）。"
    )
    return lines


def _overall(rates) -> float | None:
    decided = sum(r.decided for r in rates.values())
    return round(100 * sum(r.on_time for r in rates.values()) / decided, 1) if decided else None


@login_required
def statistics(request, body: str, year: int):
    owner = _body(request, body)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("没有这一年度")
    stats = year_statistics(year, services.own_cases(owner))
    context = {
        "year": year,
        "body": owner,
        "report": services.latest_report(year, owner),
        "charts": statistics_charts(stats),
        "key_figures": key_figures(stats),
        "time": stats.time,
        "provisional": stats.time.provisional or stats.time_before.provisional,
    }
    return render(request, "reports/staff/statistics.html", context)
