"""The public side of on-request disclosure: the guide, the online application form, and the receipt."""

import re

import pytest
from django.db import connection
from django.test import Client

from gongkai.inforequests import services
from gongkai.inforequests.choices import RECEIPT_RULES, Channel
from gongkai.inforequests.forms_public import MARKUP_MESSAGE, clean_text, format_code, has_markup
from gongkai.inforequests.models import Application
from gongkai.inforequests.views_public import RECEIPT_SESSION_KEY
from tests.inforequests.helpers import FIELDS

FORM_URL = "/apply/form/"
RECEIPT_URL = "/apply/receipt/"
ID_NUMBER = "11010519491231002X"
PHONE = "13800001234"

# What a villager types into the form: a person asking for paper copies by post.
VALID = {
    "applicant_type": "person",
    "name": "王秀兰",
    "contact_person": "",
    "id_type": "resident_id",
    "id_number": ID_NUMBER,
    "phone": PHONE,
    "email": "",
    "address": "扎赉特旗音德尔镇幸福村",
    "postcode": "137600",
    "description": "2025 年本旗城乡居民养老保险基础养老金的发放标准文件",
    "purpose": "了解自己的待遇",
    "delivery_form": "paper",
    "delivery_method": "post",
    "website": "",
}


def post(client, **changes):
    return client.post(FORM_URL, {**VALID, **changes})


def raw_row(code: str) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM inforequests_application WHERE code = %s", [code])
        return cursor.fetchone()


# ---------- the guide ----------


def test_guide_explains_how_to_apply_limits_fees_and_help(client, db):
    """GIVEN nothing WHEN a villager opens /apply/ THEN the guide names the channels, the receipt-day rules,
    the 20 + 20 working-day limits, the fee policy, help for reading and hearing, and links to form and status."""
    response = client.get("/apply/")
    assert response.status_code == 200
    text = response.content.decode()
    for phrase in [
        "网上申请",
        "当面申请",
        "邮寄申请",
        "传真申请",
        "20 个工作日",
        "最多再延长 20 个工作日",
        "补正",
    ]:
        assert phrase in text, phrase
    for channel in [Channel.IN_PERSON, Channel.POST, Channel.ORDINARY_MAIL, Channel.ONLINE, Channel.FAX]:
        assert RECEIPT_RULES[channel] in text
    assert "不收费" in text and "信息处理费" in text
    assert "第 11 到 30 件：每件 100 元" in text and "第 201 页起：每页 40 元" in text
    assert "不会两种都收" in text
    assert "信访、投诉、举报不属于信息公开申请" in text
    assert "听力有困难" in text
    assert 'href="/apply/form/"' in text and 'href="/apply/status/"' in text


# ---------- a good submission ----------


def test_valid_submission_creates_application_with_encrypted_numbers(client, db):
    """GIVEN the form filled in correctly WHEN it is submitted THEN one online application exists, the ID and
    phone numbers are not stored in clear, and the browser is sent to the receipt (POST/redirect/GET)."""
    response = post(client)
    assert response.status_code == 302
    assert response["Location"] == RECEIPT_URL
    app = Application.objects.get()
    assert (app.name, app.channel, app.id_number, app.phone) == ("王秀兰", Channel.ONLINE, ID_NUMBER, PHONE)
    assert app.received_on is not None and app.due_on is not None
    assert app.phone_last4 == "1234"
    assert app.submitter_ip == "127.0.0.1"
    stored_id, stored_phone = raw_row(app.code)
    assert ID_NUMBER not in stored_id and "19491231" not in stored_id
    assert PHONE not in stored_phone and "1234" not in stored_phone
    assert client.session[RECEIPT_SESSION_KEY] == app.code


def test_organisation_application_keeps_contact_person(client, db):
    """GIVEN a company with its credit code and contact person WHEN it applies THEN both are kept."""
    response = post(
        client,
        applicant_type="commercial",
        name="某某商贸有限公司",
        contact_person="李经理",
        id_type="credit_code",
        id_number="91152223MA0N0XXX1X".replace("X", "1"),
    )
    assert response.status_code == 302, response.content.decode()
    app = Application.objects.get()
    assert (app.applicant_type, app.contact_person, app.is_organisation) == ("commercial", "李经理", True)


def test_control_and_invisible_characters_are_stripped(client, db):
    """GIVEN text with a NUL, a bell, a right-to-left override and a zero-width space WHEN submitted THEN
    they are dropped; line breaks stay in the description."""
    post(client, name="王\x00秀\x07兰\u202e\u200b", description="第一行\r\n第二行\x1b")
    app = Application.objects.get()
    assert app.name == "王秀兰"
    assert app.description == "第一行\n第二行"


def test_the_form_is_protected_by_csrf(db):
    """GIVEN a browser that did not load the form WHEN it posts THEN Django refuses it and nothing is created."""
    strict = Client(enforce_csrf_checks=True)
    assert "csrfmiddlewaretoken" in strict.get(FORM_URL).content.decode()
    assert strict.post(FORM_URL, VALID).status_code == 403
    assert not Application.objects.exists()


# ---------- bad input ----------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"id_number": "110105194912310021"}, "最后一位校验不对", id="id-check-digit"),
        pytest.param({"id_number": "1101051949"}, "应为 18 位", id="id-too-short"),
        pytest.param({"description": ""}, "请填写这一项", id="no-description"),
        pytest.param(
            {"description": "信" * 2001}, "最多 2000 个字（现在是 2001 个字）", id="description-too-long"
        ),
        pytest.param({"name": "王" * 101}, "最多 100 个字", id="name-too-long"),
        pytest.param({"address": "村" * 201}, "最多 200 个字", id="address-too-long"),
        pytest.param({"purpose": "用" * 501}, "最多 500 个字", id="purpose-too-long"),
        pytest.param({"description": "<script>alert(1)</script>养老金文件"}, MARKUP_MESSAGE, id="script"),
        pytest.param({"name": '王<img src=x onerror="alert(1)">'}, MARKUP_MESSAGE, id="img-onerror"),
        pytest.param({"purpose": "< ScRiPt src=//evil>"}, MARKUP_MESSAGE, id="spaced-script"),
        pytest.param({"address": "javascript:alert(1)"}, MARKUP_MESSAGE, id="javascript-url"),
        pytest.param({"website": "http://spam.example"}, "提交没有成功", id="honeypot"),
        pytest.param({"phone": "12"}, "7 到 20 位数字", id="short-phone"),
        pytest.param({"postcode": "1376"}, "6 位数字", id="postcode"),
        pytest.param(
            {"applicant_type": "research", "contact_person": ""}, "请填写联系人姓名", id="org-no-contact"
        ),
        pytest.param({"delivery_method": "email", "email": ""}, "请填写电子邮箱", id="email-without-address"),
        pytest.param({"delivery_method": "post", "address": ""}, "请填写收件地址", id="post-without-address"),
        pytest.param({"delivery_method": ""}, "请选择一种方式", id="no-delivery-method"),
        pytest.param({"applicant_type": "martian"}, "请从列出的选项中选择", id="unknown-type"),
    ],
)
def test_bad_input_redisplays_the_form_with_the_typed_text_and_creates_nothing(client, db, changes, message):
    """GIVEN one wrong or missing answer WHEN the form is submitted THEN the same form comes back (200) with
    the message next to the field and in the summary, everything else still filled in, and no application."""
    response = post(client, **changes)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "有错误：" in text and 'id="error-summary"' in text
    assert "Traceback" not in text
    # What was typed is kept, the wrong answer too.
    for name in ["name", "phone", "id_number", "address"]:
        if name not in changes:
            assert f'value="{VALID[name]}"' in text, name
    if "description" not in changes:
        assert VALID["description"] in text
    if "phone" in changes:
        assert 'value="12"' in text
    assert not Application.objects.exists()
    assert RECEIPT_SESSION_KEY not in client.session


def test_field_error_is_tied_to_its_box(client, db):
    """GIVEN a wrong ID number WHEN the form comes back THEN the box says it is invalid and points at the message."""
    text = post(client, id_number="110105194912310021").content.decode()
    assert 'id="id_id_number_error"' in text
    assert 'aria-describedby="id_id_number_error id_id_number_helptext"' in text
    assert 'aria-invalid="true"' in text


@pytest.mark.parametrize("text", ["年龄<60岁的人数", "a < b", "收入 >= 3000 元", "《社会保险法》第<十>条"])
def test_ordinary_angle_brackets_are_not_markup(text):
    assert not has_markup(text)


def test_clean_text_keeps_chinese_and_line_breaks_only_where_allowed():
    assert clean_text(" 第一行\r\n第二行\t末尾 ", multiline=True) == "第一行\n第二行 末尾"
    assert clean_text("第一行\n第二行") == "第一行 第二行"


# ---------- rate limit ----------


def test_sixth_submission_from_one_address_within_an_hour_is_refused(client, db):
    """GIVEN five applications from one address WHEN a sixth comes within the hour THEN a friendly 429 page
    says to try later, and nothing more is created; another address can still apply."""
    for _ in range(5):
        assert post(client).status_code == 302
    response = post(client)
    assert response.status_code == 429
    assert "请稍后再试" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Application.objects.count() == 5
    assert Client(REMOTE_ADDR="10.1.2.3").post(FORM_URL, VALID).status_code == 302


def test_mistakes_do_not_use_up_the_limit(client, db):
    """GIVEN an elderly applicant who gets the form wrong six times WHEN they finally get it right THEN it goes through."""
    for _ in range(6):
        assert post(client, id_number="110105194912310021").status_code == 200
    assert post(client).status_code == 302


# ---------- the receipt ----------


def test_receipt_shows_code_dates_and_next_steps_but_no_personal_numbers(client, db):
    """GIVEN a submitted application WHEN the receipt is shown THEN it has the code in groups of four, the
    received and due dates and how to check status, and neither the ID number nor the phone."""
    response = post(client, email="wang@example.org")
    response = client.get(response["Location"])
    assert response.status_code == 200
    app = Application.objects.get()
    text = response.content.decode()
    assert format_code(app.code) in text and len(format_code(app.code)) == 14
    assert f"{app.received_on.year}年{app.received_on.month}月{app.received_on.day}日" in text
    assert f"{app.due_on.year}年{app.due_on.month}月{app.due_on.day}日" in text
    assert "接下来会怎样" in text and 'href="/apply/status/"' in text
    # The phone's last four digits on their own; the 12345 hotline in every page's header is no leak.
    last4 = re.search(r"(?<!\d)1234(?!\d)", text.replace(app.code, ""))
    assert ID_NUMBER not in text and PHONE not in text and last4 is None
    assert response["Cache-Control"].startswith("max-age=0")


def test_receipt_marks_a_provisional_due_date(client, db):
    post(client)
    Application.objects.update(due_provisional=True)
    text = client.get(RECEIPT_URL).content.decode()
    assert "年放假安排为准）" in text and "还没有公布" in text


def test_receipt_is_only_for_the_browser_that_submitted(client, db):
    """GIVEN an application submitted in one browser WHEN another browser asks for the receipt, even with
    the code in the address THEN it gets no receipt (404) and never sees the code."""
    post(client)
    code = Application.objects.get().code
    other = Client()
    for url in [
        RECEIPT_URL,
        f"{RECEIPT_URL}?code={code}",
        "/apply/receipt.pdf",
        f"/apply/receipt.pdf?code={code}",
    ]:
        response = other.get(url)
        assert response.status_code == 404, url
        text = response.content.decode()
        assert format_code(code) not in text
        # Only the page's own address echoes it (in the 大字版 link), never as a receipt.
        assert text.count(code) == text.count(f"code%3D{code}")
    assert "没有可以显示的回执" in other.get(RECEIPT_URL).content.decode()


def test_clearing_the_receipt_forgets_it(client, db):
    """GIVEN a receipt on a shared computer WHEN the applicant presses 清除 THEN the receipt is gone."""
    post(client)
    assert client.get(RECEIPT_URL).status_code == 200
    assert client.post(RECEIPT_URL).status_code == 302
    assert client.get(RECEIPT_URL).status_code == 404


def test_receipt_pdf_has_the_code_and_a_qr_code(client, db):
    """GIVEN a submitted application WHEN the PDF receipt is downloaded THEN it is a PDF named by the code."""
    post(client)
    app = Application.objects.get()
    response = client.get("/apply/receipt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"receipt-{app.code}.pdf" in response["Content-Disposition"]


def test_receipt_pdf_template_holds_the_facts_and_the_status_address(client, db):
    """GIVEN the receipt PDF's HTML WHEN rendered THEN it has the grouped code, the QR code and the status address."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from gongkai.inforequests.views_public import _receipt_context
    from gongkai.printing.qr import qr_svg

    post(client)
    app = Application.objects.get()
    html = render_to_string(
        "inforequests/public/receipt_pdf.html",
        {
            **_receipt_context(app),
            "publisher": "某局",
            "qr": mark_safe(qr_svg("http://x/apply/status/")),
            "status_full_url": "http://x/apply/status/",
        },
    )
    assert format_code(app.code) in html and "<svg" in html and "http://x/apply/status/" in html
    assert ID_NUMBER not in html and PHONE not in html


XSS = '"><script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_typed_by_staff_is_escaped_on_the_receipt(client, db):
    """GIVEN an application whose name and description hold markup (the form refuses it, but staff entry or
    old data might not) WHEN its receipt is shown THEN the markup appears as text, never as tags."""
    app = services.submit_application(
        {**FIELDS, "name": XSS, "description": f"信息{XSS}"}, channel=Channel.ONLINE, ip="127.0.0.1"
    )
    session = client.session
    session[RECEIPT_SESSION_KEY] = app.code
    session.save()
    text = client.get(RECEIPT_URL).content.decode()
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
