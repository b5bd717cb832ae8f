"""Mail about guides, written to the outbox in the change's transaction: a rolled-back change sends nothing,
and a mail server that is down never turns an approval into an error page."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.accounts.roles import Role, holders
from gongkai.outbox.services import enqueue
from gongkai.printing.siteurl import absolute
from gongkai.workdays.calendar import provisional_wording, provisional_years


def users_with_role(role: Role):
    User = get_user_model()
    return User.objects.filter(is_active=True, groups__name=role.value).exclude(email="").distinct()


def _station_people(rev):
    """People of the stations that must post this version, and station staff not yet linked to a station."""
    from gongkai.guides.stations import is_local_item

    unlinked = users_with_role(Role.STATION).filter(stations__isnull=True)
    if not is_local_item(rev.item):
        return list(unlinked)
    linked = users_with_role(Role.STATION).filter(
        stations__is_active=True, stations__channel__in=rev.item.channels.filter(publishes_on_release=False)
    )
    return [*unlinked, *linked]


def notify_stations_of_new_version(revision_id: int) -> int:
    """Tell the service hall and village stations to replace their printed copy of a guide."""
    from gongkai.guides.models import GuideRevision

    rev = GuideRevision.objects.select_related("item", "item__catalog__body").get(pk=revision_id)
    channels = [c.name for c in rev.item.channels.filter(publishes_on_release=False)]
    if not channels:
        return 0
    recipients = sorted({u.email for u in _station_people(rev)})
    if not recipients:
        return 0
    url = absolute(rev.item.get_absolute_url())
    body = (
        f"“{rev.item.name}”的办事指南已更新为第 {rev.number} 版。\n\n"
        f"修改说明：{rev.change_note or '（小修改）'}\n\n"
        f"请在以下渠道换上新版本，并在系统里确认公开日期：{'、'.join(channels)}\n"
        f"最迟公开日期：{rev.due_on or '—'}{_provisional(rev.due_on) if rev.due_provisional else ''}\n\n"
        f"新版本网址：{url}\n"
    )
    enqueue("guide.new_version", f"【请更换】{rev.item.name} 办事指南已更新", body, recipients)
    return len(recipients)


def notify_reviewers_of_submission(revision_id: int) -> int:
    """Tell the reviewers a change waits for them; nobody who changed it, since they may not approve it."""
    from gongkai.guides.content import completeness
    from gongkai.guides.models import GuideRevision

    rev = GuideRevision.objects.select_related("item__catalog__body", "submitted_by").get(pk=revision_id)
    editors = set(rev.editors.values_list("pk", flat=True)) | {rev.author_id, rev.submitted_by_id}
    # The reviewers of this item's body (or of a body above it): another department's reviewer cannot act.
    reviewers = holders(Role.REVIEWER, rev.item.catalog.body).filter(is_active=True).exclude(email="")
    recipients = sorted({u.email for u in reviewers if u.pk not in editors})
    if not recipients:
        return 0
    missing = completeness(rev.content).missing
    url = f"{settings.PUBLIC_BASE_URL}{reverse('guides:revision', args=[rev.pk])}"
    body = (
        f"“{rev.item.name}”办事指南第 {rev.number} 版已提交审核"
        f"（提交人：{rev.submitted_by.get_full_name() or rev.submitted_by.get_username()}）。\n\n"
        f"修改说明：{rev.change_note or '（小修改）'}\n"
        + (f"注意：还缺 {len(missing)} 项要素：{'、'.join(missing)}\n" if missing else "")
        + f"最迟公开日期：{rev.due_on or '—'}{_provisional(rev.due_on) if rev.due_provisional else ''}\n\n"
        f"审核：{url}\n"
    )
    enqueue("guide.submitted", f"【待审核】{rev.item.name} 办事指南第 {rev.number} 版", body, recipients)
    return len(recipients)


def _provisional(due_on) -> str:
    return f"（{provisional_wording(provisional_years(due_on))}）"
