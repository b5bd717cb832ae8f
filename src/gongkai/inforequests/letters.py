"""What a letter carries besides its wording: its number in the body's register (发文字号), the 复议机关 and
court of the remedies paragraph, and whom to contact.

Numbers follow GB/T 9704-2012: 机关代字〔年份〕顺序号, one register per body, letter type and year. A number
is given when the step that issues the letter is recorded, inside that step's transaction, and never again:
the register only counts up, so a number is not reused even if a letter is withdrawn.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop

from gongkai.bodies.models import Body, BodyKind
from gongkai.inforequests.choices import EventKind
from gongkai.inforequests.models import CaseEvent, DocumentTemplate, LetterHead, LetterNumber, LetterRegister

Kind = DocumentTemplate.Kind

# The event that issues each letter; the latest such event is the one the letter is about.
TRIGGERS = {
    Kind.RECEIPT: (EventKind.RECEIVED,),
    Kind.CORRECTION: (EventKind.CORRECTION_REQUESTED,),
    Kind.CONSULTATION: (EventKind.CONSULTATION_SENT,),
    Kind.EXTENSION: (EventKind.EXTENSION_APPROVED,),
    Kind.FEE_NOTICE: (EventKind.FEE_NOTICE_SENT,),
    # A case that lapsed (no correction, fee unpaid) gets a reply telling the applicant it is no longer handled.
    Kind.REPLY: (EventKind.REPLIED, EventKind.CORRECTION_LAPSED, EventKind.FEE_LAPSED),
}
KIND_OF_EVENT = {event: kind for kind, events in TRIGGERS.items() for event in events}

# The type word after the 机关代字, so each type of letter has its own run of numbers that reads apart:
# 扎人社依申答〔2026〕3号 is the third reply of 2026.
TYPE_WORDS = {
    Kind.RECEIPT: "依申受",
    Kind.CORRECTION: "依申补",
    Kind.CONSULTATION: "依申征",
    Kind.EXTENSION: "依申延",
    Kind.FEE_NOTICE: "依申费",
    Kind.REPLY: "依申答",
}
# Marked for translation: a Mongolian letter says them in Mongolian (names the office typed stay as typed).
ANY_COURT = gettext_noop("有管辖权的人民法院")
ANY_REVIEW_BODY = gettext_noop("上一级人民政府")


def letter_head(body: Body) -> LetterHead:
    """The body's letter settings; an unsaved empty one when the office has set none."""
    try:
        return body.letter_head
    except LetterHead.DoesNotExist:
        return LetterHead(body=body)


def code_word(body: Body) -> str:
    return letter_head(body).code_word.strip() or body.short_name or body.name


def number_letter(event: CaseEvent) -> LetterNumber | None:
    """Give the letter this event issues the next number of its body's register (once; None if no letter)."""
    kind = KIND_OF_EVENT.get(event.kind)
    if kind is None:
        return None
    existing = LetterNumber.objects.filter(event=event).first()
    if existing is not None:
        return existing
    body = event.application.body
    year = event.on.year
    with transaction.atomic():
        register = _locked_register(body, kind, year)
        register.last_number += 1
        register.save(update_fields=["last_number"])
        return LetterNumber.objects.create(
            event=event,
            body=body,
            kind=kind,
            year=year,
            number=register.last_number,
            code_word=code_word(body) + TYPE_WORDS[kind],
        )


def _locked_register(body, kind, year) -> LetterRegister:
    # The row lock makes two letters issued at once take turns; a register made at the same moment by
    # another transaction is found on the second try.
    for _ in range(2):
        register = LetterRegister.objects.select_for_update().filter(body=body, kind=kind, year=year).first()
        if register is not None:
            return register
        try:
            with transaction.atomic():
                return LetterRegister.objects.create(body=body, kind=kind, year=year)
        except IntegrityError:
            continue
    return LetterRegister.objects.select_for_update().get(body=body, kind=kind, year=year)


def review_body_name(body: Body, name_of=lambda government: government.name) -> str:
    """行政复议机关 of the body: as set by the office, else the nearest 人民政府 above it in the tree
    (行政复议法第二十四条: a county department's, and a township's, is the county people's government),
    named by `name_of` (a Mongolian letter gives its Mongolian name)."""
    chosen = letter_head(body).review_body.strip()
    if chosen:
        return chosen
    # The ancestors' paths are the prefixes of this body's path: one query, nearest first.
    above = [body.path[:end] for end in range(body.steplen, len(body.path), body.steplen)]
    government = (
        Body.objects.filter(path__in=above, kind=BodyKind.GOVERNMENT).order_by("-depth").first()
        if above
        else None
    )
    return name_of(government) if government else gettext(ANY_REVIEW_BODY)


def court_name(body: Body) -> str:
    return letter_head(body).court.strip() or gettext(ANY_COURT)


def contact_line(application) -> str:
    """（联系人：王五；联系电话：0482-6112345）, the 附注 under the date, in the active language; empty when
    nothing is known."""
    head = letter_head(application.body)
    person = head.contact_person.strip()
    if not person and application.handler_id:
        person = application.handler.get_full_name().strip()
    phone = head.contact_phone.strip() or application.body.disclosure_phone or application.body.phone
    parts = [
        gettext("联系人：%(person)s") % {"person": person} if person else "",
        gettext("联系电话：%(phone)s") % {"phone": phone} if phone else "",
    ]
    parts = [part for part in parts if part]
    # The separator and brackets are the language's own (a Mongolian letter has no full-width marks).
    return gettext("（%(contact)s）") % {"contact": gettext("；").join(parts)} if parts else ""
