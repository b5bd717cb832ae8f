"""Staff roles, each granted on a public body and covering the bodies below it (domain.md §7).

A grant is a `RoleGrant` row; the role's Django group mirrors "holds this role somewhere", for the
admin's own permissions. The role names are the words the bureau uses.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from gongkai.bodies.scope import covering_paths, within


class Role(models.TextChoices):
    EDITOR = "编辑", "编辑（经办）"
    REVIEWER = "审核", "审核"
    DISCLOSURE_OFFICE = "政务公开办", "政务公开办"
    # 条例第三十三条第二款: an extension needs the consent of the head of the disclosure office.
    OFFICE_HEAD = "机构负责人", "政府信息公开工作机构负责人"
    STATION = "服务站", "乡村服务站"
    PRIVACY = "个人信息查看", "可查看申请人完整个人信息"


# What each role does, in the words shown on the 人员 page and on the "no permission" page.
ROLE_DUTIES = {
    Role.EDITOR: "编写和修改办事指南，提交审核",
    Role.REVIEWER: "审核别人修改的办事指南，批准发布或退回",
    Role.DISCLOSURE_OFFICE: "看公开时限、办理依申请公开、编写年度报告、管理工作人员和服务站",
    Role.OFFICE_HEAD: "批准依申请公开的延期答复（条例第三十三条）",
    Role.STATION: "在服务站、村务公开栏张贴办事指南，并在系统里确认",
    Role.PRIVACY: "查看申请人完整的身份证号和电话",
}

# Admin permissions a role needs because one of its pages sends it to the admin for that task
# ("文书模板有误，请在管理后台修改"). Everything else these roles do is on staff pages of their own.
ROLE_ADMIN_PERMISSIONS = {
    Role.DISCLOSURE_OFFICE: [
        "inforequests.view_documenttemplate",
        "inforequests.change_documenttemplate",
        # The letters' 机关代字, contact person and phone, 复议机关 and court, of the office's own bodies.
        "inforequests.view_letterhead",
        "inforequests.add_letterhead",
        "inforequests.change_letterhead",
    ],
}


class RoleRequired(PermissionDenied):
    """403 that knows which roles would have been enough, so the page can say whom to ask for what."""

    def __init__(self, roles):
        self.roles = tuple(roles)
        names = "”或“".join(role.value for role in self.roles)
        super().__init__(f"这个页面或操作需要“{names}”角色")


def _grants(user) -> list[tuple[str, str]]:
    """(role, body path) for each of the user's grants; "" is the whole installation. One query per user."""
    grants = getattr(user, "_gongkai_grants", None)
    if grants is None:
        from gongkai.accounts.models import RoleGrant

        grants = [
            (role, path or "")
            for role, path in RoleGrant.objects.filter(user=user).values_list("role", "body__path")
        ]
        user._gongkai_grants = grants
    return grants


def has_role(user, role: Role, body=None) -> bool:
    """Whether the user holds `role` at all (body None), or on `body` through a grant on it or above it."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        held == role.value and (body is None or body.path.startswith(path)) for held, path in _grants(user)
    )


def role_names(user) -> set[str]:
    """The roles a user holds anywhere (for the navigation and the 人员 page); one query per user."""
    if not user.is_authenticated:
        return set()
    return {held for held, _path in _grants(user)}


def has_any_role(user, *roles: Role, body=None) -> bool:
    return any(has_role(user, role, body) for role in roles)


def require_role(user, *roles: Role, body=None) -> None:
    """Raise 403 unless the user holds at least one of the roles (on `body`, when given)."""
    if not has_any_role(user, *roles, body=body):
        raise RoleRequired(roles)


def scope_paths(user, *roles: Role) -> list[str]:
    """The body paths whose subtrees the user may act in with any of `roles` (all roles if none named).

    Filter a table with `gongkai.bodies.scope.within(scope_paths(user, …))`; "" covers everything.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return [""]
    wanted = {role.value for role in roles} if roles else None
    return covering_paths(path for held, path in _grants(user) if wanted is None or held in wanted)


def visible(queryset, user, *roles: Role, via: str = "body"):
    """Only the rows whose body (reached through `via`) lies within the user's scope for these roles."""
    return queryset.filter(within(scope_paths(user, *roles), via))


def get_visible_or_404(queryset, user, *roles: Role, via: str = "body", **lookup):
    """One row within the user's scope; a row outside it is a 404, exactly as if it did not exist."""
    return get_object_or_404(visible(queryset, user, *roles, via=via), **lookup)


def holders(role: Role, body):
    """The people who hold `role` on `body`: through a grant on it, on a body above it, or everywhere."""
    from django.contrib.auth import get_user_model

    from gongkai.accounts.models import RoleGrant

    above = [body.path[:end] for end in range(body.steplen, len(body.path) + 1, body.steplen)]
    grants = RoleGrant.objects.filter(role=role.value).filter(
        models.Q(body__isnull=True) | models.Q(body__path__in=above)
    )
    return get_user_model().objects.filter(pk__in=grants.values("user"))


def ensure_role_groups() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def sync_role_permissions(**kwargs) -> None:
    """Give each role's group the admin permissions listed above (run after every migrate).

    Only adds: permissions an administrator gave a group by hand stay.
    """
    from django.contrib.auth.models import Permission
    from django.db import connections

    tables = connections[kwargs.get("using", "default")].introspection.table_names()
    if Group._meta.db_table not in tables or Permission._meta.db_table not in tables:
        return  # a partial migrate (`migrate workdays`): the next full one will do it
    ensure_role_groups()
    for role in Role:
        wanted = []
        for name in ROLE_ADMIN_PERMISSIONS.get(role, []):
            app_label, codename = name.split(".")
            wanted += list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        Group.objects.get(name=role.value).permissions.add(*wanted)


def forget_roles(user) -> None:
    """Drop the grants cached on the user object (after they changed)."""
    for cached in ("_gongkai_grants", "_gongkai_roles"):
        if hasattr(user, cached):
            delattr(user, cached)


def grant(user, *roles: Role, body=None) -> None:
    """Give the user these roles on `body` and everything below it (None: the whole installation)."""
    from gongkai.accounts.models import RoleGrant

    ensure_role_groups()
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=role.value, body=body)
    _sync_groups(user)


def revoke(user, *roles: Role, body=None) -> None:
    """Take these roles on `body` (None: the installation-wide grant) away from the user."""
    from gongkai.accounts.models import RoleGrant

    RoleGrant.objects.filter(user=user, role__in=[role.value for role in roles], body=body).delete()
    _sync_groups(user)


def _sync_groups(user) -> None:
    # Django's own permissions (the admin) still come from groups: a member of a role's group is anyone
    # holding that role somewhere. Scope is decided by the grants, never by the groups.
    from gongkai.accounts.models import RoleGrant

    held = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
    user.groups.set(Group.objects.filter(name__in=held))
    forget_roles(user)
