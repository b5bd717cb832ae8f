"""The 人员 page: the 政务公开办 manages staff accounts without the admin (create, roles, password, unlock,
two-step reset, deactivate). Every change goes through `accounts.people`, which audits it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import people
from gongkai.accounts.forms import NewPersonForm, PersonForm, RolesForm
from gongkai.accounts.models import RoleGrant
from gongkai.accounts.roles import ROLE_DUTIES, Role, require_role


def _office(request):
    require_role(request.user, Role.DISCLOSURE_OFFICE)


def _staff_users(request):
    """The accounts this office manages (its bodies' staff), with their grants."""
    return (
        people.visible_people(request.user)
        .prefetch_related(Prefetch("role_grants", queryset=RoleGrant.objects.select_related("body")))
        .order_by("-is_active", "username")
    )


def _roles_of(user) -> list[str]:
    """Each grant as "角色（单位）" — the same role can be held on two bodies."""
    return [
        f"{g.role}（{g.body.short_name or g.body.name}）" if g.body else g.role
        for g in user.role_grants.all()
        if g.role in Role.values
    ]


def _show_form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@never_cache
@login_required
def people_list(request):
    _office(request)
    users = list(_staff_users(request))
    locked = people.locked_usernames(u.username for u in users)
    two_factor = set(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True)
    )
    rows = [
        {
            "user": u,
            "name": people.display_name(u),
            "roles": _roles_of(u),
            "locked": u.username in locked,
            "two_factor": u.pk in two_factor,
        }
        for u in users
    ]
    form = NewPersonForm(**_body_options(request))
    return render(request, "accounts/people/list.html", {"rows": rows, "form": form, "duties": _duties()})


def _duties():
    return [(role.value, ROLE_DUTIES[role]) for role in Role]


@never_cache
@login_required
def person_new(request):
    _office(request)
    form = NewPersonForm(request.POST or None, **_body_options(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = people.create_staff_user(
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"] or "",
                roles=data["roles"],
                body=data.get("body"),
                acting_user=request.user,
            )
        except ValidationError as error:
            _show_form_errors(form, error)
        else:
            return _password_page(request, user, password, created=True)
    return render(request, "accounts/people/new.html", {"form": form, "duties": _duties()})


def _password_page(request, user, password: str, *, created: bool):
    """Shown once, right after the change: the password is not stored anywhere it could be shown again."""
    context = {"person": user, "name": people.display_name(user), "password": password, "created": created}
    return render(request, "accounts/people/password.html", context)


def _body_options(request) -> dict:
    return {"bodies": people.office_bodies(request.user), "everywhere": people.everywhere(request.user)}


def _person(request, pk):
    """An account this office manages; anyone else's is a 404, as if it did not exist."""
    return get_object_or_404(people.visible_people(request.user), pk=pk)


@never_cache
@login_required
def person_detail(request, pk):
    _office(request)
    person = _person(request, pk)
    return _detail_page(request, person)


def _detail_page(request, person, *, details_form=None, roles_form=None, status=200):
    own = people.own_body(request.user)
    held = sorted(people.roles_on(person, own), key=Role.values.index)
    context = {
        "person": person,
        "name": people.display_name(person),
        "details_form": details_form
        or PersonForm(initial={"full_name": person.first_name, "email": person.email}),
        "roles_form": roles_form or RolesForm(initial={"roles": held, "body": own}, **_body_options(request)),
        "grants": people.grants_of(person),
        "locked": person.username in people.locked_usernames([person.username]),
        "two_factor": TOTPDevice.objects.filter(user=person).exists(),
        "is_self": person.pk == request.user.pk,
        "can_manage": request.user.is_superuser or not person.is_superuser,
        "duties": _duties(),
        "stations": list(person.stations.select_related("channel")) if Role.STATION.value in held else [],
    }
    return render(request, "accounts/people/detail.html", context, status=status)


@login_required
@require_POST
def person_details(request, pk):
    _office(request)
    person = _person(request, pk)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            people.update_details(
                person,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"] or "",
                acting_user=request.user,
            )
        except ValidationError as error:
            _show_form_errors(form, error)
        else:
            messages.success(request, "姓名和邮箱已保存。")
            return redirect("accounts:person", pk=person.pk)
    return _detail_page(request, person, details_form=form, status=200)


@login_required
@require_POST
def person_roles(request, pk):
    _office(request)
    person = _person(request, pk)
    form = RolesForm(request.POST, **_body_options(request))
    if form.is_valid():
        try:
            added, removed = people.set_roles(
                person,
                form.cleaned_data["roles"],
                body=form.cleaned_data.get("body"),
                acting_user=request.user,
            )
        except ValidationError as error:
            _show_form_errors(form, error)
        else:
            parts = []
            if added:
                parts.append(f"增加了“{'”“'.join(added)}”")
            if removed:
                parts.append(f"去掉了“{'”“'.join(removed)}”")
            messages.success(
                request, ("角色已更新：" + "，".join(parts) + "。") if parts else "角色没有变化。"
            )
            return redirect("accounts:person", pk=person.pk)
    return _detail_page(request, person, roles_form=form)


def _simple_action(request, pk, action, done: str):
    _office(request)
    person = _person(request, pk)
    try:
        action(person)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done.format(name=people.display_name(person)))
    return redirect("accounts:person", pk=person.pk)


@never_cache
@login_required
@require_POST
def person_password(request, pk):
    _office(request)
    person = _person(request, pk)
    try:
        password = people.reset_password(person, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("accounts:person", pk=person.pk)
    return _password_page(request, person, password, created=False)


@login_required
@require_POST
def person_unlock(request, pk):
    return _simple_action(
        request,
        pk,
        lambda p: people.unlock(p, acting_user=request.user),
        "已解除 {name} 的登录锁定，现在可以重新输入密码登录。",
    )


@login_required
@require_POST
def person_two_factor(request, pk):
    return _simple_action(
        request,
        pk,
        lambda p: people.reset_two_factor(p, acting_user=request.user),
        "已重置 {name} 的两步验证。下次登录只需要密码，登录后可以在“两步验证”页面用新手机重新设置。",
    )


@login_required
@require_POST
def person_active(request, pk):
    active = request.POST.get("active") == "1"
    return _simple_action(
        request,
        pk,
        lambda p: people.set_active(p, active, acting_user=request.user),
        "已重新启用 {name} 的账号。"
        if active
        else "已停用 {name} 的账号，这个账号不能再登录；以前的记录保留。",
    )
