"""Staff forms for the steps of a case. They shape input; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.inforequests.choices import (
    RECEIPT_RULES,
    Channel,
    DeliveryMethod,
    ReplyType,
    Result,
    ReviewKind,
    ReviewOutcome,
    Status,
    reply_type_problem,
)
from gongkai.inforequests.forms_public import ApplicationForm

DATE_ERRORS = {"invalid": "日期格式不对，请写成 2026-03-15 这样", "required": "请填写日期"}


def date_field(label="日期", **kwargs):
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
        **kwargs,
    )


class OnForm(forms.Form):
    on = date_field(initial=timezone.localdate)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="承办人", queryset=get_user_model().objects.none())

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if handlers is None:
            handlers = get_user_model().objects.filter(role_grants__role=Role.DISCLOSURE_OFFICE.value)
        self.fields["handler"].queryset = handlers.filter(is_active=True).distinct()


class CorrectionForm(OnForm):
    what = forms.CharField(label="需要补正的事项", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = date_field("补正期限")


class NoteForm(OnForm):
    note = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsultationForm(OnForm):
    to = forms.CharField(label="征求意见的对象（第三方或其他机关）", max_length=300)


class FeeNoticeForm(OnForm):
    basis = forms.ChoiceField(
        label="计收方式",
        choices=[("per_page", "按量计收（按页数）"), ("per_application", "按件计收（本月申请件数）")],
    )
    pages = forms.IntegerField(label="页数（按量计收时填写）", required=False, min_value=1, max_value=100000)
    how_to_pay = forms.CharField(label="缴费方式", max_length=500)


class ExtensionForm(OnForm):
    days = forms.IntegerField(label="延长的工作日数（最多 20）", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(OnForm):
    result = forms.ChoiceField(
        label="办理结果（年度报告分类）",
        choices=[("", "请选择")] + [c for c in Result.choices if c[0] not in ("other_1", "other_2")],
    )
    reply_type = forms.ChoiceField(label="答复类型（条例第三十六条）", choices=ReplyType.choices)
    holder = forms.ModelChoiceField(
        label="负责公开的机关（第五项，选填）",
        queryset=None,
        required=False,
        empty_label="（不在本平台上，或不能确定）",
        help_text="答复“不属于本机关负责公开”时，选出本平台上负责的机关：申请人可以一键把申请转过去。",
    )
    note = forms.CharField(label="答复内容或理由", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, holders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if holders is None or not holders.exists():
            del self.fields["holder"]
        else:
            self.fields["holder"].queryset = holders

    def clean(self):
        data = super().clean()
        problem = reply_type_problem(data.get("result") or "", data.get("reply_type") or "")
        if problem:
            self.add_error("reply_type", problem)
        return data


class DeliveryForm(OnForm):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    note = forms.CharField(label="说明（如邮件单号）", required=False, max_length=300)


class ReviewFiledForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=ReviewKind.choices)
    filed_on = date_field("提起日期")
    note = forms.CharField(label="说明", required=False, max_length=1000)


class ReviewDecidedForm(forms.Form):
    case_id = forms.IntegerField(label="复议诉讼编号（见下方表格）", min_value=1)
    outcome = forms.ChoiceField(label="结果", choices=ReviewOutcome.choices)
    decided_on = date_field("审结日期", required=False)


class RegisterForm(ApplicationForm):
    """Staff registration of a paper, post, fax or e-mail application: the public form plus art. 31 facts."""

    channel = forms.ChoiceField(
        label="提交方式", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = date_field("收到申请日期（条例第三十一条）", required=False)
    body = forms.ModelChoiceField(
        label="受理机关",
        queryset=None,
        required=True,
        error_messages={"required": "请选择受理这件申请的单位"},
    )
    field_order = ["body", "channel", "received_on"]

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]  # staff are not bots
        # Only the bodies this office answers for; with just one, there is nothing to choose.
        if bodies is None or bodies.count() <= 1:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = bodies
        self.fields["received_on"].help_text = "；".join(
            RECEIPT_RULES[c] for c in Channel if c != Channel.ONLINE
        )

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        needs_confirmation = channel in (Channel.ORDINARY_MAIL, Channel.FAX, Channel.EMAIL)
        if not data.get("received_on") and not needs_confirmation and "received_on" not in self.errors:
            self.add_error("received_on", "当面提交和邮寄签收的，请填写收到日期")
        return data


class MergeForm(OnForm):
    """合并重复申请: the code of the application this one repeats; it must be of the same body."""

    into = forms.CharField(
        label="合并到哪件申请（填它的查询码）",
        max_length=30,
        help_text="同一申请人就同一内容重复提交的，把后来的一件合并到先收到的一件，只办理、统计一次。",
    )
    note = forms.CharField(label="说明（选填）", required=False, max_length=500)

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = applications

    def clean_into(self):
        code = "".join(self.cleaned_data["into"].split()).replace("-", "").upper()
        found = self.applications.filter(code=code).first() if self.applications is not None else None
        if found is None:
            raise forms.ValidationError("没有这个查询码的申请（只能合并到同一机关收到的申请）")
        return found


RESULT_GROUP_CHOICES = [
    ("", "全部"),
    ("none", "还没有结果"),
    ("granted", "予以公开"),
    ("partial", "部分公开"),
    ("denied", "不予公开"),
    ("unable", "无法提供"),
    ("not_handled", "不予处理"),
    ("other", "其他处理"),
]
STATUS_CHOICES = [("", "全部"), ("open", "办理中（未办结）"), *Status.choices, ("merged", "已合并到其他申请")]


class ApplicationFilterForm(forms.Form):
    """The staff list of applications: search and filters; every field may be empty."""

    q = forms.CharField(label="查找（查询码、申请人或申请内容）", required=False, max_length=100)
    status = forms.ChoiceField(label="状态", choices=STATUS_CHOICES, required=False)
    result = forms.ChoiceField(label="办理结果", choices=RESULT_GROUP_CHOICES, required=False)
    channel = forms.ChoiceField(label="提交方式", choices=[("", "全部"), *Channel.choices], required=False)
    received_from = date_field("收到日期，从", required=False)
    received_to = date_field("到", required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", "结束日期不能早于开始日期")
        return data
