"""On-request disclosure (依申请公开): applications, the events of each case, review and litigation, fee scales.

The statutory clock is never stored by hand: it is computed from the case's events (clock.py). The cached
`due_on` is refreshed by the services after every event and when a holiday schedule is loaded.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from gongkai.bodies.models import Body
from gongkai.crypto import EncryptedTextField, mask_id_number, mask_phone
from gongkai.inforequests.choices import (
    ApplicantType,
    Channel,
    DeliveryForm,
    DeliveryMethod,
    EventKind,
    IdType,
    ReplyType,
    Result,
    ReviewKind,
    ReviewOutcome,
    Status,
)
from gongkai.languages import Language


class Application(models.Model):
    """One application for government information (条例第二十九条 lists its contents)."""

    code = models.CharField("查询码", max_length=20, unique=True)
    # The body asked: its clock, letters and fees are its own (art. 36(五) sends others on elsewhere).
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="applications", verbose_name="受理机关"
    )
    # 条例第三十六条第（五）项: the body that does hold the information, when the reply names one on this
    # platform; the applicant can then send the same request there in one step (`forwarded_to`).
    referred_to = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="告知的负责机关",
    )
    forwarded_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_to",
        verbose_name="由哪件申请转来",
    )
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    name = models.CharField("申请人姓名或名称", max_length=200)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField("证件号码")
    phone = EncryptedTextField("联系电话")
    # Only the last four digits are kept in clear, so the public status page can check them cheaply.
    phone_last4 = models.CharField("电话后四位", max_length=4)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    description = models.TextField("所需信息的名称、文号或特征描述")
    purpose = models.TextField("用途（选填）", blank=True)
    delivery_form = models.CharField("获取信息的载体", max_length=20, choices=DeliveryForm.choices)
    delivery_method = models.CharField("获取信息的方式", max_length=20, choices=DeliveryMethod.choices)
    channel = models.CharField("提交方式", max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    received_on = models.DateField("收到申请日期", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承办人",
    )
    status = models.CharField("状态", max_length=30, choices=Status.choices, default=Status.IN_PROGRESS)
    due_on = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限为暂估", default=False)
    result = models.CharField("办理结果", max_length=20, choices=Result.choices, blank=True)
    reply_type = models.CharField(
        "答复类型（条例第三十六条）", max_length=2, choices=ReplyType.choices, blank=True
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # The same applicant's same request sent twice (a resubmission after an error page, a paper copy of an
    # online one): handled and counted once, as the application it was merged into.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name="合并到",
    )
    submitter_ip = models.GenericIPAddressField("提交地址", null=True, blank=True)
    # The language of the pages the applicant wrote on: their e-mails are written in it, and staff see it.
    language = models.CharField(
        "申请人使用的文字", max_length=10, choices=Language.choices, default=Language.CHINESE
    )

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["received_on"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.REPLIED, Status.CLOSED)

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.PERSON


class CaseEvent(models.Model):
    """Something that happened in a case, on a date. The clock is computed from these."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=30, choices=EventKind.choices)
    on = models.DateField("日期")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="经办人",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    note = models.TextField("说明", blank=True)
    # Event-specific facts: the correction deadline, extension days, fee amount, delivery method …
    data = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["application", "on", "id"]

    def __str__(self):
        return f"{self.on} {self.get_kind_display()}"


class ReviewCase(models.Model):
    """行政复议 or 行政诉讼 brought against a reply, for section 四 of the annual report."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField("类别", max_length=30, choices=ReviewKind.choices)
    filed_on = models.DateField("提起日期")
    outcome = models.CharField(
        "结果", max_length=20, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "复议诉讼"
        verbose_name_plural = "复议诉讼"
        ordering = ["-filed_on"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.application.code}"


class FeeScale(models.Model):
    """信息处理费 bands (国办函〔2020〕109号). Amounts are data so an administrator can follow a new rule."""

    class Basis(models.TextChoices):
        # Printed on Mongolian fee notices too (translated where the letter is written).
        PER_APPLICATION = "per_application", gettext_noop("按件计收")
        PER_PAGE = "per_page", gettext_noop("按量计收")

    basis = models.CharField("计收方式", max_length=20, choices=Basis.choices, unique=True)
    # [[from, to_or_null, yuan_per_unit], ...]: progressive; only the part inside each band pays its rate.
    bands = models.JSONField("收费档次")
    rising_step = models.JSONField(
        "超出末档后的递增规则", default=dict, blank=True, help_text='按件计收：{"every": 10, "add": 100}'
    )
    source = models.CharField("依据", max_length=200, default="国办函〔2020〕109号")

    class Meta:
        verbose_name = "信息处理费标准"
        verbose_name_plural = "信息处理费标准"

    def __str__(self):
        return self.get_basis_display()


class DocumentTemplate(models.Model):
    """The wording of a written notice in one language. The office edits it; placeholders are filled from the
    case. Each kind has a Chinese and a Mongolian wording: a letter is printed in the applicant's language."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "受理回执"
        CORRECTION = "correction", "补正告知书"
        CONSULTATION = "consultation", "征求意见函"
        EXTENSION = "extension", "延期答复告知书"
        FEE_NOTICE = "fee_notice", "收费通知书"
        REPLY = "reply", "政府信息公开申请答复书"

    kind = models.CharField("文书", max_length=20, choices=Kind.choices)
    language = models.CharField("文字", max_length=10, choices=Language.choices, default=Language.CHINESE)
    title = models.CharField("标题", max_length=100)
    body = models.TextField(
        "正文", help_text="可用的占位符见页面下方说明，例如 {{ 申请人 }}、{{ 收到日期 }}、{{ 答复期限 }}"
    )

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["kind", "-language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="document_template_kind_language"),
        ]

    def __str__(self):
        return f"{self.title}（{self.get_language_display()}）"


class LetterHead(models.Model):
    """What a body's letters carry beside their text: its 机关代字, whom to contact, where to seek remedies.

    Every field may stay empty: letters then use the body's short name, its disclosure office's phone, the
    people's government above it in the tree as 复议机关 and "有管辖权的人民法院".
    """

    body = models.OneToOneField(
        Body, on_delete=models.CASCADE, related_name="letter_head", verbose_name="公开主体"
    )
    code_word = models.CharField(
        "机关代字",
        max_length=20,
        blank=True,
        help_text="文书编号开头的机关代字，例如“扎人社”；留空时用机关简称",
    )
    contact_person = models.CharField(
        "联系人", max_length=50, blank=True, help_text="印在文书末尾；留空时用这件申请的承办人姓名"
    )
    contact_phone = models.CharField(
        "联系电话", max_length=50, blank=True, help_text="留空时用本机关政府信息公开工作机构的电话"
    )
    review_body = models.CharField(
        "行政复议机关",
        max_length=200,
        blank=True,
        help_text="留空时自动填上一级人民政府（机关树上本机关上面最近的人民政府）。机关树上没有上一级政府的，请在这里填写",
    )
    court = models.CharField(
        "管辖法院",
        max_length=200,
        blank=True,
        help_text="答复书告知提起行政诉讼的人民法院，例如“扎赉特旗人民法院”；留空时写“有管辖权的人民法院”",
    )

    class Meta:
        verbose_name = "文书落款和联系方式"
        verbose_name_plural = "文书落款和联系方式"

    def __str__(self):
        return f"{self.body}的文书设置"


class LetterRegister(models.Model):
    """发文登记: the last number given to one kind of letter of one body in one year. Only ever counts up."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name="公开主体")
    kind = models.CharField("文书", max_length=20, choices=DocumentTemplate.Kind.choices)
    year = models.PositiveIntegerField("年份")
    last_number = models.PositiveIntegerField("已用到的号", default=0)

    class Meta:
        verbose_name = "发文登记"
        verbose_name_plural = "发文登记"
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "year"], name="letter_register_unique"),
        ]

    def __str__(self):
        return f"{self.body} {self.get_kind_display()} {self.year}"


class LetterNumber(models.Model):
    """The number one letter was given, fixed when the step that issues it was recorded."""

    event = models.OneToOneField(
        CaseEvent, on_delete=models.CASCADE, related_name="letter_number", verbose_name="办理记录"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name="公开主体")
    kind = models.CharField("文书", max_length=20, choices=DocumentTemplate.Kind.choices)
    year = models.PositiveIntegerField("年份")
    number = models.PositiveIntegerField("顺序号")
    code_word = models.CharField("机关代字", max_length=40)

    class Meta:
        verbose_name = "文书编号"
        verbose_name_plural = "文书编号"
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "year", "number"], name="letter_number_unique"),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        """扎人社依申答〔2026〕3号: 机关代字, the year in 〔〕, the number without leading zeros (GB/T 9704)."""
        return f"{self.code_word}〔{self.year}〕{self.number}号"
