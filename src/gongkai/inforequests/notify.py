"""E-mails to applicants. Plain text only, so nothing an applicant typed can become markup in a mail reader.
Written to the outbox inside the change's transaction: the mail server never decides whether a step succeeds."""

from django.urls import reverse

from gongkai.outbox.services import enqueue
from gongkai.printing.siteurl import absolute
from gongkai.workdays.calendar import provisional_wording, provisional_years

SUBJECTS = {
    "receipt": "已收到您的政府信息公开申请",
    "correction": "请补正您的政府信息公开申请",
    "fee_notice": "政府信息公开信息处理费缴费通知",
    "extension": "您的政府信息公开申请延期答复",
    "reply": "您的政府信息公开申请已答复",
}


def mail_applicant(application_id: int, kind: str) -> None:
    from gongkai.inforequests.models import Application

    app = Application.objects.get(pk=application_id)
    if not app.email:
        return
    status_url = absolute(reverse("inforequests:status"))
    lines = [
        f"{app.name}：",
        "",
        f"{SUBJECTS[kind]}。",
        f"查询码：{app.code}",
        f"当前状态：{app.get_status_display()}",
    ]
    if app.due_on and app.is_open:
        note = f"（{provisional_wording(provisional_years(app.due_on))}）" if app.due_provisional else ""
        lines.append(f"答复期限：{app.due_on:%Y年%m月%d日}{note}")
    lines += [
        "",
        "书面文书以邮寄或领取的为准。",
        f"用查询码和您电话号码的后四位，可以在这里查看办理进度：{status_url}",
        "",
        "如有疑问，请拨打 12333。",
    ]
    enqueue(f"request.{kind}", f"【政府信息公开】{SUBJECTS[kind]}", "\n".join(lines), [app.email])
