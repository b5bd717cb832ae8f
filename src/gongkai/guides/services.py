"""Every state change of a service guide, one function each (先审后发: the editor never approves their own change).

Each function runs in a transaction, writes an audit row and puts its mail in the outbox in the same transaction.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.accounts.roles import Role, RoleRequired, has_any_role, has_role, require_role
from gongkai.audit.services import record
from gongkai.bodies.models import Body
from gongkai.catalog.models import Channel, Item
from gongkai.guides.content import ContentError, clean_content, completeness
from gongkai.guides.models import ChannelPosting, GuideRevision, Language, RevisionState, Station
from gongkai.guides.notify import notify_reviewers_of_submission, notify_stations_of_new_version
from gongkai.guides.stations import is_local_item, required_stations
from gongkai.guides.translation import carry_over, clean_translation, untranslated
from gongkai.workdays.calendar import add_workdays

OPEN_STATES = (RevisionState.DRAFT, RevisionState.SUBMITTED, RevisionState.SCHEDULED)
DEFAULT_TIME_LIMIT_DAYS = 20  # 条例第二十六条


class MissingElements(ValidationError):
    """Some of the 11 elements are empty; the person has to confirm they mean to go on without them."""

    def __init__(self, missing):
        self.missing = tuple(missing)
        super().__init__(f"还缺 {len(self.missing)} 项要素：{'、'.join(self.missing)}。确认仍要继续吗？")


def _refuse(message: str):
    raise ValidationError(message)


def _missing(rev: GuideRevision) -> tuple[str, ...]:
    """The 11 elements still empty; for a translation, the parts still only in Chinese."""
    if rev.is_translation:
        return untranslated(rev.content, rev.source.content)
    return completeness(rev.content).missing


def _check_elements(rev: GuideRevision, confirmed: bool) -> None:
    missing = _missing(rev)
    if missing and not confirmed:
        raise MissingElements(missing)


def _require_state(rev: GuideRevision, *states) -> None:
    if rev.state not in states:
        _refuse(f"这个版本现在是“{rev.get_state_display()}”，不能做这个操作")


def owner(item_id: int) -> Body:
    """The body whose staff may act on an item's guide: the body of the item's catalog."""
    return Body.objects.get(catalogs__items=item_id)


def _audit(action: str, rev: GuideRevision, user, **details) -> None:
    record(
        action,
        actor=user,
        target=f"{rev.item.seq}. {rev.item.name} {rev.version_label}",
        details=details,
        body=owner(rev.item_id),
    )


def _lock(rev: GuideRevision) -> GuideRevision:
    """Re-read the revision under a row lock so two reviewers cannot act on it at once."""
    return GuideRevision.objects.select_for_update().select_related("item").get(pk=rev.pk)


def current_revision(item: Item, language: str = Language.CHINESE) -> GuideRevision | None:
    return item.guide_revisions.filter(state=RevisionState.PUBLISHED, language=language).first()


def open_revision(item: Item, language: str = Language.CHINESE) -> GuideRevision | None:
    return item.guide_revisions.filter(state__in=OPEN_STATES, language=language).first()


def _next_number(item: Item, language: str) -> int:
    return (item.guide_revisions.filter(language=language).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def start_revision(item: Item, *, acting_user) -> GuideRevision:
    """A new draft, starting from the live content so the editor changes only what changed."""
    require_role(acting_user, Role.EDITOR, body=owner(item.pk))
    Item.objects.select_for_update().get(pk=item.pk)
    if open_revision(item):
        _refuse("这个事项已有一个未发布的版本，请在那个版本上继续修改")
    live = current_revision(item)
    rev = GuideRevision.objects.create(
        item=item,
        number=_next_number(item, Language.CHINESE),
        content=live.content if live else clean_content({}),
        author=acting_user,
    )
    rev.editors.add(acting_user)
    _audit("guide.start", rev, acting_user)
    return rev


@transaction.atomic
def save_draft(
    rev: GuideRevision,
    *,
    content: dict,
    is_major: bool,
    change_note: str,
    formed_on: datetime.date | None,
    acting_user,
) -> GuideRevision:
    require_role(acting_user, Role.EDITOR, body=owner(rev.item_id))
    rev = _lock(rev)
    _require_state(rev, RevisionState.DRAFT)
    if formed_on and formed_on > timezone.localdate():
        _refuse("信息形成或变更日期不能晚于今天")
    try:
        rev.content = (
            clean_translation(content, rev.source.content) if rev.is_translation else clean_content(content)
        )
    except ContentError as error:
        _refuse(str(error))
    rev.is_major = is_major
    rev.change_note = change_note.strip()
    # A translation's duty arose when its Chinese source was published: that day stays its start.
    if not rev.is_translation:
        rev.formed_on = formed_on
    rev.due_on, rev.due_provisional = _deadline(rev)
    rev.save()
    rev.editors.add(acting_user)
    _audit("guide.save", rev, acting_user)
    return rev


@transaction.atomic
def submit_revision(rev: GuideRevision, *, acting_user, missing_confirmed: bool = False) -> GuideRevision:
    """Send a draft to review. With elements missing, only when the editor has confirmed it (MissingElements)."""
    require_role(acting_user, Role.EDITOR, body=owner(rev.item_id))
    rev = _lock(rev)
    _require_state(rev, RevisionState.DRAFT)
    if rev.formed_on is None:
        _refuse("请填写信息形成或变更日期，公开期限从这一天的次日起算")
    if rev.is_major and not rev.change_note:
        _refuse("重要修改必须写修改说明，说明会公开在“更新记录”里")
    _check_elements(rev, missing_confirmed)
    rev.state = RevisionState.SUBMITTED
    rev.submitted_by = acting_user
    rev.submitted_at = timezone.now()
    rev.save()
    _audit("guide.submit", rev, acting_user, missing=list(_missing(rev)))
    notify_reviewers_of_submission(rev.pk)
    return rev


@transaction.atomic
def return_revision(rev: GuideRevision, *, comment: str, acting_user) -> GuideRevision:
    """The reviewer sends a change back to its editor with a reason."""
    require_role(acting_user, Role.REVIEWER, body=owner(rev.item_id))
    rev = _lock(rev)
    _require_state(rev, RevisionState.SUBMITTED)
    if not comment.strip():
        _refuse("退回修改时请写明原因")
    rev.state = RevisionState.DRAFT
    rev.review_comment = comment.strip()
    rev.reviewed_by = acting_user
    rev.reviewed_at = timezone.now()
    rev.save()
    _audit("guide.return", rev, acting_user, comment=rev.review_comment)
    return rev


@transaction.atomic
def approve_revision(
    rev: GuideRevision,
    *,
    acting_user,
    publish_at: datetime.datetime | None = None,
    comment: str = "",
    missing_confirmed: bool = False,
) -> GuideRevision:
    """Approve a submitted change: published at once, or at publish_at when that is in the future."""
    require_role(acting_user, Role.REVIEWER, body=owner(rev.item_id))
    rev = _lock(rev)
    _require_state(rev, RevisionState.SUBMITTED)
    if rev.changed_by(acting_user):
        raise PermissionDenied("您修改过这个版本，不能再审核它，请由另一位审核人审核（先审后发）")
    _check_elements(rev, missing_confirmed)
    rev.reviewed_by = acting_user
    rev.reviewed_at = timezone.now()
    rev.review_comment = comment.strip()
    if publish_at and publish_at > timezone.now():
        rev.state = RevisionState.SCHEDULED
        rev.publish_at = publish_at
        rev.save()
        _audit("guide.schedule", rev, acting_user, publish_at=publish_at.isoformat())
        return rev
    rev.save()
    _audit("guide.approve", rev, acting_user)
    return publish_revision(rev, acting_user=acting_user)


@transaction.atomic
def publish_revision(
    rev: GuideRevision, *, acting_user=None, now: datetime.datetime | None = None
) -> GuideRevision:
    """Make an approved revision live: the old one is superseded, the website posting is recorded."""
    rev = _lock(rev)
    if rev.state == RevisionState.SUBMITTED and rev.reviewed_by_id is None:
        _refuse("未经审核的版本不能发布")
    _require_state(rev, RevisionState.SUBMITTED, RevisionState.SCHEDULED)
    now = now or timezone.now()
    previous = current_revision(rev.item, rev.language)
    if previous:
        previous.state = RevisionState.SUPERSEDED
        previous.ended_at = now
        previous.save()
    rev.state = RevisionState.PUBLISHED
    rev.published_at = now
    rev.save()
    today = timezone.localdate(now)
    for channel in rev.item.channels.filter(publishes_on_release=True):
        ChannelPosting.objects.create(revision=rev, channel=channel, posted_on=today, place="网站自动发布")
    _audit("guide.publish", rev, acting_user, superseded=previous.number if previous else None)
    notify_stations_of_new_version(rev.pk)
    if not rev.is_translation:
        _translation_falls_behind(rev, today)
    return rev


@transaction.atomic
def start_translation(item: Item, *, acting_user, language: str = Language.MONGOLIAN) -> GuideRevision:
    """A Mongolian draft of the live Chinese guide, starting from the last translation where it still fits.

    Its 20 working days run from the day the Chinese was published, as the Chinese ran from the change."""
    require_role(acting_user, Role.EDITOR, body=owner(item.pk))
    Item.objects.select_for_update().get(pk=item.pk)
    source = current_revision(item)
    if source is None:
        _refuse("这个事项还没有发布中文办事指南，先发布中文，再写蒙古文")
    if open_revision(item, language):
        _refuse("这个事项已有一个未发布的蒙古文版本，请在那个版本上继续修改")
    rev = _new_translation(item, source, language, author=acting_user)
    rev.editors.add(acting_user)
    _audit("guide.translate", rev, acting_user, source=source.number)
    return rev


def _new_translation(item: Item, source: GuideRevision, language: str, *, author) -> GuideRevision:
    previous = item.guide_revisions.filter(language=language).exclude(state__in=OPEN_STATES).first()
    rev = GuideRevision(
        item=item,
        language=language,
        source=source,
        number=_next_number(item, language),
        content=carry_over(previous.content if previous else None, source.content),
        change_note=f"译自中文第{source.number}版",
        formed_on=timezone.localdate(source.published_at),
        author=author,
    )
    rev.due_on, rev.due_provisional = _deadline(rev)
    rev.save()
    return rev


def _translation_falls_behind(source: GuideRevision, today: datetime.date) -> None:
    """A new Chinese version leaves the item's translations behind: each language that has one gets a draft
    of the new version (or its open one is moved onto it), whose clock starts now, on the dashboard.
    The page shows the Chinese, with a note, until the new translation is published."""
    for language in (
        source.item.guide_revisions.filter(language__in=[Language.MONGOLIAN])
        .values_list("language", flat=True)
        .distinct()
    ):
        pending = open_revision(source.item, language)
        if pending is None:
            # Whoever wrote the Chinese change sees to its translation; the dashboard names them.
            rev = _new_translation(source.item, source, language, author=source.author)
            rev.editors.add(source.author)
            _audit("guide.translation_due", rev, None, source=source.number)
            continue
        pending = _lock(pending)
        pending.content = carry_over(pending.content, source.content)
        pending.source = source
        pending.formed_on = today
        pending.due_on, pending.due_provisional = _deadline(pending)
        if pending.state != RevisionState.DRAFT:
            pending.state, pending.publish_at = RevisionState.DRAFT, None
            pending.review_comment = f"中文已更新为第{source.number}版，请按新版本修改译文后再提交"
        pending.change_note = f"译自中文第{source.number}版"
        pending.save()
        _audit("guide.translation_due", pending, None, source=source.number)


def publish_due_revisions(*, now: datetime.datetime | None = None) -> list[GuideRevision]:
    """Publish every scheduled revision whose time has come (run from cron via `gongkai publish-due`)."""
    now = now or timezone.now()
    due = GuideRevision.objects.filter(state=RevisionState.SCHEDULED, publish_at__lte=now)
    return [publish_revision(rev, now=now) for rev in due]


@transaction.atomic
def withdraw_revision(rev: GuideRevision, *, reason: str, acting_user) -> GuideRevision:
    """Take a live guide off the site (e.g. the service was abolished); the item shows its empty state again."""
    require_role(acting_user, Role.REVIEWER, Role.DISCLOSURE_OFFICE, body=owner(rev.item_id))
    rev = _lock(rev)
    _require_state(rev, RevisionState.PUBLISHED)
    if not reason.strip():
        _refuse("撤下时请写明原因")
    rev.state = RevisionState.WITHDRAWN
    rev.ended_at = timezone.now()
    rev.review_comment = reason.strip()
    rev.save()
    _audit("guide.withdraw", rev, acting_user, reason=reason.strip())
    return rev


@transaction.atomic
def discard_draft(rev: GuideRevision, *, acting_user) -> None:
    require_role(acting_user, Role.EDITOR, body=owner(rev.item_id))
    rev = _lock(rev)
    _require_state(rev, RevisionState.DRAFT)
    _audit("guide.discard", rev, acting_user)
    rev.delete()


def may_confirm_for(user, station: Station) -> bool:
    """The station's own people confirm its posting; the 政务公开办 over the station may record it for them
    (a phone call). A station is a village's or township's notice board: it posts the items of every body's
    catalog at its level, so the grant that counts is the one over the station, not over the item's body."""
    if has_role(user, Role.DISCLOSURE_OFFICE, station.body):
        return True
    return has_role(user, Role.STATION, station.body) and station.users.filter(pk=user.pk).exists()


def may_confirm_channel(user, body: Body) -> bool:
    """Channels without stations (the service hall's printed copy) are confirmed by the item's body's staff."""
    return has_any_role(user, Role.EDITOR, Role.DISCLOSURE_OFFICE, Role.STATION, body=body)


def _check_posting_date(rev: GuideRevision, posted_on: datetime.date) -> None:
    if posted_on > timezone.localdate():
        raise ValidationError({"posted_on": "张贴日期不能晚于今天"})
    if rev.published_at and posted_on < timezone.localdate(rev.published_at):
        published = timezone.localdate(rev.published_at)
        raise ValidationError({"posted_on": f"张贴日期不能早于这个版本的发布日期（{published:%Y-%m-%d}）"})
    if rev.formed_on and posted_on < rev.formed_on:
        raise ValidationError({"posted_on": "张贴日期不能早于信息形成或变更日期"})


@transaction.atomic
def confirm_posting(
    rev: GuideRevision,
    channel: Channel,
    *,
    posted_on: datetime.date,
    place: str = "",
    acting_user,
    station: Station | None = None,
) -> ChannelPosting:
    """Someone confirms the new version is posted on a channel (service hall, village station …).

    On a channel with stations each station confirms for itself (`station`); the channel is done when all
    of them have. Refusals about the date name the field: ValidationError({"posted_on": …}).
    """
    rev = _lock(rev)
    _require_state(rev, RevisionState.PUBLISHED, RevisionState.SUPERSEDED)
    if not rev.item.channel_links.filter(channel=channel).exists():
        _refuse(f"目录没有要求这个事项在“{channel.name}”公开")
    if station is not None:
        station = Station.objects.select_for_update().get(pk=station.pk)
        if not may_confirm_for(acting_user, station):
            raise RoleRequired([Role.STATION, Role.DISCLOSURE_OFFICE])
        if station.channel_id != channel.pk:
            _refuse(f"“{station.name}”不属于“{channel.name}”这个渠道")
        if not station.is_active:
            _refuse(f"“{station.name}”已停用")
    else:
        if not may_confirm_channel(acting_user, owner(rev.item_id)):
            raise RoleRequired([Role.EDITOR, Role.DISCLOSURE_OFFICE, Role.STATION])
        stations = {channel.pk: list(Station.objects.filter(channel=channel, is_active=True))}
        if is_local_item(rev.item) and required_stations(rev, channel.pk, stations):
            _refuse(f"“{channel.name}”由各服务站分别确认张贴，请选择是哪个服务站")
    _check_posting_date(rev, posted_on)
    place = station.name if station is not None else place.strip()
    if station is not None and ChannelPosting.objects.filter(revision=rev, station=station).exists():
        _refuse(f"“{station.name}”已经确认过这个版本了")
    if ChannelPosting.objects.filter(revision=rev, channel=channel, place=place).exists():
        _refuse("这个地点已经确认过了")
    posting = ChannelPosting.objects.create(
        revision=rev,
        channel=channel,
        posted_on=posted_on,
        place=place,
        station=station,
        confirmed_by=acting_user,
    )
    _audit(
        "guide.posting",
        rev,
        acting_user,
        channel=channel.name,
        posted_on=posted_on.isoformat(),
        place=place,
        station=station.pk if station else None,
    )
    return posting


@transaction.atomic
def save_station(
    station: Station | None, *, name: str, channel: Channel, users=None, body=None, acting_user
) -> Station:
    """Add a station, or rename it, move it to another channel or body and set who confirms for it.

    The office acts on stations of the bodies its grant covers: the station's body, old and new.
    """
    if station is not None:
        require_role(acting_user, Role.DISCLOSURE_OFFICE, body=station.body)
    if body is not None or station is None:
        require_role(acting_user, Role.DISCLOSURE_OFFICE, body=body)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写服务站名称"})
    clash = Station.objects.filter(channel=channel, name=name)
    if station is not None:
        clash = clash.exclude(pk=station.pk)
    if clash.exists():
        raise ValidationError({"name": f"“{channel.name}”已经有叫“{name}”的服务站了"})
    created = station is None
    station = station or Station()
    station.name, station.channel = name, channel
    if body is not None:
        station.body = body
    station.save()
    if users is not None:
        users = list(users)
        refused = [u for u in users if not has_role(u, Role.STATION, station.body)]
        if refused:
            names = "、".join(u.get_username() for u in refused)
            raise ValidationError({"users": f"{names} 没有“服务站”角色，请先在“人员”页面给他们这个角色"})
        station.users.set(users)
    record(
        "station.create" if created else "station.update",
        actor=acting_user,
        target=f"服务站 {station.name}",
        details={"channel": channel.name, "users": [u.get_username() for u in station.users.all()]},
        body=station.body,
    )
    return station


@transaction.atomic
def set_station_active(station: Station, active: bool, *, acting_user) -> Station:
    """A closed station stops counting; its past confirmations stay."""
    require_role(acting_user, Role.DISCLOSURE_OFFICE, body=station.body)
    station = Station.objects.select_for_update().get(pk=station.pk)
    if station.is_active != active:
        station.is_active = active
        station.save(update_fields=["is_active"])
        record(
            "station.activate" if active else "station.deactivate",
            actor=acting_user,
            target=f"服务站 {station.name}",
            body=station.body,
        )
    return station


def _deadline(rev: GuideRevision) -> tuple[datetime.date | None, bool]:
    if rev.formed_on is None:
        return None, False
    result = add_workdays(rev.formed_on, rev.item.time_limit_days or DEFAULT_TIME_LIMIT_DAYS)
    return result.date, result.provisional


def recompute_deadlines(years=None) -> int:
    """Recompute cached deadlines, e.g. after a holiday schedule is loaded. Returns how many changed."""
    changed = 0
    revisions = GuideRevision.objects.filter(formed_on__isnull=False).select_related("item")
    if years:
        # A deadline can reach at most ~two months past formed_on, so the year before matters too.
        wanted = set(years) | {y - 1 for y in years}
        revisions = revisions.filter(formed_on__year__in=wanted)
    for rev in revisions.iterator():
        due_on, provisional = _deadline(rev)
        if (due_on, provisional) != (rev.due_on, rev.due_provisional):
            GuideRevision.objects.filter(pk=rev.pk).update(due_on=due_on, due_provisional=provisional)
            changed += 1
    return changed
