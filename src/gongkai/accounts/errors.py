"""Error pages in Chinese: staff who meet a 403, 404 or 500 under /staff/ or /admin/ keep their navigation,
and a 403 says which role the page needs and whom to ask for it. Everyone else gets the portal's pages."""

import logging

from django.contrib.auth import get_user_model
from django.shortcuts import render

from gongkai.accounts.roles import ROLE_DUTIES, Role, RoleRequired, role_names

STAFF_PREFIXES = ("/staff/", "/admin/")
log = logging.getLogger(__name__)


def _staff_user(request):
    """The logged-in staff member on a staff page, else None (never touches the session elsewhere)."""
    if not request.path.startswith(STAFF_PREFIXES):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return None
    return user


def whom_to_ask(needed, user) -> str:
    """Names of the people who can grant a role: the 政务公开办, or the system administrator for that role."""
    User = get_user_model()
    office = User.objects.filter(is_active=True, role_grants__role=Role.DISCLOSURE_OFFICE.value).exclude(
        pk=user.pk
    )
    admins = User.objects.filter(is_active=True, is_superuser=True).exclude(pk=user.pk)
    asked_office = not needed or any(role != Role.DISCLOSURE_OFFICE for role in needed)
    people = list(office.distinct()[:3]) if asked_office else []
    if people:
        names = "、".join(p.get_full_name() or p.get_username() for p in people)
        return f"请联系政务公开办（{names}），在“人员”页面为您开通。"
    people = list(admins[:3])
    if people:
        names = "、".join(p.get_full_name() or p.get_username() for p in people)
        return f"请联系系统管理员（{names}）为您开通。"
    return "请联系本单位的系统管理员为您开通。"


def permission_denied(request, exception=None):
    needed = exception.roles if isinstance(exception, RoleRequired) else ()
    user = _staff_user(request)
    if user is None:
        context = {
            "heading": "没有权限打开这个页面",
            "message": "这个页面只对有相应权限的人开放。如果您是工作人员，请先登录。",
        }
        return render(request, "portal/error.html", context, status=403)
    held = [Role(name) for name in sorted(role_names(user)) if name in Role.values]
    context = {
        "heading": "没有权限打开这个页面",
        "needed": [(role.value, ROLE_DUTIES[role]) for role in needed],
        "held": [role.value for role in held],
        "reason": str(exception) if exception and not needed and str(exception) else "",
        "ask": whom_to_ask(needed, user) if needed or not held else "",
        "status": 403,
    }
    return render(request, "staff/error.html", context, status=403)


def staff_page_not_found(request, exception=None):
    """The 404 page for a logged-in staff member on a staff page; None elsewhere (the portal answers)."""
    if _staff_user(request) is None:
        return None
    context = {
        "heading": "找不到这个页面",
        "message": "网址可能输错了，或者要找的记录已经删除。请用上面的导航重新进入。",
        "status": 404,
    }
    return render(request, "staff/error.html", context, status=404)


def staff_server_error(request):
    """The 500 page for a logged-in staff member on a staff page; None elsewhere (the portal answers)."""
    try:
        if _staff_user(request) is not None:
            context = {
                "heading": "系统出了点问题",
                "message": "这一步没有完成，请稍后再试一次。如果一直这样，请告诉系统管理员，出错时间已经记下。",
                "status": 500,
            }
            return render(request, "staff/error.html", context, status=500)
    except Exception:  # the staff page needs the database; when that is what failed, the plain page remains
        log.exception("staff error page failed; showing the public one")
    return None


def csrf_failure(request, reason=""):
    """A form sent from an expired page (e.g. after logging in again in another tab)."""
    context = {
        "heading": "页面已过期，请重新操作",
        "message": "这个表单打开太久或已在别处退出登录，为了安全没有提交。请返回上一页，刷新后再提交一次。",
        "status": 403,
    }
    if _staff_user(request) is not None:
        return render(request, "staff/error.html", context, status=403)
    return render(request, "portal/error.html", context, status=403)
