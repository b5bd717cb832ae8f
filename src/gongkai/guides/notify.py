"""Mail about guides. Called after commit, so a rolled-back change never sends a message."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.printing.siteurl import absolute


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

    rev = GuideRevision.objects.select_related("item", "item__catalog").get(pk=revision_id)
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
        f"最迟公开日期：{rev.due_on or '—'}{'（暂估）' if rev.due_provisional else ''}\n\n"
        f"新版本网址：{url}\n"
    )
    return send_mail(
        f"【请更换】{rev.item.name} 办事指南已更新", body, settings.DEFAULT_FROM_EMAIL, recipients
    )


def notify_reviewers_of_submission(revision_id: int) -> int:
    """Tell the reviewers a change waits for them; nobody who changed it, since they may not approve it."""
    from gongkai.guides.content import completeness
    from gongkai.guides.models import GuideRevision

    rev = GuideRevision.objects.select_related("item", "submitted_by").get(pk=revision_id)
    editors = set(rev.editors.values_list("pk", flat=True)) | {rev.author_id, rev.submitted_by_id}
    recipients = sorted({u.email for u in users_with_role(Role.REVIEWER) if u.pk not in editors})
    if not recipients:
        return 0
    missing = completeness(rev.content).missing
    url = f"{settings.PUBLIC_BASE_URL}{reverse('guides:revision', args=[rev.pk])}"
    body = (
        f"“{rev.item.name}”办事指南第 {rev.number} 版已提交审核"
        f"（提交人：{rev.submitted_by.get_full_name() or rev.submitted_by.get_username()}）。\n\n"
        f"修改说明：{rev.change_note or '（小修改）'}\n"
        + (f"注意：还缺 {len(missing)} 项要素：{'、'.join(missing)}\n" if missing else "")
        + f"最迟公开日期：{rev.due_on or '—'}{'（暂估）' if rev.due_provisional else ''}\n\n"
        f"审核：{url}\n"
    )
    return send_mail(
        f"【待审核】{rev.item.name} 办事指南第 {rev.number} 版", body, settings.DEFAULT_FROM_EMAIL, recipients
    )
