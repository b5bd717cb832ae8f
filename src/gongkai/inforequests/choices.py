"""The fixed vocabularies of on-request disclosure, worded as the Regulations and the 2021 report template word them.

Labels an applicant reads on the public pages are marked with `gettext_noop`: they stay plain Chinese strings
here (staff pages, letters, exports, the API and the annual report read them as they are), and the public
views and templates translate them where they show them (`gettext(label)`, `{% translate label %}`).
"""

from django.db import models
from django.utils.translation import gettext_noop


class ApplicantType(models.TextChoices):
    PERSON = "person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER_ORG = "other_org", "其他"

    @classmethod
    def organisations(cls):
        return [cls.COMMERCIAL, cls.RESEARCH, cls.NONPROFIT, cls.LEGAL, cls.OTHER_ORG]


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", gettext_noop("居民身份证")
    PASSPORT = "passport", gettext_noop("护照")
    HK_MO_PERMIT = "hk_mo", gettext_noop("港澳居民来往内地通行证")
    TW_PERMIT = "tw", gettext_noop("台湾居民来往大陆通行证")
    CREDIT_CODE = "credit_code", gettext_noop("统一社会信用代码")
    OTHER = "other", gettext_noop("其他证件")


class Channel(models.TextChoices):
    """How the application arrived; decides which day counts as received (条例第三十一条)."""

    ONLINE = "online", gettext_noop("网上提交")
    IN_PERSON = "in_person", gettext_noop("当面提交")
    POST = "post", gettext_noop("邮寄（需签收）")
    ORDINARY_MAIL = "ordinary_mail", gettext_noop("平常信函（无需签收）")
    FAX = "fax", gettext_noop("传真")
    EMAIL = "email", gettext_noop("电子邮件")


RECEIPT_RULES = {
    Channel.IN_PERSON: gettext_noop("当面提交的，以提交之日为收到申请之日"),
    Channel.POST: gettext_noop("邮寄需签收的，以行政机关签收之日为收到申请之日"),
    Channel.ORDINARY_MAIL: gettext_noop(
        "以平常信函等无需签收方式邮寄的，以行政机关与申请人确认之日为收到申请之日"
    ),
    Channel.ONLINE: gettext_noop("通过互联网渠道提交的，以双方确认之日为收到申请之日"),
    Channel.FAX: gettext_noop("通过传真提交的，以双方确认之日为收到申请之日"),
    Channel.EMAIL: gettext_noop("通过电子邮件提交的，以双方确认之日为收到申请之日"),
}


class DeliveryForm(models.TextChoices):
    PAPER = "paper", gettext_noop("纸质")
    EMAIL = "email", gettext_noop("电子邮件")
    DISC = "disc", gettext_noop("光盘")
    OTHER = "other", gettext_noop("其他")


class DeliveryMethod(models.TextChoices):
    POST = "post", gettext_noop("邮寄")
    PICKUP = "pickup", gettext_noop("当面领取")
    EMAIL = "email", gettext_noop("电子邮件")
    FAX = "fax", gettext_noop("传真")


class Result(models.TextChoices):
    """办理结果, exactly the rows of section 三 of the annual report template."""

    GRANTED = "granted", gettext_noop("予以公开")
    PARTIAL = "partial", gettext_noop("部分公开")
    DENIED_STATE_SECRET = "denied_1", gettext_noop("不予公开：属于国家秘密")
    DENIED_LAW = "denied_2", gettext_noop("不予公开：其他法律行政法规禁止公开")
    DENIED_SECURITY = "denied_3", gettext_noop("不予公开：危及“三安全一稳定”")
    DENIED_THIRD_PARTY = "denied_4", gettext_noop("不予公开：保护第三方合法权益")
    DENIED_INTERNAL = "denied_5", gettext_noop("不予公开：属于三类内部事务信息")
    DENIED_PROCESS = "denied_6", gettext_noop("不予公开：属于四类过程性信息")
    DENIED_ENFORCEMENT = "denied_7", gettext_noop("不予公开：属于行政执法案卷")
    DENIED_QUERY = "denied_8", gettext_noop("不予公开：属于行政查询事项")
    UNABLE_NOT_HELD = "unable_1", gettext_noop("无法提供：本机关不掌握相关政府信息")
    UNABLE_NEEDS_CREATING = "unable_2", gettext_noop("无法提供：没有现成信息需要另行制作")
    UNABLE_UNCLEAR = "unable_3", gettext_noop("无法提供：补正后申请内容仍不明确")
    NOT_HANDLED_PETITION = "not_handled_1", gettext_noop("不予处理：信访举报投诉类申请")
    NOT_HANDLED_REPEAT = "not_handled_2", gettext_noop("不予处理：重复申请")
    NOT_HANDLED_PUBLICATION = "not_handled_3", gettext_noop("不予处理：要求提供公开出版物")
    NOT_HANDLED_EXCESSIVE = "not_handled_4", gettext_noop("不予处理：无正当理由大量反复申请")
    NOT_HANDLED_CONFIRM = "not_handled_5", gettext_noop("不予处理：要求行政机关确认或重新出具已获取信息")
    OTHER_NO_CORRECTION = (
        "other_1",
        gettext_noop("其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    )
    OTHER_FEE_UNPAID = (
        "other_2",
        gettext_noop("其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    )
    OTHER = "other_3", gettext_noop("其他处理：其他")


# Results a handler records with a reply; the two "other" results that end a case by lapse are set by the system.
LAPSE_RESULTS = (Result.OTHER_NO_CORRECTION, Result.OTHER_FEE_UNPAID)


class ReplyType(models.TextChoices):
    """条例第三十六条: the form of the reply."""

    ALREADY_PUBLIC = "1", "已经主动公开的，告知获取的方式和途径"
    DISCLOSED = "2", "可以公开的，向申请人提供该政府信息，或者告知获取的方式、途径和时间"
    NOT_DISCLOSED = "3", "不予公开的，告知申请人并说明理由"
    NOT_EXIST = "4", "经检索没有所申请公开信息的，告知申请人该政府信息不存在"
    NOT_OURS = "5", "不属于本机关负责公开的，告知申请人并说明理由；能够确定负责机关的，告知名称、联系方式"
    REPEAT = "6", "已就申请人提出的同一申请作出答复、申请人重复申请的，告知不予重复处理"
    SPECIAL_RULES = "7", "所申请信息属于工商、不动产登记资料等信息，告知依照有关法律、行政法规的规定办理"
    OTHER = "0", "其他（如部分公开、不予处理等，写明理由）"


# Which 第三十六条 reply types can carry each 办理结果: the letter must say what the report counts (a
# 予以公开 in the report with a 不予公开 letter to the applicant is a contradiction on paper).
_DENIED = ("3",)
REPLY_TYPES_FOR_RESULT = {
    Result.GRANTED: ("1", "2", "7"),
    Result.PARTIAL: ("0", "2", "3"),  # 第三十七条 区分处理: provides a part, refuses the rest
    Result.DENIED_STATE_SECRET: _DENIED,
    Result.DENIED_LAW: _DENIED,
    Result.DENIED_SECURITY: _DENIED,
    Result.DENIED_THIRD_PARTY: _DENIED,
    Result.DENIED_INTERNAL: _DENIED,
    Result.DENIED_PROCESS: _DENIED,
    Result.DENIED_ENFORCEMENT: _DENIED,
    Result.DENIED_QUERY: ("3", "7"),  # 行政查询事项 are pointed to their own rules (第三十六条第七项)
    Result.UNABLE_NOT_HELD: ("4", "5"),
    Result.UNABLE_NEEDS_CREATING: ("0",),  # 第三十八条
    Result.UNABLE_UNCLEAR: ("0",),  # 第三十条
    Result.NOT_HANDLED_PETITION: ("0",),  # 第三十九条
    Result.NOT_HANDLED_REPEAT: ("6",),
    Result.NOT_HANDLED_PUBLICATION: ("0",),
    Result.NOT_HANDLED_EXCESSIVE: ("0",),  # 第三十五条
    Result.NOT_HANDLED_CONFIRM: ("0",),
    Result.OTHER: ("0",),
}


def reply_type_problem(result: str, reply_type: str) -> str:
    """Why this reply type cannot carry this result, in words for the handler; "" when they agree."""
    allowed = REPLY_TYPES_FOR_RESULT.get(result)
    if allowed is None or reply_type in allowed:
        return ""
    chosen = ReplyType(reply_type).label if reply_type in ReplyType.values else "（未选择）"
    fitting = "；".join(f"“{ReplyType(value).label}”" for value in allowed)
    return (
        f"办理结果“{Result(result).label}”和答复类型“{chosen}”对不上：答复书会和年度报告的统计互相矛盾。"
        f"这个办理结果应选答复类型：{fitting}"
    )


class EventKind(models.TextChoices):
    RECEIVED = "received", "收到申请"
    CORRECTION_REQUESTED = "correction_requested", "发出补正告知"
    CORRECTION_RECEIVED = "correction_received", "收到补正后的申请"
    CORRECTION_LAPSED = "correction_lapsed", "逾期未补正，不再处理"
    CONSULTATION_SENT = "consultation_sent", "征求第三方或其他机关意见"
    CONSULTATION_ANSWERED = "consultation_answered", "收到意见或征求意见期满"
    FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
    FEE_PAID = "fee_paid", "申请人已缴费"
    FEE_LAPSED = "fee_lapsed", "逾期未缴费，不再处理"
    EXTENSION_APPROVED = "extension_approved", "延期答复（经批准）"
    REPLIED = "replied", "作出答复"
    DELIVERED = "delivered", "答复已送达"
    ASSIGNED = "assigned", "分派承办人"
    MERGED = "merged", "重复提交，合并到另一件申请办理"


class Status(models.TextChoices):
    IN_PROGRESS = "in_progress", gettext_noop("办理中")
    AWAITING_CORRECTION = "awaiting_correction", gettext_noop("等待申请人补正")
    CONSULTING = "consulting", gettext_noop("征求意见中（暂停计时）")
    AWAITING_FEE = "awaiting_fee", gettext_noop("等待缴费（暂停计时）")
    REPLIED = "replied", gettext_noop("已答复")
    CLOSED = "closed", gettext_noop("已终止")


class ReviewKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"
