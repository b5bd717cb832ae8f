"""The staff guide list as an XLSX workbook (the filtered list, every page)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.spreadsheets import cell_value

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = [
    "序号",
    "事项",
    "一级事项",
    "公开渠道",
    "已发布版本",
    "发布时间",
    "要素",
    "缺少的要素",
    "进行中的修改",
    "信息形成或变更日期",
    "最迟公开日期",
]
WIDTHS = (8, 36, 18, 30, 10, 18, 10, 40, 20, 16, 14)


def _row(row: dict) -> list:
    item, live, pending, state = row["item"], row["live"], row["pending"], row["completeness"]
    current = pending or live
    return [
        item.seq,
        item.name,
        item.category.name,
        "、".join(row["channels"]),
        f"第{live.number}版" if live else "未发布",
        f"{live.published_at:%Y-%m-%d %H:%M}" if live and live.published_at else "",
        "齐全" if live and state.complete else (f"缺 {len(state.missing)} 项" if live else ""),
        "、".join(state.missing) if live else "",
        f"第{pending.number}版 {pending.get_state_display()}" if pending else "",
        current.formed_on.isoformat() if current and current.formed_on else "",
        current.due_on.isoformat() if current and current.due_on else "",
    ]


def guide_workbook(rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "办事指南"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([cell_value(v) for v in _row(row)])
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
