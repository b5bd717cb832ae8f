"""The staff list of applications as an XLSX workbook: the filtered list, every page.

Names and descriptions are typed by applicants, so every text cell goes through the catalog downloads'
formula escape (a leading apostrophe before = + - @). ID numbers and phone numbers are not exported.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.spreadsheets import cell_value
from gongkai.workdays.calendar import provisional_wording, provisional_years

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = [
    "查询码",
    "受理机关",
    "申请人",
    "申请人类型",
    "提交方式",
    "收到日期",
    "申请内容",
    "状态",
    "答复期限",
    "办理结果",
    "办结日期",
    "承办人",
    "合并到",
]
WIDTHS = (16, 24, 16, 12, 14, 12, 48, 16, 12, 30, 12, 12, 16)


def _cell(value):
    return cell_value(value)


def _date(value) -> str:
    return value.isoformat() if value else ""


def _row(app) -> list:
    return [
        app.code,
        app.body.name,
        app.name,
        app.get_applicant_type_display(),
        app.get_channel_display(),
        _date(app.received_on),
        app.description,
        app.get_status_display(),
        _date(app.due_on) + (_provisional(app.due_on) if app.due_on and app.due_provisional else ""),
        app.get_result_display() if app.result else "",
        _date(app.closed_on),
        app.handler.get_username() if app.handler_id else "",
        app.merged_into.code if app.merged_into_id else "",
    ]


def applications_workbook(applications) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "政府信息公开申请"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for app in applications:
        ws.append([_cell(value) for value in _row(app)])
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _provisional(due_on) -> str:
    return f"（{provisional_wording(provisional_years(due_on))}）"
