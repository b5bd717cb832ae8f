"""Staff roles. A role is a Django group; the group names are the words the bureau uses."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    EDITOR = "编辑", "编辑（经办）"
    REVIEWER = "审核", "审核"
    DISCLOSURE_OFFICE = "政务公开办", "政务公开办"
    STATION = "服务站", "乡村服务站"
    PRIVACY = "个人信息查看", "可查看申请人完整个人信息"


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object so a page that asks several times runs one query.
    names = getattr(user, "_gongkai_roles", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._gongkai_roles = names
    return role.value in names


def require_role(user, *roles: Role) -> None:
    """Raise 403 unless the user holds at least one of the roles."""
    if not any(has_role(user, role) for role in roles):
        raise PermissionDenied("没有这个操作的权限")


def ensure_role_groups() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def grant(user, *roles: Role) -> None:
    ensure_role_groups()
    user.groups.add(*Group.objects.filter(name__in=[r.value for r in roles]))
    if hasattr(user, "_gongkai_roles"):
        del user._gongkai_roles
