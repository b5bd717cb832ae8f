"""On-request disclosure over the API: POST /api/v1/requests and GET /api/v1/requests/{code}."""

import datetime

import pytest
from django.test import Client

from gongkai.inforequests import services
from gongkai.inforequests.choices import Channel
from gongkai.inforequests.models import Application
from gongkai.inforequests.views_public import NOT_FOUND_MESSAGE
from tests.inforequests.helpers import FIELDS, received


@pytest.fixture(autouse=True)
def _bureau(bureau):
    """Applications are made to a body: the seed's bureau, as on a fresh install."""
    return bureau


URL = "/api/v1/requests"
BODY = {
    "body": "zltq-rsj",
    "applicant_type": "person",
    "name": "王秀兰",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800001234",
    "address": "扎赉特旗音德尔镇幸福村",
    "description": "2025 年城乡居民养老保险基础养老金标准",
    "delivery_form": "paper",
    "delivery_method": "post",
}


def submit(client, **changes):
    return client.post(URL, {**BODY, **changes}, content_type="application/json")


def test_post_creates_an_application(client, db):
    """GIVEN a complete JSON application WHEN it is posted THEN 201 with the code, status and dates, and the
    application is stored as an online one."""
    response = submit(client)
    assert response.status_code == 201, response.content
    body = response.json()
    app = Application.objects.get()
    assert body == {
        "code": app.code,
        "status": "in_progress",
        "received_on": app.received_on.isoformat(),
        "due_on": app.due_on.isoformat(),
        "due_provisional": app.due_provisional,
        # A date that crosses into a year whose schedule is not loaded carries the words, else none.
        "due_note": (
            f"预计，以国务院办公厅公布的{app.due_on.year}年放假安排为准" if app.due_provisional else ""
        ),
    }
    assert (app.channel, app.id_number, app.name) == (Channel.ONLINE, BODY["id_number"], "王秀兰")


def test_post_needs_no_csrf_token(db):
    """GIVEN a client without cookies WHEN it posts JSON THEN it is accepted (no cookie auth, so no CSRF)."""
    assert submit(Client(enforce_csrf_checks=True)).status_code == 201


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "校验不对"),
        ({"description": ""}, "description", "请填写这一项"),
        ({"description": "信" * 2001}, "description", "最多 2000 个字"),
        ({"name": "<script>alert(1)</script>"}, "name", "请不要输入网页代码"),
        ({"delivery_method": "pigeon"}, "delivery_method", "请从列出的选项中选择"),
        ({"applicant_type": "legal", "contact_person": ""}, "contact_person", "联系人"),
    ],
)
def test_invalid_application_is_422_with_field_messages(client, db, changes, field, message):
    """GIVEN one wrong answer WHEN posted THEN 422 with a detail and that field's message, and nothing stored."""
    response = submit(client, **changes)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    assert any(message in text for text in body["errors"][field]), body
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "raw",
    ['{"name": 12, "phone": ["x"]}', "not json", "[1, 2]", '{"description": null}', ""],
)
def test_malformed_bodies_are_client_errors_never_500(client, db, raw):
    response = client.post(URL, raw, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert "detail" in response.json()


def test_sixth_post_from_one_address_is_429(client, db):
    for _ in range(5):
        assert submit(client).status_code == 201
    response = submit(client)
    assert response.status_code == 429
    assert response.json()["detail"]
    assert response["Retry-After"] == "3600"
    assert Application.objects.count() == 5


def test_web_form_and_api_share_the_hourly_limit(client, db):
    """GIVEN four API submissions WHEN the same address uses the web form twice THEN the second is refused."""
    from tests.inforequests.test_public_form import VALID

    for _ in range(4):
        submit(client)
    assert client.post("/apply/form/", VALID).status_code == 302
    assert client.post("/apply/form/", VALID).status_code == 429


@pytest.fixture
def app(db):
    return services.submit_application(dict(FIELDS), channel=Channel.ONLINE, ip="127.0.0.1")


def test_get_returns_status_and_events(client, app):
    """GIVEN a submitted application WHEN it is fetched with the right digits THEN its status, dates and
    public events come back; the code may be typed in groups and lower case."""
    response = client.get(f"{URL}/{app.code[:4].lower()}-{app.code[4:]}?phone_last4=1234")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == app.code
    assert (body["status"], body["status_label"]) == ("in_progress", "办理中")
    assert body["received_on"] == app.received_on.isoformat()
    assert body["due_on"] == app.due_on.isoformat() and body["due_provisional"] is app.due_provisional
    assert body["events"] == [
        {"on": app.received_on.isoformat(), "kind": "received", "label": "收到您的申请，开始计算答复期限"}
    ]
    assert FIELDS["id_number"] not in response.content.decode()


def test_get_shows_a_correction_request(client, officer):
    app = received(officer, datetime.date(2026, 9, 18))
    services.request_correction(
        app,
        on=datetime.date(2026, 9, 22),
        what="请写明年份",
        deadline=datetime.date(2026, 10, 20),
        acting_user=officer,
    )
    body = client.get(f"{URL}/{app.code}?phone_last4=1234").json()
    assert body["status"] == "awaiting_correction"
    assert body["events"][-1]["kind"] == "correction_requested"
    assert "请写明年份" in body["events"][-1]["label"] and "2026年10月20日" in body["events"][-1]["label"]


def test_wrong_digits_and_unknown_code_are_the_same_404(client, app):
    wrong = client.get(f"{URL}/{app.code}?phone_last4=9999")
    unknown = client.get(f"{URL}/ABCDEFGHJKLM?phone_last4=1234")
    malformed = client.get(f"{URL}/x?phone_last4=12")
    assert wrong.status_code == unknown.status_code == malformed.status_code == 404
    assert wrong.json() == unknown.json() == malformed.json() == {"detail": NOT_FOUND_MESSAGE}


def test_missing_digits_is_422(client, app):
    assert client.get(f"{URL}/{app.code}").status_code == 422


def test_lookups_are_rate_limited(client, app):
    """GIVEN five wrong guesses at a code from one address WHEN that address asks again THEN 429, even with
    the right digits (the owner elsewhere still gets in); and an address that asks more than ten times in ten
    minutes gets 429 too."""
    guesser = Client(REMOTE_ADDR="10.6.6.6")
    for n in range(5):
        assert guesser.get(f"{URL}/{app.code}?phone_last4={n:04d}").status_code == 404
    locked = guesser.get(f"{URL}/{app.code}?phone_last4=1234")
    assert locked.status_code == 429 and locked.json()["detail"]
    assert client.get(f"{URL}/{app.code}?phone_last4=1234").status_code == 200

    other = services.submit_application({**FIELDS, "phone": "13900005678"}, channel=Channel.ONLINE)
    flooder = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(10):
        assert flooder.get(f"{URL}/{other.code}?phone_last4=5678").status_code == 200
    response = flooder.get(f"{URL}/{other.code}?phone_last4=5678")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"


def test_openapi_documents_both_paths_in_chinese(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/requests"]["post"]
    get = spec["paths"]["/api/v1/requests/{code}"]["get"]
    assert post["summary"] == "提交政府信息公开申请"
    assert get["summary"] == "查询申请办理进度"
    assert {"201", "422", "429"} <= set(post["responses"])
    assert {"200", "404", "429"} <= set(get["responses"])
    assert [p["name"] for p in get["parameters"]] == ["code", "phone_last4"]
    assert post["tags"] == get["tags"] == ["依申请公开"]


def test_the_body_is_required_and_must_answer_applications(client, db):
    response = client.post(
        URL, {k: v for k, v in BODY.items() if k != "body"}, content_type="application/json"
    )
    assert response.status_code == 422
    response = submit(client, body="nowhere")
    assert response.status_code == 422 and "没有这个受理单位" in response.json()["errors"]["body"][0]
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ApplicationIn"]
    assert "body" in schema["required"]


def test_the_schema_states_what_the_form_requires_and_the_choices(client, db):
    """A client generated from the schema fills in every field the form requires (or the schema's default
    stands for it) and offers exactly the form's choices."""
    from gongkai.inforequests.forms_public import ApplicationForm

    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ApplicationIn"]
    fields = schema["properties"]
    form = ApplicationForm(bodies=[])  # one body or none: the form asks for no body, the API always does
    required_by_form = {name for name, field in form.fields.items() if field.required}
    assert set(schema["required"]) == {"body"} | {
        name for name in required_by_form if "default" not in fields[name]
    }
    for name in required_by_form - set(schema["required"]):
        assert fields[name]["default"] in fields[name]["enum"]
    for name, field in form.fields.items():
        if name not in fields:
            continue
        if hasattr(field, "choices"):
            assert fields[name]["enum"] == [value for value, _label in field.choices], name
        else:
            assert fields[name]["maxLength"] == field.max_length, name
    for name in schema["required"]:
        assert "default" not in fields[name]
    assert "contact_person" in schema["description"] and "address" in schema["description"]


def test_text_the_schema_allows_is_never_refused_as_markup():
    """A client generated from the schema must not send what the form refuses as web code."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from gongkai.api.requests import NO_MARKUP
    from gongkai.inforequests.forms_public import has_markup

    allowed = re.compile(NO_MARKUP)

    @settings(max_examples=300, deadline=None)
    @given(
        st.text(alphabet=st.sampled_from("<＜﹤>a/!?sS cript:javJAVAdtxhml"), max_size=16)
        | st.text(max_size=16)
    )
    def check(text):
        if allowed.search(text):
            assert not has_markup(text), text

    check()
    for refused in ("<a href=x>", "＜script", "javascript:alert(1)", "DATA: text/html,x"):
        assert has_markup(refused) and not allowed.search(refused)


@pytest.mark.parametrize(
    ("changes", "language", "subject_script"),
    [
        ({}, "zh-hans", "[\u4e00-\u9fff]"),
        ({"language": "zh-hans"}, "zh-hans", "[\u4e00-\u9fff]"),
        ({"language": "mn"}, "mn", "[\u1800-\u18af]"),
    ],
)
def test_the_applicant_may_say_which_language_to_be_answered_in(
    client, db, changes, language, subject_script
):
    """GIVEN an application posted without a language, with zh-hans or with mn THEN it is stored in that
    language (Chinese by default) and the receipt mail is written in it; the API's answer stays Chinese."""
    import re

    from gongkai.outbox.models import OutgoingMail

    response = submit(client, email="wang@example.cn", **changes)
    assert response.status_code == 201, response.content
    app = Application.objects.get()
    assert app.language == language
    mail = OutgoingMail.objects.get(kind="request.receipt")
    assert re.search(subject_script, mail.subject) and app.code in mail.body
    assert response.json()["status"] == "in_progress"


@pytest.mark.parametrize("value", ["en", "MN", "", "mn-Mong", 7, None, ["mn"]])
def test_an_unknown_language_is_422_with_a_reason_and_nothing_stored(client, db, value):
    response = submit(client, language=value)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/json")
    answer = response.json()
    assert answer["detail"]
    if isinstance(value, str):  # a string the form cannot know: the reason under its field name
        assert "不认识的文字" in answer["errors"]["language"][0] and "mn" in answer["errors"]["language"][0]
    assert not Application.objects.exists()


def test_the_schema_documents_the_language_field_as_optional(client, db):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ApplicationIn"]
    field = schema["properties"]["language"]
    assert field["enum"] == ["zh-hans", "mn"] and field["default"] == "zh-hans"
    assert "language" not in schema["required"] and "邮件" in field["description"]
