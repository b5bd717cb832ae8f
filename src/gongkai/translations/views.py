"""Staff pages for the Mongolian texts of groups, life events and bodies (Chinese pages, like every staff page).

The list shows, kind by kind, what each body of one's scope has in Mongolian, and the versions waiting with
their clocks; an object's page shows its Chinese with the Mongolian beside it: the editor writes and submits
it there, another person approves it (published at once) or returns it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.roles import Role, RoleRequired, has_role, require_role, scope_paths
from gongkai.bodies.scope import within
from gongkai.translations import services
from gongkai.translations.deadlines import clock_of
from gongkai.translations.forms import ReviewForm, TextForm, field_name
from gongkai.translations.kinds import Kind, kind_by_key, kinds
from gongkai.translations.models import OPEN_STATES, TextState, TextTranslation
from gongkai.translations.public import CURRENT, MISSING, OUT_OF_DATE

ROLES = (Role.EDITOR, Role.REVIEWER, Role.DISCLOSURE_OFFICE)
PAGE_SIZE = 50


def _kind(key: str) -> Kind:
    try:
        return kind_by_key(key)
    except KeyError:
        raise Http404("没有这类内容") from None


def _objects(kind: Kind, user):
    """The objects of this kind whose bodies lie in the person's scope; any other is a 404."""
    found = kind.model.objects.filter(within(scope_paths(user, *ROLES), kind.owner))
    return found.select_related(*kind.related).prefetch_related(*kind.prefetch)


def _standing(kind: Kind, obj, published: TextTranslation | None) -> str:
    """As the Mongolian pages see the object's fields and rows (`public.Shown.standing`)."""
    if published is None:
        return MISSING
    chinese, source = kind.texts(obj), published.source
    if any(key in source and source[key] != text for key, text in chinese.items()):
        return OUT_OF_DATE
    if any(key not in source or not published.texts.get(key) for key in chinese):
        return MISSING
    return CURRENT


@login_required
def text_list(request):
    """/staff/mongolian/: the versions waiting (with their clocks) and, per kind, each object's Mongolian."""
    require_role(request.user, *ROLES)
    kind = _kind(request.GET.get("kind") or kinds()[0].key)
    paths = scope_paths(request.user, *ROLES)
    page = Paginator(_objects(kind, request.user).order_by(*kind.order_by), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    objects = list(page.object_list)
    versions = TextTranslation.objects.filter(
        kind=kind.key,
        object_id__in=[obj.pk for obj in objects],
        language=services.MONGOLIAN,
        state__in=[TextState.PUBLISHED, *OPEN_STATES],
    )
    by_object: dict[int, dict] = {}
    for tr in versions:
        by_object.setdefault(tr.object_id, {})["published" if tr.state == TextState.PUBLISHED else "open"] = (
            tr
        )
    rows = []
    for obj in objects:
        found = by_object.get(obj.pk, {})
        rows.append(
            {
                "object": obj,
                "name": kind.name_of(obj),
                "body": kind.body_of(obj),
                "published": found.get("published"),
                "open": found.get("open"),
                "standing": _standing(kind, obj, found.get("published")),
            }
        )
    waiting = TextTranslation.objects.filter(within(paths), state__in=OPEN_STATES).select_related(
        "author", "body", "submitted_by"
    )
    today = timezone.localdate()
    context = {
        "kinds": kinds(),
        "kind": kind,
        "rows": rows,
        "page": page,
        "waiting": [
            {
                "translation": tr,
                "clock": clock_of(tr, today) if tr.due_on else None,
                "kind": kind_by_key(tr.kind),
            }
            for tr in waiting.order_by("state", "due_on", "created_at")[:200]
        ],
    }
    return render(request, "translations/list.html", context)


def _page_context(request, kind: Kind, obj) -> dict:
    user = request.user
    body = kind.body_of(obj)
    history = list(
        services.versions(obj).select_related("author", "submitted_by", "reviewed_by").order_by("-number")
    )
    published = next((tr for tr in history if tr.state == TextState.PUBLISHED), None)
    pending = next((tr for tr in history if tr.state in OPEN_STATES), None)
    parts = kind.parts(obj)
    changed = set(services.behind(published.source, kind.texts(obj))) if published else set()
    comparison = [
        {
            "label": label,
            "chinese": chinese,
            "old_chinese": published.source.get(key, "") if published and key in changed else "",
            "changed": key in changed and published is not None and key in published.source,
            "published": published.texts.get(key, "") if published else "",
            "pending": pending.texts.get(key, "") if pending else "",
        }
        for key, label, chinese in parts
    ]
    may_edit = has_role(user, Role.EDITOR, body) and (pending is None or pending.state == TextState.DRAFT)
    return {
        "kind": kind,
        "object": obj,
        "name": kind.name_of(obj),
        "body": body,
        "public_path": kind.public_path(obj) if kind.public_path else "",
        "history": history,
        "published": published,
        "pending": pending,
        "standing": _standing(kind, obj, published),
        "comparison": comparison,
        "may_edit": may_edit,
        "may_review": pending is not None
        and pending.state == TextState.SUBMITTED
        and has_role(user, Role.REVIEWER, body)
        and not pending.changed_by(user),
        "is_own": pending is not None and pending.changed_by(user),
        "clock": clock_of(pending, timezone.localdate()) if pending and pending.due_on else None,
        "review_form": ReviewForm(),
    }


def _initial(parts, pending, published) -> dict:
    start = pending or published
    texts = start.texts if start else {}
    return {field_name(key): texts.get(key, "") for key, _, _ in parts}


@login_required
def text_page(request, kind, pk):
    """/staff/mongolian/<kind>/<id>/: the Chinese and its Mongolian; the editor's form (GET and POST)."""
    require_role(request.user, *ROLES)
    kind = _kind(kind)
    obj = get_object_or_404(_objects(kind, request.user), pk=pk)
    context = _page_context(request, kind, obj)
    parts = kind.parts(obj)
    if request.method == "POST":
        if not context["may_edit"]:
            raise PermissionDenied("您不能修改这个蒙古文版本")
        form = TextForm(parts, request.POST)
        if form.is_valid():
            try:
                tr = services.save_draft(obj, texts=form.texts(), acting_user=request.user)
                if "submit" in request.POST:
                    services.submit(tr, acting_user=request.user)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form.add_text_errors(error.message_dict)
                else:
                    form.add_error(None, error)
                # The draft may have been saved before the submission was refused: show it as it is now.
                context = _page_context(request, kind, obj)
            else:
                if "submit" in request.POST:
                    messages.success(request, "已提交审核，审核人会收到邮件。审核通过后蒙古文页面就会显示。")
                else:
                    messages.success(request, "蒙古文草稿已保存。")
                return redirect("translations:text", kind=kind.key, pk=obj.pk)
    else:
        form = TextForm(parts, initial=_initial(parts, context["pending"], context["published"]))
    context["form"] = form
    context["rows"] = [(form[field_name(key)], chinese) for key, _, chinese in parts]
    return render(request, "translations/text.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def review(request, kind, pk):
    """Approve (published at once) or return the submitted version, with the reviewer's comment."""
    require_role(request.user, Role.REVIEWER)
    kind = _kind(kind)
    obj = get_object_or_404(_objects(kind, request.user), pk=pk)
    pending = services.versions(obj).filter(state=TextState.SUBMITTED).first()
    form = ReviewForm(request.POST)
    if pending is None or not form.is_valid():
        messages.error(request, "没有等待审核的蒙古文版本。" if pending is None else "审核意见太长了。")
        return redirect("translations:text", kind=kind.key, pk=obj.pk)
    comment = form.cleaned_data["comment"]
    try:
        if request.POST.get("action") == "return":
            services.send_back(pending, comment=comment, acting_user=request.user)
            messages.success(request, "已退回编辑修改。")
        else:
            services.approve(pending, comment=comment, acting_user=request.user)
            messages.success(request, "已批准，蒙古文页面现在显示新的蒙古文。")
    except RoleRequired:
        raise
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except PermissionDenied as error:  # the two-person rule
        messages.error(request, str(error))
    return redirect("translations:text", kind=kind.key, pk=obj.pk)
