"""One function per step of an upload: receive the file, read it (again, after a mapping fix-up), confirm it
into the catalog, or cancel it. Each step a member of staff takes is written to the audit log; confirm's
entry is the catalog import's own, with the upload named in it."""

import json
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.bodies.models import Body
from gongkai.catalog.area_templates import document_for_body, find_template
from gongkai.catalog.exchange import (
    MAX_BYTES,
    ROLES,
    ExchangeError,
    Hints,
    format_from_path,
    read_catalog_file,
)
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import ImportPlan, import_catalog
from gongkai.catalog_upload.models import CatalogUpload, ColumnMapping, UploadState

Progress = Callable[[float, str], None]


class UploadRefused(ValueError):
    """A file that cannot even be kept for a preview (wrong type, too big, empty)."""


def receive_upload(
    *, body: Body, filename: str, content: bytes, actor, title: str = "", area: str = ""
) -> CatalogUpload:
    """Keep the file for its preview, with the column mapping remembered for this body's earlier files."""
    try:
        fmt = format_from_path(filename)
    except ExchangeError as error:
        raise UploadRefused(str(error)) from None
    if not content:
        raise UploadRefused("文件是空的，请重新选择")
    if len(content) > MAX_BYTES:
        raise UploadRefused(f"文件太大（{len(content) / 1048576:.1f} MB），最大 {MAX_BYTES // 1048576} MB")
    remembered = ColumnMapping.objects.filter(body=body).values_list("mapping", flat=True).first() or {}
    upload = CatalogUpload.objects.create(
        body=body,
        filename=filename[-255:],
        fmt=fmt,
        content=content,
        size=len(content),
        title_hint=title.strip()[:200],
        area_hint=area.strip()[:100],
        mapping=remembered,
        uploaded_by=actor,
    )
    record(
        "catalog.upload",
        actor=actor,
        target=f"{body.name}：{upload.filename}",
        details={"upload": upload.pk, "size": upload.size},
        body=body,
    )
    return upload


def receive_template(*, body: Body, key: str, actor) -> CatalogUpload:
    """Start a body's catalog of another area from the standard skeleton (as a file to preview and confirm).
    A template only starts a catalog: a body that already has one of that area is refused."""
    try:
        template = find_template(key)
    except ExchangeError as error:
        raise UploadRefused(str(error)) from None
    existing = Catalog.objects.filter(body=body, area=template.area).first()
    if existing is not None:
        raise UploadRefused(
            f"{body.name}已有{template.area}领域的目录“{existing.title}”。模板只用来新建目录；"
            "要修改现有目录，请上传改好的目录文件"
        )
    content = json.dumps(document_for_body(template, body), ensure_ascii=False, indent=1).encode()
    return receive_upload(body=body, filename=f"{template.area}目录模板.json", content=content, actor=actor)


def reading_of(upload: CatalogUpload, progress: Progress | None = None) -> dict:
    """How the kept file reads with its mapping, as the preview stores it. Touches no database (it runs in a
    thread while the page shows progress), so the upload's body must already be loaded."""
    hints = Hints(
        title=upload.title_hint,
        area=upload.area_hint,
        publisher=upload.body.name,
        filename=upload.filename,
        body=upload.body.name,
    )
    try:
        reading = read_catalog_file(
            bytes(upload.content), upload.fmt, hints=hints, mapping=upload.mapping or None, progress=progress
        )
    except ExchangeError as error:
        # What was understood comes along, so the person can say which column is which and read it again.
        return {
            "problems": [str(problem) for problem in error.problems],
            "notes": _notes(error.notes),
            "columns": [column.as_dict() for column in error.columns],
        }
    return {
        "doc": reading.doc,
        "notes": _notes(reading.notes),
        "columns": [column.as_dict() for column in reading.columns],
        "item_rows": {str(seq): list(rows) for seq, rows in reading.item_rows.items()},
    }


def _notes(notes) -> list[dict]:
    return [
        {"row": n.row, "column": n.column, "message": n.message, "key": n.key, "text": str(n)} for n in notes
    ]


def read_upload(upload: CatalogUpload, reading: dict | None = None) -> CatalogUpload:
    """Store what the preview shows (`reading_of`, computed now when not given); the catalog is not touched."""
    upload.reading = reading if reading is not None else reading_of(upload)
    upload.save(update_fields=["reading"])
    return upload


def remap_columns(upload: CatalogUpload, mapping: dict[str, str], *, actor) -> CatalogUpload:
    """The person says which column is which; remembered for the body's next file. Read again afterwards."""
    mapping = {str(key)[:200]: role for key, role in mapping.items() if role in ROLES}
    upload.mapping = mapping
    upload.save(update_fields=["mapping"])
    ColumnMapping.objects.update_or_create(body=upload.body, defaults={"mapping": mapping})
    record(
        "catalog.upload_mapping",
        actor=actor,
        target=f"{upload.body.name}：{upload.filename}",
        details={"upload": upload.pk, "mapping": mapping},
        body=upload.body,
    )
    return upload


@transaction.atomic
def confirm_upload(upload: CatalogUpload, *, actor) -> ImportPlan:
    """Import the previewed document: one transaction, one audit entry (the import's, naming the file)."""
    upload = CatalogUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.state != UploadState.PENDING:
        raise UploadRefused("这个文件已经处理过了")
    if "doc" not in upload.reading:
        raise UploadRefused("这个文件还不能导入：请先按提示改正")
    doc = upload.reading["doc"]
    plan = import_catalog(
        doc,
        body=upload.body,
        actor=actor,
        source={"upload": upload.pk, "file": upload.filename},
    )
    upload.state = UploadState.CONFIRMED
    upload.decided_by = actor
    upload.decided_at = timezone.now()
    upload.catalog = Catalog.objects.filter(body=upload.body, area=doc["catalog"]["area"]).first()
    upload.save(update_fields=["state", "decided_by", "decided_at", "catalog"])
    return plan


@transaction.atomic
def cancel_upload(upload: CatalogUpload, *, actor) -> None:
    """Nothing was imported; the file is not kept."""
    upload = CatalogUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.state != UploadState.PENDING:
        raise UploadRefused("这个文件已经处理过了")
    upload.state = UploadState.CANCELLED
    upload.decided_by = actor
    upload.decided_at = timezone.now()
    upload.content = b""
    upload.reading = {}
    upload.save(update_fields=["state", "decided_by", "decided_at", "content", "reading"])
    record(
        "catalog.upload_cancel",
        actor=actor,
        target=f"{upload.body.name}：{upload.filename}",
        details={"upload": upload.pk},
        body=upload.body,
    )
