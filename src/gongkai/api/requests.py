"""On-request disclosure over the API: submit an application, check its progress.

Submissions go through the same form as the web page (gongkai.inforequests.forms_public.ApplicationForm)
and the same rate limits; lookups follow the status page's rules (same message for an unknown code and for
wrong digits, rate-limited per address and per code). No cookie authentication, so no CSRF token.
"""

import datetime
import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse, JsonResponse
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import ConfigDict

from gongkai.bodies.services import disclosure_bodies
from gongkai.inforequests.choices import ApplicantType, DeliveryForm, DeliveryMethod, IdType
from gongkai.inforequests.forms_public import ApplicationForm, StatusForm, normalize_code
from gongkai.inforequests.views_public import (
    APPLY_FLOOD_MESSAGE,
    APPLY_WINDOW,
    NOT_FOUND_MESSAGE,
    LookupRefused,
    SubmissionRefused,
    lookup,
    public_events,
    request_ip,
    submit,
)
from gongkai.languages import Language
from gongkai.workdays.calendar import provisional_wording, provisional_years

router = Router(tags=["依申请公开"])


def json_body_only(view):
    """Bodies must say they are JSON (415 otherwise). A web page can make its visitors' browsers send a form or
    text/plain body to another site without asking, but not application/json (that needs a CORS preflight,
    which this API never answers), so no other site can submit applications in its visitors' names. Checked
    before django-ninja reads the body (it would read a text/plain body as JSON)."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and request.content_type != "application/json":
            return JsonResponse(
                {"detail": "请以 JSON 提交（Content-Type: application/json）"},
                status=415,
                json_dumps_params={"ensure_ascii": False},
            )
        return view(request, *args, **kwargs)

    return checked


def _choices(choices) -> str:
    return "，".join(f"{value}={label}" for value, label in choices)


# What the schema states is what ApplicationForm accepts (a subset of it, never more), so that a client generated
# from the schema sends valid requests. The form stays the only validator: the constraints below are written into
# the JSON schema only, so a wrong answer still comes back as 422 with the form's message under its field name.
#
# "Visible" text holds at least one letter, digit, 汉字 or Mongolian letter: the form drops control and invisible
# characters and trims spaces before it checks that a required field is filled in.
VISIBLE = "[0-9A-Za-z\u00c0-\u024f\u0400-\u04ff\u1820-\u18aa\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
MARKUP_NOTE = "；含网页代码（如 <a、<script、javascript:）的会被拒绝"
# What the schema lets a generated client send: no "<" (nor its full-width and small forms, which the form
# folds to "<" before it looks for markup), no javascript:/vbscript: and no data:text/html — stricter than the
# form, which refuses only "<" before a tag, so whatever the schema allows is accepted.
NO_MARKUP = (
    "^(?![\\s\\S]*[<\uff1c\ufe64])"
    "(?![\\s\\S]*(?:[Jj][Aa][Vv][Aa]|[Vv][Bb])[Ss][Cc][Rr][Ii][Pp][Tt]\\s*:)"
    "(?![\\s\\S]*[Dd][Aa][Tt][Aa]\\s*:\\s*[Tt][Ee][Xx][Tt]/[Hh][Tt][Mm][Ll])"
)
REQUIRED_FIELDS = ("body", "name", "id_number", "phone", "description", "delivery_method")
CONDITIONS = (
    "以下要求取决于其他字段，schema 无法简单表达，提交时请遵守："
    "applicant_type 不是 person（单位申请）时 contact_person 必填；"
    "applicant_type 为 person 时 id_type 不能是 credit_code；"
    "id_type 为 resident_id 时 id_number 是 18 位居民身份证号码（出生日期有效，最后一位按 GB 11643 校验，可以是 X），"
    "为 credit_code 时是 18 位统一社会信用代码（数字和除 I、O、S、V、Z 以外的大写字母）；"
    "delivery_method 为 post（邮寄）时 address 必填；"
    "delivery_form 或 delivery_method 为 email 时 email 必填。"
    "文字字段会去掉控制字符和不可见字符，含网页代码的会被拒绝。"
)


def _enum(choices) -> dict:
    return {"enum": [value for value, _label in choices]}


def _text(max_length: int, *, required: bool = False) -> dict:
    if required:
        return {"minLength": 1, "maxLength": max_length, "pattern": NO_MARKUP + "[\\s\\S]*" + VISIBLE}
    return {"maxLength": max_length, "pattern": NO_MARKUP}


def _state_required(schema: dict) -> None:
    """The fields the form requires are required in the schema, without a default (the model keeps "" as its
    default so that a missing field reaches the form and gets the form's message)."""
    schema["description"] = "政府信息公开申请（条例第二十九条）。" + CONDITIONS
    schema["required"] = list(REQUIRED_FIELDS)
    for name in REQUIRED_FIELDS:
        schema["properties"][name].pop("default", None)


class ApplicationIn(Schema):
    model_config = ConfigDict(json_schema_extra=_state_required)

    body: str = Field(
        ...,
        description="受理申请的单位的编码（见 GET /api/v1/bodies，类别为人民政府、工作部门或苏木乡镇的单位）",
        examples=["zltq-rsj"],
        min_length=1,
        max_length=50,
        json_schema_extra={"pattern": "^[-a-zA-Z0-9_]+$"},
    )
    applicant_type: str = Field(
        ApplicantType.PERSON.value,
        description=f"申请人类型：{_choices(ApplicantType.choices)}。不是 person 的为单位申请，须填 contact_person",
        json_schema_extra=_enum(ApplicantType.choices),
    )
    name: str = Field(
        "",
        description="姓名或单位名称，必填，最多 100 字" + MARKUP_NOTE,
        examples=["张三"],
        json_schema_extra=_text(100, required=True),
    )
    contact_person: str = Field(
        "",
        description="联系人，最多 50 字；单位申请（applicant_type 不是 person）时必填，个人申请时不保存",
        json_schema_extra=_text(50),
    )
    id_type: str = Field(
        IdType.RESIDENT_ID.value,
        description=f"证件类型：{_choices(IdType.choices)}。个人申请不能选 credit_code",
        json_schema_extra=_enum(IdType.choices),
    )
    id_number: str = Field(
        "",
        description="证件号码，必填，4 到 30 位字母、数字、汉字、括号或短横线。居民身份证（resident_id）是 18 位，"
        "出生日期有效并校验最后一位（可以是 X）；统一社会信用代码（credit_code）是 18 位数字和大写字母",
        examples=["11010519491231002X"],
        json_schema_extra={
            "minLength": 4,
            "maxLength": 30,
            "pattern": "^[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff()（）-]+$",
        },
    )
    phone: str = Field(
        "",
        description="联系电话，必填，手机或固定电话，7 到 20 位数字，数字之间可以有一个空格或短横线，可以 + 开头。"
        "查询进度时要用它的后四位",
        examples=["13800001234"],
        json_schema_extra={"minLength": 7, "maxLength": 20, "pattern": "^[+]?[0-9](?:[- ]?[0-9]){6,19}$"},
    )
    email: str = Field(
        "",
        description="电子邮箱，选填（空字符串表示不填），最多 100 个字符；"
        "delivery_form 或 delivery_method 为 email 时必填。填了会收到回执和办理进展",
        json_schema_extra={"maxLength": 100, "anyOf": [{"format": "email"}, {"maxLength": 0}]},
    )
    address: str = Field(
        "",
        description="通信地址，最多 200 字；delivery_method 为 post（邮寄）时必填" + MARKUP_NOTE,
        json_schema_extra=_text(200),
    )
    postcode: str = Field(
        "",
        description="邮政编码，选填，6 位数字（空字符串表示不填）",
        json_schema_extra={"maxLength": 6, "pattern": "^(?:[0-9]{6})?$"},
    )
    description: str = Field(
        "",
        description="所需信息的名称、文号或特征描述，必填，可以分行，最多 2000 字" + MARKUP_NOTE,
        json_schema_extra=_text(2000, required=True),
    )
    purpose: str = Field(
        "",
        description="用途，选填，可以分行，最多 500 字" + MARKUP_NOTE,
        json_schema_extra=_text(500),
    )
    delivery_form: str = Field(
        DeliveryForm.PAPER.value,
        description=f"获取信息的载体：{_choices(DeliveryForm.choices)}",
        json_schema_extra=_enum(DeliveryForm.choices),
    )
    delivery_method: str = Field(
        "",
        description=f"获取信息的方式，必填：{_choices(DeliveryMethod.choices)}",
        json_schema_extra=_enum(DeliveryMethod.choices),
    )
    language: str = Field(
        Language.CHINESE.value,
        description=f"申请人用的文字，选填，默认 zh-hans：{_choices(Language.choices)}。"
        "回执和以后给申请人的邮件用这种文字写",
        json_schema_extra=_enum(Language.choices),
    )


class ApplicationCreated(Schema):
    code: str = Field(description="查询码（12 位），查询进度时使用")
    status: str = Field(description="状态代码")
    received_on: datetime.date | None = Field(description="收到申请日期")
    due_on: datetime.date | None = Field(description="答复期限")
    due_provisional: bool = Field(description="答复期限是否为预计（跨入放假安排尚未公布的年份）")
    due_note: str = Field(
        description="预计的期限附带的说明，如“预计，以国务院办公厅公布的2027年放假安排为准”；不是预计时为空"
    )


class EventOut(Schema):
    on: datetime.date
    kind: str
    label: str = Field(description="给申请人看的说明")


class ApplicationStatus(Schema):
    code: str
    status: str
    status_label: str
    received_on: datetime.date | None
    due_on: datetime.date | None = Field(
        description="办理中为答复期限；等待补正、缴费或征求意见时为该等待期的截止日"
    )
    due_provisional: bool
    due_note: str = Field(description="预计的期限附带的说明；不是预计时为空")
    events: list[EventOut]


class Detail(Schema):
    detail: str


class InvalidApplication(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(description="各字段的错误说明；__all__ 为整张申请的问题")


@router.post(
    "",
    response={201: ApplicationCreated, 415: Detail, 422: InvalidApplication, 429: Detail},
    summary="提交政府信息公开申请",
    description="与网页申请表相同的检查。成功返回查询码和答复期限。每个地址每小时最多提交 5 件。"
    "内容必须以 JSON 提交（Content-Type: application/json），否则返回 415。",
    operation_id="submit_request",
)
@decorate_view(json_body_only)
def submit_request(request, payload: ApplicationIn, response: HttpResponse):
    data = payload.dict()
    body = disclosure_bodies().filter(code=data.pop("body")).first()
    # Not the form's: the web form takes the language from the page's address.
    language = data.pop("language")
    form = ApplicationForm(data=data, bodies=[body] if body else [])
    errors = {}
    if not form.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    if language not in Language.values:
        errors["language"] = [f"不认识的文字：请填 {' 或 '.join(Language.values)}（不填为 zh-hans）"]
    if body is None:
        errors["body"] = [
            "没有这个受理单位：请用 GET /api/v1/bodies 查到的人民政府、工作部门或苏木乡镇的编码"
        ]
    if errors:
        return Status(422, {"detail": "申请内容有误，请按 errors 里的说明修改", "errors": errors})
    try:
        app = submit(form, request_ip(request), language=language)
    except SubmissionRefused:
        response["Retry-After"] = str(APPLY_WINDOW)
        return Status(429, {"detail": APPLY_FLOOD_MESSAGE})
    except DjangoValidationError as error:
        return Status(422, {"detail": "；".join(error.messages), "errors": {"__all__": error.messages}})
    return Status(
        201,
        {
            "code": app.code,
            "status": app.status,
            "received_on": app.received_on,
            "due_on": app.due_on,
            "due_provisional": app.due_provisional,
            "due_note": _due_note(app),
        },
    )


@router.get(
    "/{code}",
    response={200: ApplicationStatus, 404: Detail, 429: Detail},
    summary="查询申请办理进度",
    description="需要查询码和联系电话后四位。查询码不存在与后四位不对返回相同的 404；"
    "每个地址 10 分钟最多查 10 次，同一查询码每小时最多错 5 次。",
    operation_id="get_request_status",
)
def get_request_status(
    request,
    response: HttpResponse,
    code: str = Path(..., description="查询码（回执上的 12 位字母和数字），不分大小写，可含空格或短横线"),
    phone_last4: str = Query(..., description="联系电话的后四位（4 个数字）"),
):
    form = StatusForm(data={"code": normalize_code(code)[:40], "phone_last4": phone_last4[:10]})
    if not form.is_valid():
        return Status(404, {"detail": NOT_FOUND_MESSAGE})
    try:
        app = lookup(form.cleaned_data["code"], form.cleaned_data["phone_last4"], request_ip(request))
    except LookupRefused as refused:
        response["Retry-After"] = str(refused.retry_after)
        return Status(429, {"detail": refused.message})
    if app is None:
        return Status(404, {"detail": NOT_FOUND_MESSAGE})
    return Status(
        200,
        {
            "code": app.code,
            "status": app.status,
            "status_label": app.get_status_display(),
            "received_on": app.received_on,
            "due_on": app.due_on,
            "due_provisional": app.due_provisional,
            "due_note": _due_note(app),
            "events": [{"on": e.on, "kind": e.kind, "label": e.label} for e in public_events(app)],
        },
    )


def _due_note(app) -> str:
    """The words a provisional date carries everywhere it is shown (domain.md §5)."""
    if not (app.due_on and app.due_provisional):
        return ""
    return provisional_wording(provisional_years(app.due_on))
