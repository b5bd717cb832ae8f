"""An applicant who writes on the Mongolian pages is answered in Mongolian: the language is kept with the
application, every mail to them is written in it (whoever's action sends it), and staff see it on the case."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gongkai.inforequests import services
from gongkai.inforequests.choices import Channel
from gongkai.inforequests.models import Application
from gongkai.outbox.models import OutgoingMail
from gongkai.workdays.calendar import provisional_wording
from tests.inforequests.helpers import FIELDS
from tests.inforequests.test_public_form import VALID

MONGOLIAN = re.compile("[\u1800-\u18af]")
CHINESE = re.compile("[\u4e00-\u9fff]")


def _apply(client, prefix: str) -> Application:
    response = client.post(f"{prefix}/apply/form/", {**VALID, "email": "wang@example.cn"})
    assert response.status_code == 302, response.content.decode()[:500]
    return Application.objects.get()


def _words(text: str, *data: str) -> str:
    """The text without the data it quotes (names, codes, addresses), which stay as typed."""
    for value in data:
        text = text.replace(value, "")
    return text


@pytest.mark.django_db
def test_an_application_from_the_mongolian_pages_is_answered_in_mongolian(client):
    app = _apply(client, "/mn")
    assert app.language == "mn"
    mail = OutgoingMail.objects.get(kind="request.receipt")
    words = _words(mail.body, app.name, "12333")
    assert MONGOLIAN.search(mail.subject) and MONGOLIAN.search(words)
    assert not CHINESE.search(_words(mail.subject, "【", "】")) and not CHINESE.search(words)
    assert app.code in mail.body
    # The status page they are sent to is the Mongolian one.
    assert "/mn/apply/status/" in mail.body


@pytest.mark.django_db
def test_an_application_from_the_chinese_pages_is_answered_in_chinese(client):
    app = _apply(client, "")
    assert app.language == "zh-hans"
    mail = OutgoingMail.objects.get(kind="request.receipt")
    assert mail.subject == "【政府信息公开】已收到您的政府信息公开申请"
    assert f"查询码：{app.code}" in mail.body and "当前状态：办理中" in mail.body
    assert not MONGOLIAN.search(mail.body)
    assert "/mn/" not in mail.body and "/apply/status/" in mail.body


@pytest.mark.django_db
def test_a_staff_action_mails_in_the_applicants_language_not_the_staff_pages(client, officer):
    app = _apply(client, "/mn")
    OutgoingMail.objects.all().delete()
    # Staff work on Chinese pages; the mail their step sends is still Mongolian.
    services.request_correction(
        app,
        on=app.received_on,
        what="请写明是哪一年的文件",
        deadline=app.received_on + datetime.timedelta(days=30),
        acting_user=officer,
    )
    mail = OutgoingMail.objects.get(kind="request.correction")
    assert MONGOLIAN.search(mail.subject)
    assert not CHINESE.search(_words(mail.body, app.name, "【", "】"))


@pytest.mark.django_db
def test_a_provisional_due_date_is_explained_in_mongolian(client, settings, monkeypatch):
    # An application received late in a year whose next year's schedule is not loaded: its due date is
    # provisional, and the note says so in the applicant's language.
    monkeypatch.setattr(services, "_today", lambda: datetime.date(2026, 12, 28))
    app = _apply(client, "/mn")
    if not app.due_provisional:
        pytest.skip("the next year's schedule is loaded in this database")
    body = OutgoingMail.objects.get(kind="request.receipt").body
    assert "放假安排" not in body and "2027" in body
    status = client.post("/mn/apply/status/", {"code": app.code, "phone_last4": VALID["phone"][-4:]})
    page = status.content.decode()
    with translation.override("mn"):
        note = provisional_wording([2027])
    assert note in body and note in page and "放假安排" not in page


@pytest.mark.django_db
def test_staff_see_which_language_the_applicant_used(client, officer):
    app = _apply(client, "/mn")
    chinese = services.submit_application(dict(FIELDS), channel=Channel.ONLINE)
    client.force_login(officer)
    page = client.get(f"/staff/requests/{app.pk}/").content.decode()
    assert "使用的文字" in page and "蒙古文" in page
    assert "使用的文字" not in client.get(f"/staff/requests/{chinese.pk}/").content.decode()


@pytest.mark.django_db
def test_a_language_the_portal_does_not_have_is_refused():
    with pytest.raises(ValidationError):
        services.submit_application(dict(FIELDS), channel=Channel.ONLINE, language="en")


def _pdf_text(pdf: bytes, tmp_path) -> tuple[str, str]:
    """The PDF's text and its font list, as poppler reads them."""
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return text.stdout, fonts.stdout


@pytest.mark.skipif(not shutil.which("chromium"), reason="the Mongolian receipt is printed by Chromium")
@pytest.mark.django_db
def test_the_printed_receipt_is_in_the_language_of_the_pages(client, tmp_path):
    app = _apply(client, "/mn")
    response = client.get("/mn/apply/receipt.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text, fonts = _pdf_text(response.content, tmp_path)
    assert "NotoSansMongolian" in fonts
    with translation.override("mn"):
        for words in ("政府信息公开申请受理回执", "最晚答复日期", "接下来会怎样"):
            assert re.sub(r"\s+", "", translation.gettext(words)) in re.sub(r"\s+", "", text)
    flat = re.sub(r"\s+", "", text)
    assert app.name in flat and "接下来会怎样" not in flat
    # The Chinese address still prints the Chinese receipt.
    text, _fonts = _pdf_text(client.get("/apply/receipt.pdf").content, tmp_path)
    assert "政府信息公开申请受理回执" in text and not MONGOLIAN.search(text)


@pytest.mark.django_db
def test_a_receipt_printer_that_fails_says_so_and_points_to_the_page(client, monkeypatch):
    from gongkai.printing import vertical

    _apply(client, "/mn")
    monkeypatch.setattr(vertical, "browser", lambda: None)  # no Chromium on this machine
    response = client.get("/mn/apply/receipt.pdf")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    body = response.content.decode()
    assert 'href="/mn/apply/receipt/"' in body and "Traceback" not in body
