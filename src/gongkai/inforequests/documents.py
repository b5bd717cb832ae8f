"""Written notices generated from a case (依申请公开文书): receipt, correction, consultation, extension, fee
notice and reply, as DOCX (python-docx) and PDF (WeasyPrint through gongkai.printing.pdf).

The wording comes from the DocumentTemplate rows the disclosure office edits, one per kind and language
(defaults in default_templates.py and default_templates_mn.py). A letter is printed in the language the
applicant wrote in (`Application.language`) or, on staff's choice, the other: the facts are filled in that
language (dates, results, the body's published Mongolian name), and a Mongolian letter is laid out in
vertical lines (PDF through Chromium, DOCX with Word's vertical Mongolian text direction). A body is Django template text limited to placeholders and {% if %}/{% elif %}/
{% else %}/{% endif %}; validate_template_body refuses anything else, so an edit cannot reach an object's
attributes, load a tag library or break a document. Placeholders are filled from document_context: plain
strings only, taken from the case's events up to the one that triggers the document, so a notice printed
again later says what it said the day it was issued.

Rendering produces plain text. The DOCX writer puts it into text runs (python-docx escapes it; nothing is
parsed as XML); the PDF template escapes it with Django's autoescaping. Applicant text never becomes markup.
"""

import datetime
import io
import re
from dataclasses import dataclass
from types import ModuleType

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, Lexer, TextNode, TokenType, VariableNode
from django.template.defaulttags import IfNode
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from gongkai.inforequests import default_templates as defaults
from gongkai.inforequests import default_templates_mn
from gongkai.inforequests.choices import RECEIPT_RULES, EventKind, ReplyType, Result
from gongkai.inforequests.clock import compute_clock
from gongkai.inforequests.fees import FeeLine, describe
from gongkai.inforequests.letters import TRIGGERS, contact_line, court_name, number_letter, review_body_name
from gongkai.inforequests.models import Application, DocumentTemplate, FeeScale
from gongkai.languages import VERTICAL, Language, written_date
from gongkai.translations.public import attach
from gongkai.workdays.calendar import provisional_wording

Kind = DocumentTemplate.Kind

NOT_YET = {
    Kind.RECEIPT: "还没有确认收到申请",
    Kind.CORRECTION: "没有发出补正告知",
    Kind.CONSULTATION: "没有征求意见",
    Kind.EXTENSION: "没有批准延期",
    Kind.FEE_NOTICE: "没有发出收费通知",
    Kind.REPLY: "还没有答复或终止",
}

HOTLINE = "12333"
FEE_RULES_NUMBER = (
    "国办函〔2020〕109号"  # 《政府信息公开信息处理费管理办法》: a document number, never translated
)

# ---------------------------------------------------------------------------------------- template checks

# A dedicated engine: no loaders (no {% include %} or {% extends %} can find a file), no tag libraries to
# {% load %}, builtins only. It renders plain text; escaping happens where the text meets HTML or XML.
ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=False, string_if_invalid="")
ALLOWED_TAGS = ("if", "elif", "else", "endif")
ALL_PLACEHOLDERS = tuple(defaults.PLACEHOLDERS)


def _allowed_names(kind) -> tuple[str, ...]:
    return tuple(defaults.KIND_PLACEHOLDERS[str(kind)]) if kind else ALL_PLACEHOLDERS


def validate_template_body(body: str, kind: str | None = None) -> None:
    """Refuse a title or body that uses anything but known placeholders and if/elif/else/endif.

    With `kind`, only the placeholders that document can fill are accepted. Raises ValidationError with
    every problem found, worded for the office staff who edit templates.
    """
    names = _allowed_names(kind)
    problems = []
    for token in Lexer(body or "").tokenize():
        if token.token_type == TokenType.BLOCK:
            tag = token.contents.split()[0] if token.contents.split() else ""
            if tag not in ALLOWED_TAGS:
                problems.append(
                    f"不能使用“{{% {token.contents} %}}”：模板里只能用占位符和 {{% if %}}、{{% elif %}}、"
                    "{% else %}、{% endif %}"
                )
                continue
        unquoted = _QUOTED.sub('""', token.contents)
        if token.token_type in (TokenType.BLOCK, TokenType.VAR) and _PRIVATE.search(unquoted):
            shown = (
                f"{{{{ {token.contents} }}}}"
                if token.token_type == TokenType.VAR
                else f"{{% {token.contents} %}}"
            )
            problems.append(f"不能使用“{shown}”：占位符不能带“.”，也不能以“_”开头")
    if problems:
        raise ValidationError(problems)
    try:
        template = ENGINE.from_string(body or "")
    except TemplateSyntaxError as exc:
        raise ValidationError(_syntax_message(exc)) from exc
    _check_nodes(template.nodelist, names, problems)
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))


# An attribute (x.y) or a name starting with "_": never a placeholder, and the way into an object's internals.
_PRIVATE = re.compile(r"(?:^|[^\w])_|\.")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def _syntax_message(exc: TemplateSyntaxError) -> str:
    detail = str(exc)
    if detail.startswith("Unclosed tag"):
        return "模板格式有误：{% if %} 缺少对应的 {% endif %}"
    if detail.startswith(("Invalid block tag", "Invalid tag")):
        return "模板格式有误：{% elif %}、{% else %} 或 {% endif %} 前面缺少对应的 {% if %}"
    if detail.startswith("Empty variable tag"):
        return "模板格式有误：{{ }} 里没有写占位符名称"
    return f"模板格式有误，请检查 {{{{ }}}} 与 {{% if %}}……{{% endif %}} 是否完整、成对（{detail}）"


def _check_nodes(nodelist, names, problems) -> None:
    for node in nodelist:
        if isinstance(node, VariableNode):
            _check_expression(node.filter_expression, names, problems, literal_ok=False)
        elif isinstance(node, IfNode):
            for condition, body in node.conditions_nodelists:
                if condition is not None:
                    _check_condition(condition, names, problems)
                _check_nodes(body, names, problems)
        elif not isinstance(node, TextNode):
            problems.append(f"模板里不能使用“{node.token.contents if node.token else node}”")


def _check_condition(condition, names, problems) -> None:
    """An {% if %} condition is a tree of operators over literals (TemplateLiteral.value)."""
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        _check_expression(value, names, problems, literal_ok=True)
        return
    for part in (getattr(condition, "first", None), getattr(condition, "second", None)):
        if part is not None:
            _check_condition(part, names, problems)


def _check_expression(expression: FilterExpression, names, problems, *, literal_ok: bool) -> None:
    text = expression.token
    if expression.filters:
        problems.append(f"占位符不能带过滤器（“|”）：{{{{ {text} }}}}")
        return
    variable = expression.var
    lookups = getattr(variable, "lookups", None)
    if lookups is None:
        if not literal_ok:
            problems.append(f"“{{{{ {text} }}}}”不是占位符，请直接写出文字")
        return
    if len(lookups) != 1:
        problems.append(f"占位符不能带“.”：{{{{ {text} }}}}")
    elif lookups[0] not in names:
        problems.append(f"未知的占位符：{{{{ {text} }}}}。可用的占位符：{'、'.join(names)}")


def _render(text: str, context: dict[str, str]) -> str:
    return ENGINE.from_string(text).render(Context(context, autoescape=False))


# ---------------------------------------------------------------------------------------- the context

# Characters XML 1.0 cannot hold (python-docx refuses them) and that have no business in a letter.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean(value) -> str:
    """Staff-written text: keeps its line breaks, which become paragraphs."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _INVALID_XML.sub("", text).strip()


def _one_line(value) -> str:
    """Applicant-written text quoted inside a sentence: line breaks become spaces."""
    return re.sub(r"\s*\n\s*", " ", _clean(value))


# Where staff text meets the template's own punctuation ("……同意延期。" + "，本机关……"), the letter must
# read as one sentence. Full-width marks, and ASCII ones typed beside them; spaces between marks count.
_FULL_MARKS = "，。；：、！？"
_ASCII_MARKS = {",": "，", ".": "。", ";": "；", ":": "：", "!": "！", "?": "？"}
_MARK_RUN = re.compile(r"[，。；：、！？,.;:!?](?:[ \t\u3000]*[，。；：、！？,.;:!?])+")
# A stop before a closing quote that the sentence carries on past: “……。”。 → “……”。
_STOP_IN_QUOTE = re.compile(r"[。；，、](?=[”’」』][，。；：、！？])")
_DOUBLED_QUOTE = re.compile(r"(“|”|‘|’)\1+")


def _one_mark(run: str) -> str:
    marks = [c for c in run if c in _FULL_MARKS or c in _ASCII_MARKS]
    if not any(c in _FULL_MARKS for c in marks):
        return run  # ASCII alone ("e.g.", "1.5") is not a join
    marks = [_ASCII_MARKS.get(c, c) for c in marks]
    # The template's mark (the last) decides how the sentence goes on, except that a question or an
    # exclamation is not flattened into a full stop.
    if marks[-1] == "。":
        return next((m for m in marks if m in "？！"), "。")
    return marks[-1]


def tidy_joins(text: str) -> str:
    """One punctuation mark where staff text and template punctuation meet: "延期。，本机关" → "延期，本机关",
    "号码。。" → "号码。", “……。”。 → “……”。; doubled quotes become one."""
    text = _MARK_RUN.sub(lambda match: _one_mark(match.group()), text)
    text = _STOP_IN_QUOTE.sub("", text)
    return _DOUBLED_QUOTE.sub(r"\1", text)


def cn_date(value) -> str:
    """2026年9月18日: Arabic numerals, as GB/T 9704 prints dates; in the active language (a Mongolian letter
    writes its dates in Mongolian, with the same numerals)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return written_date(value)


def _due_text(clock) -> str:
    if clock.due_on is None:
        return ""
    return cn_date(clock.due_on) + _provisional(clock)


def _provisional(clock) -> str:
    """A date that rests on an unannounced year says so on the letter itself."""
    return f"（{provisional_wording(clock.unknown_years)}）" if clock.provisional else ""


def _ordered(events) -> list:
    return sorted(events, key=lambda e: (e.on, e.pk or 0))


def _latest(events, kinds):
    found = [e for e in events if e.kind in kinds]
    return found[-1] if found else None


def document_number(event) -> str:
    """The letter's number in its body's register (扎人社依申答〔2026〕3号), given when the step was recorded.

    A letter of a step recorded before numbering existed gets the register's next number the first time it
    is printed; it keeps that number from then on.
    """
    number = number_letter(event)
    return number.text if number is not None else ""


def available_documents(application: Application) -> list[str]:
    """The kinds whose triggering event exists, in the order a case meets them."""
    kinds = {e.kind for e in application.events.all()}
    return [kind for kind in Kind.values if kinds & set(TRIGGERS[kind])]


def available_document_choices(application: Application) -> list[tuple[str, str]]:
    """(kind, title) for each available document, titled as the office's Chinese template names it."""
    titles = dict(DocumentTemplate.objects.filter(language=Language.CHINESE).values_list("kind", "title"))
    return [(kind, _plain_title(titles.get(kind), kind)) for kind in available_documents(application)]


def _plain_title(title: str | None, kind: str) -> str:
    """A template title for lists and file names; the kind's name if it is empty or has placeholders."""
    title = (title or "").strip()
    return title if title and "{" not in title else Kind(kind).label


# The default wording of each language. Placeholders keep their Chinese names in both, so one set of checks
# and one context serve every language.
WORDING: dict[str, ModuleType] = {Language.CHINESE: defaults, Language.MONGOLIAN: default_templates_mn}


def letter_language(language: str | None) -> str:
    return language if language in WORDING else Language.CHINESE


def document_context(application: Application, kind: str, language: str = Language.CHINESE) -> dict[str, str]:
    """Every placeholder's value for this document, as plain strings (empty where the case has no such fact),
    written in `language`."""
    language = letter_language(language)
    with translation.override(language):
        return _context(application, Kind(kind), language)


def _context(application: Application, kind, language: str) -> dict[str, str]:
    wording = WORDING[language]
    events = _ordered(application.events.all())
    trigger = _latest(events, TRIGGERS[kind])
    if trigger is None:
        raise ValidationError(f"这件申请{NOT_YET[kind]}，不能生成{kind.label}")
    upto = events[: events.index(trigger) + 1]
    clock = compute_clock(application.received_on, upto)
    context = dict.fromkeys(defaults.PLACEHOLDERS, "")
    context.update(
        {
            "申请人": _one_line(application.name),
            "联系人": _one_line(application.contact_person),
            "查询码": application.code,
            "收到日期": cn_date(application.received_on),
            "收到日期规则": gettext(RECEIPT_RULES[application.channel])
            if application.channel in RECEIPT_RULES
            else "",
            "答复期限": _due_text(clock),
            "申请内容": _one_line(application.description),
            "信息载体": gettext(application.get_delivery_form_display()),
            "获取方式": gettext(application.get_delivery_method_display()),
            "机关名称": body_name(application.body),
            "日期": cn_date(trigger.on),
            "文号": document_number(trigger),
            "咨询电话": HOTLINE,
            "复议机关": review_body_name(application.body, name_of=body_name),
            "管辖法院": court_name(application.body),
        }
    )
    correction = _latest(upto, (EventKind.CORRECTION_REQUESTED,))
    if correction:
        context["补正事项"] = _clean(correction.note)
        context["补正期限"] = cn_date(correction.data.get("deadline"))
        context["补正告知日期"] = cn_date(correction.on)
    consultation = _latest(upto, (EventKind.CONSULTATION_SENT,))
    if consultation:
        context["征求对象"] = _one_line(consultation.note)
        asked = compute_clock(application.received_on, upto[: upto.index(consultation) + 1])
        context["征求期限"] = cn_date(asked.act_by) + _provisional(asked)
    extension = _latest(upto, (EventKind.EXTENSION_APPROVED,))
    if extension:
        before = compute_clock(application.received_on, upto[: upto.index(extension)])
        context["延长天数"] = str(extension.data.get("days", ""))
        context["延期理由"] = _one_line(extension.note)
        context["原答复期限"] = _due_text(before)
    fee = _latest(upto, (EventKind.FEE_NOTICE_SENT,))
    if fee:
        context.update(_fee_context(fee))
    if kind == Kind.REPLY:
        result = trigger.data.get("result") or application.result
        reply_type = trigger.data.get("reply_type", application.reply_type)
        context["办理结果"] = gettext(Result(result).label) if result in Result.values else ""
        context["结果类别"] = wording.RESULT_GROUPS.get(defaults.result_group(result), "")
        context["答复类型"] = _reply_type_label(reply_type, language)
        context["答复内容"] = _clean(trigger.note) if trigger.kind == EventKind.REPLIED else ""
        paragraph = wording.REPLY_TYPE_PARAGRAPHS.get((result, reply_type)) or wording.RESULT_PARAGRAPHS.get(
            result, ""
        )
        context["结果段落"] = _render(paragraph, context).strip()
    return context


def _reply_type_label(reply_type: str, language: str) -> str:
    if reply_type not in ReplyType.values:
        return ""
    if language == Language.MONGOLIAN:
        return default_templates_mn.REPLY_TYPE_LABELS.get(reply_type, "")
    return ReplyType(reply_type).label


def body_name(body) -> str:
    """The body's name in the active language: its published Mongolian name on a Mongolian letter (reviewed
    like every Mongolian text), else the Chinese."""
    if translation.get_language() != Language.MONGOLIAN:
        return body.name
    # Read afresh (one query): a letter prints what is published now, not what an earlier read attached.
    (shown,) = attach([body])
    return shown.text("name")


def _fee_context(event) -> dict[str, str]:
    data = event.data
    basis = data.get("basis", "")
    unit = data.get("unit", "页")
    quantity = data.get("quantity")
    lines = [FeeLine(int(first), int(last), int(rate)) for first, last, rate, *_ in data.get("lines", [])]
    if basis == FeeScale.Basis.PER_APPLICATION:
        counted = gettext("您在本自然月内累计提出政府信息公开申请%(quantity)s件") % {"quantity": quantity}
    else:
        counted = gettext("您申请的政府信息共%(quantity)s页") % {"quantity": quantity}
    return {
        "收费金额": gettext("%(amount)s元") % {"amount": data.get("amount", 0)},
        "收费标准": describe(lines, unit),
        "计收方式": gettext(FeeScale.Basis(basis).label) if basis in FeeScale.Basis.values else "",
        "计费数量": counted,
        "收费依据": data.get("source", "") or FEE_RULES_NUMBER,
        "缴费方式": _one_line(event.note),
        "缴费期限": cn_date(data.get("pay_by")),
        "收费通知日期": cn_date(event.on),
    }


# ---------------------------------------------------------------------------------------- rendering


@dataclass
class RenderedDocument:
    kind: str
    title: str
    paragraphs: list[str]
    organisation: str
    date: str
    number: str
    contact: str = ""  # the 附注 under the date: whom the applicant can call about this letter
    language: str = Language.CHINESE

    @property
    def has_salutation(self) -> bool:
        # The Chinese full-width colon, an ASCII one, or the Mongolian colon (U+1804).
        return bool(self.paragraphs) and self.paragraphs[0].endswith(("：", ":", "᠄"))

    @property
    def vertical(self) -> bool:
        return self.language in VERTICAL


def _template(kind, language: str = Language.CHINESE) -> tuple[str, str]:
    language = letter_language(language)
    row = DocumentTemplate.objects.filter(kind=kind, language=language).first()
    if row is not None:
        return row.title, row.body
    wording = WORDING[language]
    return wording.TITLES[str(kind)], wording.BODIES[str(kind)]


def compose(application: Application, kind: str, language: str = Language.CHINESE) -> RenderedDocument:
    """The document's text in `language` and the facts its layout needs (issuing body, date, number)."""
    kind = Kind(kind)
    language = letter_language(language)
    context = document_context(application, kind, language)
    title, body = _template(kind, language)
    for text in (title, body):
        try:
            validate_template_body(text, kind)
        except ValidationError as exc:
            raise ValidationError(
                [
                    f"“{kind.label}”的{Language(language).label}文书模板有误，请在管理后台修改后再生成：",
                    *exc.messages,
                ]
            ) from exc
    title = tidy_joins(_one_line(_render(title, context))) or WORDING[language].TITLES[str(kind)]
    lines = _clean(_render(body, context)).split("\n")
    paragraphs = [tidy_joins(line.strip()) for line in lines if line.strip()]
    return RenderedDocument(
        kind=kind,
        title=title,
        paragraphs=paragraphs,
        organisation=context["机关名称"],
        date=context["日期"],
        number=context["文号"],
        contact=_contact(application, language),
        language=language,
    )


def _contact(application: Application, language: str) -> str:
    with translation.override(language):
        return contact_line(application)


def render_document(
    application: Application, kind: str, language: str = Language.CHINESE
) -> tuple[str, list[str]]:
    """(title, paragraphs) as plain text."""
    document = compose(application, kind, language)
    return document.title, document.paragraphs


def document_filename(application: Application, kind: str, fmt: str) -> str:
    """A download name, e.g. 政府信息公开申请答复书-ABCD2345EFGH.pdf."""
    title = re.sub(r'[\\/:*?"<>|\s]+', "", _plain_title(_template(kind)[0], kind)) or Kind(kind).label
    return f"{title}-{application.code}.{fmt}"


# ---------------------------------------------------------------------------------------- PDF

PDF_TEMPLATE = "inforequests/documents/letter.html"
VERTICAL_PDF_TEMPLATE = "inforequests/documents/letter_vertical.html"


def document_pdf(
    application: Application, kind: str, language: str = Language.CHINESE, *, with_number: bool = True
) -> bytes:
    """The letter as PDF. A Mongolian one is printed by Chromium (vertical lines) and may raise
    gongkai.printing.vertical.PrintUnavailable."""
    document = compose(application, kind, language)
    context = {"document": document, "with_number": with_number}
    if document.vertical:
        return _vertical_pdf(document, context)
    from gongkai.printing.pdf import render_pdf

    return render_pdf(PDF_TEMPLATE, context)


def _vertical_pdf(document: RenderedDocument, context: dict) -> bytes:
    # The letter has its own page (GB/T 9704's margins and — 1 — page numbers), not the site's print frame;
    # only the font and the content policy are shared with the other vertical prints.
    from gongkai.printing import vertical

    with translation.override(document.language):
        page = render_to_string(
            VERTICAL_PDF_TEMPLATE,
            {
                **context,
                "pdf_lang": "mn-Mong",
                "print_policy": vertical.POLICY,
                "font_face": mark_safe(vertical.font_face()),  # noqa: S308 (a url() of our own file, CSS-escaped)
            },
        )
    return vertical.print_html(page)


# ---------------------------------------------------------------------------------------- DOCX

# GB/T 9704-2012 (党政机关公文格式): A4, type area 156 × 225 mm, top 37 mm, binding side 28 mm; title in
# 二号小标宋, body in 三号仿宋 at a fixed line pitch. Latin name, East Asian name: Word finds 仿宋 and 宋体 on
# Chinese Windows; the font table gives their English names for other systems.
BODY_FONT = ("Times New Roman", "仿宋")
TITLE_FONT = ("Times New Roman", "宋体")
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_PITCH = Pt(28)
CHAR = BODY_SIZE  # one full-width character
FONT_TABLE_ENTRIES = {
    "仿宋": '<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/>'
    '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>',
    "宋体": '<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/>'
    '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>',
}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _set_fonts(rpr, fonts: tuple[str, str]) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attribute}"), None)
    latin, east_asian = fonts
    for attribute, name in (("ascii", latin), ("hAnsi", latin), ("cs", latin), ("eastAsia", east_asian)):
        rfonts.set(qn(f"w:{attribute}"), name)


# A Mongolian letter: Word's vertical Mongolian layout (lines top to bottom, left to right; Chinese inside
# stands upright), in Windows' Mongolian font, Chinese in 仿宋.
MONGOLIAN_FONTS = ("Mongolian Baiti", "仿宋")
VERTICAL_MONGOLIAN = "tbLrV"


def _vertical(document) -> None:
    section = document.sections[0]._sectPr
    direction = section.find(qn("w:textDirection"))
    if direction is None:
        direction = OxmlElement("w:textDirection")
        # Its place in CT_SectPr: after the page borders, numbering and columns, before the grid.
        grid = section.find(qn("w:docGrid"))
        if grid is not None:
            grid.addprevious(direction)
        else:
            section.append(direction)
    direction.set(qn("w:val"), VERTICAL_MONGOLIAN)
    styles = document.styles.element
    rpr_default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr_default, MONGOLIAN_FONTS)
    _set_fonts(document.styles["Normal"].element.get_or_add_rPr(), MONGOLIAN_FONTS)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "mn-Mong-CN")


def _setup(document, title: str, organisation: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    styles = document.styles.element
    rpr_default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr_default, BODY_FONT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = BODY_SIZE
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = organisation
    properties.comments = ""
    properties.keywords = "政府信息公开"
    _font_table(document)
    _page_number(section)


def _font_table(document) -> None:
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            root = parse_xml(part.blob)
            present = {font.get(qn("w:name")) for font in root}
            for name, entry in FONT_TABLE_ENTRIES.items():
                if name not in present:
                    root.append(parse_xml(f'<w:fonts xmlns:w="{W_NS}">{entry}</w:fonts>')[0])
            # A generic Part keeps its bytes in `_blob`; python-docx has no public setter.
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(section) -> None:
    """— 1 — centred in the footer (GB/T 9704 puts 四号 page numbers with dashes at the bottom)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", BODY_FONT, PAGE_NUMBER_SIZE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = _run(paragraph, "1", BODY_FONT, PAGE_NUMBER_SIZE)
    inner._r.getparent().remove(inner._r)
    field.append(inner._r)
    paragraph._p.append(field)
    _run(paragraph, " —", BODY_FONT, PAGE_NUMBER_SIZE)


def _run(paragraph, text: str, fonts=BODY_FONT, size=BODY_SIZE, *, bold: bool = False):
    """Text goes in as a text run: python-docx escapes it, nothing in it is read as XML."""
    run = paragraph.add_run(text)
    run.font.size = size
    run.bold = bold
    _set_fonts(run._r.get_or_add_rPr(), fonts)
    return run


def _paragraph(
    document,
    text: str = "",
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent=None,
    right_indent=None,
    fonts=BODY_FONT,
):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    if right_indent is not None:
        paragraph.paragraph_format.right_indent = right_indent
    if text:
        _run(paragraph, text, fonts)
    return paragraph


SEAL_MARK = gettext_noop("（盖章）")
SEAL_WIDTH = 4 * 12 / 16  # four characters at 12 pt, in body characters


def _width_in_chars(text: str) -> float:
    """Printed width in full-width characters: ASCII (the digits of a date) counts half."""
    return sum(0.5 if ord(c) < 128 else 1 for c in text)


def document_docx(
    application: Application, kind: str, language: str = Language.CHINESE, *, with_number: bool = True
) -> bytes:
    document = compose(application, kind, language)
    docx = Document()
    _setup(docx, document.title, document.organisation)
    body_font, title_font = BODY_FONT, TITLE_FONT
    if document.vertical:
        _vertical(docx)
        body_font = title_font = MONGOLIAN_FONTS
    body = docx.paragraphs[0] if docx.paragraphs else None
    if body is not None:  # the default template's empty first paragraph
        body._p.getparent().remove(body._p)

    title = _paragraph(docx, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = LINE_PITCH if not (with_number and document.number) else Pt(0)
    _run(title, document.title, title_font, TITLE_SIZE, bold=True)
    if with_number and document.number:
        number = _paragraph(docx, document.number, align=WD_ALIGN_PARAGRAPH.RIGHT, fonts=body_font)
        number.paragraph_format.space_after = LINE_PITCH

    for index, text in enumerate(document.paragraphs):
        salutation = index == 0 and document.has_salutation
        paragraph = _paragraph(
            docx,
            text,
            align=WD_ALIGN_PARAGRAPH.LEFT if salutation else WD_ALIGN_PARAGRAPH.JUSTIFY,
            indent=Pt(0) if salutation else Pt(CHAR.pt * 2),
            fonts=body_font,
        )
    if document.paragraphs:
        paragraph.paragraph_format.keep_with_next = True  # a page never holds the signature alone

    # Issuing body and date at the bottom right, one line below the text, the shorter centred over the longer.
    org_width, date_width = _width_in_chars(document.organisation), _width_in_chars(document.date)
    wider = max(org_width, date_width)
    # Where the seal goes: it covers the issuing body and the date (GB/T 9704 7.3.5.1).
    seal = _paragraph(
        docx, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=Pt(CHAR.pt * (2 + (wider - SEAL_WIDTH) / 2))
    )
    with translation.override(document.language):
        _run(seal, gettext(SEAL_MARK), body_font, Pt(12))
    seal.paragraph_format.space_before = LINE_PITCH
    seal.paragraph_format.keep_with_next = True
    signature = _paragraph(
        docx,
        document.organisation,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        right_indent=Pt(CHAR.pt * (2 + (wider - org_width) / 2)),
        fonts=body_font,
    )
    signature.paragraph_format.keep_with_next = True
    dated = _paragraph(
        docx,
        document.date,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        right_indent=Pt(CHAR.pt * (2 + (wider - date_width) / 2)),
        fonts=body_font,
    )
    if document.contact:
        dated.paragraph_format.keep_with_next = True
        note = _paragraph(docx, document.contact, indent=Pt(CHAR.pt * 2), fonts=body_font)
        note.paragraph_format.space_before = LINE_PITCH
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
