"""Staff pages for service guides: the list, the editor, review with a diff, channel confirmations."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.roles import Role, has_role, require_role, visible
from gongkai.catalog.models import Item, ItemChannel
from gongkai.compliance.clock import channel_clocks
from gongkai.guides import services
from gongkai.guides.content import ELEMENTS, completeness, content_lines
from gongkai.guides.forms import (
    ROW_LABELS,
    ApproveForm,
    GuideForm,
    PostingForm,
    ReturnForm,
    WithdrawForm,
    row_formsets,
    rows_from,
)
from gongkai.guides.models import GuideRevision, RevisionState

STAFF_ROLES = (Role.EDITOR, Role.REVIEWER, Role.DISCLOSURE_OFFICE, Role.STATION)


def _staff(request):
    require_role(request.user, *STAFF_ROLES)


def _items(request):
    """The items of the catalogs this person's bodies publish; any other item is a 404."""
    return visible(Item.objects.all(), request.user, *STAFF_ROLES, via="catalog__body")


def _revisions(request):
    return visible(GuideRevision.objects.all(), request.user, *STAFF_ROLES, via="item__catalog__body")


@login_required
def guide_list(request):
    _staff(request)
    revisions = GuideRevision.objects.filter(state__in=[*services.OPEN_STATES, RevisionState.PUBLISHED]).only(
        "item_id", "state", "content", "number"
    )
    items = (
        _items(request)
        .select_related("catalog", "category")
        .prefetch_related(Prefetch("guide_revisions", queryset=revisions, to_attr="active_revisions"))
        .order_by("catalog", "seq")
    )
    query = request.GET.get("q", "").strip()
    if query:
        items = items.filter(name__icontains=query)
    rows = []
    for item in items:
        live = next((r for r in item.active_revisions if r.state == RevisionState.PUBLISHED), None)
        pending = next((r for r in item.active_revisions if r.state != RevisionState.PUBLISHED), None)
        rows.append(
            {
                "item": item,
                "live": live,
                "pending": pending,
                "completeness": completeness(live.content if live else None),
            }
        )
    return render(request, "guides/list.html", {"rows": rows, "query": query})


@login_required
def item_guides(request, item_id):
    _staff(request)
    item = get_object_or_404(_items(request).select_related("catalog__body", "category"), pk=item_id)
    revisions = list(item.guide_revisions.select_related("author", "reviewed_by", "submitted_by"))
    return render(
        request,
        "guides/item.html",
        {
            "item": item,
            "revisions": revisions,
            "open": next((r for r in revisions if r.state in services.OPEN_STATES), None),
            "can_edit": has_role(request.user, Role.EDITOR, item.catalog.body),
        },
    )


@login_required
@require_POST
def start(request, item_id):
    _staff(request)
    item = get_object_or_404(_items(request), pk=item_id)
    try:
        rev = services.start_revision(item, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("guides:item", item_id=item.pk)
    return redirect("guides:edit", rev_id=rev.pk)


@login_required
def edit(request, rev_id):
    require_role(request.user, Role.EDITOR)
    rev = get_object_or_404(_revisions(request).select_related("item", "item__catalog"), pk=rev_id)
    if not rev.is_editable:
        messages.error(request, "已提交或已发布的版本不能直接修改；要改请新建一个版本。")
        return redirect("guides:revision", rev_id=rev.pk)
    if request.method == "POST":
        form = GuideForm(request.POST)
        formsets = row_formsets(data=request.POST)
        if form.is_valid() and all(f.is_valid() for f in formsets.values()):
            try:
                services.save_draft(
                    rev,
                    content=form.content(rows_from(formsets)),
                    is_major=form.cleaned_data["is_major"],
                    change_note=form.cleaned_data["change_note"],
                    formed_on=form.cleaned_data["formed_on"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "submit" in request.POST:
                    return _submit(request, rev)
                messages.success(request, "草稿已保存。")
                return redirect("guides:edit", rev_id=rev.pk)
    else:
        form = GuideForm(initial=GuideForm.initial_from(rev))
        formsets = row_formsets(content=rev.content)
    sets = [(ROW_LABELS[key], formset) for key, formset in formsets.items()]
    return render(request, "guides/edit.html", {"rev": rev, "form": form, "formsets": sets})


def _submit(request, rev):
    try:
        services.submit_revision(rev, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("guides:edit", rev_id=rev.pk)
    messages.success(request, "已提交审核。审核通过后会自动发布。")
    return redirect("guides:revision", rev_id=rev.pk)


def element_diff(old: dict | None, new: dict) -> list[dict]:
    """Per element: the old and new text and a line diff, so a reviewer sees exactly what changed."""
    before = content_lines(old or {})
    after = content_lines(new)
    rows = []
    for name, _key in ELEMENTS[1:]:
        a, b = before.get(name, ""), after.get(name, "")
        lines = list(difflib.ndiff(a.splitlines(), b.splitlines())) if a != b else []
        rows.append(
            {
                "name": name,
                "old": a,
                "new": b,
                "changed": a != b,
                "lines": [ln for ln in lines if not ln.startswith("?")],
            }
        )
    return rows


@login_required
def revision(request, rev_id):
    _staff(request)
    rev = get_object_or_404(
        _revisions(request)
        .select_related("item", "item__catalog__body", "author", "submitted_by", "reviewed_by")
        .prefetch_related(
            "postings__channel",
            Prefetch("item__channel_links", queryset=ItemChannel.objects.select_related("channel")),
        ),
        pk=rev_id,
    )
    channels = [link.channel for link in rev.item.channel_links.all()]
    live = services.current_revision(rev.item)
    base = live if live and live.pk != rev.pk else None
    context = {
        "rev": rev,
        "diff": element_diff(base.content if base else None, rev.content),
        "base": base,
        "completeness": completeness(rev.content),
        "clocks": channel_clocks(rev, timezone.localdate()) if rev.due_on else [],
        "approve_form": ApproveForm(),
        "return_form": ReturnForm(),
        "withdraw_form": WithdrawForm(),
        "posting_form": PostingForm(channels=[c for c in channels if not c.publishes_on_release]),
        "can_review": has_role(request.user, Role.REVIEWER, rev.item.catalog.body)
        and request.user.pk not in (rev.author_id, rev.submitted_by_id),
        "is_own": request.user.pk in (rev.author_id, rev.submitted_by_id),
    }
    return render(request, "guides/revision.html", context)


def _act(request, rev_id, form_class, action):
    _staff(request)
    rev = get_object_or_404(_revisions(request).select_related("item"), pk=rev_id)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("guides:revision", rev_id=rev.pk)
    try:
        message = action(rev, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, message)
    return redirect("guides:revision", rev_id=rev.pk)


@login_required
@require_POST
def approve(request, rev_id):
    def action(rev, data):
        rev = services.approve_revision(
            rev, acting_user=request.user, publish_at=data["publish_at"], comment=data["comment"]
        )
        return (
            "已批准并定时发布。"
            if rev.state == RevisionState.SCHEDULED
            else "已批准，新版本已经在网站上公开。"
        )

    return _act(request, rev_id, ApproveForm, action)


@login_required
@require_POST
def send_back(request, rev_id):
    def action(rev, data):
        services.return_revision(rev, comment=data["comment"], acting_user=request.user)
        return "已退回编辑修改。"

    return _act(request, rev_id, ReturnForm, action)


@login_required
@require_POST
def withdraw(request, rev_id):
    def action(rev, data):
        services.withdraw_revision(rev, reason=data["reason"], acting_user=request.user)
        return "已从网站撤下。"

    return _act(request, rev_id, WithdrawForm, action)


@login_required
@require_POST
def discard(request, rev_id):
    _staff(request)
    rev = get_object_or_404(_revisions(request).select_related("item"), pk=rev_id)
    item_id = rev.item_id
    try:
        services.discard_draft(rev, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("guides:revision", rev_id=rev.pk)
    messages.success(request, "草稿已删除。")
    return redirect("guides:item", item_id=item_id)


@login_required
@require_POST
def confirm_posting(request, rev_id):
    _staff(request)
    rev = get_object_or_404(_revisions(request).select_related("item"), pk=rev_id)
    channels = [link.channel for link in rev.item.channel_links.select_related("channel")]
    form = PostingForm(request.POST, channels=channels)
    if form.is_valid():
        channel = next(c for c in channels if str(c.pk) == form.cleaned_data["channel"])
        try:
            services.confirm_posting(
                rev,
                channel,
                posted_on=form.cleaned_data["posted_on"],
                place=form.cleaned_data["place"],
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"已确认在“{channel.name}”公开。")
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect("guides:revision", rev_id=rev.pk)
