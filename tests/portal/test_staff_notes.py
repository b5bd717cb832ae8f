"""Notes meant for staff (the source table's anomalies) never reach citizens; staff see them at work."""

import pytest
from django.contrib.auth.models import User

SEED = "zalaite-social-insurance"
NOTES = ("数据提示", "需要核实", "原表", "未勾选")


def _public(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        f"/catalog/{SEED}/",  # the table used to say "原表中有 5 处内容需要核实"
        f"/catalog/{SEED}/10/",  # 旗级 unticked in the source
        f"/catalog/{SEED}/13/",  # every tick cell blank: was "原表未勾选" three times
        f"/catalog/{SEED}/30/",  # the basis lacks a separator
        "/kiosk/item/13/",
        f"/catalog/{SEED}/g/2/",
        "/site-map/",
    ],
)
def test_public_pages_carry_no_staff_notes(client, seeded, url):
    html = _public(client, url)
    assert not [note for note in NOTES if note in html]


def test_an_item_the_source_left_unticked_shows_what_it_does_have(client, seeded):
    html = _public(client, f"/catalog/{SEED}/13/")
    assert "社会保险费延缴申请" in html and "公开依据" in html
    assert "<dt>公开对象</dt>" not in html  # nothing to show, rather than a note about the source


def test_staff_see_the_notes_on_their_dashboard_and_in_the_admin(client, seeded, officer):
    client.force_login(officer)
    dashboard = client.get("/staff/").content.decode()
    assert "原表中需要核实的内容（5）" in dashboard
    assert "原表未勾选“旗级”公开层级，请核实。" in dashboard
    admin = User.objects.create_superuser("root", "root@example.org", "a-long-test-password-1")
    client.force_login(admin)
    item = seeded.items.get(seq=30)
    change = client.get(f"/admin/catalog/item/{item.pk}/change/").content.decode()
    assert "分隔符" in change


def test_exports_keep_the_notes(client, seeded):
    body = client.get(f"/catalog/{SEED}/download.json").json()
    warned = {item["seq"] for item in body["items"] if item["warnings"]}
    assert warned == {10, 13, 14, 30, 32}
