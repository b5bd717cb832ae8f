"""Reminder e-mails. Each (recipient, kind, day) is sent at most once, recorded in ReminderSent."""

import datetime

from django.db import IntegrityError, transaction

from gongkai.accounts.roles import Role, scope_paths
from gongkai.bodies.models import DISCLOSURE_KINDS, Body
from gongkai.compliance.clock import Dashboard
from gongkai.compliance.summary import clock_line, text_clock_line
from gongkai.guides.models import ReminderSent
from gongkai.guides.notify import users_with_role
from gongkai.outbox.services import enqueue
from gongkai.printing.siteurl import base_url
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.services import report_deadline
from gongkai.translations.deadlines import TextClock
from gongkai.translations.models import TextTranslation
from gongkai.translations.services import kind_label


def _within(paths) -> "callable":
    return lambda body: body is None or any(body.path.startswith(prefix) for prefix in paths)


TEXTS_HEADING = "以下办事指南和蒙古文"


def _deadline_body(overdue: list, due_soon: list, text_overdue=(), text_due_soon=()) -> str | None:
    """The guides' clocks (a Mongolian guide's among them) and the Mongolian texts' clocks (group names, life
    events, contact blocks), each section listing both."""
    if not (overdue or due_soon or text_overdue or text_due_soon):
        return None
    heading = TEXTS_HEADING if (text_overdue or text_due_soon) else "以下办事指南"
    lines = [f"{heading}的公开期限需要注意（条例第二十六条：信息形成或变更之日起 20 个工作日内公开）：", ""]
    for title, clocks, texts in (
        (f"已超期未公开（{len(overdue) + len(text_overdue)}）：", overdue, text_overdue),
        (f"5 个工作日内到期（{len(due_soon) + len(text_due_soon)}）：", due_soon, text_due_soon),
    ):
        if clocks or texts:
            lines += [
                title,
                *_by_body(
                    [*clocks, *texts],
                    lambda c: (
                        c.translation.body if isinstance(c, TextClock) else c.revision.item.catalog.body
                    ),
                    lambda c: text_clock_line(c) if isinstance(c, TextClock) else clock_line(c),
                ),
                "",
            ]
    lines.append(f"看板：{base_url()}/staff/")
    return "\n".join(lines)


def _by_body(rows: list, body_of, line) -> list[str]:
    """The rows' lines, under the name of their body when they come from several (a county's summary)."""
    bodies = {body_of(row).pk: body_of(row) for row in rows}
    if len(bodies) <= 1:
        return [line(row) for row in rows]
    lines = []
    for body in sorted(bodies.values(), key=lambda b: b.path):
        lines.append(f" {body.name}：")
        lines += [line(row) for row in rows if body_of(row).pk == body.pk]
    return lines


REVIEW_SUBJECT = "【待审核】有办事指南修改等待审核"
REVIEW_SUBJECT_WITH_TEXTS = "【待审核】有办事指南修改或蒙古文等待审核"


def _review_body(awaiting: list, texts=()) -> str | None:
    """The guide revisions and the Mongolian texts (group names, item names, life events, contact blocks)
    waiting for this reviewer, under their bodies."""
    if not (awaiting or texts):
        return None
    if texts:
        lines = [f"有 {len(awaiting)} 个办事指南修改、{len(texts)} 个蒙古文版本在等待审核：", ""]
    else:
        lines = [f"有 {len(awaiting)} 个办事指南修改在等待审核：", ""]
    lines += _by_body(
        [*awaiting, *texts],
        lambda r: r.body if isinstance(r, TextTranslation) else r.item.catalog.body,
        lambda r: (
            f"  {kind_label(r.kind)} {r.label} · {r.version_label}"
            if isinstance(r, TextTranslation)
            else f"  {r.item.seq}. {r.item.name} {r.version_label}"
        ),
    )
    if texts:
        lines.append(f"\n蒙古文在这里审核：{base_url()}/staff/mongolian/")
    return "\n".join(lines)


ANNUAL_REPORT_LINE = "上一年度政府信息公开工作年度报告须按期公布，目前尚未发布"


def _reports_due(today: datetime.date) -> list[Body]:
    """Bodies whose last year's report is not yet published, in the month it is due and the month after
    (条例第四十九、五十条: departments by 31 January, a people's government's own report by 31 March).
    Later than that the dashboard keeps showing it as late; a daily mail would only be noise."""
    year = today.year - 1
    published = set(
        AnnualReport.objects.filter(year=year, state=ReportState.PUBLISHED).values_list("body_id", flat=True)
    )
    due = []
    for body in Body.objects.filter(kind__in=DISCLOSURE_KINDS).exclude(pk__in=published).order_by("path"):
        deadline = report_deadline(year, body)
        if today.year == deadline.year and deadline.month <= today.month <= deadline.month + 1:
            due.append(body)
    return due


def _annual_report_body(bodies: list[Body], today: datetime.date) -> str | None:
    if not bodies:
        return None
    year = today.year - 1
    lines = [f"{ANNUAL_REPORT_LINE}（{year} 年度）："]
    lines += [f"  {body.name}：最迟 {report_deadline(year, body):%Y年%-m月%-d日}" for body in bodies]
    lines.append(f"\n编写和发布：{base_url()}/staff/reports/")
    return "\n".join(lines)


def _send_once(email: str, kind: str, today: datetime.date, subject: str, body: str) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(recipient=email, kind=kind, sent_on=today, summary=body[:2000])
            enqueue(f"reminder.{kind}", subject, body, [email])
    except IntegrityError:
        return False  # already sent today
    return True


def send_deadline_reminders(board: Dashboard, today: datetime.date) -> list[str]:
    """Each person gets what lies in the bodies their roles cover: a department's editor its own items,
    the county 政务公开办 one summary of everything below the county, grouped by body."""
    reports_due = _reports_due(today)
    plans = [
        (
            "deadlines",
            "【公开时限提醒】有办事指南即将到期或已超期",
            (Role.EDITOR, Role.DISCLOSURE_OFFICE),
            lambda inside: _deadline_body(
                [c for c in board.overdue if inside(c.revision.item.catalog.body)],
                [c for c in board.due_soon if inside(c.revision.item.catalog.body)],
                [c for c in board.text_overdue if inside(c.translation.body)],
                [c for c in board.text_due_soon if inside(c.translation.body)],
            ),
        ),
        (
            "review",
            REVIEW_SUBJECT,
            (Role.REVIEWER,),
            lambda inside: _review_body(
                [r for r in board.awaiting_review if inside(r.item.catalog.body)],
                [tr for tr in board.text_awaiting_review if inside(tr.body)],
            ),
        ),
        (
            "annual_report",
            "【年度报告】上一年度政府信息公开工作年度报告尚未发布",
            (Role.DISCLOSURE_OFFICE,),
            lambda inside: _annual_report_body([b for b in reports_due if inside(b)], today),
        ),
    ]
    sent = []
    for kind, subject, roles, body_for in plans:
        for user in _people(roles):
            body = body_for(_within(scope_paths(user, *roles)))
            heading = subject
            if body is not None and body.startswith(TEXTS_HEADING):
                heading = "【公开时限提醒】有办事指南或蒙古文即将到期或已超期"
            if kind == "review" and body is not None and "蒙古文版本" in body.split("\n", 1)[0]:
                heading = REVIEW_SUBJECT_WITH_TEXTS
            if body is not None and _send_once(user.email, kind, today, heading, body):
                sent.append(f"{user.email} · {heading}")
    return sent


def _people(roles) -> list:
    """Everyone with an address who holds one of the roles somewhere, each once."""
    people = {}
    for role in roles:
        for user in users_with_role(role):
            people.setdefault(user.pk, user)
    return sorted(people.values(), key=lambda u: u.email)
