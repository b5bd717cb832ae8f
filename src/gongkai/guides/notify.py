"""Mail about guides. Called after commit, so a rolled-back change never sends a message."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from gongkai.accounts.roles import Role
from gongkai.workdays.calendar import provisional_wording, provisional_years


def users_with_role(role: Role):
    User = get_user_model()
    return User.objects.filter(is_active=True, groups__name=role.value).exclude(email="").distinct()


def notify_stations_of_new_version(revision_id: int) -> int:
    """Tell the service hall and village stations to replace their printed copy of a guide."""
    from gongkai.guides.models import GuideRevision

    rev = GuideRevision.objects.select_related("item", "item__catalog").get(pk=revision_id)
    channels = [c.name for c in rev.item.channels.filter(publishes_on_release=False)]
    if not channels:
        return 0
    recipients = [u.email for u in users_with_role(Role.STATION)]
    if not recipients:
        return 0
    url = f"{settings.PUBLIC_BASE_URL}{rev.item.get_absolute_url()}"
    body = (
        f"“{rev.item.name}”的办事指南已更新为第 {rev.number} 版。\n\n"
        f"修改说明：{rev.change_note or '（小修改）'}\n\n"
        f"请在以下渠道换上新版本，并在系统里确认公开日期：{'、'.join(channels)}\n"
        f"最迟公开日期：{rev.due_on or '—'}{_provisional(rev.due_on) if rev.due_provisional else ''}\n\n"
        f"新版本网址：{url}\n"
    )
    return send_mail(
        f"【请更换】{rev.item.name} 办事指南已更新", body, settings.DEFAULT_FROM_EMAIL, recipients
    )


def _provisional(due_on) -> str:
    return f"（{provisional_wording(provisional_years(due_on))}）"
