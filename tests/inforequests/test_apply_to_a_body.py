"""Applications go to the right body: the picker, the search by what a body does, the preset from the page
the citizen came from, and art. 36(五)'s one-step forward to the body that holds the information."""

import datetime
import json

import pytest
from django.core.cache import cache

from gongkai.accounts.roles import Role, grant
from gongkai.bodies.exchange import read
from gongkai.bodies.models import Body
from gongkai.bodies.services import import_bodies
from gongkai.catalog.services import import_catalog
from gongkai.inforequests import services
from gongkai.inforequests.choices import ReplyType, Result
from gongkai.inforequests.models import Application
from tests.bodies.helpers import COUNTY
from tests.factories import make_document

FORM = "/apply/form/"
POST = {
    "applicant_type": "person",
    "name": "王秀兰",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800001234",
    "address": "扎赉特旗音德尔镇幸福村",
    "description": "2025 年医保报销的统计数据",
    "delivery_form": "paper",
    "delivery_method": "post",
}


@pytest.fixture
def county(db):
    cache.clear()  # rate-limit counters live in the cache table, which outlives each test's rows
    import_bodies(read(json.dumps(COUNTY).encode(), "json"), actor_label="test")
    bodies = {body.code: body for body in Body.objects.all()}
    doc = make_document(2, area="社会保险", publisher=bodies["zltq-rsj"].name)
    doc["items"][0]["name"] = "城乡居民养老保险待遇申领"
    import_catalog(doc, body=bodies["zltq-rsj"], actor_label="test")
    return bodies


def options(page: str) -> list[str]:
    select = page.split('name="body"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('value="')[1:] if part.split('"', 1)[0]]


def test_the_form_asks_which_body_and_offers_only_those_that_answer(client, county):
    page = client.get(FORM).content.decode()
    assert sorted(options(page)) == ["zltq", "zltq-rsj", "zltq-ybj", "zltq-ydez"]  # no 嘎查: not a 行政机关
    assert '<optgroup label="工作部门">' in page


def test_the_page_the_citizen_came_from_presets_the_body(client, county):
    page = client.get(FORM + "?body=zltq-ybj").content.decode()
    assert '<option value="zltq-ybj" selected>' in page


@pytest.mark.parametrize(
    ("words", "found"), [("医疗", ["zltq-ybj"]), ("养老", ["zltq-rsj"]), ("镇", ["zltq-ydez"])]
)
def test_bodies_are_found_by_name_and_by_what_they_do(client, county, words, found):
    page = client.get(FORM, {"find": words}).content.decode()
    assert options(page) == found and f"找到 {len(found)} 个单位" in page


def test_a_search_that_finds_nothing_offers_every_body_again(client, county):
    page = client.get(FORM, {"find": "不存在的事"}).content.decode()
    assert "没有找到" in page and len(options(page)) == 4


def test_the_application_goes_to_the_chosen_body_and_a_missing_choice_is_a_field_error(client, county):
    page = client.post(FORM, POST).content.decode()
    assert "请选择向哪个单位申请" in page and not Application.objects.exists()
    response = client.post(FORM, {**POST, "body": "zltq-ybj"})
    assert response.status_code == 302
    assert Application.objects.get().body.code == "zltq-ybj"


def test_a_body_that_does_not_hold_the_information_names_the_one_that_does_and_forwards_in_one_click(
    client, county, django_user_model
):
    officer = django_user_model.objects.create_user("rsj-office", "o@example.org", "a-long-test-password-1")
    grant(officer, Role.DISCLOSURE_OFFICE, body=county["zltq-rsj"])
    client.post(FORM, {**POST, "body": "zltq-rsj"})
    first = Application.objects.get()
    services.reply(
        first,
        on=first.received_on,
        result=Result.UNABLE_NOT_HELD,
        reply_type=ReplyType.NOT_OURS,
        note="医保报销数据由旗医疗保障局负责公开。",
        holder=county["zltq-ybj"],
        acting_user=officer,
    )
    page = client.post("/apply/status/", {"code": first.code, "phone_last4": "1234"}).content.decode()
    assert "这件事由扎赉特旗医疗保障局负责" in page and "把这份申请转给扎赉特旗医疗保障局" in page
    response = client.post("/apply/status/forward/", {"code": first.code, "phone_last4": "1234"})
    assert response.status_code == 302 and response["Location"].endswith("/apply/receipt/")
    second = Application.objects.exclude(pk=first.pk).get()
    assert second.body.code == "zltq-ybj" and second.forwarded_from == first
    assert second.received_on == datetime.date.today() and second.description == first.description
    assert second.id_number == first.id_number
    receipt = client.get("/apply/receipt/").content.decode()
    assert second.code[:4] in receipt.replace(" ", "")
    page = client.post("/apply/status/", {"code": first.code, "phone_last4": "1234"}).content.decode()
    assert "已经把这份申请转给了" in page
    again = client.post("/apply/status/forward/", {"code": first.code, "phone_last4": "1234"})
    assert "已经把这份申请转给了" in again.content.decode() and Application.objects.count() == 2


def test_only_a_not_ours_reply_may_name_another_body(county, django_user_model):
    officer = django_user_model.objects.create_user("rsj-office", "o@example.org", "a-long-test-password-1")
    grant(officer, Role.DISCLOSURE_OFFICE, body=county["zltq-rsj"])
    app = services.submit_application(
        {k: v for k, v in POST.items()}, channel="online", body=county["zltq-rsj"]
    )
    with pytest.raises(Exception, match="只有答复类型为"):
        services.reply(
            app,
            on=app.received_on,
            result=Result.GRANTED,
            reply_type=ReplyType.DISCLOSED,
            note="已公开",
            holder=county["zltq-ybj"],
            acting_user=officer,
        )
