"""Uploading a catalog file in the staff pages: preview with notes and diff, column fix-ups remembered per
body, confirm in one transaction with one audit entry and the file kept, cancel with nothing changed."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEntry
from gongkai.catalog.exchange import write_document
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import catalog_document
from gongkai.catalog_upload.models import CatalogUpload, ColumnMapping, UploadState
from tests.guides.helpers import publish

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(doc: dict, name: str = "目录.xlsx", fmt: str = "xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, write_document(doc, fmt), content_type=XLSX)


def _upload(client, body, upload, **fields):
    response = client.post("/staff/catalogs/upload/", {"body": body.pk, "file": upload, **fields})
    if response.streaming:
        page = b"".join(response.streaming_content).decode()
        return response, page
    return response, response.content.decode()


def _changed_document(catalog):
    doc = catalog_document(catalog)
    for entry in doc["items"]:
        entry.pop("url", None)
    doc["items"][3]["time_limit"] = "信息形成或变更之日起10个工作日内"  # item 4 (has a published guide)
    removed = doc["items"].pop()  # the last item
    return doc, removed


def test_preview_shows_the_diff_field_by_field_and_what_it_touches(client, seeded, officer, editor, reviewer):
    publish(seeded.items.get(seq=4), editor, reviewer, formed_on=datetime.date(2026, 9, 18))
    client.force_login(officer)
    doc, removed = _changed_document(seeded)
    response, page = _upload(client, seeded.body, _file(doc))
    assert response.status_code == 200 and "正在读取" in page and "查看预览" in page
    upload = CatalogUpload.objects.get()
    assert upload.reading["doc"]["items"][3]["time_limit"] == "信息形成或变更之日起10个工作日内"

    preview = client.get(f"/staff/catalogs/upload/{upload.pk}/").content.decode()
    assert "新增 <strong>0</strong> 项，修改 <strong>1</strong> 项，删除 <strong>1</strong> 项" in preview
    assert "<dd>76 项</dd>" in preview
    assert "信息形成或变更之日起10个工作日内" in preview and "<strong>公开时限</strong>" in preview
    assert "有已发布的办事指南" in preview  # item 4's guide
    assert removed["name"] in preview
    # Nothing is written to the catalog before confirm.
    assert seeded.items.count() == 77
    assert seeded.items.get(seq=4).time_limit != "信息形成或变更之日起10个工作日内"


def test_confirm_imports_in_one_audit_entry_and_keeps_the_file(client, seeded, officer):
    client.force_login(officer)
    doc, removed = _changed_document(seeded)
    sent = write_document(doc, "xlsx")
    _upload(client, seeded.body, SimpleUploadedFile("目录.xlsx", sent, content_type=XLSX))
    upload = CatalogUpload.objects.get()
    before = AuditEntry.objects.count()
    response = client.post(f"/staff/catalogs/upload/{upload.pk}/confirm/", follow=True)
    assert "已导入" in response.content.decode()
    assert seeded.items.count() == 76
    assert seeded.items.get(seq=4).time_limit == "信息形成或变更之日起10个工作日内"
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert [e.action for e in entries] == ["catalog.import"]
    assert entries[0].details["upload"] == upload.pk and entries[0].details["file"] == "目录.xlsx"
    upload.refresh_from_db()
    assert upload.state == UploadState.CONFIRMED and upload.catalog == seeded
    assert bytes(upload.content) == sent  # the file is kept as the record
    # A second confirm does nothing.
    client.post(f"/staff/catalogs/upload/{upload.pk}/confirm/")
    assert AuditEntry.objects.count() == before + 1


def test_cancel_changes_nothing(client, seeded, officer):
    client.force_login(officer)
    doc, _ = _changed_document(seeded)
    _upload(client, seeded.body, _file(doc))
    upload = CatalogUpload.objects.get()
    response = client.post(f"/staff/catalogs/upload/{upload.pk}/cancel/", follow=True)
    assert "目录没有任何改动" in response.content.decode()
    assert seeded.items.count() == 77
    upload.refresh_from_db()
    assert upload.state == UploadState.CANCELLED and bytes(upload.content) == b""
    assert AuditEntry.objects.filter(action="catalog.upload_cancel").count() == 1


def test_a_new_area_is_a_new_catalog_of_the_body(client, seeded, officer):
    client.force_login(officer)
    doc, _ = _changed_document(seeded)
    doc["catalog"]["area"] = "就业"
    doc["catalog"]["title"] = "就业领域基层政务公开标准目录"
    doc["catalog"]["slug"] = "zalaite-employment"
    _upload(client, seeded.body, _file(doc))
    upload = CatalogUpload.objects.get()
    preview = client.get(f"/staff/catalogs/upload/{upload.pk}/").content.decode()
    assert "还没有“就业”目录" in preview
    client.post(f"/staff/catalogs/upload/{upload.pk}/confirm/")
    assert Catalog.objects.filter(body=seeded.body, area="就业").exists()


def _csv_with_unknown_header(doc: dict, name: str = "目录.csv") -> SimpleUploadedFile:
    """The catalog as CSV whose 公开时限 column is headed with words the reader does not know."""
    text = write_document(doc, "csv").decode("utf-8-sig").replace("公开时限", "多久公开", 1)
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _form_for(columns: list[dict], **roles) -> dict:
    form = {}
    for column in columns:
        number = column["index"] + 1
        form[f"key-{number}"] = column["label"] or f"#{number}"
        form[f"role-{number}"] = roles.get(column["label"], column["role"])
    return form


def test_fixing_a_column_reads_again_and_is_remembered_for_the_body(client, seeded, officer):
    client.force_login(officer)
    doc, _ = _changed_document(seeded)
    _upload(client, seeded.body, _csv_with_unknown_header(doc))
    upload = CatalogUpload.objects.get()
    assert "缺少“公开时限”列" in " ".join(upload.reading["problems"])
    page = client.get(f"/staff/catalogs/upload/{upload.pk}/").content.decode()
    assert "这个文件还不能导入" in page and "多久公开" in page and "认不出，未导入" in page

    form = _form_for(upload.reading["columns"], 多久公开="time_limit")
    response = client.post(f"/staff/catalogs/upload/{upload.pk}/columns/", form)
    b"".join(response.streaming_content)
    upload.refresh_from_db()
    assert upload.mapping["多久公开"] == "time_limit"
    assert upload.reading["doc"]["items"][3]["time_limit"] == "信息形成或变更之日起10个工作日内"
    page = client.get(f"/staff/catalogs/upload/{upload.pk}/").content.decode()
    assert "按您指定的" in page and "确认导入" in page
    assert ColumnMapping.objects.get(body=seeded.body).mapping["多久公开"] == "time_limit"
    assert AuditEntry.objects.filter(action="catalog.upload_mapping").count() == 1
    # The body's next file with the same header is read with the remembered mapping at once.
    _upload(client, seeded.body, _csv_with_unknown_header(doc, "第二份.csv"))
    second = CatalogUpload.objects.get(filename="第二份.csv")
    assert "doc" in second.reading and second.mapping["多久公开"] == "time_limit"


def test_a_file_that_cannot_be_read_says_why_and_offers_no_confirm(client, seeded, officer):
    client.force_login(officer)
    bad = SimpleUploadedFile("坏.csv", "序号,备注\n1,没有事项名称\n".encode(), content_type="text/csv")
    _upload(client, seeded.body, bad)
    upload = CatalogUpload.objects.get()
    page = client.get(f"/staff/catalogs/upload/{upload.pk}/").content.decode()
    assert "这个文件还不能导入" in page
    assert "确认导入" not in page and "取消，不导入" in page
    response = client.post(f"/staff/catalogs/upload/{upload.pk}/confirm/", follow=True)
    assert "没有导入" in response.content.decode()
    assert seeded.items.count() == 77


def test_wrong_file_type_redisplays_the_form_with_the_reason(client, seeded, officer):
    client.force_login(officer)
    old = SimpleUploadedFile("目录.xls", b"\xd0\xcf\x11\xe0old", content_type="application/vnd.ms-excel")
    response, page = _upload(client, seeded.body, old, title="我的目录")
    assert response.status_code == 400
    assert "另存为 .xlsx" in page and 'value="我的目录"' in page
    assert not CatalogUpload.objects.exists()


def test_only_editors_and_the_office_of_the_body_may_upload(client, seeded, outsider, officer):
    from gongkai.accounts.roles import Role, grant
    from gongkai.bodies.models import Body

    assert client.get("/staff/catalogs/upload/").status_code == 302  # to the login
    client.force_login(outsider)
    assert client.get("/staff/catalogs/upload/").status_code == 403
    # An editor of another body sees neither the body nor its uploads.
    other = Body.objects.add_root(instance=Body(code="other", name="另一个单位", kind=seeded.body.kind))
    grant(outsider, Role.EDITOR, body=other)
    page = client.get("/staff/catalogs/upload/").content.decode()
    assert "另一个单位" in page and f'<option value="{seeded.body.pk}"' not in page
    client.force_login(officer)
    doc, _ = _changed_document(seeded)
    _upload(client, seeded.body, _file(doc))
    upload = CatalogUpload.objects.get()
    client.force_login(outsider)
    assert client.get(f"/staff/catalogs/upload/{upload.pk}/").status_code == 404
    assert client.post(f"/staff/catalogs/upload/{upload.pk}/confirm/").status_code == 404


def test_empty_state_says_what_to_do(client, seeded, officer):
    client.force_login(officer)
    page = client.get("/staff/catalogs/upload/").content.decode()
    assert "还没有上传过目录文件" in page and "上传并预览" in page


def test_a_large_file_shows_how_far_the_reading_got(client, seeded, officer):
    from tests.factories import make_document

    client.force_login(officer)
    doc = make_document(1500, publisher=seeded.body.name)
    response, page = _upload(client, seeded.body, _file(doc, "大目录.xlsx"))
    assert response["X-Accel-Buffering"] == "no"
    steps = [int(percent) for percent in re.findall(r"<li>已完成 (\d+)%", page)]
    assert len(steps) >= 4 and steps == sorted(steps) and steps[-1] == 100
    assert page.index("已完成") < page.index("查看预览")  # the lines come before the way on
    upload = CatalogUpload.objects.get()
    assert len(upload.reading["doc"]["items"]) == 1500


def test_a_county_file_shows_the_readers_notes_beside_their_cells(client, seeded, officer):
    from pathlib import Path

    client.force_login(officer)
    path = Path(__file__).resolve().parents[1] / "fixtures/catalogs/files/nm-jalaid-elderly.xlsx"
    upload_file = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/octet-stream")
    _upload(client, seeded.body, upload_file)
    upload = CatalogUpload.objects.get()
    assert "doc" in upload.reading, upload.reading.get("problems")
    page = client.get(f"/staff/catalogs/upload/{upload.pk}/").content.decode()
    notes = upload.reading["notes"]
    placed = [n for n in notes if n["key"] and n["row"] is not None]
    assert placed, "the corpus file gives notes about cells"
    assert f'<span class="cell-note">{placed[0]["message"]}</span>' in page.replace("&quot;", '"')
    assert "还没有“" in page or "和网站上现有的" in page


def test_a_json_document_previews_without_a_column_table(client, seeded, officer):
    import json

    client.force_login(officer)
    doc, _ = _changed_document(seeded)
    data = json.dumps(doc, ensure_ascii=False).encode()
    _upload(client, seeded.body, SimpleUploadedFile("目录.json", data, content_type="application/json"))
    upload = CatalogUpload.objects.get()
    page = client.get(f"/staff/catalogs/upload/{upload.pk}/").content.decode()
    assert "修改 <strong>1</strong> 项" in page and "列对应" not in page and "确认导入" in page


def test_a_body_starts_another_area_from_a_template(client, seeded, officer):
    client.force_login(officer)
    page = client.get("/staff/catalogs/upload/").content.decode()
    assert "从标准模板开始" in page and "就业（" in page
    response = client.post(
        "/staff/catalogs/upload/template/", {"body": seeded.body.pk, "template": "employment"}
    )
    b"".join(response.streaming_content)
    upload = CatalogUpload.objects.get()
    preview = client.get(f"/staff/catalogs/upload/{upload.pk}/").content.decode()
    assert "还没有“就业”目录" in preview
    client.post(f"/staff/catalogs/upload/{upload.pk}/confirm/")
    employment = Catalog.objects.get(body=seeded.body, area="就业")
    assert employment.items.count() == len(upload.reading["doc"]["items"]) > 0
    assert employment.publisher == seeded.body.name
    # A template never replaces a catalog the body already has.
    response = client.post(
        "/staff/catalogs/upload/template/", {"body": seeded.body.pk, "template": "employment"}
    )
    assert response.status_code == 400
    assert "模板只用来新建目录" in response.content.decode()
    assert CatalogUpload.objects.count() == 1


def test_a_template_cannot_be_started_for_a_body_outside_ones_scope(client, seeded, outsider):
    from gongkai.accounts.roles import Role, grant
    from gongkai.bodies.models import Body

    other = Body.objects.add_root(instance=Body(code="other", name="另一个单位", kind=seeded.body.kind))
    grant(outsider, Role.EDITOR, body=other)
    client.force_login(outsider)
    response = client.post(
        "/staff/catalogs/upload/template/", {"body": seeded.body.pk, "template": "employment"}
    )
    assert response.status_code == 400
    assert not CatalogUpload.objects.exists()


def test_the_preview_shows_the_mongolian_columns_and_confirm_submits_them(client, seeded, editor):
    from gongkai.translations import services as texts
    from gongkai.translations.models import TextState

    # Drafted for the test (traditional script): 参保登记.
    name_mn = "ᠳᠠᠭᠠᠳᠬᠠᠯ\u202fᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"
    client.force_login(editor)
    doc = catalog_document(seeded)
    doc["items"][3]["name_mn"] = name_mn
    _upload(client, seeded.body, _file(doc))
    upload = CatalogUpload.objects.get()
    preview = client.get(f"/staff/catalogs/upload/{upload.pk}/").content.decode()
    assert '<th scope="col">二级事项（蒙古文）</th>' in preview and f'lang="mn-Mong">{name_mn}' in preview
    assert "蒙古文名称有 <strong>1</strong> 处" in preview
    page = client.post(f"/staff/catalogs/upload/{upload.pk}/confirm/", follow=True).content.decode()
    assert "蒙古文名称 1 处已提交审核" in page
    pending = texts.open_text(seeded.items.get(seq=4))
    assert pending.state == TextState.SUBMITTED and pending.texts == {"name": name_mn}
