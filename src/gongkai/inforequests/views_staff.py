"""Staff side of on-request disclosure: the queue, registration, the case page and its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.roles import (
    Role,
    RoleRequired,
    has_role,
    holders,
    require_role,
    scope_paths,
    visible,
)
from gongkai.accounts.two_factor import may_see_personal_data
from gongkai.audit.services import record
from gongkai.bodies.scope import bodies_within
from gongkai.bodies.services import disclosure_bodies
from gongkai.inforequests import forms_staff as f
from gongkai.inforequests import services
from gongkai.inforequests.choices import Status
from gongkai.inforequests.clock import compute_clock
from gongkai.inforequests.documents import (
    available_document_choices,
    available_documents,
    document_docx,
    document_pdf,
)
from gongkai.inforequests.duplicates import possible_duplicates
from gongkai.inforequests.export import XLSX_TYPE, applications_workbook
from gongkai.inforequests.models import Application, ReviewCase
from gongkai.languages import Language
from gongkai.printing.by_language import unavailable
from gongkai.printing.vertical import PrintUnavailable
from gongkai.workdays.calendar import workdays_between

DUE_SOON_WORKDAYS = 5


# The office handles cases; its head (机构负责人) opens them to approve extensions (条例第三十三条).
CASE_ROLES = (Role.DISCLOSURE_OFFICE, Role.OFFICE_HEAD)
# Steps only the office head takes; every other step is the office's.
HEAD_ACTIONS = {"extension"}


def _office(request):
    require_role(request.user, *CASE_ROLES)


def _cases(request):
    """The applications made to the bodies this person's office grants reach; any other is a 404."""
    return visible(Application.objects.all(), request.user, *CASE_ROLES)


def _may_take(user, action: str, app: Application) -> bool:
    role = Role.OFFICE_HEAD if action in HEAD_ACTIONS else Role.DISCLOSURE_OFFICE
    return has_role(user, role, app.body)


def remaining_workdays(app: Application, today) -> int | None:
    return workdays_between(today, app.due_on).count if app.due_on else None


PAGE_SIZE = 50
CLOSED = [Status.REPLIED, Status.CLOSED]
# 办理结果 groups as the filter offers them: the Result values start with the group's key.
EXACT_RESULTS = {"granted", "partial"}


def filtered_cases(request, form: f.ApplicationFilterForm):
    """The applications the list shows for the tab (?show=) and the filters, newest deadlines first."""
    cases = _cases(request).select_related("handler", "body", "merged_into")
    # ?body=CODE: one body and those below it (the dashboard's tree links here); out of scope is a 404.
    code = request.GET.get("body")
    owner = None
    if code:
        owner = get_object_or_404(bodies_within(scope_paths(request.user, *CASE_ROLES)), code=code)
        cases = cases.filter(body__path__startswith=owner.path)
    show = request.GET.get("show", "open")
    if show == "open":
        cases = cases.exclude(status__in=CLOSED)
    elif show == "mine":
        cases = cases.filter(handler=request.user).exclude(status__in=CLOSED)
    if form.is_valid():
        cases = _filtered(cases, form.cleaned_data)
    return cases.order_by("due_on", "id"), owner, show


def _filtered(cases, data: dict):
    query = data["q"].strip()
    if query:
        as_code = "".join(query.split()).replace("-", "").upper()
        cases = cases.filter(
            Q(code__icontains=as_code) | Q(name__icontains=query) | Q(description__icontains=query)
        )
    status = data["status"]
    if status == "open":
        cases = cases.exclude(status__in=CLOSED)
    elif status == "merged":
        cases = cases.filter(merged_into__isnull=False)
    elif status:
        cases = cases.filter(status=status)
    result = data["result"]
    if result == "none":
        cases = cases.filter(result="")
    elif result in EXACT_RESULTS:
        cases = cases.filter(result=result)
    elif result:
        cases = cases.filter(result__startswith=f"{result}_")
    if data["channel"]:
        cases = cases.filter(channel=data["channel"])
    if data["received_from"]:
        cases = cases.filter(received_on__gte=data["received_from"])
    if data["received_to"]:
        cases = cases.filter(received_on__lte=data["received_to"])
    return cases


def _queue_rows(apps: list[Application], today) -> list[dict]:
    twins = possible_duplicates(apps)
    rows = []
    for app in apps:
        left = remaining_workdays(app, today) if app.is_open else None
        mark = (
            "overdue"
            if left is not None and left < 0
            else ("due_soon" if left is not None and left <= DUE_SOON_WORKDAYS else "")
        )
        rows.append({"app": app, "left": left, "mark": mark, "twins": twins.get(app.pk, [])})
    return rows


def _filter_form(request) -> f.ApplicationFilterForm:
    filters = {k: v for k, v in request.GET.items() if k in f.ApplicationFilterForm.base_fields}
    return f.ApplicationFilterForm(filters or None)


@login_required
def queue(request):
    _office(request)
    form = _filter_form(request)
    cases, owner, show = filtered_cases(request, form)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "rows": _queue_rows(list(page.object_list), today),
        "page": page,
        "form": form,
        "filtered": form.is_bound,
        "params": params.urlencode(),
        "show": show,
        "today": today,
        "owner": owner,
        "can_register": has_role(request.user, Role.DISCLOSURE_OFFICE),
    }
    return render(request, "inforequests/staff/queue.html", context)


@login_required
def queue_xlsx(request):
    """The list as shown (tab and filters), every page, as a workbook; who exported what is audited."""
    _office(request)
    form = _filter_form(request)
    cases, owner, show = filtered_cases(request, form)
    apps = list(cases)
    record(
        "request.export",
        actor=request.user,
        target="依申请公开申请列表",
        details={"rows": len(apps), "filters": request.GET.urlencode()},
        body=owner,
    )
    response = HttpResponse(applications_workbook(apps), content_type=XLSX_TYPE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="gongkai-requests-{stamp}.xlsx"'
    return response


@login_required
def register(request):
    _office(request)
    bodies = bodies_within(scope_paths(request.user, Role.DISCLOSURE_OFFICE))
    form = f.RegisterForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.submit_application(
                form.application_fields(),
                body=form.cleaned_data.get("body") or bodies.first(),
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                registered_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已登记，查询码 {app.code}。")
            return redirect("inforequests_staff:case", pk=app.pk)
    return render(request, "inforequests/staff/register.html", {"form": form})


ACTIONS = {
    # name: (form class, label, service call)
    "confirm": (
        f.OnForm,
        "确认收到日期",
        lambda app, d, u: services.confirm_receipt(app, on=d["on"], acting_user=u),
    ),
    "assign": (
        f.AssignForm,
        "分派承办人",
        lambda app, d, u: services.assign_handler(app, d["handler"], acting_user=u),
    ),
    "correction": (
        f.CorrectionForm,
        "发出补正告知",
        lambda app, d, u: services.request_correction(
            app, on=d["on"], what=d["what"], deadline=d["deadline"], acting_user=u
        ),
    ),
    "correction_received": (
        f.NoteForm,
        "收到补正后的申请",
        lambda app, d, u: services.receive_correction(app, on=d["on"], note=d["note"], acting_user=u),
    ),
    "correction_lapsed": (
        f.OnForm,
        "逾期未补正，不再处理",
        lambda app, d, u: services.lapse_correction(app, on=d["on"], acting_user=u),
    ),
    "consultation": (
        f.ConsultationForm,
        "征求意见",
        lambda app, d, u: services.send_consultation(app, on=d["on"], to=d["to"], acting_user=u),
    ),
    "consultation_answered": (
        f.NoteForm,
        "收到意见（或期满）",
        lambda app, d, u: services.receive_consultation(app, on=d["on"], note=d["note"], acting_user=u),
    ),
    "fee_notice": (
        f.FeeNoticeForm,
        "发出收费通知",
        lambda app, d, u: services.send_fee_notice(
            app, on=d["on"], basis=d["basis"], pages=d["pages"], how_to_pay=d["how_to_pay"], acting_user=u
        ),
    ),
    "fee_paid": (
        f.OnForm,
        "已缴费",
        lambda app, d, u: services.record_fee_paid(app, on=d["on"], acting_user=u),
    ),
    "fee_lapsed": (
        f.OnForm,
        "逾期未缴费，不再处理",
        lambda app, d, u: services.lapse_fee(app, on=d["on"], acting_user=u),
    ),
    "extension": (
        f.ExtensionForm,
        "批准延期答复",
        lambda app, d, u: services.approve_extension(
            app, on=d["on"], days=d["days"], reason=d["reason"], acting_user=u
        ),
    ),
    "reply": (
        f.ReplyForm,
        "作出答复",
        lambda app, d, u: services.reply(
            app,
            on=d["on"],
            result=d["result"],
            reply_type=d["reply_type"],
            note=d["note"],
            holder=d.get("holder"),
            acting_user=u,
        ),
    ),
    "merge": (
        f.MergeForm,
        "合并重复申请",
        lambda app, d, u: services.merge_application(
            app, d["into"], on=d["on"], note=d["note"], acting_user=u
        ),
    ),
    "delivery": (
        f.DeliveryForm,
        "记录送达",
        lambda app, d, u: services.record_delivery(
            app, on=d["on"], method=d["method"], note=d["note"], acting_user=u
        ),
    ),
    "review_filed": (
        f.ReviewFiledForm,
        "登记复议或诉讼",
        lambda app, d, u: services.record_review_case(
            app, kind=d["kind"], filed_on=d["filed_on"], note=d["note"], acting_user=u
        ),
    ),
    "review_decided": (
        f.ReviewDecidedForm,
        "记录复议或诉讼结果",
        lambda app, d, u: services.decide_review_case(
            get_object_or_404(ReviewCase, pk=d["case_id"], application=app),
            outcome=d["outcome"],
            decided_on=d["decided_on"] or timezone.localdate(),
            acting_user=u,
        ),
    ),
}


def _actions_for(app: Application, clock) -> list[str]:
    """The steps that make sense now; the services still check every rule."""
    if app.merged_into_id:
        return []
    if not app.received_on:
        return ["confirm", "assign", "merge"]
    if app.status == Status.AWAITING_CORRECTION:
        return ["correction_received", "correction_lapsed", "merge"]
    if app.status == Status.CONSULTING:
        return ["consultation_answered"]
    if app.status == Status.AWAITING_FEE:
        return ["fee_paid", "fee_lapsed"]
    if app.is_open:
        return ["reply", "assign", "correction", "consultation", "fee_notice", "extension", "merge"]
    return ["delivery", "review_filed", "review_decided"]


def _render_case(request, app, bound=None, status=200):
    clock = compute_clock(app.received_on, list(app.events.all()))
    show_personal = may_see_personal_data(request.user, app.body)
    # Holds the role but has not passed two-step verification in this session: told how to get there.
    needs_two_factor = not show_personal and has_role(request.user, Role.PRIVACY, app.body)
    if show_personal:
        # Each time staff see an applicant's full ID and phone number, it is written down.
        record("request.view_personal_data", actor=request.user, target=app.code, body=app.body)
    twins = possible_duplicates([app]).get(app.pk, []) if app.is_open else []
    forms = []
    for name in _actions_for(app, clock):
        if not _may_take(request.user, name, app) and not (bound is not None and bound.prefix == name):
            continue
        form_class, label, _call = ACTIONS[name]
        form = bound if bound is not None and bound.prefix == name else _form(form_class, app, prefix=name)
        if name == "merge" and twins and not form.is_bound:
            form.initial["into"] = twins[0].code
        forms.append({"name": name, "label": label, "form": form})
    context = {
        "app": app,
        "clock": clock,
        "left": remaining_workdays(app, timezone.localdate()) if app.is_open and not clock.paused else None,
        "events": app.events.select_related("actor"),
        "reviews": app.reviews.all(),
        "forms": forms,
        "show_personal": show_personal,
        "needs_two_factor": needs_two_factor,
        "documents": available_document_choices(app),
        "letter_languages": _letter_languages(app),
        "twins": twins,
        "merged": app.merged.all(),
        # Whom the handler asks for an extension, when this person cannot approve one.
        "extension_approvers": _extension_approvers(request.user, app, clock),
    }
    return render(request, "inforequests/staff/case.html", context, status=status)


def _extension_approvers(user, app: Application, clock) -> list[str]:
    if "extension" not in _actions_for(app, clock) or _may_take(user, "extension", app):
        return []
    heads = holders(Role.OFFICE_HEAD, app.body).filter(is_active=True).exclude(pk=app.handler_id)
    return [person.get_full_name() or person.get_username() for person in heads.order_by("username")[:5]]


def _form(form_class, app, *args, **kwargs):
    # The handler can only be someone of the disclosure office of this application's body.
    if form_class is f.AssignForm:
        kwargs["handlers"] = holders(Role.DISCLOSURE_OFFICE, app.body)
    if form_class is f.MergeForm:
        kwargs["applications"] = Application.objects.filter(body=app.body_id).exclude(pk=app.pk)
    if form_class is f.ReplyForm:
        kwargs["holders"] = disclosure_bodies().exclude(pk=app.body_id)
    return form_class(*args, **kwargs)


@login_required
def case(request, pk):
    _office(request)
    app = get_object_or_404(
        _cases(request).select_related("handler", "registered_by", "body", "merged_into"), pk=pk
    )
    return _render_case(request, app)


@login_required
@require_POST
def act(request, pk, action):
    _office(request)
    if action not in ACTIONS:
        raise Http404("没有这个操作")
    app = get_object_or_404(_cases(request).select_related("body"), pk=pk)
    form_class, label, call = ACTIONS[action]
    form = _form(form_class, app, request.POST, prefix=action)
    if not form.is_valid():
        return _render_case(request, app, bound=form, status=400)
    try:
        call(app, form.cleaned_data, request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_case(request, app, bound=form, status=400)
    except RoleRequired as error:
        # Said on the form, in Chinese, with what was typed still there: not a bare 403 page.
        form.add_error(None, f"{error}，您没有这个角色，不能办理“{label}”。")
        return _render_case(request, app, bound=form, status=403)
    messages.success(request, f"已办理：{label}。")
    return redirect("inforequests_staff:case", pk=app.pk)


def _letter_languages(app) -> list[tuple[str, str]]:
    """(language, label) each letter can be printed in, the applicant's own first."""
    languages = sorted(Language.choices, key=lambda choice: choice[0] != app.language)
    return [(code, label) for code, label in languages]


@login_required
def document(request, pk, kind, fmt):
    _office(request)
    app = get_object_or_404(_cases(request).select_related("body"), pk=pk)
    if kind not in available_documents(app) or fmt not in ("docx", "pdf"):
        raise Http404("这件申请还没有这份文书")
    # ?language=mn: the letter in Mongolian (the applicant's language is offered first on the case page).
    language = request.GET.get("language", Language.CHINESE)
    if language not in Language.values:
        raise Http404("没有这种文字的文书")
    record(
        "request.document",
        actor=request.user,
        target=app.code,
        details={"kind": kind, "format": fmt, "language": language},
        body=app.body,
    )
    if fmt == "pdf":
        try:
            response = HttpResponse(document_pdf(app, kind, language), content_type="application/pdf")
        except PrintUnavailable:
            return unavailable(request, reverse("inforequests_staff:case", args=[app.pk]))
    else:
        response = HttpResponse(
            document_docx(app, kind, language),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    suffix = "" if language == Language.CHINESE else f"-{language}"
    response["Content-Disposition"] = f'attachment; filename="{app.code}-{kind}{suffix}.{fmt}"'
    return response
