"""Staff pages to bring a county's catalog file in: choose a file → see it as it will be published, with
every guess and what it changes → fix a column the reader took wrongly → confirm or cancel.

Open to a body's editors and its 政务公开办, for the bodies their roles cover."""

import logging
import queue
import threading

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_POST

from gongkai.accounts.roles import Role, get_visible_or_404, require_role, scope_paths
from gongkai.bodies.scope import bodies_within
from gongkai.catalog.exchange import ROLES, ExchangeError
from gongkai.catalog_upload import services
from gongkai.catalog_upload.forms import TemplateForm, UploadForm
from gongkai.catalog_upload.models import CatalogUpload
from gongkai.catalog_upload.preview import build_preview

logger = logging.getLogger("gongkai.catalog_upload")

ROLES_THAT_UPLOAD = (Role.EDITOR, Role.DISCLOSURE_OFFICE)
RECENT_UPLOADS = 20
MARKER = "<!--progress-->"


def _uploads(user):
    return CatalogUpload.objects.filter(
        body__in=bodies_within(scope_paths(user, *ROLES_THAT_UPLOAD))
    ).select_related("body", "uploaded_by", "catalog__body")


def _upload(request, pk: int) -> CatalogUpload:
    require_role(request.user, *ROLES_THAT_UPLOAD)
    return get_visible_or_404(
        CatalogUpload.objects.select_related("body"), request.user, *ROLES_THAT_UPLOAD, pk=pk
    )


@login_required
def index(request):
    require_role(request.user, *ROLES_THAT_UPLOAD)
    bodies = bodies_within(scope_paths(request.user, *ROLES_THAT_UPLOAD))
    form = UploadForm(request.POST or None, request.FILES or None, bodies=bodies)
    template_form = TemplateForm(bodies=bodies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = services.receive_upload(
                body=data["body"],
                filename=data["file"].name,
                content=data["file"].read(),
                actor=request.user,
                title=data["title"],
                area=data["area"],
            )
        except services.UploadRefused as error:
            form.add_error("file", str(error))
        else:
            return _read_with_progress(request, upload)
    return _index_page(request, form, template_form, bodies)


def _index_page(request, form, template_form, bodies):
    uploads = list(_uploads(request.user)[:RECENT_UPLOADS])
    context = {
        "form": form,
        "template_form": template_form,
        "uploads": uploads,
        "has_bodies": bodies.exists(),
    }
    status = 400 if form.errors or template_form.errors else 200
    return render(request, "catalog_upload/index.html", context, status=status)


@login_required
@require_POST
def from_template(request):
    require_role(request.user, *ROLES_THAT_UPLOAD)
    bodies = bodies_within(scope_paths(request.user, *ROLES_THAT_UPLOAD))
    template_form = TemplateForm(request.POST, bodies=bodies)
    if template_form.is_valid():
        try:
            upload = services.receive_template(
                body=template_form.cleaned_data["body"],
                key=template_form.cleaned_data["template"],
                actor=request.user,
            )
        except services.UploadRefused as error:
            template_form.add_error("template", str(error))
        else:
            return _read_with_progress(request, upload)
    return _index_page(request, UploadForm(bodies=bodies), template_form, bodies)


def _read_with_progress(request, upload: CatalogUpload) -> StreamingHttpResponse:
    """Read the file while the page shows how far it got (a 5,000-item table takes a few seconds), then go on
    to the preview. The file is read in a thread that touches no database (the upload comes with its body
    loaded); the page's lines come from its progress reports, and this request stores the result."""
    updates: queue.Queue = queue.Queue()
    target = reverse("catalog_upload:preview", args=[upload.pk])

    def work():
        try:
            updates.put(
                ("done", services.reading_of(upload, lambda share, phase: updates.put((share, phase))))
            )
        except Exception as error:  # shown to the person as "could not read"; the details go to the log
            logger.exception("reading upload %s failed", upload.pk)
            updates.put(("failed", error))

    page = render_to_string(
        "catalog_upload/reading.html", {"upload": upload, "target": target}, request=request
    )
    head, tail = page.split(MARKER, 1)

    def stream():
        yield head
        threading.Thread(target=work, daemon=True).start()
        shown = -1
        while True:
            kind, value = updates.get()
            if kind == "done":
                services.read_upload(upload, value)
                yield "<li>已完成 100%：全部读完</li>\n"
                break
            if kind == "failed":
                services.read_upload(
                    upload, {"problems": ["读取文件时出错，请检查文件能否用 Excel 或 Word 打开"]}
                )
                break
            percent = int(kind * 100)
            if percent >= shown + 10 and percent < 100:
                shown = percent
                yield f"<li>已完成 {percent}%：{escape(value)}</li>\n"
        yield (
            f'</ol><p><a href="{target}">读完了，查看预览</a></p>'
            f'<meta http-equiv="refresh" content="0;url={target}">'
        )
        yield tail

    response = StreamingHttpResponse(stream(), content_type="text/html; charset=utf-8")
    response["X-Accel-Buffering"] = "no"  # nginx passes each line on at once
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def preview(request, pk: int):
    upload = _upload(request, pk)
    if upload.is_pending and not upload.reading:
        return _read_with_progress(request, upload)
    return render(
        request,
        "catalog_upload/preview.html",
        {"preview": build_preview(upload) if upload.is_pending else None, "upload": upload, "roles": ROLES},
    )


@login_required
@require_POST
def remap(request, pk: int):
    upload = _upload(request, pk)
    if not upload.is_pending:
        messages.error(request, "这个文件已经处理过了。")
        return redirect("catalog_upload:preview", pk)
    mapping = {}
    for name, role in request.POST.items():
        if name.startswith("role-") and role in ROLES:
            key = request.POST.get("key-" + name[5:], "")
            if key:
                mapping[key] = role
    services.remap_columns(upload, mapping, actor=request.user)
    return _read_with_progress(request, upload)


@login_required
@require_POST
def confirm(request, pk: int):
    upload = _upload(request, pk)
    try:
        plan = services.confirm_upload(upload, actor=request.user)
    except (services.UploadRefused, ExchangeError) as error:
        messages.error(request, f"没有导入：{error}")
        return redirect("catalog_upload:preview", pk)
    upload.refresh_from_db()
    messages.success(
        request,
        f"已导入“{plan.catalog_title}”：新增 {len(plan.added)} 项，修改 {len(plan.changed)} 项，"
        f"删除 {len(plan.removed)} 项。"
        + (f"蒙古文名称 {plan.mongolian} 处已提交审核，另一位审核人批准后发布。" if plan.mongolian else ""),
    )
    return redirect("catalog_upload:preview", pk)


@login_required
@require_POST
def cancel(request, pk: int):
    upload = _upload(request, pk)
    try:
        services.cancel_upload(upload, actor=request.user)
    except services.UploadRefused as error:
        messages.error(request, str(error))
        return redirect("catalog_upload:preview", pk)
    messages.success(request, f"已取消，没有导入“{upload.filename}”，目录没有任何改动。")
    return redirect("catalog_upload:index")
