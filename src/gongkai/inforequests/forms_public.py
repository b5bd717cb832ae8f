"""The public application form and the status lookup form (条例第二十九条 lists what an application holds).

The API feeds its JSON body through the same form, so a web and an API application are checked alike.
Every text field is cleaned the same way: control and invisible formatting characters are dropped, a
length limit holds, and anything that looks like web-page code is refused (templates escape it anyway).

Labels, help and messages are in the page's language (Mongolian under /mn/); the API, outside the
language prefixes, gets them in Chinese. The message constants stay plain Chinese strings (`gettext_noop`)
and are translated where they are raised.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from gongkai.bodies.services import disclosure_bodies
from gongkai.inforequests.choices import ApplicantType, DeliveryForm, DeliveryMethod, IdType
from gongkai.inforequests.validators import validate_id_number, validate_phone

MARKUP_MESSAGE = gettext_noop("请不要输入网页代码，请直接用文字说明")
REQUIRED_MESSAGE = gettext_noop("请填写这一项")
HONEYPOT_MESSAGE = gettext_noop("提交没有成功，请检查后再提交一次")

# A tag, comment or processing instruction opening ("<b", "</b", "<!--", "<?"), "<script" however spaced, or a
# script address. "a < b" and "<60岁" are ordinary text.
_MARKUP = re.compile(
    r"<[/!?]?[a-z]|<\s*/?\s*script|(?:java|vb)script\s*:|data\s*:\s*text/html", re.IGNORECASE
)
# Categories dropped from typed text: control, format (bidi overrides, zero-width), private use, surrogates.
_DROPPED = {"Cc", "Cf", "Co", "Cs"}
_LINE_BREAKS = {"\n", "\u2028", "\u2029", "\x85"}

# How the applicant types read to a villager; the order is that of the annual report's columns.
APPLICANT_LABELS = {
    ApplicantType.PERSON: gettext_lazy("个人（自然人）"),
    ApplicantType.COMMERCIAL: gettext_lazy("商业企业"),
    ApplicantType.RESEARCH: gettext_lazy("科研机构"),
    ApplicantType.NONPROFIT: gettext_lazy("社会公益组织"),
    ApplicantType.LEGAL: gettext_lazy("法律服务机构"),
    ApplicantType.OTHER_ORG: gettext_lazy("其他组织"),
}

CODE_LENGTH = 12


def translated(choices) -> list[tuple[str, str]]:
    """Model choices with their labels in the page's language (the labels are marked in choices.py)."""
    return [(value, gettext_lazy(label)) for value, label in choices]


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Drop control and invisible characters; line breaks stay only where the field is multi-line."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in value:
        if char in _LINE_BREAKS:
            kept.append("\n" if multiline else " ")
        elif char == "\t":
            kept.append(" ")
        elif unicodedata.category(char) not in _DROPPED:
            kept.append(char)
    return "".join(kept).strip()


def has_markup(value: str) -> bool:
    return bool(_MARKUP.search(unicodedata.normalize("NFKC", value)))


def normalize_code(value: str) -> str:
    """A tracking code as typed (any case, full-width, spaces or dashes between groups) to its stored form."""
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-_.·—–]", "", value).upper()


def format_code(code: str) -> str:
    """ABCDEFGHJKLM → ABCD EFGH JKLM: easier to read out and copy by hand."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


class PlainTextField(forms.CharField):
    """A CharField for free text typed by the public: cleaned, length-limited, markup refused."""

    def __init__(self, *, max_length: int, multiline: bool = False, **kwargs):
        self.multiline = multiline
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", gettext_lazy(REQUIRED_MESSAGE))
        kwargs["error_messages"].setdefault(
            "max_length", gettext_lazy("太长了：最多 %(limit_value)d 个字（现在是 %(show_value)d 个字）")
        )
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value, multiline=self.multiline) if value else value

    def validate(self, value):
        super().validate(value)
        if value and has_markup(value):
            raise ValidationError(_(MARKUP_MESSAGE), code="markup")


def _text(label, max_length, *, required=True, help_text="", multiline=False, **attrs):
    field = PlainTextField(
        label=label, max_length=max_length, required=required, help_text=help_text, multiline=multiline
    )
    # The input's type is the widget's own: as an attribute it would be written out a second time.
    if "type" in attrs:
        field.widget.input_type = attrs.pop("type")
    field.widget.attrs.update(attrs)
    return field


class DescribedErrorsMixin:
    """Ties each field's error message to its input (aria-describedby, aria-invalid) for screen readers."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            field = self.fields[name]
            ids = [f"id_{name}_error"] + ([f"id_{name}_helptext"] if field.help_text else [])
            field.widget.attrs["aria-describedby"] = " ".join(ids)
            field.widget.attrs["aria-invalid"] = "true"

    def error_summary(self) -> list[tuple[str | None, str]]:
        """(anchor, message) for the summary at the top of the page: form-wide ones first, then by field."""
        found = [(None, message) for message in self.non_field_errors()]
        optional = re.escape(_("（选填）"))
        for name, field in self.fields.items():
            label = re.sub(rf"（选填）|{optional}|[？?]$", "", str(field.label)).strip()
            for message in self.errors.get(name, []):
                anchor = f"id_{name}_0" if _is_radio(field) else f"id_{name}"
                found.append((anchor, _("%(label)s：%(message)s") % {"label": label, "message": message}))
        return found


def _is_radio(field) -> bool:
    return isinstance(field.widget, forms.RadioSelect)


class ApplicationForm(DescribedErrorsMixin, forms.Form):
    """政府信息公开申请表. Field names are those of Application, so cleaned data goes straight to the service."""

    applicant_type = forms.ChoiceField(
        label=gettext_lazy("申请人"),
        choices=list(APPLICANT_LABELS.items()),
        initial=ApplicantType.PERSON,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("请选择是个人申请还是单位申请"),
            "invalid_choice": gettext_lazy("请从列出的选项中选择"),
        },
    )
    name = _text(gettext_lazy("姓名或单位名称"), 100, autocomplete="name")
    contact_person = _text(
        gettext_lazy("联系人姓名"),
        50,
        required=False,
        help_text=gettext_lazy("单位申请时填写，个人申请不用填。"),
    )
    id_type = forms.ChoiceField(
        label=gettext_lazy("证件类型"),
        choices=translated(IdType.choices),
        initial=IdType.RESIDENT_ID,
        error_messages={
            "required": gettext_lazy("请选择证件类型"),
            "invalid_choice": gettext_lazy("请从列出的证件类型中选择"),
        },
        help_text=gettext_lazy("单位申请请选“统一社会信用代码”。"),
    )
    id_number = _text(
        gettext_lazy("证件号码"),
        30,
        help_text=gettext_lazy("居民身份证是 18 位，最后一位可能是 X。"),
        autocomplete="off",
        spellcheck="false",
    )
    phone = _text(
        gettext_lazy("联系电话"),
        20,
        help_text=gettext_lazy("手机或固定电话都可以。以后查办理进度，要用到这个号码的后四位。"),
        autocomplete="tel",
        inputmode="tel",
        type="tel",
    )
    email = forms.EmailField(
        label=gettext_lazy("电子邮箱（选填）"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("填了邮箱，我们会把回执和办理进展发到这个邮箱。"),
        error_messages={
            "invalid": gettext_lazy("电子邮箱的格式不对，请核对"),
            "max_length": gettext_lazy("电子邮箱太长了"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = _text(
        gettext_lazy("通信地址"),
        200,
        required=False,
        help_text=gettext_lazy("选择邮寄的，请写清楚收件地址。"),
        autocomplete="street-address",
    )
    postcode = _text(
        gettext_lazy("邮政编码（选填）"), 6, required=False, autocomplete="postal-code", inputmode="numeric"
    )
    description = _text(
        gettext_lazy("您想要哪些政府信息？"),
        2000,
        multiline=True,
        help_text=gettext_lazy(
            "请写明信息的名称、文号，或者说清楚是哪个年份、哪方面的信息，方便我们查找。最多 2000 字。"
        ),
    )
    purpose = _text(
        gettext_lazy("用途（选填）"),
        500,
        required=False,
        multiline=True,
        help_text=gettext_lazy("最多 500 字。"),
    )
    delivery_form = forms.ChoiceField(
        label=gettext_lazy("您希望得到哪种形式的信息？"),
        choices=translated(DeliveryForm.choices),
        initial=DeliveryForm.PAPER,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("请选择一种形式"),
            "invalid_choice": gettext_lazy("请从列出的选项中选择"),
        },
    )
    delivery_method = forms.ChoiceField(
        label=gettext_lazy("您希望怎样拿到？"),
        choices=translated(DeliveryMethod.choices),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("请选择一种方式"),
            "invalid_choice": gettext_lazy("请从列出的选项中选择"),
        },
    )
    # Hidden from people by the stylesheet and left out of the tab order; bots fill in every box they see.
    body = forms.ChoiceField(
        label=gettext_lazy("向哪个单位申请"),
        required=True,
        help_text=gettext_lazy(
            "政府信息由哪个单位制作或保存，就向哪个单位申请。不知道选哪个？在上面按单位名称或要办的事查找。"
        ),
        error_messages={
            "required": gettext_lazy("请选择向哪个单位申请"),
            "invalid_choice": gettext_lazy("请从列出的单位中选择"),
        },
    )
    website = forms.CharField(
        label=gettext_lazy("网址（请不要填写这一栏）"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_postcode(self):
        postcode = self.cleaned_data.get("postcode", "")
        if postcode and not re.fullmatch(r"\d{6}", unicodedata.normalize("NFKC", postcode)):
            raise ValidationError(_("邮政编码是 6 位数字"))
        return unicodedata.normalize("NFKC", postcode)

    def clean_phone(self):
        phone = unicodedata.normalize("NFKC", self.cleaned_data.get("phone", ""))
        return validate_phone(phone)

    def __init__(self, *args, bodies=None, shown=None, **kwargs):
        """`bodies`: those one may apply to (default: every 行政机关 of the platform); `shown`: those the list
        offers (a search narrowed it), always with the preset one."""
        super().__init__(*args, **kwargs)
        # With one body there is nothing to ask: the page looks as it always did for a single bureau.
        self.bodies = list(disclosure_bodies() if bodies is None else bodies)
        if len(self.bodies) <= 1:
            del self.fields["body"]
            return
        preset = self.initial.get("body")
        offered = [b for b in self.bodies if shown is None or b in shown or b.code == preset]
        groups: dict[str, list] = {}
        for body in offered:
            groups.setdefault(body.get_kind_display(), []).append((body.code, body.name))
        self.fields["body"].choices = [("", _("请选择单位")), *groups.items()]

    def chosen_body(self):
        """The body the application goes to (the only one, when there is no choice)."""
        if "body" not in self.fields:
            return self.bodies[0] if self.bodies else None
        code = self.cleaned_data.get("body")
        return next((body for body in self.bodies if body.code == code), None)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        applicant_type = data.get("applicant_type")
        organisation = applicant_type is not None and applicant_type != ApplicantType.PERSON
        if organisation and not data.get("contact_person"):
            self.add_error("contact_person", _("单位申请请填写联系人姓名"))
        id_type = data.get("id_type")
        if applicant_type == ApplicantType.PERSON and id_type == IdType.CREDIT_CODE:
            self.add_error("id_type", _("个人申请请选择身份证等个人证件"))
        if id_type and data.get("id_number"):
            try:
                data["id_number"] = validate_id_number(
                    id_type, unicodedata.normalize("NFKC", data["id_number"])
                )
            except ValidationError as error:
                self.add_error("id_number", error)
        wants_email = DeliveryForm.EMAIL in (data.get("delivery_form"), data.get("delivery_method"))
        if wants_email and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("选择用电子邮件接收的，请填写电子邮箱"))
        wants_post = data.get("delivery_method") == DeliveryMethod.POST
        if wants_post and not data.get("address") and "address" not in self.errors:
            self.add_error("address", _("选择邮寄的，请填写收件地址"))
        return data

    def application_fields(self) -> dict:
        """What services.submit_application needs, from a valid form."""
        data = self.cleaned_data
        fields = [
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
        ]
        values = {name: data.get(name) or "" for name in fields}
        if values["applicant_type"] == ApplicantType.PERSON:
            values["contact_person"] = ""
        return values


class StatusForm(DescribedErrorsMixin, forms.Form):
    """查询办理进度: the tracking code from the receipt and the last four digits of the phone number."""

    code = forms.CharField(
        label=gettext_lazy("查询码"),
        max_length=40,
        help_text=gettext_lazy("回执上的 12 位查询码。字母不分大小写，空格可以不输。"),
        error_messages={
            "required": gettext_lazy("请填写查询码"),
            "max_length": gettext_lazy("查询码太长了，请核对"),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    phone_last4 = forms.CharField(
        label=gettext_lazy("联系电话的后四位"),
        max_length=10,
        help_text=gettext_lazy("申请时填写的联系电话的最后四个数字。"),
        error_messages={
            "required": gettext_lazy("请填写电话号码的后四位"),
            "max_length": gettext_lazy("请只填电话号码的后四位"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or not code.isalnum() or not code.isascii():
            raise ValidationError(_("查询码是 12 位字母和数字，请核对回执"))
        return code

    def clean_phone_last4(self):
        digits = unicodedata.normalize("NFKC", self.cleaned_data["phone_last4"]).strip()
        if not re.fullmatch(r"\d{4}", digits):
            raise ValidationError(_("请填写 4 个数字"))
        return digits
