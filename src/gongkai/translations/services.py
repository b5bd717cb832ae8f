"""Every state change of a Mongolian text (a group name, a life event, a body's contact block), one function
each, as for guides: written and saved by an editor, submitted, approved and published at once by a reviewer
who did not change it (先审后发), or returned with a reason. Each runs in a transaction and writes an audit row.

`chinese_changed` is called whenever the Chinese of such an object may have changed (the save signals of the
registered models, the bodies import, the catalog import's renamed groups): a published Mongolian text whose
Chinese differs now is out of date, and its next version opens on its own 20-working-day clock.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.accounts.roles import Role, holders, require_role
from gongkai.audit.services import record
from gongkai.outbox.services import enqueue
from gongkai.translations.kinds import Kind, kind_by_key, kind_of
from gongkai.translations.models import OPEN_STATES, TextState, TextTranslation
from gongkai.workdays.calendar import add_workdays

MONGOLIAN = "mn"
TIME_LIMIT_DAYS = 20  # 条例第二十六条, as for the Chinese
MONGOLIAN_LETTERS = re.compile("[\u1800-\u18af]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
MAX_LENGTH = {"name": 300}
DEFAULT_MAX_LENGTH = 1000


def _refuse(message: str):
    raise ValidationError(message)


def versions(obj):
    """Every version of the object's Mongolian text, newest first."""
    kind = kind_of(obj)
    return TextTranslation.objects.filter(kind=kind.key, object_id=obj.pk, language=MONGOLIAN)


def published_text(obj) -> TextTranslation | None:
    return versions(obj).filter(state=TextState.PUBLISHED).first()


def open_text(obj) -> TextTranslation | None:
    return versions(obj).filter(state__in=OPEN_STATES).first()


def clean_texts(raw: dict, chinese: dict[str, str]) -> dict[str, str]:
    """The Mongolian by key, only for texts the Chinese has, trimmed and in the traditional script.

    Refusals name the field: ValidationError({key: message})."""
    clean, errors = {}, {}
    for key in chinese:
        text = str(raw.get(key) or "").strip()
        if not text:
            continue
        limit = MAX_LENGTH.get(key, DEFAULT_MAX_LENGTH)
        if len(text) > limit:
            errors[key] = f"请写在 {limit} 个字以内"
        elif CYRILLIC.search(text) or not MONGOLIAN_LETTERS.search(text):
            errors[key] = "请用传统蒙古文（竖写的蒙古文字）书写，不用西里尔字母或拼音"
        clean[key] = text
    if errors:
        raise ValidationError(errors)
    return clean


def behind(source: dict[str, str], chinese: dict[str, str]) -> list[str]:
    """The texts whose Chinese is not what a version translated: changed, or new since. A text the Chinese
    no longer has (a step taken out) leaves nothing to translate."""
    return [key for key, text in chinese.items() if source.get(key) != text]


def _target(tr: TextTranslation) -> str:
    return f"{kind_label(tr.kind)} {tr.label} {tr.version_label}"


def kind_label(key: str) -> str:
    try:
        return kind_by_key(key).label
    except KeyError:
        return key


def _audit(action: str, tr: TextTranslation, user, **details) -> None:
    record(action, actor=user, target=_target(tr), details=details, body=tr.body)


def _lock(tr: TextTranslation) -> TextTranslation:
    """Re-read the version under a row lock so two people cannot act on it at once."""
    return TextTranslation.objects.select_for_update().select_related("body").get(pk=tr.pk)


def _require_state(tr: TextTranslation, *states) -> None:
    if tr.state not in states:
        _refuse(f"这个蒙古文版本现在是“{tr.get_state_display()}”，不能做这个操作")


def _next_number(kind: Kind, object_id: int) -> int:
    found = TextTranslation.objects.filter(kind=kind.key, object_id=object_id, language=MONGOLIAN)
    return (found.aggregate(n=Max("number"))["n"] or 0) + 1


def deadline(formed_on: datetime.date | None) -> tuple[datetime.date | None, bool]:
    """20 working days from the day after the Chinese changed, by the project's calendar."""
    if formed_on is None:
        return None, False
    result = add_workdays(formed_on, TIME_LIMIT_DAYS)
    return result.date, result.provisional


@transaction.atomic
def save_draft(obj, *, texts: dict, acting_user) -> TextTranslation:
    """Start the object's Mongolian (or its next version) or save the open draft, beside the Chinese as it
    stands now: that Chinese is what the version translates."""
    kind = kind_of(obj)
    body = kind.body_of(obj)
    require_role(acting_user, Role.EDITOR, body=body)
    # Two editors starting the first version at once: the second waits here and then finds the first's draft.
    obj = kind.model.objects.select_for_update().get(pk=obj.pk)
    chinese = kind.texts(obj)
    clean = clean_texts(texts, chinese)
    tr = versions(obj).select_for_update().filter(state__in=OPEN_STATES).first()
    started = tr is None
    if started:
        tr = TextTranslation(
            kind=kind.key,
            object_id=obj.pk,
            language=MONGOLIAN,
            number=_next_number(kind, obj.pk),
            author=acting_user,
        )
    elif tr.state != TextState.DRAFT:
        _refuse("这个蒙古文版本已提交审核，不能再改；要改请审核人先退回")
    tr.body, tr.label = body, kind.name_of(obj)[:300]
    tr.texts, tr.source = clean, chinese
    tr.save()
    tr.editors.add(acting_user)
    _audit("mongolian.start" if started else "mongolian.save", tr, acting_user, keys=sorted(clean))
    return tr


@transaction.atomic
def submit(tr: TextTranslation, *, acting_user) -> TextTranslation:
    """Send a draft to review; the reviewers of its body hear of it by mail."""
    require_role(acting_user, Role.EDITOR, body=tr.body)
    tr = _lock(tr)
    _require_state(tr, TextState.DRAFT)
    name_key = next(iter(kind_by_key(tr.kind).fields))
    if not tr.texts.get(name_key):
        _refuse("请先写名称的蒙古文，再提交审核")
    tr.state = TextState.SUBMITTED
    tr.submitted_by = acting_user
    tr.submitted_at = timezone.now()
    tr.save()
    _audit("mongolian.submit", tr, acting_user)
    _notify_reviewers(tr, acting_user)
    return tr


@transaction.atomic
def approve(tr: TextTranslation, *, acting_user, comment: str = "") -> TextTranslation:
    """Approve a submitted version, which is published at once: the Mongolian pages show it, and the
    version it replaces is superseded. Nobody approves a version they changed."""
    require_role(acting_user, Role.REVIEWER, body=tr.body)
    tr = _lock(tr)
    _require_state(tr, TextState.SUBMITTED)
    if tr.changed_by(acting_user):
        raise PermissionDenied("您修改过这个蒙古文版本，不能再审核它，请由另一位审核人审核（先审后发）")
    now = timezone.now()
    previous = (
        TextTranslation.objects.select_for_update()
        .filter(kind=tr.kind, object_id=tr.object_id, language=tr.language, state=TextState.PUBLISHED)
        .first()
    )
    if previous is not None:
        previous.state, previous.ended_at = TextState.SUPERSEDED, now
        previous.save(update_fields=["state", "ended_at"])
    tr.state = TextState.PUBLISHED
    tr.reviewed_by, tr.reviewed_at, tr.review_comment = acting_user, now, comment.strip()
    tr.published_at = now
    tr.save()
    late = tr.due_on is not None and timezone.localdate(now) > tr.due_on
    _audit(
        "mongolian.publish",
        tr,
        acting_user,
        superseded=previous.number if previous else None,
        due_on=tr.due_on.isoformat() if tr.due_on else None,
        late=late,
    )
    return tr


@transaction.atomic
def send_back(tr: TextTranslation, *, comment: str, acting_user) -> TextTranslation:
    """The reviewer returns a version to its editor with a reason."""
    require_role(acting_user, Role.REVIEWER, body=tr.body)
    tr = _lock(tr)
    _require_state(tr, TextState.SUBMITTED)
    if not comment.strip():
        raise ValidationError({"comment": "退回修改时请写明原因"})
    tr.state = TextState.DRAFT
    tr.review_comment = comment.strip()
    tr.reviewed_by, tr.reviewed_at = acting_user, timezone.now()
    tr.save()
    _audit("mongolian.return", tr, acting_user, comment=tr.review_comment)
    return tr


@transaction.atomic
def chinese_changed(obj, *, today: datetime.date | None = None) -> TextTranslation | None:
    """The object's Chinese may have changed: if its published Mongolian no longer translates it, that text
    is out of date (the page shows the Chinese with a note), and its next version opens — or the open one
    moves onto the new Chinese — on a clock from today. Idempotent: the same change starts one clock."""
    kind = kind_of(obj)
    rows = list(
        versions(obj)
        .select_for_update()
        .filter(state__in=[TextState.PUBLISHED, *OPEN_STATES])
        .select_related("author")
    )
    published = next((r for r in rows if r.state == TextState.PUBLISHED), None)
    if published is None:
        return None  # nothing published to fall behind; a draft is compared with the Chinese when saved
    chinese = kind.texts(obj)
    changed = behind(published.source, chinese)
    if not changed:
        return None
    pending = next((r for r in rows if r.state in OPEN_STATES), None)
    if pending is not None and pending.formed_on is not None and not behind(pending.source, chinese):
        return pending  # this change has its clock already
    today = today or timezone.localdate()
    if pending is None:
        # The translator of the text that fell behind sees to its next version; the dashboard names them.
        pending = TextTranslation(
            kind=kind.key,
            object_id=obj.pk,
            language=MONGOLIAN,
            number=_next_number(kind, obj.pk),
            author=published.author,
            texts={key: text for key, text in published.texts.items() if key in chinese},
        )
    elif pending.state == TextState.SUBMITTED:
        pending.state = TextState.DRAFT
        pending.review_comment = "中文已修改，请按新的中文核对蒙古文后再提交"
    pending.body, pending.label = kind.body_of(obj), kind.name_of(obj)[:300]
    pending.source = chinese
    pending.formed_on = today
    pending.due_on, pending.due_provisional = deadline(today)
    pending.save()
    pending.editors.add(pending.author)
    _audit(
        "mongolian.out_of_date",
        pending,
        None,
        changed=changed,
        formed_on=today.isoformat(),
        due_on=pending.due_on.isoformat(),
    )
    return pending


@transaction.atomic
def object_removed(kind_key: str, object_id: int) -> int:
    """The object is gone (a group dropped by a re-import, a life event deleted): so is its Mongolian."""
    found = list(TextTranslation.objects.filter(kind=kind_key, object_id=object_id).select_related("body"))
    if not found:
        return 0
    latest = found[0]
    record(
        "mongolian.removed",
        target=f"{kind_label(kind_key)} {latest.label}",
        details={"versions": len(found)},
        body=latest.body,
    )
    TextTranslation.objects.filter(pk__in=[tr.pk for tr in found]).delete()
    return len(found)


CHUNK = 500  # ids per query, well inside every database's limit on parameters


@transaction.atomic
def objects_removed(kind_key: str, object_ids: list[int]) -> int:
    """Many objects of one kind are gone (a catalog's items): so is the Mongolian of those that had one.
    A query per 500 finds the few translated; each of them is logged as `object_removed` logs one."""
    removed = 0
    for start in range(0, len(object_ids), CHUNK):
        chunk = object_ids[start : start + CHUNK]
        found = TextTranslation.objects.filter(kind=kind_key, object_id__in=chunk)
        for object_id in sorted(set(found.values_list("object_id", flat=True))):
            removed += object_removed(kind_key, object_id)
    return removed


def chinese_changed_many(objects) -> list[TextTranslation]:
    """`chinese_changed` for objects of one kind written in bulk (an import's items): a query per 500 finds
    the few with a published Mongolian text, and only those are compared."""
    by_id = {obj.pk: obj for obj in objects}
    if not by_id:
        return []
    kind = kind_of(next(iter(by_id.values())))
    ids = sorted(by_id)
    opened = []
    for start in range(0, len(ids), CHUNK):
        translated = TextTranslation.objects.filter(
            kind=kind.key,
            language=MONGOLIAN,
            state=TextState.PUBLISHED,
            object_id__in=ids[start : start + CHUNK],
        ).values_list("object_id", flat=True)
        for object_id in sorted(translated):
            pending = chinese_changed(by_id[object_id])
            if pending is not None:
                opened.append(pending)
    return opened


def recompute_deadlines(years=None) -> int:
    """Refresh cached due dates after a holiday schedule is loaded. Returns how many changed."""
    changed = 0
    running = TextTranslation.objects.filter(formed_on__isnull=False)
    if years:
        running = running.filter(formed_on__year__in=set(years) | {year - 1 for year in years})
    for tr in running.only("formed_on", "due_on", "due_provisional").iterator():
        due_on, provisional = deadline(tr.formed_on)
        if (due_on, provisional) != (tr.due_on, tr.due_provisional):
            TextTranslation.objects.filter(pk=tr.pk).update(due_on=due_on, due_provisional=provisional)
            changed += 1
    return changed


def _notify_reviewers(tr: TextTranslation, submitter) -> None:
    from django.urls import reverse

    from gongkai.printing.siteurl import absolute

    recipients = [
        u.email
        for u in holders(Role.REVIEWER, tr.body).filter(is_active=True).exclude(pk=submitter.pk)
        if u.email
    ]
    url = absolute(reverse("translations:text", args=[tr.kind, tr.object_id]))
    enqueue(
        "mongolian.submitted",
        f"请审核蒙古文：{tr.label}",
        f"{kind_label(tr.kind)}“{tr.label}”的{tr.version_label}已提交审核。\n\n"
        f"请核对中文和蒙古文，批准后蒙古文页面就会显示：{url}\n",
        recipients,
    )
