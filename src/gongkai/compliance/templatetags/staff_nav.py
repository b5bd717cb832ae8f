"""The staff navigation: only the pages the person's roles open, and the counts of their own tasks."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.accounts.roles import Role, has_any_role

register = template.Library()

# (URL name or path, label, roles that open it).
NAV = [
    ("compliance:dashboard", "公开时限看板", (Role.EDITOR, Role.REVIEWER, Role.DISCLOSURE_OFFICE)),
    ("guides:list", "办事指南", (Role.EDITOR, Role.REVIEWER, Role.DISCLOSURE_OFFICE, Role.STATION)),
    ("translations:list", "蒙古文", (Role.EDITOR, Role.REVIEWER, Role.DISCLOSURE_OFFICE)),
    ("compliance:stations", "张贴确认", (Role.STATION, Role.DISCLOSURE_OFFICE)),
    ("inforequests_staff:queue", "依申请公开", (Role.DISCLOSURE_OFFICE, Role.OFFICE_HEAD)),
    ("reports_staff:list", "年度报告", (Role.DISCLOSURE_OFFICE,)),
    ("catalog_upload:index", "导入目录", (Role.EDITOR, Role.DISCLOSURE_OFFICE)),
    ("feedback_staff:staff_list", "群众意见", (Role.EDITOR, Role.REVIEWER, Role.DISCLOSURE_OFFICE)),
    ("workdays:index", "节假日安排", (Role.DISCLOSURE_OFFICE,)),
    ("accounts:people", "人员", (Role.DISCLOSURE_OFFICE,)),
]


def nav_url(target: str) -> str:
    if target.startswith("/"):
        return target
    try:
        return reverse(target)
    except NoReverseMatch:
        return ""


def nav_links(user) -> list[dict]:
    links = []
    for target, label, roles in NAV:
        url = nav_url(target)
        if url and has_any_role(user, *roles):
            links.append({"url": url, "label": label})
    return links


def can_use_admin(user) -> bool:
    """Only people the admin has something to show: others would meet "你没有查看或编辑的权限"."""
    return user.is_active and user.is_staff and (user.is_superuser or bool(user.get_all_permissions()))


@register.inclusion_tag("staff/_nav.html", takes_context=True)
def staff_nav(context):
    from gongkai.compliance.tasks import task_counts

    request = context["request"]
    user = request.user
    current = request.path
    links = nav_links(user)
    for link in links:
        link["current"] = current == link["url"] or (
            link["url"] != "/staff/" and current.startswith(link["url"])
        )
    return {
        "links": links,
        "tasks": task_counts(user, timezone.localdate()),
        "admin": can_use_admin(user),
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
