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


# What each role does, in the words shown on the 人员 page and on the "no permission" page.
ROLE_DUTIES = {
    Role.EDITOR: "编写和修改办事指南，提交审核",
    Role.REVIEWER: "审核别人修改的办事指南，批准发布或退回",
    Role.DISCLOSURE_OFFICE: "看公开时限、办理依申请公开、编写年度报告、管理工作人员和服务站",
    Role.STATION: "在服务站、村务公开栏张贴办事指南，并在系统里确认",
    Role.PRIVACY: "查看申请人完整的身份证号和电话",
}

# Admin permissions a role needs because one of its pages sends it to the admin for that task
# ("文书模板有误，请在管理后台修改"). Everything else these roles do is on staff pages of their own.
ROLE_ADMIN_PERMISSIONS = {
    Role.DISCLOSURE_OFFICE: [
        "inforequests.view_documenttemplate",
        "inforequests.change_documenttemplate",
    ],
}


class RoleRequired(PermissionDenied):
    """403 that knows which roles would have been enough, so the page can say whom to ask for what."""

    def __init__(self, roles):
        self.roles = tuple(roles)
        names = "”或“".join(role.value for role in self.roles)
        super().__init__(f"这个页面或操作需要“{names}”角色")


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return role.value in role_names(user)


def role_names(user) -> set[str]:
    """The role names a user holds; cached on the user object so a page that asks often runs one query."""
    if not user.is_authenticated:
        return set()
    names = getattr(user, "_gongkai_roles", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._gongkai_roles = names
    return names


def has_any_role(user, *roles: Role) -> bool:
    return any(has_role(user, role) for role in roles)


def require_role(user, *roles: Role) -> None:
    """Raise 403 unless the user holds at least one of the roles."""
    if not has_any_role(user, *roles):
        raise RoleRequired(roles)


def ensure_role_groups() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def sync_role_permissions(**kwargs) -> None:
    """Give each role's group the admin permissions listed above (run after every migrate).

    Only adds: permissions an administrator gave a group by hand stay.
    """
    from django.contrib.auth.models import Permission

    ensure_role_groups()
    for role in Role:
        wanted = []
        for name in ROLE_ADMIN_PERMISSIONS.get(role, []):
            app_label, codename = name.split(".")
            wanted += list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        Group.objects.get(name=role.value).permissions.add(*wanted)


def forget_roles(user) -> None:
    if hasattr(user, "_gongkai_roles"):
        del user._gongkai_roles


def grant(user, *roles: Role) -> None:
    ensure_role_groups()
    user.groups.add(*Group.objects.filter(name__in=[r.value for r in roles]))
    forget_roles(user)


def revoke(user, *roles: Role) -> None:
    user.groups.remove(*Group.objects.filter(name__in=[r.value for r in roles]))
    forget_roles(user)
