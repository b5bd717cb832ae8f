"""Reminder e-mails. Each (recipient, kind, day) is sent at most once, recorded in ReminderSent."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from gongkai.accounts.roles import Role
from gongkai.compliance.clock import Dashboard
from gongkai.compliance.summary import clock_line
from gongkai.guides.models import ReminderSent
from gongkai.guides.notify import users_with_role
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.siteurl import base_url


def _deadline_body(board: Dashboard) -> str | None:
    if not (board.overdue or board.due_soon):
        return None
    lines = ["以下办事指南的公开期限需要注意（条例第二十六条：信息形成或变更之日起 20 个工作日内公开）：", ""]
    if board.overdue:
        lines += [f"已超期未公开（{len(board.overdue)}）：", *map(clock_line, board.overdue), ""]
    if board.due_soon:
        lines += [f"5 个工作日内到期（{len(board.due_soon)}）：", *map(clock_line, board.due_soon), ""]
    lines.append(f"看板：{base_url()}/staff/")
    return "\n".join(lines)


def _review_body(board: Dashboard) -> str | None:
    if not board.awaiting_review:
        return None
    lines = [f"有 {len(board.awaiting_review)} 个办事指南修改在等待审核：", ""]
    lines += [f"  {r.item.seq}. {r.item.name} 第{r.number}版" for r in board.awaiting_review]
    return "\n".join(lines)


ANNUAL_REPORT_LINE = "上一年度政府信息公开工作年度报告须在 1 月 31 日前公布，目前尚未发布"


def _annual_report_body(today: datetime.date) -> str | None:
    """In January, until last year's annual report is published (条例第五十条: by 31 January)."""
    year = today.year - 1
    if today.month != 1 or AnnualReport.objects.filter(year=year, state=ReportState.PUBLISHED).exists():
        return None
    return f"{ANNUAL_REPORT_LINE}（{year} 年度）。\n\n编写和发布：{base_url()}/staff/reports/"


def _send_once(email: str, kind: str, today: datetime.date, subject: str, body: str) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(recipient=email, kind=kind, sent_on=today, summary=body[:2000])
            transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    except IntegrityError:
        return False  # already sent today
    return True


def send_deadline_reminders(board: Dashboard, today: datetime.date) -> list[str]:
    plans = [
        (
            "deadlines",
            "【公开时限提醒】有办事指南即将到期或已超期",
            _deadline_body(board),
            (Role.EDITOR, Role.DISCLOSURE_OFFICE),
        ),
        ("review", "【待审核】有办事指南修改等待审核", _review_body(board), (Role.REVIEWER,)),
        (
            "annual_report",
            "【年度报告】上一年度政府信息公开工作年度报告尚未发布",
            _annual_report_body(today),
            (Role.DISCLOSURE_OFFICE,),
        ),
    ]
    sent = []
    for kind, subject, body, roles in plans:
        if body is None:
            continue
        emails = sorted({u.email for role in roles for u in users_with_role(role)})
        sent += [f"{email} · {subject}" for email in emails if _send_once(email, kind, today, subject, body)]
    return sent
