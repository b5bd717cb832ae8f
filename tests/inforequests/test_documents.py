"""Written notices generated from a case: wording from the editable templates, DOCX and PDF output, escaping."""

import datetime
import io
import re
import shutil
import subprocess
import tempfile

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from gongkai.inforequests import default_templates, documents, services
from gongkai.inforequests.choices import ReplyType, Result
from gongkai.inforequests.documents import (
    available_documents,
    document_context,
    document_docx,
    document_pdf,
    render_document,
    validate_template_body,
)
from gongkai.inforequests.models import Application, DocumentTemplate
from tests.inforequests.helpers import received

D = datetime.date
Kind = DocumentTemplate.Kind
XSS = '<script>alert("x")</script><img src="http://evil.example/a.png">'

PUBLISHER = "扎赉特旗人力资源社会保障局"
needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed"
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The personas' passwords are never checked here; hashing them properly costs a second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def bureau(db):
    """A catalog, whose publisher signs the documents (the seed's, without loading all of the seed)."""
    from gongkai.catalog.models import Catalog
    from tests.factories import body_named

    return Catalog.objects.create(
        body=body_named(PUBLISHER),
        slug="si",
        title="社会保险领域基层政务公开标准目录",
        area="社会保险",
        publisher=PUBLISHER,
    )


def _reply(
    app, officer, on, result=Result.GRANTED, reply_type=ReplyType.DISCLOSED, note="现向您提供该信息。"
):
    return services.reply(app, on=on, result=result, reply_type=reply_type, note=note, acting_user=officer)


# ---------------------------------------------------------------------------------------- the case paths


def straight(officer, head):
    app = received(officer, D(2026, 9, 18))
    return _reply(app, officer, D(2026, 10, 20))


def corrected(officer, head):
    app = received(officer, D(2025, 9, 26))
    app = services.request_correction(
        app,
        on=D(2025, 9, 30),
        what="请写明所需文件的名称或文号",
        deadline=D(2025, 10, 20),
        acting_user=officer,
    )
    app = services.receive_correction(app, on=D(2025, 10, 13), acting_user=officer)
    return _reply(app, officer, D(2025, 11, 10))


def never_corrected(officer, head):
    app = received(officer, D(2026, 3, 2))
    app = services.request_correction(
        app, on=D(2026, 3, 4), what="请补充", deadline=D(2026, 3, 20), acting_user=officer
    )
    return services.lapse_correction(app, on=D(2026, 3, 23), acting_user=officer)


def consulted(officer, head):
    app = received(officer, D(2026, 9, 18))
    app = services.send_consultation(app, on=D(2026, 9, 24), to="扎赉特旗某劳务有限公司", acting_user=officer)
    app = services.receive_consultation(app, on=D(2026, 10, 12), acting_user=officer)
    return _reply(
        app,
        officer,
        D(2026, 10, 30),
        result=Result.DENIED_THIRD_PARTY,
        reply_type=ReplyType.NOT_DISCLOSED,
        note="该公司书面答复不同意公开，理由是涉及其商业秘密。",
    )


def extended(officer, head):
    app = received(officer, D(2026, 9, 18))
    services.assign_handler(app, officer, acting_user=head)
    app = services.approve_extension(
        app, on=D(2026, 10, 15), days=20, reason="需要检索档案", acting_user=head
    )
    return _reply(
        app,
        officer,
        D(2026, 11, 18),
        result=Result.UNABLE_NOT_HELD,
        reply_type=ReplyType.NOT_EXIST,
        note="经检索未找到。",
    )


def fee_paid(officer, head):
    app = received(officer, D(2026, 3, 2))
    app = services.send_fee_notice(
        app,
        on=D(2026, 3, 6),
        basis="per_page",
        pages=150,
        how_to_pay="银行转账至本机关账户",
        acting_user=officer,
    )
    app = services.record_fee_paid(app, on=D(2026, 3, 20), acting_user=officer)
    return _reply(
        app,
        officer,
        D(2026, 4, 14),
        result=Result.PARTIAL,
        reply_type=ReplyType.OTHER,
        note="第3页涉及个人隐私，已作遮盖。",
    )


def fee_unpaid(officer, head):
    app = received(officer, D(2026, 3, 2))
    services.send_fee_notice(
        app, on=D(2026, 3, 6), basis="per_page", pages=40, how_to_pay="现金", acting_user=officer
    )
    return services.lapse_fee(app, on=D(2026, 4, 7), acting_user=officer)


# For each path: the documents it has, and facts each must show (besides the code and the applicant's name).
PATHS = {
    straight: {
        Kind.RECEIPT: ["2026年9月18日", "2026年10月22日", "当面提交的，以提交之日为收到申请之日"],
        Kind.REPLY: ["2026年10月20日", "第三十六条第（二）项", "现向您提供该信息。", "行政复议"],
    },
    corrected: {
        Kind.RECEIPT: ["2025年9月26日"],
        Kind.CORRECTION: [
            "2025年9月30日",
            "2025年10月20日",
            "请写明所需文件的名称或文号",
            "视为放弃申请",
            "第三十条",
        ],
        Kind.REPLY: ["2025年11月10日", "2025年11月10日"],
    },
    never_corrected: {
        Kind.CORRECTION: ["2026年3月4日", "2026年3月20日"],
        Kind.REPLY: ["2026年3月23日", "逾期未补正", "不再处理", "2026年3月20日"],
    },
    consulted: {
        Kind.CONSULTATION: [
            "扎赉特旗某劳务有限公司",
            "2026年9月24日",
            "15个工作日",
            "2026年10月22日",
            "第三十二条",
        ],
        Kind.REPLY: ["不予公开", "第十五条", "商业秘密", "2026年10月30日"],
    },
    extended: {
        # 40 working days from 9/18 end on 11/19; the original due date was 10/22.
        Kind.EXTENSION: [
            "2026年10月15日",
            "20个工作日",
            "需要检索档案",
            "2026年11月19日",
            "2026年10月22日",
            "负责人同意",
        ],
        Kind.REPLY: ["第三十六条第（四）项", "不存在", "2026年11月18日"],
    },
    fee_paid: {
        Kind.FEE_NOTICE: [
            "1700元",
            "2026年3月6日",
            "2026年4月3日",  # pay by: 20 working days after the notice
            "国办函〔2020〕109号",
            "按量计收",
            "第31—100页：10元/页 × 70 = 700元",
            "150页",
            "银行转账至本机关账户",
            "不再处理",
        ],
        Kind.REPLY: ["部分公开", "第三十七条", "第3页涉及个人隐私"],
    },
    fee_unpaid: {
        Kind.FEE_NOTICE: ["100元", "2026年4月3日"],
        Kind.REPLY: ["逾期未按收费通知要求缴纳费用", "2026年4月7日", "不再处理"],
    },
}
CASES = [(path, kind) for path, kinds in PATHS.items() for kind in kinds]
IDS = [f"{path.__name__}-{kind}" for path, kind in CASES]


def _docx_text(data: bytes) -> tuple[str, str]:
    doc = Document(io.BytesIO(data))
    return doc.paragraphs[0].text, "\n".join(p.text for p in doc.paragraphs)


def _pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        return subprocess.run(["pdftotext", pdf.name, "-"], capture_output=True, check=True).stdout.decode(
            "utf-8"
        )


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_default_templates_are_installed_by_the_migration(db):
    rows = {row.kind: row for row in DocumentTemplate.objects.filter(language="zh-hans")}
    assert set(rows) == set(Kind.values)
    for kind, row in rows.items():
        assert row.title == default_templates.TITLES[kind]
        assert row.body == default_templates.BODIES[kind]
        validate_template_body(row.body, kind)


def test_every_default_paragraph_is_a_valid_template():
    for text in [
        *default_templates.RESULT_PARAGRAPHS.values(),
        *default_templates.REPLY_TYPE_PARAGRAPHS.values(),
    ]:
        validate_template_body(text, Kind.REPLY)
    # Every result of the annual report has its paragraph.
    assert set(default_templates.RESULT_PARAGRAPHS) == {r.value for r in Result} | {"granted"}


@pytest.mark.parametrize(("path", "kind"), CASES, ids=IDS)
def test_docx(officer, head, bureau, path, kind):
    app = path(officer, head)
    title, text = _docx_text(document_docx(app, kind))
    assert title == default_templates.TITLES[kind]
    for fact in [app.code, PUBLISHER, *PATHS[path][kind]]:
        if fact == app.code and kind == Kind.CONSULTATION:
            continue  # the letter to a third party does not identify the applicant's case
        assert fact in text, fact
    if kind != Kind.CONSULTATION:
        assert text.split("\n")[2] == "张三："  # title, number, salutation


@needs_poppler
@pytest.mark.parametrize(("path", "kind"), CASES, ids=IDS)
def test_pdf(officer, head, bureau, path, kind):
    app = path(officer, head)
    data = document_pdf(app, kind)
    assert data.startswith(b"%PDF")
    text = _flat(_pdf_text(data))
    assert _flat(default_templates.TITLES[kind]) in text
    for fact in [PUBLISHER, *PATHS[path][kind]]:
        assert _flat(fact) in text, fact
    if kind != Kind.CONSULTATION:
        assert "张三：" in text


def test_available_documents_follow_the_events(officer, head):
    app = received(officer, D(2026, 3, 2))
    assert available_documents(app) == [Kind.RECEIPT]
    services.send_fee_notice(
        app, on=D(2026, 3, 6), basis="per_page", pages=40, how_to_pay="现金", acting_user=officer
    )
    assert available_documents(app) == [Kind.RECEIPT, Kind.FEE_NOTICE]
    with pytest.raises(ValidationError, match="还没有答复"):
        render_document(app, Kind.REPLY)
    services.record_fee_paid(app, on=D(2026, 3, 9), acting_user=officer)
    _reply(app, officer, D(2026, 3, 20))
    assert available_documents(app) == [Kind.RECEIPT, Kind.FEE_NOTICE, Kind.REPLY]
    assert available_documents(consulted(officer, head)) == [Kind.RECEIPT, Kind.CONSULTATION, Kind.REPLY]
    assert available_documents(extended(officer, head)) == [Kind.RECEIPT, Kind.EXTENSION, Kind.REPLY]
    assert available_documents(corrected(officer, head)) == [Kind.RECEIPT, Kind.CORRECTION, Kind.REPLY]
    DocumentTemplate.objects.filter(kind=Kind.REPLY).update(title="答复书（{{ 查询码 }}）")
    assert documents.available_document_choices(app) == [
        ("receipt", "政府信息公开申请受理回执"),
        ("fee_notice", "政府信息公开信息处理费收费通知书"),
        ("reply", "政府信息公开申请答复书"),  # the kind's name when the title has placeholders
    ]


def test_a_notice_says_what_it_said_on_its_day(officer, head):
    """The receipt keeps the original due date after an extension; the extension notice shows both."""
    app = extended(officer, head)
    assert document_context(app, Kind.RECEIPT)["答复期限"] == "2026年10月22日"
    context = document_context(app, Kind.EXTENSION)
    assert (context["原答复期限"], context["答复期限"], context["日期"]) == (
        "2026年10月22日",
        "2026年11月19日",
        "2026年10月15日",
    )


def test_letters_are_signed_by_the_body_the_application_was_made_to(officer):
    app = _reply(received(officer, D(2026, 9, 18)), officer, D(2026, 10, 20))
    app.body.name = "扎赉特旗医疗保障局"
    app.body.save()
    assert document_context(app, Kind.REPLY)["机关名称"] == "扎赉特旗医疗保障局"
    _, text = _docx_text(document_docx(app, Kind.REPLY))
    assert text.rstrip().endswith("扎赉特旗医疗保障局\n2026年10月20日")


def test_each_letter_type_has_its_own_register_per_body_and_year(officer, bureau):
    """GIVEN receipts in 2026 and 2025 and one reply WHEN their letters are printed THEN each carries
    机关代字〔年〕号 from its own register, counting per year and per type, and keeps it on every print."""
    from gongkai.inforequests.models import LetterHead

    LetterHead.objects.create(body=bureau.body, code_word="扎人社")
    first = received(officer, D(2026, 3, 2))
    received(officer, D(2025, 12, 30))
    third = received(officer, D(2026, 3, 3))
    assert document_context(first, Kind.RECEIPT)["文号"] == "扎人社依申受〔2026〕1号"
    assert document_context(third, Kind.RECEIPT)["文号"] == "扎人社依申受〔2026〕2号"
    _reply(third, officer, D(2026, 3, 20))
    assert document_context(third, Kind.REPLY)["文号"] == "扎人社依申答〔2026〕1号"
    assert document_context(third, Kind.RECEIPT)["文号"] == "扎人社依申受〔2026〕2号"
    _, text = _docx_text(document_docx(third, Kind.RECEIPT))
    assert "扎人社依申受〔2026〕2号" in text
    _, text = _docx_text(document_docx(third, Kind.RECEIPT, with_number=False))
    assert "〔2026〕" not in text


def test_numbers_are_never_given_twice_even_when_the_code_word_changes(officer, bureau):
    from gongkai.inforequests.letters import number_letter
    from gongkai.inforequests.models import LetterHead, LetterNumber

    first = received(officer, D(2026, 3, 2))
    LetterHead.objects.create(body=bureau.body, code_word="扎人社")
    second = received(officer, D(2026, 3, 3))
    event = first.events.get()
    assert number_letter(event) == event.letter_number  # asking again gives the same number
    # A letter keeps the 机关代字 it was issued with.
    assert document_context(first, Kind.RECEIPT)["文号"] == f"{PUBLISHER}依申受〔2026〕1号"
    assert document_context(second, Kind.RECEIPT)["文号"] == "扎人社依申受〔2026〕2号"
    second.events.get().letter_number.delete()  # a number row lost: the register still does not go back
    third = received(officer, D(2026, 3, 4))
    assert document_context(third, Kind.RECEIPT)["文号"] == "扎人社依申受〔2026〕3号"
    assert not LetterNumber.objects.filter(number=2).exists()


def test_the_migration_numbers_letters_already_issued(officer, bureau):
    import importlib

    from django.apps import apps

    from gongkai.inforequests.models import LetterNumber, LetterRegister

    first, _second = received(officer, D(2026, 3, 2)), received(officer, D(2026, 3, 3))
    _reply(first, officer, D(2026, 3, 20))
    LetterNumber.objects.all().delete()
    LetterRegister.objects.all().delete()
    migration = importlib.import_module("gongkai.inforequests.migrations.0006_letters")
    migration.number_letters_already_issued(apps, None)
    assert [n.text for n in LetterNumber.objects.order_by("event__on", "event_id")] == [
        f"{PUBLISHER}依申受〔2026〕1号",
        f"{PUBLISHER}依申受〔2026〕2号",
        f"{PUBLISHER}依申答〔2026〕1号",
    ]
    again = received(officer, D(2026, 3, 4))
    assert document_context(again, Kind.RECEIPT)["文号"] == f"{PUBLISHER}依申受〔2026〕3号"


# ---------------------------------------------------------------------------------------- escaping


@pytest.fixture
def hostile(officer):
    app = received(officer, D(2026, 9, 18), name=XSS, description=f"描述{XSS}\n第二行 & {{{{ 查询码 }}}}")
    return _reply(app, officer, D(2026, 10, 20), note="答复 <b>不是粗体</b> & 没了")


def test_applicant_text_is_plain_text_in_docx(hostile):
    data = document_docx(hostile, Kind.REPLY)
    _, text = _docx_text(data)
    assert f"{XSS}：" in text
    # Line breaks inside a quoted description become spaces; template syntax typed by the applicant stays text.
    assert f"“描述{XSS} 第二行 & {{{{ 查询码 }}}}”" in text
    assert "答复 <b>不是粗体</b> & 没了" in text
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml


@needs_poppler
def test_applicant_text_is_escaped_in_pdf(hostile, monkeypatch):
    from gongkai.printing import pdf

    seen = {}
    real = pdf.render_to_string

    def spy(name, context, request=None):
        seen["html"] = real(name, context, request=request)
        return seen["html"]

    monkeypatch.setattr(pdf, "render_to_string", spy)
    data = document_pdf(hostile, Kind.REPLY)
    assert "<script>" not in seen["html"] and "<img" not in seen["html"] and "<b>" not in seen["html"]
    assert "&lt;script&gt;" in seen["html"]
    text = _flat(_pdf_text(data))
    assert _flat('<script>alert("x")</script>') in text
    assert _flat("答复 <b>不是粗体</b> & 没了") in text
    assert _flat("{{ 查询码 }}") in text


def test_control_characters_cannot_break_the_docx(officer):
    app = received(officer, D(2026, 9, 18), name="张\x00三\x0b", description="a\x1fb")
    title, text = _docx_text(document_docx(app, Kind.RECEIPT))
    assert "张三：" in text and "ab" in text


# ---------------------------------------------------------------------------------------- template checks


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{% load humanize %}{{ 申请人 }}", "不能使用“{% load humanize %}”"),
        ("{% load %}", "不能使用"),
        ("{{ x.__class__ }}", "不能带“.”"),
        ("{{ 申请人.__class__.__mro__ }}", "不能带“.”"),
        ("{{ 申请人.upper }}", "不能带“.”"),
        ("{% if 申请人.__class__ %}x{% endif %}", "不能带“.”"),
        ("{{ 姓名 }}", "未知的占位符：{{ 姓名 }}"),
        ("{% if 不存在 %}x{% endif %}", "未知的占位符"),
        ("{{ 申请人|safe }}", "过滤器"),
        ("{% include 'portal/pdf/base.html' %}", "不能使用"),
        ("{% for x in 申请人 %}{{ x }}{% endfor %}", "不能使用"),
        ("{% debug %}", "不能使用"),
        ("{% if 申请人 %}没有结束", "缺少对应的 {% endif %}"),
        ('{{ "文字" }}', "不是占位符"),
    ],
)
def test_unsafe_or_unknown_template_is_refused(body, message):
    with pytest.raises(ValidationError) as refused:
        validate_template_body(body)
    assert message in " ".join(refused.value.messages)


def test_placeholders_are_checked_per_kind():
    validate_template_body("{{ 收费金额 }}", Kind.FEE_NOTICE)
    validate_template_body("{{ 收费金额 }}")  # known to some document
    with pytest.raises(ValidationError, match="未知的占位符"):
        validate_template_body("{{ 收费金额 }}", Kind.RECEIPT)


def test_conditions_are_allowed():
    validate_template_body(
        '{% if 结果类别 == "不予公开" %}甲{% elif 答复内容 %}乙{% else %}丙{% endif %}', Kind.REPLY
    )


def test_an_edited_template_changes_the_output(officer, head):
    app = consulted(officer, head)
    row = DocumentTemplate.objects.get(kind=Kind.REPLY, language="zh-hans")
    row.title = "答复书（{{ 查询码 }}）"
    row.body = (
        "{{ 申请人 }}：\n"
        "　　您的申请（{{ 查询码 }}）已办结。\n\n"
        '{% if 结果类别 == "不予公开" %}本机关决定不予公开：{{ 答复内容 }}{% else %}予以公开。{% endif %}\n'
        "联系电话：0482-0000000。"
    )
    row.save()
    title, paragraphs = render_document(app, Kind.REPLY)
    assert title == f"答复书（{app.code}）"
    assert paragraphs == [
        "张三：",
        f"您的申请（{app.code}）已办结。",
        "本机关决定不予公开：该公司书面答复不同意公开，理由是涉及其商业秘密。",
        "联系电话：0482-0000000。",
    ]
    _, text = _docx_text(document_docx(app, Kind.REPLY))
    assert "联系电话：0482-0000000。" in text and "特此答复" not in text
    assert documents.document_filename(app, Kind.REPLY, "pdf") == f"政府信息公开申请答复书-{app.code}.pdf"


def test_a_broken_stored_template_is_reported_not_rendered(officer):
    app = received(officer, D(2026, 9, 18))
    DocumentTemplate.objects.filter(kind=Kind.RECEIPT).update(body="{{ 申请人.__class__ }}")
    with pytest.raises(ValidationError, match="受理回执"):
        render_document(app, Kind.RECEIPT)


def test_a_missing_row_falls_back_to_the_default(officer):
    app = received(officer, D(2026, 9, 18))
    DocumentTemplate.objects.filter(kind=Kind.RECEIPT).delete()
    title, paragraphs = render_document(app, Kind.RECEIPT)
    assert title == default_templates.TITLES[Kind.RECEIPT] and paragraphs[0] == "张三："


# ---------------------------------------------------------------------------------------- joins and letterhead


@pytest.mark.parametrize(
    ("joined", "tidy"),
    [
        (
            "因档案在外地，经负责人同意延期。，本机关不能按期答复",
            "因档案在外地，经负责人同意延期，本机关不能按期答复",
        ),
        ("请补正身份证号码。。", "请补正身份证号码。"),
        ("您申请获取“2025年统计数据。”。根据", "您申请获取“2025年统计数据”。根据"),
        ("是否属于本机关？。", "是否属于本机关？"),
        ("因数据量大；，本机关", "因数据量大，本机关"),
        ("因数据量大. ，本机关", "因数据量大，本机关"),
        ("获取““工伤名单””。", "获取“工伤名单”。"),
        ("金额为1.5万元。", "金额为1.5万元。"),  # a decimal point is not a join
        ("见第3.2条，e.g. 附件", "见第3.2条，e.g. 附件"),
        ("本机关已收悉。", "本机关已收悉。"),
    ],
)
def test_joins_of_staff_text_and_template_punctuation_read_as_one_sentence(joined, tidy):
    assert documents.tidy_joins(joined) == tidy


def test_an_extension_reason_ending_in_a_full_stop_joins_the_sentence(officer, head):
    app = received(officer, D(2026, 9, 18))
    services.assign_handler(app, officer, acting_user=head)
    services.approve_extension(
        app, on=D(2026, 10, 15), days=20, reason="档案在外地，需要调取。", acting_user=head
    )
    _, paragraphs = render_document(app, Kind.EXTENSION)
    text = "\n".join(paragraphs)
    assert "因档案在外地，需要调取，本机关不能在原答复期限内作出答复" in text
    assert "。，" not in text


def test_remedies_name_the_government_above_a_department_and_the_court(officer):
    from gongkai.bodies.models import Body
    from gongkai.inforequests.models import LetterHead
    from tests.inforequests.helpers import FIELDS

    county = Body.objects.add_root(instance=Body(code="zltq", name="扎赉特旗人民政府", kind="人民政府"))
    office = Body.objects.add_child(
        county, instance=Body(code="zltq-ybj", name="扎赉特旗医疗保障局", kind="工作部门")
    )
    app = services.submit_application(
        dict(FIELDS), channel="in_person", body=office, received_on=D(2026, 9, 18), registered_by=officer
    )
    _reply(app, officer, D(2026, 10, 20))
    _, paragraphs = render_document(app, Kind.REPLY)
    assert "依法向扎赉特旗人民政府申请行政复议" in paragraphs[-2]
    assert "依法向有管辖权的人民法院提起行政诉讼" in paragraphs[-2]
    LetterHead.objects.create(body=office, court="扎赉特旗人民法院")
    _, paragraphs = render_document(Application.objects.get(pk=app.pk), Kind.REPLY)
    assert "依法向扎赉特旗人民法院提起行政诉讼" in paragraphs[-2]
    # The county government's own letters: nobody above it in the tree, so the office names its 复议机关.
    assert documents.review_body_name(county) == "上一级人民政府"
    LetterHead.objects.create(body=county, review_body="兴安盟行政公署")
    assert documents.review_body_name(Body.objects.get(pk=county.pk)) == "兴安盟行政公署"


def test_letters_leave_room_for_the_seal_and_name_whom_to_contact(officer, bureau):
    from gongkai.inforequests.models import LetterHead

    LetterHead.objects.create(body=bureau.body, contact_person="王五", contact_phone="0482-6112345")
    app = _reply(received(officer, D(2026, 9, 18)), officer, D(2026, 10, 20))
    _, text = _docx_text(document_docx(app, Kind.REPLY))
    assert text.rstrip().endswith(
        f"（盖章）\n{PUBLISHER}\n2026年10月20日\n（联系人：王五；联系电话：0482-6112345）"
    )


def test_without_a_contact_person_the_handler_is_named(officer, head, bureau):
    officer.first_name = "李丽"  # the 人员 page keeps the whole name here
    officer.save()
    app = received(officer, D(2026, 9, 18))
    services.assign_handler(app, officer, acting_user=head)
    bureau.body.disclosure_phone = "0482-6110000"
    bureau.body.save()
    contact = documents.compose(Application.objects.get(pk=app.pk), Kind.RECEIPT).contact
    assert contact == "（联系人：李丽；联系电话：0482-6110000）"


def test_the_migration_names_review_body_and_court_in_an_unedited_reply_template(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("gongkai.inforequests.migrations.0006_letters")
    row = DocumentTemplate.objects.get(kind="reply", language="zh-hans")
    row.body = row.body.replace(migration.NEW_REMEDIES, migration.OLD_REMEDIES)
    row.save()
    migration.remedies_name_the_review_body_and_court(apps, None)
    assert DocumentTemplate.objects.get(kind="reply", language="zh-hans").body == default_templates.REPLY_BODY


def test_a_letter_whose_deadline_reaches_an_unannounced_year_says_it_is_expected(officer, monkeypatch):
    """GIVEN an application received on 2026-12-20 (the 2027 schedule not loaded) WHEN its receipt is
    written THEN the deadline skips 元旦 by statute and carries the words of issue 17: 预计, as the State
    Council announces it."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 12, 21))
    app = received(officer, D(2026, 12, 20))
    # 12/21–25 1–5, 12/28–31 6–9, 1/1 元旦 (statutory), 1/4–8 10–14, 1/11–15 15–19, Mon 1/18 20
    assert document_context(app, Kind.RECEIPT)["答复期限"] == (
        "2027年1月18日（预计，以国务院办公厅公布的2027年放假安排为准）"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(document_docx(app, Kind.RECEIPT))).paragraphs)
    assert "预计，以国务院办公厅公布的2027年放假安排为准" in text
