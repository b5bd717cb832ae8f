"""E-mails to applicants. Plain text only, so nothing an applicant typed can become markup in a mail reader.
Written to the outbox inside the change's transaction: the mail server never decides whether a step succeeds.

Each mail is written in the language of the pages the applicant used (`Application.language`): someone who
applied on the Mongolian pages reads their receipt and their reply notice in Mongolian, with the status page's
address in Mongolian too."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.languages import written_date
from gongkai.outbox.services import enqueue
from gongkai.printing.siteurl import absolute
from gongkai.workdays.calendar import provisional_wording, provisional_years

SUBJECTS = {
    "receipt": gettext_noop("已收到您的政府信息公开申请"),
    "correction": gettext_noop("请补正您的政府信息公开申请"),
    "fee_notice": gettext_noop("政府信息公开信息处理费缴费通知"),
    "extension": gettext_noop("您的政府信息公开申请延期答复"),
    "reply": gettext_noop("您的政府信息公开申请已答复"),
}


def mail_applicant(application_id: int, kind: str) -> None:
    from gongkai.inforequests.models import Application

    app = Application.objects.get(pk=application_id)
    if not app.email:
        return
    with translation.override(app.language):
        subject = _(SUBJECTS[kind])
        body = "\n".join(_mail_lines(app, subject))
        enqueue(f"request.{kind}", _("【政府信息公开】%(subject)s") % {"subject": subject}, body, [app.email])


def _mail_lines(app, subject: str) -> list[str]:
    """The mail's lines in the active language."""
    lines = [
        _("%(name)s：") % {"name": app.name},
        "",
        _("%(subject)s。") % {"subject": subject},
        _("查询码：%(code)s") % {"code": app.code},
        _("当前状态：%(status)s") % {"status": _(app.get_status_display())},
    ]
    if app.due_on and app.is_open:
        due = written_date(app.due_on)
        if app.due_provisional:
            due += _("（%(note)s）") % {"note": provisional_wording(provisional_years(app.due_on))}
        lines.append(_("答复期限：%(due)s") % {"due": due})
    lines += [
        "",
        _("书面文书以邮寄或领取的为准。"),
        _("用查询码和您电话号码的后四位，可以在这里查看办理进度：%(url)s")
        % {"url": absolute(reverse("inforequests:status"))},
        "",
        _("如有疑问，请拨打 12333。"),
    ]
    return lines
