"""Staff accounts as the 政务公开办 manages them on the 人员 page: one audited function per change.

Passwords are never chosen by the office: a new account and a reset get a temporary password that is shown
once, to be handed over in person and changed at the first login.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from gongkai.accounts import two_factor
from gongkai.accounts.models import RoleGrant
from gongkai.accounts.roles import Role, grant, require_role, revoke, scope_paths
from gongkai.audit.services import record
from gongkai.bodies.scope import bodies_within, within

# Letters and digits that cannot be mistaken for one another when read aloud or copied from a screen.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 (an alphabet)
PASSWORD_LENGTH = 14


def display_name(user) -> str:
    """The name staff know each other by: full name when filled in, else the user name."""
    if user is None:
        return "—"
    return user.get_full_name().strip() or user.get_username()


def temporary_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _office(acting_user) -> None:
    require_role(acting_user, Role.DISCLOSURE_OFFICE)


def office_paths(acting_user) -> list[str]:
    """The subtrees whose staff this office manages ("" for an office over the whole installation)."""
    return scope_paths(acting_user, Role.DISCLOSURE_OFFICE)


def office_bodies(acting_user):
    """The bodies this office may grant roles on, top first."""
    return bodies_within(office_paths(acting_user))


def visible_people(acting_user):
    """The staff accounts this office sees: everyone holding a role in its bodies. An office over the
    whole installation also sees accounts with no role yet, or with roles over the whole installation."""
    User = get_user_model()
    paths = office_paths(acting_user)
    if "" in paths:
        return User.objects.filter(
            Q(is_staff=True) | Q(is_superuser=True) | Q(role_grants__isnull=False)
        ).distinct()
    grants = RoleGrant.objects.filter(within(paths, "body"))
    return User.objects.filter(pk__in=grants.values("user"))


def everywhere(acting_user) -> bool:
    """Is this an office over the whole installation (a one-bureau install's office, or the platform's)?"""
    return "" in office_paths(acting_user)


def own_body(acting_user):
    """Where the office grants roles by default: over the whole installation when its own grant is,
    else the top body it manages."""
    return None if everywhere(acting_user) else office_bodies(acting_user).first()


def _grant_body(acting_user, body):
    """The body a role is granted on: the one chosen, which must be the office's; by default its own."""
    if body is None:
        body = own_body(acting_user)
        if body is None and everywhere(acting_user):
            return None
    if body is None or not office_bodies(acting_user).filter(pk=body.pk).exists():
        raise ValidationError({"body": "只能在您管理的单位里给人授予角色"})
    return body


def _target(user) -> str:
    return f"工作人员 {user.get_username()}"


def _may_manage(acting_user, user) -> None:
    """The office manages staff accounts whose every role lies in its bodies; a system administrator's
    account only another administrator. So a department's office cannot reset the password of someone
    who also works for the county office."""
    if user.is_superuser and not acting_user.is_superuser:
        raise ValidationError("这是系统管理员的账号，只能由系统管理员修改")
    paths = office_paths(acting_user)
    if "" not in paths and RoleGrant.objects.filter(user=user).exclude(within(paths, "body")).exists():
        raise ValidationError("这个人还在您管理范围以外的单位担任角色，请由上级的政务公开办修改")


def _clean_roles(roles) -> list[Role]:
    return [Role(r) for r in roles]


@transaction.atomic
def create_staff_user(
    *, username: str, full_name: str, email: str, roles, acting_user, body=None
) -> tuple[object, str]:
    """A new staff account with a temporary password and roles on `body` (default: the office's own body);
    returns (user, password) — show the password once."""
    _office(acting_user)
    body = _grant_body(acting_user, body)
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写用户名"})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "这个用户名已经有人用了，请换一个"})
    password = temporary_password()
    user = User(username=username, email=email.strip(), is_staff=True, is_active=True)
    user.first_name = full_name.strip()[:150]
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    roles = _clean_roles(roles)
    if roles:
        grant(user, *roles, body=body)
    record(
        "people.create",
        actor=acting_user,
        target=_target(user),
        details={"roles": [r.value for r in roles], "email": user.email, "on": body.code if body else None},
        body=body,
    )
    return user, password


@transaction.atomic
def update_details(user, *, full_name: str, email: str, acting_user):
    _office(acting_user)
    _may_manage(acting_user, user)
    user.first_name = full_name.strip()[:150]
    user.email = email.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "email"])
    record("people.update", actor=acting_user, target=_target(user), details={"email": user.email})
    return user


@transaction.atomic
def reset_password(user, *, acting_user) -> str:
    """A new temporary password (the old one stops working, and so do the person's open sessions)."""
    _office(acting_user)
    _may_manage(acting_user, user)
    password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    record("people.reset_password", actor=acting_user, target=_target(user))
    return password


@transaction.atomic
def set_roles(user, roles, *, acting_user, body=None) -> tuple[list[str], list[str]]:
    """Grant and remove roles so the person holds exactly `roles` on `body` (default: the office's own);
    returns (added, removed). Roles on other bodies are left as they are."""
    _office(acting_user)
    _may_manage(acting_user, user)
    body = _grant_body(acting_user, body)
    wanted = {Role(r) for r in roles}
    held = {Role(name) for name in roles_on(user, body)}
    if user.pk == acting_user.pk and Role.DISCLOSURE_OFFICE in held and Role.DISCLOSURE_OFFICE not in wanted:
        raise ValidationError("不能去掉自己的“政务公开办”角色，否则就没有人能再管理人员了；请另一位同事操作")
    added = sorted(wanted - held, key=list(Role).index)
    removed = sorted(held - wanted, key=list(Role).index)
    if added:
        grant(user, *added, body=body)
    if removed:
        revoke(user, *removed, body=body)
    if added or removed:
        record(
            "people.roles",
            actor=acting_user,
            target=_target(user),
            details={
                "added": [r.value for r in added],
                "removed": [r.value for r in removed],
                "on": body.code if body else None,
            },
            body=body,
        )
    return [r.value for r in added], [r.value for r in removed]


def roles_on(user, body) -> list[str]:
    """The roles granted to the user on exactly this body (None: over the whole installation)."""
    return list(RoleGrant.objects.filter(user=user, body=body).values_list("role", flat=True))


def grants_of(user) -> list[tuple[str, str]]:
    """(role, where) for each of the user's grants, for the 人员 page."""
    return [
        (grant.role, grant.body.name if grant.body else "整个平台")
        for grant in RoleGrant.objects.filter(user=user).select_related("body").order_by("body__path", "role")
    ]


def locked_usernames(usernames) -> set[str]:
    """Who among these is locked out by too many wrong passwords (one query)."""
    from axes.models import AccessAttempt
    from django.conf import settings

    attempts = AccessAttempt.objects.filter(
        username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    return set(attempts.values_list("username", flat=True))


@transaction.atomic
def unlock(user, *, acting_user) -> int:
    """Forget the wrong-password attempts that locked this account (django-axes)."""
    from axes.utils import reset

    _office(acting_user)
    _may_manage(acting_user, user)
    removed = reset(username=user.get_username())
    record("people.unlock", actor=acting_user, target=_target(user), details={"attempts": removed})
    return removed


def reset_two_factor(user, *, acting_user) -> int:
    """The lost-phone reset, from the 人员 page; `two_factor.reset` writes the audit row."""
    _office(acting_user)
    _may_manage(acting_user, user)
    return two_factor.reset(user, acting_user=acting_user)


@transaction.atomic
def set_active(user, active: bool, *, acting_user):
    """Turn an account off (someone left) or on again. An account is never deleted: the records name it."""
    _office(acting_user)
    _may_manage(acting_user, user)
    if user.pk == acting_user.pk and not active:
        raise ValidationError("不能停用自己的账号")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    record("people.activate" if active else "people.deactivate", actor=acting_user, target=_target(user))
    return user
