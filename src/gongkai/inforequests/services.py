"""Every state change of an application, one function each. Each records a CaseEvent, refreshes the cached
clock, writes an audit row and, after commit, e-mails the applicant when they gave an address."""

import datetime
import secrets
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from gongkai.accounts.roles import Role, has_role, require_role
from gongkai.audit.services import record
from gongkai.bodies.services import default_body
from gongkai.inforequests import clock as rules
from gongkai.inforequests import duplicates
from gongkai.inforequests.choices import (
    Channel,
    EventKind,
    ReplyType,
    Result,
    ReviewOutcome,
    Status,
    reply_type_problem,
)
from gongkai.inforequests.clock import compute_clock
from gongkai.inforequests.fees import fee_amount, fee_lines, scale_for
from gongkai.inforequests.letters import number_letter
from gongkai.inforequests.models import Application, CaseEvent, ReviewCase
from gongkai.inforequests.notify import mail_applicant
from gongkai.inforequests.validators import phone_last4
from gongkai.languages import Language
from gongkai.workdays.calendar import add_workdays, workdays_between

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over the phone
CODE_LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _refuse(message: str):
    raise ValidationError(message)


def _today() -> datetime.date:
    return timezone.localdate()


def _check_date(on: datetime.date, app: Application | None = None) -> None:
    if on > _today():
        _refuse("日期不能晚于今天")
    if app is not None and app.received_on and on < app.received_on:
        _refuse("日期不能早于收到申请的日期")


def _lock(app: Application) -> Application:
    return Application.objects.select_for_update().get(pk=app.pk)


def _require_open(app: Application) -> None:
    if not app.is_open:
        _refuse(f"这件申请已经{app.get_status_display()}，不能再办理")


def refresh_clock(app: Application) -> Application:
    """Recompute status and due date from the events and store them for the queue's sorting."""
    clock = compute_clock(app.received_on, list(app.events.all()))
    app.status = clock.status
    app.due_on = clock.due_on if not clock.paused else clock.act_by
    app.due_provisional = clock.provisional
    app.closed_on = clock.closed_on
    app.save(update_fields=["status", "due_on", "due_provisional", "closed_on"])
    return app


def _event(app, kind, on, actor, *, note="", **data) -> CaseEvent:
    event = CaseEvent.objects.create(application=app, kind=kind, on=on, actor=actor, note=note, data=data)
    # A step that issues a letter takes its number now, in this transaction: the register never skips back.
    number_letter(event)
    refresh_clock(app)
    record(
        f"request.{kind}",
        actor=actor,
        target=app.code,
        details={"on": on.isoformat(), **_plain(data)},
        body=app.body,
    )
    return event


def _plain(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in data.items()}


def _mail(app: Application, kind: str) -> None:
    if app.email:
        mail_applicant(app.pk, kind)


def _without_control_characters(fields: dict) -> dict:
    """PostgreSQL refuses NUL in text and control characters break DOCX; this covers every way in."""
    return {
        name: "".join(c for c in value if c in "\n\t" or unicodedata.category(c) != "Cc")
        if isinstance(value, str)
        else value
        for name, value in fields.items()
    }


@transaction.atomic
def submit_application(
    fields: dict,
    *,
    channel: str,
    body=None,
    received_on=None,
    registered_by=None,
    ip=None,
    language: str = Language.CHINESE,
) -> Application:
    """An application arrives. Online ones count as received the day the system confirms them (art. 31).

    `language`: the pages' language the applicant wrote on; their e-mails are written in it."""
    fields = _without_control_characters(fields)
    if language not in Language.values:
        _refuse("不认识的文字")
    body = body or default_body()
    if body is None:
        _refuse(
            gettext_noop("本站还没有设置受理申请的机关，请联系网站管理员")
        )  # shown on the public form too
    if channel == Channel.ONLINE and received_on is None:
        received_on = _today()
    if registered_by is not None:
        require_role(registered_by, Role.DISCLOSURE_OFFICE, body=body)
        if received_on is None:
            _refuse("请填写收到申请的日期")
    if received_on and received_on > _today():
        _refuse("收到申请的日期不能晚于今天")
    app = Application(
        **fields,
        body=body,
        channel=channel,
        received_on=received_on,
        registered_by=registered_by,
        submitter_ip=ip,
        language=language,
    )
    app.phone_last4 = phone_last4(app.phone)
    for _ in range(5):
        app.code = new_code()
        if not Application.objects.filter(code=app.code).exists():
            break
    app.save()
    if received_on:
        _event(app, EventKind.RECEIVED, received_on, registered_by, channel=channel)
    record(
        "request.submitted",
        actor=registered_by,
        actor_label="申请人（网上）" if not registered_by else "",
        target=app.code,
    )
    _mail(app, "receipt")
    return app


@transaction.atomic
def confirm_receipt(app: Application, *, on: datetime.date, acting_user) -> Application:
    """For mail and fax: the day the office confirms the application with the applicant (art. 31)."""
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    if app.received_on:
        _refuse("已经确认过收到日期")
    _check_date(on)
    app.received_on = on
    app.save(update_fields=["received_on"])
    _event(app, EventKind.RECEIVED, on, acting_user, channel=app.channel)
    return app


@transaction.atomic
def assign_handler(app: Application, handler, *, acting_user) -> Application:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    if not has_role(handler, Role.DISCLOSURE_OFFICE, app.body):
        _refuse("承办人必须是政务公开办的工作人员")
    app = _lock(app)
    app.handler = handler
    app.save(update_fields=["handler"])
    record(
        "request.assigned", actor=acting_user, target=app.code, details={"handler": handler.get_username()}
    )
    return app


def _started(app: Application) -> None:
    if not app.received_on:
        _refuse("请先确认收到申请的日期")


@transaction.atomic
def request_correction(
    app: Application, *, on, what: str, deadline: datetime.date, acting_user
) -> Application:
    """补正告知: once, within 7 working days of receipt, saying exactly what to correct and by when."""
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    _require_open(app)
    _started(app)
    _check_date(on, app)
    if app.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
        _refuse("补正只能一次性告知，这件申请已经告知过")
    if workdays_between(app.received_on, on).count > rules.CORRECTION_NOTICE_LIMIT:
        _refuse("补正告知必须在收到申请之日起 7 个工作日内发出（条例第三十条）")
    if not what.strip():
        _refuse("请写明需要补正的事项")
    if deadline <= on:
        _refuse("补正期限应晚于告知日期")
    _event(
        app, EventKind.CORRECTION_REQUESTED, on, acting_user, note=what.strip(), deadline=deadline.isoformat()
    )
    _mail(app, "correction")
    return app


@transaction.atomic
def receive_correction(app: Application, *, on, acting_user, note: str = "") -> Application:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    if app.status != Status.AWAITING_CORRECTION:
        _refuse("这件申请没有在等待补正")
    _check_date(on, app)
    _event(app, EventKind.CORRECTION_RECEIVED, on, acting_user, note=note)
    return app


def _lapse(app: Application, *, waiting: Status, result: Result, kind: EventKind, what: str, on, acting_user):
    """End a case whose applicant did not act by the deadline in our notice."""
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    clock = compute_clock(app.received_on, list(app.events.all()))
    if clock.status != waiting:
        _refuse(f"这件申请没有在等待{what}")
    if on <= clock.act_by:
        _refuse(f"{what}期限（{clock.act_by:%Y-%m-%d}）还没过，不能按逾期处理")
    _check_date(on, app)
    app.result = result
    app.save(update_fields=["result"])
    _event(app, kind, on, acting_user)
    return app


@transaction.atomic
def lapse_correction(app: Application, *, on, acting_user) -> Application:
    """No correction by the deadline: the application is treated as withdrawn (art. 30)."""
    return _lapse(
        app,
        waiting=Status.AWAITING_CORRECTION,
        result=Result.OTHER_NO_CORRECTION,
        kind=EventKind.CORRECTION_LAPSED,
        what="补正",
        on=on,
        acting_user=acting_user,
    )


@transaction.atomic
def send_consultation(app: Application, *, on, to: str, acting_user) -> Application:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    _require_open(app)
    _started(app)
    if app.status != Status.IN_PROGRESS:
        _refuse(f"这件申请现在“{app.get_status_display()}”，不能再征求意见")
    _check_date(on, app)
    if not to.strip():
        _refuse("请写明向谁征求意见")
    _event(app, EventKind.CONSULTATION_SENT, on, acting_user, note=to.strip())
    return app


@transaction.atomic
def receive_consultation(app: Application, *, on, acting_user, note: str = "") -> Application:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    if app.status != Status.CONSULTING:
        _refuse("这件申请没有在征求意见")
    _check_date(on, app)
    _event(app, EventKind.CONSULTATION_ANSWERED, on, acting_user, note=note)
    return app


def fee_quote(app: Application, basis: str, quantity: int | None = None) -> dict:
    """The fee for this application: per page (quantity = pages) or per application in the applicant's month."""
    scale = scale_for(basis)
    if basis == "per_application":
        month_start = app.received_on.replace(day=1)
        # A request sent twice and merged is one application, for the fee as for the report.
        quantity = Application.objects.filter(
            name=app.name,
            received_on__gte=month_start,
            received_on__lte=app.received_on,
            merged_into__isnull=True,
        ).count()
        unit = "件"
    else:
        unit = "页"
    lines = fee_lines(quantity, scale["bands"], scale["rising_step"])
    return {
        "basis": basis,
        "quantity": quantity,
        "unit": unit,
        "amount": fee_amount(quantity, scale["bands"], scale["rising_step"]),
        "lines": [[line.first, line.last, line.rate, line.amount] for line in lines],
        "source": scale["source"],
    }


@transaction.atomic
def send_fee_notice(
    app: Application, *, on, basis: str, pages: int | None, how_to_pay: str, acting_user
) -> Application:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    _require_open(app)
    _started(app)
    if app.status != Status.IN_PROGRESS:
        _refuse(f"这件申请现在“{app.get_status_display()}”，不能发收费通知")
    if app.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists():
        _refuse("已经发过收费通知")
    if basis not in ("per_application", "per_page"):
        _refuse("收费方式只能是按件或按量，不能同时按两种")
    if basis == "per_page" and (pages is None or pages < 1):
        _refuse("按量收费请填写页数")
    _check_date(on, app)
    quote = fee_quote(app, basis, pages)
    if quote["amount"] <= 0:
        _refuse("按收费标准这件申请不需要收费")
    if not how_to_pay.strip():
        _refuse("请写明缴费方式")
    pay_by = add_workdays(on, rules.FEE_PAYMENT_LIMIT).date
    _event(
        app,
        EventKind.FEE_NOTICE_SENT,
        on,
        acting_user,
        note=how_to_pay.strip(),
        pay_by=pay_by.isoformat(),
        **quote,
    )
    _mail(app, "fee_notice")
    return app


@transaction.atomic
def record_fee_paid(app: Application, *, on, acting_user) -> Application:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    if app.status != Status.AWAITING_FEE:
        _refuse("这件申请没有在等待缴费")
    _check_date(on, app)
    _event(app, EventKind.FEE_PAID, on, acting_user)
    return app


@transaction.atomic
def lapse_fee(app: Application, *, on, acting_user) -> Application:
    """No payment by the deadline in the fee notice: the application is no longer handled."""
    return _lapse(
        app,
        waiting=Status.AWAITING_FEE,
        result=Result.OTHER_FEE_UNPAID,
        kind=EventKind.FEE_LAPSED,
        what="缴费",
        on=on,
        acting_user=acting_user,
    )


@transaction.atomic
def approve_extension(app: Application, *, on, days: int, reason: str, acting_user) -> Application:
    """延期答复 (art. 33 para. 2): approved by the head of the disclosure office (机构负责人) of the
    application's body, never by its own handler; once; at most 20 working days."""
    require_role(acting_user, Role.OFFICE_HEAD, body=app.body)
    app = _lock(app)
    _require_open(app)
    _started(app)
    if app.handler_id is None:
        _refuse("请先分派承办人，再由承办人以外的机构负责人批准延期")
    if acting_user.pk == app.handler_id:
        # A refusal of this step, not of the page: the form says why and keeps what was typed.
        _refuse("您是这件申请的承办人，不能批准自己承办的延期。延期须经政府信息公开工作机构的其他负责人同意")
    if app.events.filter(kind=EventKind.EXTENSION_APPROVED).exists():
        _refuse("延期只能一次，这件申请已经延期过")
    if not 1 <= days <= rules.MAX_EXTENSION:
        _refuse("延长的期限最长不超过 20 个工作日")
    if not reason.strip():
        _refuse("请写明延期理由")
    _check_date(on, app)
    clock = compute_clock(app.received_on, list(app.events.all()))
    if clock.due_on and on > clock.due_on:
        _refuse("答复期限已过，不能再延期")
    _event(app, EventKind.EXTENSION_APPROVED, on, acting_user, note=reason.strip(), days=days)
    _mail(app, "extension")
    return app


@transaction.atomic
def reply(
    app: Application, *, on, result: str, reply_type: str, note: str, acting_user, holder=None
) -> Application:
    """The reply (条例第三十六条). With reply type (五) `holder` may name the body on this platform that does
    hold the information; the applicant can then send the request on to it in one step."""
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    _require_open(app)
    _started(app)
    if result not in Result.values or result in (Result.OTHER_NO_CORRECTION, Result.OTHER_FEE_UNPAID):
        _refuse("请选择办理结果（年度报告的分类）")
    if app.status in (Status.CONSULTING, Status.AWAITING_FEE, Status.AWAITING_CORRECTION):
        _refuse(f"这件申请现在“{app.get_status_display()}”，请先记录意见、缴费或补正情况")
    if not note.strip():
        _refuse("请写明答复内容或理由")
    mismatch = reply_type_problem(result, reply_type)
    if mismatch:
        _refuse(mismatch)
    _check_date(on, app)
    if holder is not None and reply_type != ReplyType.NOT_OURS:
        _refuse("只有答复类型为“不属于本机关负责公开”（第三十六条第五项）时，才能告知负责机关")
    if holder is not None and holder.pk == app.body_id:
        _refuse("负责机关不能是本机关")
    app.result = result
    app.reply_type = reply_type
    app.referred_to = holder
    app.save(update_fields=["result", "reply_type", "referred_to"])
    details = {"holder": holder.code} if holder is not None else {}
    _event(
        app,
        EventKind.REPLIED,
        on,
        acting_user,
        note=note.strip(),
        result=result,
        reply_type=reply_type,
        **details,
    )
    _mail(app, "reply")
    return app


@transaction.atomic
def merge_application(
    duplicate: Application, into: Application, *, on, acting_user, note: str = ""
) -> Application:
    """The same applicant sent the same request twice: `duplicate` ends, merged into `into`, which is handled
    and counted (once) in the annual report. Only open duplicates of one body and one applicant merge."""
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=duplicate.body)
    duplicate, into = _lock(duplicate), _lock(into)
    if duplicate.pk == into.pk:
        _refuse("不能把一件申请合并到它自己")
    if duplicate.merged_into_id:
        _refuse(f"这件申请已经合并到查询码 {duplicate.merged_into.code} 的申请")
    _require_open(duplicate)
    if into.body_id != duplicate.body_id:
        _refuse("只能合并同一机关收到的申请")
    if into.merged_into_id:
        _refuse(
            f"查询码 {into.code} 的申请本身已经合并到 {into.merged_into.code}，请合并到 {into.merged_into.code}"
        )
    if not into.is_open:
        # A request repeated after the first one was answered is a 重复申请 (条例第三十六条第六项), not a merge.
        _refuse(
            f"查询码 {into.code} 的申请已经{into.get_status_display()}。"
            "答复后又提出的同一申请，请按“不予处理：重复申请”答复"
        )
    if not duplicates.same_applicant(duplicate, into):
        _refuse("两件申请的申请人不同（证件号码、或姓名和电话对不上），不能合并")
    _check_date(on)
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into"])
    # The event's audit row ("request.merged") names both codes.
    _event(duplicate, EventKind.MERGED, on, acting_user, note=note.strip(), into=into.code)
    return duplicate


APPLICANT_FIELDS = (
    "applicant_type",
    "name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "purpose",
    "delivery_form",
    "delivery_method",
)


@transaction.atomic
def forward_application(app: Application, *, ip=None) -> Application:
    """The applicant sends the same request on to the body the reply named (条例第三十六条第（五）项).

    A new application there, received the day it is sent (online: the day the system confirms it, art. 31),
    with its own clock, letters and fees. The first one stays closed with the reply it got.
    """
    app = _lock(app)
    if app.referred_to_id is None or app.reply_type != ReplyType.NOT_OURS:
        # The applicant reads these two on the status page (translated there): marked for the catalog.
        _refuse(gettext_noop("这件申请的答复没有告知本平台上的负责机关，不能一键转交"))
    if Application.objects.filter(forwarded_from=app).exists():
        _refuse(gettext_noop("这件申请已经转交过了，请用转交后的查询码查询"))
    fields = {name: getattr(app, name) for name in APPLICANT_FIELDS}
    forwarded = submit_application(fields, channel=Channel.ONLINE, body=app.referred_to, ip=ip)
    forwarded.forwarded_from = app
    forwarded.save(update_fields=["forwarded_from"])
    record(
        "request.forward",
        actor_label="申请人",
        target=app.code,
        details={"to": app.referred_to.code, "new_code": forwarded.code},
        body=app.body,
    )
    return forwarded


@transaction.atomic
def record_delivery(app: Application, *, on, method: str, acting_user, note: str = "") -> Application:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    app = _lock(app)
    if not app.events.filter(
        kind__in=[EventKind.REPLIED, EventKind.CORRECTION_REQUESTED, EventKind.FEE_NOTICE_SENT]
    ).exists():
        _refuse("还没有可以送达的文书")
    _check_date(on, app)
    _event(app, EventKind.DELIVERED, on, acting_user, note=note, method=method)
    return app


@transaction.atomic
def record_review_case(app: Application, *, kind: str, filed_on, acting_user, note: str = "") -> ReviewCase:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=app.body)
    if app.is_open:
        _refuse("只能对已经答复或终止的申请登记复议、诉讼")
    _check_date(filed_on)
    case = ReviewCase.objects.create(application=app, kind=kind, filed_on=filed_on, note=note)
    record("request.review_filed", actor=acting_user, target=app.code, details={"kind": kind})
    return case


@transaction.atomic
def decide_review_case(case: ReviewCase, *, outcome: str, decided_on, acting_user) -> ReviewCase:
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=case.application.body)
    if outcome not in ReviewOutcome.values:
        _refuse("请选择结果")
    _check_date(decided_on)
    case.outcome = outcome
    case.decided_on = None if outcome == ReviewOutcome.PENDING else decided_on
    case.save()
    record(
        "request.review_decided",
        actor=acting_user,
        target=case.application.code,
        details={"outcome": outcome},
    )
    return case


def recompute_clocks(years=None) -> int:
    """Refresh every case's clock, e.g. after a holiday schedule is loaded (closed ones too: their on-time
    record depends on the due date)."""
    changed = 0
    cases = Application.objects.filter(received_on__isnull=False)
    if years:
        cases = cases.filter(received_on__year__in=set(years) | {y - 1 for y in years})
    for app in cases.prefetch_related("events"):
        before = (app.due_on, app.due_provisional)
        refresh_clock(app)
        changed += before != (app.due_on, app.due_provisional)
    return changed
