"""Staff pages for service guides: the list, the editor, review with a diff, channel confirmations."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.roles import Role, RoleRequired, has_any_role, has_role, require_role, visible
from gongkai.catalog.models import Channel, Item, ItemChannel
from gongkai.compliance.clock import channel_clocks
from gongkai.guides import services
from gongkai.guides.content import ELEMENTS, Completeness, completeness, content_lines
from gongkai.guides.export import XLSX_TYPE, guide_workbook
from gongkai.guides.forms import (
    ROW_LABELS,
    ApproveForm,
    GuideFilterForm,
    GuideForm,
    PostingForm,
    ReturnForm,
    TranslationForm,
    WithdrawForm,
    row_formsets,
    rows_from,
)
from gongkai.guides.models import GuideRevision, Language, RevisionState
from gongkai.guides.stations import active_stations_by_channel, channel_progress
from gongkai.guides.translation import assemble, parts, published_translation, untranslated

STAFF_ROLES = (Role.EDITOR, Role.REVIEWER, Role.DISCLOSURE_OFFICE, Role.STATION)
PAGE_SIZE = 50
ACTIVE_STATES = [*services.OPEN_STATES, RevisionState.PUBLISHED]


def _staff(request):
    require_role(request.user, *STAFF_ROLES)


def _items(user):
    """The items of the catalogs this person's bodies publish; any other item is a 404."""
    return visible(Item.objects.all(), user, *STAFF_ROLES, via="catalog__body")


def _revisions(user):
    return visible(GuideRevision.objects.all(), user, *STAFF_ROLES, via="item__catalog__body")


def filtered_items(form: GuideFilterForm, user):
    """The items the list shows for these filters, in catalog order; all filtering happens in the database."""
    items = (
        _items(user).select_related("catalog", "category").order_by("catalog__position", "catalog_id", "seq")
    )
    if not form.is_valid():
        return items
    data = form.cleaned_data
    active = GuideRevision.objects.filter(
        item=OuterRef("pk"), state__in=ACTIVE_STATES, language=Language.CHINESE
    )
    query = data["q"].strip()
    if query:
        texts = active.filter(text__icontains=query)
        match = Q(name__icontains=query) | Q(category__name__icontains=query) | Exists(texts)
        if query.isdigit():
            match |= Q(seq=int(query))
        items = items.filter(match)
    state = data["state"]
    if state == "none":
        items = items.filter(~Exists(active))
    elif state:
        items = items.filter(Exists(active.filter(state=state)))
    if data["channel"]:
        items = items.filter(channel_links__channel_id=int(data["channel"]))
    if data["formed_from"] or data["formed_to"]:
        dated = active
        if data["formed_from"]:
            dated = dated.filter(formed_on__gte=data["formed_from"])
        if data["formed_to"]:
            dated = dated.filter(formed_on__lte=data["formed_to"])
        items = items.filter(Exists(dated))
    return items


def guide_rows(items) -> list[dict]:
    """Per item: the live and the pending revision and how complete the live one is (one query for all)."""
    revisions = GuideRevision.objects.filter(state__in=ACTIVE_STATES, language=Language.CHINESE).only(
        "item_id", "state", "content", "number", "formed_on", "due_on", "published_at"
    )
    prefetch_related_objects(
        items,
        Prefetch("guide_revisions", queryset=revisions, to_attr="active_revisions"),
        Prefetch("channel_links", queryset=ItemChannel.objects.select_related("channel")),
    )
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
                "channels": [link.channel.name for link in item.channel_links.all()],
            }
        )
    return rows


def _filter_form(request) -> GuideFilterForm:
    return GuideFilterForm(request.GET or None, channels=Channel.objects.order_by("id"))


@login_required
def guide_list(request):
    _staff(request)
    form = _filter_form(request)
    page = Paginator(filtered_items(form, request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "rows": guide_rows(list(page.object_list)),
        "page": page,
        "filtered": bool(form.is_bound and any(v for k, v in request.GET.items() if k != "page")),
        "params": params.urlencode(),
    }
    return render(request, "guides/list.html", context)


@login_required
def guide_list_xlsx(request):
    """The filtered list (every page) as a workbook."""
    _staff(request)
    form = _filter_form(request)
    rows = guide_rows(list(filtered_items(form, request.user)))
    response = HttpResponse(guide_workbook(rows), content_type=XLSX_TYPE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="gongkai-guides-{stamp}.xlsx"'
    return response


@login_required
def item_guides(request, item_id):
    _staff(request)
    item = get_object_or_404(_items(request.user).select_related("catalog__body", "category"), pk=item_id)
    revisions = list(item.guide_revisions.select_related("author", "reviewed_by", "submitted_by"))
    chinese = [r for r in revisions if r.language == Language.CHINESE]
    mongolian = [r for r in revisions if r.language == Language.MONGOLIAN]
    live = next((r for r in chinese if r.state == RevisionState.PUBLISHED), None)
    return render(
        request,
        "guides/item.html",
        {
            "item": item,
            "revisions": chinese,
            "translations": mongolian,
            "open": next((r for r in chinese if r.state in services.OPEN_STATES), None),
            "open_translation": next((r for r in mongolian if r.state in services.OPEN_STATES), None),
            "live": live,
            "translation_standing": published_translation(live, mongolian, Language.MONGOLIAN)[1],
            "can_edit": has_role(request.user, Role.EDITOR, item.catalog.body),
        },
    )


def _start(request, item_id, begin):
    """A new draft by `begin` (a Chinese version, or the Mongolian of the live one), then its editor."""
    _staff(request)
    item = get_object_or_404(_items(request.user), pk=item_id)
    try:
        rev = begin(item, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("guides:item", item_id=item.pk)
    return redirect("guides:edit", rev_id=rev.pk)


@login_required
@require_POST
def translate(request, item_id):
    return _start(request, item_id, services.start_translation)


@login_required
@require_POST
def start(request, item_id):
    return _start(request, item_id, services.start_revision)


@login_required
def edit(request, rev_id):
    require_role(request.user, Role.EDITOR)
    rev = get_object_or_404(_revisions(request.user).select_related("item", "item__catalog__body"), pk=rev_id)
    if not rev.is_editable:
        messages.error(request, "已提交或已发布的版本不能直接修改；要改请新建一个版本。")
        return redirect("guides:revision", rev_id=rev.pk)
    if rev.is_translation:
        return _edit_translation(request, rev)
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


def _edit_translation(request, rev):
    """The Mongolian of each Chinese text, side by side; saved and submitted like a Chinese draft."""
    source = rev.source
    fields = parts(source.content, rev.content, rev.item.name)
    if request.method == "POST":
        form = TranslationForm(fields, request.POST)
        if form.is_valid():
            try:
                services.save_draft(
                    rev,
                    content=assemble(form.texts(), source.content),
                    is_major=True,
                    change_note=form.cleaned_data["change_note"],
                    formed_on=None,
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "submit" in request.POST:
                    return _submit(request, rev)
                messages.success(request, "蒙古文草稿已保存。")
                return redirect("guides:edit", rev_id=rev.pk)
    else:
        form = TranslationForm(fields, initial={"change_note": rev.change_note})
    return render(request, "guides/translate.html", {"rev": rev, "source": source, "form": form})


def _confirm_missing(request, rev, error, *, action: str, hidden: dict):
    """Elements are missing: say which, and let the person go on knowingly or go back."""
    context = {"rev": rev, "missing": error.missing, "action": action, "hidden": hidden}
    return render(request, "guides/confirm_missing.html", context)


def _submit(request, rev, *, missing_confirmed: bool = False):
    try:
        services.submit_revision(rev, acting_user=request.user, missing_confirmed=missing_confirmed)
    except services.MissingElements as error:
        return _confirm_missing(request, rev, error, action="submit", hidden={})
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("guides:edit", rev_id=rev.pk)
    messages.success(request, "已提交审核，审核人会收到邮件。审核通过后会自动发布。")
    return redirect("guides:revision", rev_id=rev.pk)


@login_required
@require_POST
def submit(request, rev_id):
    """Submit after confirming that the missing elements are meant to stay empty."""
    require_role(request.user, Role.EDITOR)
    rev = get_object_or_404(_revisions(request.user).select_related("item"), pk=rev_id)
    return _submit(request, rev, missing_confirmed=request.POST.get("missing_confirmed") == "1")


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


def _channel_postings(rev, user, stations) -> list[dict]:
    """Per channel a person posts to: stations and their confirmations, or the plain confirmations."""
    postings = list(rev.postings.all())
    shown = []
    for link in rev.item.channel_links.all():
        if link.channel.publishes_on_release:
            continue
        progress = channel_progress(rev, link.channel_id, postings, stations)
        shown.append(
            {
                "channel": link.channel,
                "progress": progress,
                "stations": [
                    {
                        "station": s,
                        "posted_on": progress.confirmed.get(s.pk),
                        "may_confirm": services.may_confirm_for(user, s),
                    }
                    for s in progress.required
                ],
                "postings": [p for p in postings if p.channel_id == link.channel_id],
            }
        )
    return shown


def _revision_page(request, rev_id, *, posting_form=None, status=200):
    rev = get_object_or_404(
        _revisions(request.user)
        .select_related("item", "item__catalog__body", "author", "submitted_by", "reviewed_by")
        .prefetch_related(
            "postings__channel",
            "postings__station",
            Prefetch("item__channel_links", queryset=ItemChannel.objects.select_related("channel")),
        ),
        pk=rev_id,
    )
    user = request.user
    stations = active_stations_by_channel()
    channels = _channel_postings(rev, user, stations)
    live = services.current_revision(rev.item, rev.language)
    base = live if live and live.pk != rev.pk else None
    changed_it = rev.changed_by(user)
    postable = rev.state in (RevisionState.PUBLISHED, RevisionState.SUPERSEDED)
    # The plain form is for channels without stations; stations confirm on their own page.
    plain = [c["channel"] for c in channels if not c["progress"].total]
    body = rev.item.catalog.body
    may_post = postable and bool(plain) and services.may_confirm_channel(user, body)
    context = {
        "rev": rev,
        **_comparison(rev, base),
        "clocks": channel_clocks(rev, timezone.localdate(), stations) if rev.due_on else [],
        "channels": channels if postable else [],
        "approve_form": ApproveForm(),
        "return_form": ReturnForm(),
        "withdraw_form": WithdrawForm(),
        "posting_form": (posting_form or PostingForm(channels=plain)) if may_post else None,
        "can_edit": rev.is_editable and has_role(user, Role.EDITOR, body),
        "can_review": has_role(user, Role.REVIEWER, body) and not changed_it,
        "is_own": changed_it,
        "can_withdraw": has_any_role(user, Role.REVIEWER, Role.DISCLOSURE_OFFICE, body=body),
    }
    return render(request, "guides/revision.html", context, status=status)


def _comparison(rev, base) -> dict:
    """What the review page compares: a Chinese version with the live one; a translation with its Chinese."""
    if rev.is_translation:
        rows = [
            {
                "name": p["label"],
                "old": p["chinese"],
                "new": p["mongolian"],
                "changed": False,
                "mongolian": True,
            }
            for p in parts(rev.source.content, rev.content, rev.item.name)
        ]
        missing = untranslated(rev.content, rev.source.content)
        return {"diff": rows, "base": rev.source, "completeness": Completeness((), missing)}
    return {
        "diff": element_diff(base.content if base else None, rev.content),
        "base": base,
        "completeness": completeness(rev.content),
    }


@login_required
def revision(request, rev_id):
    _staff(request)
    return _revision_page(request, rev_id)


def _act(request, rev_id, form_class, action):
    rev = get_object_or_404(_revisions(request.user).select_related("item"), pk=rev_id)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("guides:revision", rev_id=rev.pk)
    try:
        message = action(rev, form.cleaned_data)
    except services.MissingElements as error:
        hidden = {key: request.POST.get(key, "") for key in form.fields}
        return _confirm_missing(request, rev, error, action="approve", hidden=hidden)
    except RoleRequired:
        raise
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, message)
    return redirect("guides:revision", rev_id=rev.pk)


@login_required
@require_POST
def approve(request, rev_id):
    require_role(request.user, Role.REVIEWER)

    def action(rev, data):
        rev = services.approve_revision(
            rev,
            acting_user=request.user,
            publish_at=data["publish_at"],
            comment=data["comment"],
            missing_confirmed=request.POST.get("missing_confirmed") == "1",
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
    require_role(request.user, Role.REVIEWER)

    def action(rev, data):
        services.return_revision(rev, comment=data["comment"], acting_user=request.user)
        return "已退回编辑修改。"

    return _act(request, rev_id, ReturnForm, action)


@login_required
@require_POST
def withdraw(request, rev_id):
    require_role(request.user, Role.REVIEWER, Role.DISCLOSURE_OFFICE)

    def action(rev, data):
        services.withdraw_revision(rev, reason=data["reason"], acting_user=request.user)
        return "已从网站撤下。"

    return _act(request, rev_id, WithdrawForm, action)


@login_required
@require_POST
def discard(request, rev_id):
    require_role(request.user, Role.EDITOR)
    rev = get_object_or_404(_revisions(request.user).select_related("item"), pk=rev_id)
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
    """The plain confirmation for a channel without stations (e.g. the service hall's printed copy)."""
    _staff(request)
    rev = get_object_or_404(_revisions(request.user).select_related("item"), pk=rev_id)
    if not services.may_confirm_channel(request.user, rev.item.catalog.body):
        raise RoleRequired([Role.EDITOR, Role.DISCLOSURE_OFFICE, Role.STATION])
    channels = [link.channel for link in rev.item.channel_links.select_related("channel")]
    form = PostingForm(request.POST, channels=[c for c in channels if not c.publishes_on_release])
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
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, f"已确认在“{channel.name}”公开。")
            return redirect("guides:revision", rev_id=rev.pk)
    return _revision_page(request, rev.pk, posting_form=form)
