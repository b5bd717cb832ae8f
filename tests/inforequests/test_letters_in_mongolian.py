"""Letters in Mongolian: every written notice has a Mongolian wording the office can edit, filled with the same
facts as the Chinese one in Mongolian words; printed in vertical lines (PDF by Chromium, DOCX in Word's
vertical Mongolian layout); offered on the case page in the applicant's language first."""

import datetime
import io
import re
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from docx import Document

from gongkai.audit.models import AuditEntry
from gongkai.inforequests import default_templates, default_templates_mn, documents
from gongkai.inforequests.choices import ReplyType
from gongkai.inforequests.documents import (
    compose,
    document_docx,
    document_pdf,
    validate_template_body,
)
from gongkai.inforequests.models import DocumentTemplate
from gongkai.languages import written_date
from gongkai.printing import vertical
from tests.inforequests.test_documents import CASES, IDS, PUBLISHER, straight
from tests.translations.helpers import publish_text

Kind = DocumentTemplate.Kind
MONGOLIAN = re.compile("[\u1820-\u1877]")
CHINESE = re.compile("[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"{{\s*([^\s}]+)\s*}}")
CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
BODY_MN = "ᠵᠠᠯᠠᠢᠳ ᠬᠣᠰᠢᠭᠤᠨ ᠤ ᠬᠦᠮᠦᠨ ᠬᠦᠴᠦᠨ ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠳᠠᠭᠠᠳᠬᠠᠯ ᠤᠨ ᠲᠣᠪᠴᠢᠶ᠎ᠠ"

needs_chromium = pytest.mark.skipif(vertical.browser() is None, reason="Chromium is not installed")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def bureau(db):
    from gongkai.catalog.models import Catalog
    from tests.factories import body_named

    return Catalog.objects.create(
        body=body_named(PUBLISHER), slug="si", title="社会保险领域基层政务公开标准目录", publisher=PUBLISHER
    )


def _data(app, document) -> list[str]:
    """What a letter quotes as written (names, codes, staff notes): it stays in the language it was typed in."""
    notes = [event.note for event in app.events.all()]
    names = [
        app.name,
        app.description,
        document.number,
        app.body.name,
        document.contact,
        "国办函〔2020〕109号",
    ]
    return [text for text in [*names, *notes] if text]


def _words(text: str, data: list[str]) -> str:
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, "")
    return text


# ---------------------------------------------------------------------------------------- the wording


def test_every_chinese_text_has_its_mongolian_wording_with_the_same_placeholders():
    for name in ("TITLES", "BODIES", "RESULT_GROUPS", "RESULT_PARAGRAPHS", "REPLY_TYPE_PARAGRAPHS"):
        chinese, mongolian = getattr(default_templates, name), getattr(default_templates_mn, name)
        assert set(mongolian) == set(chinese), name
        for key, text in mongolian.items():
            # The same facts on both letters: exactly the placeholders the Chinese uses.
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(chinese[key])), (name, key)
            assert MONGOLIAN.search(text), (name, key)
            assert not CHINESE.search(PLACEHOLDER.sub("", text)), (name, key)
    assert set(default_templates_mn.REPLY_TYPE_LABELS) == set(ReplyType.values)
    for kind in Kind.values:
        validate_template_body(default_templates_mn.TITLES[kind], kind)
        validate_template_body(default_templates_mn.BODIES[kind], kind)
        # The salutation line ends in the Mongolian colon, which the layout prints flush with the line's head.
        assert default_templates_mn.BODIES[kind].splitlines()[0].endswith("᠄")
    for text in [
        *default_templates_mn.RESULT_PARAGRAPHS.values(),
        *default_templates_mn.REPLY_TYPE_PARAGRAPHS.values(),
    ]:
        validate_template_body(text, Kind.REPLY)


def test_the_migration_installs_a_mongolian_template_for_every_kind_beside_the_chinese(db):
    rows = DocumentTemplate.objects.all()
    assert sorted((row.kind, row.language) for row in rows) == sorted(
        (kind, language) for kind in Kind.values for language in ("zh-hans", "mn")
    )
    for row in rows.filter(language="mn"):
        assert row.title == default_templates_mn.TITLES[row.kind]
        assert row.body == default_templates_mn.BODIES[row.kind]


# ---------------------------------------------------------------------------------------- the facts


@pytest.mark.parametrize(("path", "kind"), CASES, ids=IDS)
def test_a_mongolian_letter_says_what_the_chinese_says_in_mongolian(officer, head, bureau, path, kind):
    app = path(officer, head)
    chinese = compose(app, kind)
    mongolian = compose(app, kind, "mn")
    assert mongolian.title == default_templates_mn.TITLES[kind]
    assert mongolian.has_salutation and mongolian.vertical
    assert mongolian.number == chinese.number  # one letter, one register number, whatever its language
    text = "\n".join(mongolian.paragraphs)
    # Every date of the Chinese letter is on the Mongolian one, written in Mongolian.
    with translation.override("mn"):
        for year, month, day in CN_DATE.findall("\n".join(chinese.paragraphs) + chinese.date):
            assert written_date(datetime.date(int(year), int(month), int(day))) in text + mongolian.date
    if kind != Kind.CONSULTATION:
        assert app.code in text
    # No Chinese but what was typed (names, the staff's notes) and the register number.
    leftover = _words(text + mongolian.date + mongolian.title, _data(app, mongolian))
    assert not CHINESE.search(leftover), leftover


def test_a_mongolian_letter_is_signed_with_the_bodys_published_mongolian_name(
    officer, head, bureau, editor, reviewer
):
    app = straight(officer, head)
    assert compose(app, Kind.REPLY, "mn").organisation == PUBLISHER  # no Mongolian name yet: the Chinese
    publish_text(app.body, editor, reviewer, {"name": BODY_MN})
    app.body.refresh_from_db()
    assert compose(app, Kind.REPLY, "mn").organisation == BODY_MN
    assert compose(app, Kind.REPLY).organisation == PUBLISHER


def test_the_fee_notice_counts_and_charges_in_mongolian(officer, head, bureau):
    from tests.inforequests.test_documents import fee_paid

    app = fee_paid(officer, head)
    context = documents.document_context(app, Kind.FEE_NOTICE, "mn")
    for key in ("收费金额", "收费标准", "计收方式", "计费数量"):
        assert MONGOLIAN.search(context[key]) and not CHINESE.search(context[key]), key
    assert "1700" in context["收费金额"] and "150" in context["计费数量"]
    # The Chinese is unchanged.
    chinese = documents.document_context(app, Kind.FEE_NOTICE)
    assert chinese["收费标准"].startswith("第1—30页：免费；第31—100页：10元/页 × 70 = 700元")
    assert chinese["收费金额"] == "1700元"


def test_the_office_edits_the_mongolian_wording_and_a_broken_one_is_refused_with_the_reason(
    officer, head, bureau
):
    app = straight(officer, head)
    row = DocumentTemplate.objects.get(kind=Kind.RECEIPT, language="mn")
    row.body = "{{ 申请人 }}᠄\nᠰᠢᠨ᠎ᠡ {{ 查询码 }}"
    row.save()
    assert compose(app, Kind.RECEIPT, "mn").paragraphs[1] == f"ᠰᠢᠨ᠎ᠡ {app.code}"
    assert compose(app, Kind.RECEIPT).title == default_templates.TITLES[Kind.RECEIPT]  # the Chinese untouched
    row.body = "{{ 申请人.id_number }}"
    row.save()
    with pytest.raises(ValidationError, match="蒙古文文书模板有误"):
        compose(app, Kind.RECEIPT, "mn")


# ---------------------------------------------------------------------------------------- the files


def test_the_mongolian_docx_is_laid_out_in_vertical_lines(officer, head, bureau):
    app = straight(officer, head)
    doc = Document(io.BytesIO(document_docx(app, Kind.REPLY, "mn")))
    section = doc.sections[0]._sectPr
    direction = section.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}textDirection")
    assert direction is not None
    assert direction.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "tbLrV"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == default_templates_mn.TITLES[Kind.REPLY]
    assert MONGOLIAN.search(text) and app.code in text
    assert "Mongolian Baiti" in doc.styles.element.xml
    # The Chinese DOCX stays horizontal.
    chinese = Document(io.BytesIO(document_docx(app, Kind.REPLY)))
    assert "textDirection" not in chinese.sections[0]._sectPr.xml


def _pdf_facts(pdf: bytes, tmp_path) -> tuple[str, str, str]:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)

    def run(*command):
        return subprocess.run(
            [*command, str(path), *(["-"] if command[0] == "pdftotext" else [])],
            capture_output=True,
            check=True,
            text=True,
        ).stdout

    return run("pdftotext", "-raw"), run("pdffonts"), run("pdfinfo")


@needs_chromium
def test_the_mongolian_pdf_is_printed_in_vertical_lines_with_the_font_embedded(
    officer, head, bureau, editor, reviewer, tmp_path
):
    app = straight(officer, head)
    publish_text(app.body, editor, reviewer, {"name": BODY_MN})
    app.body.refresh_from_db()
    pdf = document_pdf(app, Kind.REPLY, "mn")
    assert pdf.startswith(b"%PDF")
    text, fonts, info = _pdf_facts(pdf, tmp_path)
    assert "NotoSansMongolian" in fonts
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    assert (float(width), float(height)) == pytest.approx((595.3, 841.9), abs=1)  # A4 portrait
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", default_templates_mn.TITLES[Kind.REPLY]) in flat
    assert re.sub(r"\s+", "", BODY_MN) in flat and app.code in flat


# ---------------------------------------------------------------------------------------- the case page


@pytest.mark.django_db
def test_the_case_page_offers_the_letters_in_the_applicants_language_first(client, officer, head, bureau):
    app = straight(officer, head)
    app.language = "mn"
    app.save(update_fields=["language"])
    client.force_login(officer)
    page = client.get(f"/staff/requests/{app.pk}/").content.decode()
    section = page[page.index('id="docs-heading"') :]
    assert section.index("蒙古文（申请人使用的文字）") < section.index("中文")
    assert f"/staff/requests/{app.pk}/documents/reply.docx?language=mn" in section

    response = client.get(f"/staff/requests/{app.pk}/documents/reply.docx?language=mn")
    assert response.status_code == 200
    assert 'filename="' in response["Content-Disposition"] and "-mn.docx" in response["Content-Disposition"]
    assert MONGOLIAN.search("\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs))
    entry = AuditEntry.objects.filter(action="request.document").latest("pk")
    assert entry.details["language"] == "mn"
    assert client.get(f"/staff/requests/{app.pk}/documents/reply.pdf?language=en").status_code == 404


@pytest.mark.django_db
def test_a_mongolian_letter_whose_printer_fails_answers_503_and_points_back(
    client, officer, head, bureau, monkeypatch
):
    app = straight(officer, head)

    def broken(_page):
        raise vertical.PrintUnavailable("test")

    monkeypatch.setattr(vertical, "print_html", broken)
    client.force_login(officer)
    response = client.get(f"/staff/requests/{app.pk}/documents/reply.pdf?language=mn")
    assert response.status_code == 503
    assert f"/staff/requests/{app.pk}/" in response.content.decode()
