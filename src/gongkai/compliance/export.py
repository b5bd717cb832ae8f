"""The dashboard as an XLSX workbook, for the disclosure office's own records."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.compliance.clock import Dashboard
from gongkai.spreadsheets import cell_value
from gongkai.translations.services import kind_label
from gongkai.workdays.calendar import provisional_wording, provisional_years

BOLD = Font(bold=True)


def _sheet(wb, title: str, header: list[str], rows: list[list]):
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = BOLD
    for row in rows:
        ws.append([cell_value(value) for value in row])  # item names are typed by people: never a formula
    for column, width in zip("ABCDEFGH", (8, 40, 16, 14, 14, 12, 10, 10), strict=False):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"


def _clock_rows(clocks) -> list[list]:
    return [
        [
            c.revision.item.seq,
            c.revision.item.name,
            c.channel_name,
            c.revision.formed_on.isoformat(),
            c.due_on.isoformat()
            + (f"（{provisional_wording(provisional_years(c.due_on))}）" if c.provisional else ""),
            c.status.label,
            c.remaining,
        ]
        for c in clocks
    ]


def _text_clock_rows(clocks) -> list[list]:
    """The Mongolian texts' clocks in the same columns: no item number; the page they show on for a channel."""
    return [
        [
            "",
            f"{kind_label(c.translation.kind)} {c.translation.label}（{c.translation.version_label}）",
            "蒙古文页面",
            c.translation.formed_on.isoformat(),
            c.translation.due_on.isoformat()
            + (
                f"（{provisional_wording(provisional_years(c.translation.due_on))}）"
                if c.translation.due_provisional
                else ""
            ),
            c.status_label,
            c.remaining,
        ]
        for c in clocks
    ]


def dashboard_workbook(board: Dashboard) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    clock_header = ["序号", "事项", "渠道", "信息形成或变更日期", "最迟公开日期", "状态", "剩余工作日"]
    _sheet(wb, "已超期", clock_header, _clock_rows(board.overdue) + _text_clock_rows(board.text_overdue))
    _sheet(wb, "即将到期", clock_header, _clock_rows(board.due_soon) + _text_clock_rows(board.text_due_soon))
    _sheet(
        wb,
        "待审核",
        ["序号", "事项", "版本", "提交人", "提交时间"],
        [
            [
                r.item.seq,
                r.item.name,
                r.number,
                r.submitted_by.get_username() if r.submitted_by else "",
                f"{r.submitted_at:%Y-%m-%d %H:%M}",
            ]
            for r in board.awaiting_review
        ]
        + [
            [
                "",
                f"{kind_label(tr.kind)} {tr.label}",
                tr.version_label,
                tr.submitted_by.get_username() if tr.submitted_by else "",
                f"{tr.submitted_at:%Y-%m-%d %H:%M}" if tr.submitted_at else "",
            ]
            for tr in board.text_awaiting_review
        ],
    )
    _sheet(
        wb,
        "缺内容",
        ["序号", "事项", "缺少的要素"],
        [
            [item.seq, item.name, "尚未发布" if state is None else "、".join(state.missing)]
            for item, state in board.missing_content
        ],
    )
    rate_header = ["", "按时公开", "应公开", "按时率（%）"]
    _sheet(
        wb,
        "按渠道",
        ["渠道", *rate_header[1:]],
        [[k, r.on_time, r.decided, r.percent] for k, r in board.rate_by_channel.items()],
    )
    _sheet(
        wb,
        "按月份",
        ["月份", *rate_header[1:]],
        [[k, r.on_time, r.decided, r.percent] for k, r in board.rate_by_month.items()],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
