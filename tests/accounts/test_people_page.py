"""The 人员 page (issue 13.11): the 政务公开办 manages staff accounts on a staff page of its own, every change
audited; no role is sent to a page it cannot open."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.roles import Role, role_names
from gongkai.audit.models import AuditEntry

PASSWORD_SHOWN = re.compile(r'id="temporary-password">([A-Za-z0-9]+)<')


def _shown_password(response) -> str:
    match = PASSWORD_SHOWN.search(response.content.decode())
    assert match, "no temporary password on the page"
    return match.group(1)


def _logs_in(username: str, password: str) -> bool:
    user = User.objects.get(username=username)
    return user.is_active and user.check_password(password)


def test_only_the_office_opens_the_page(client, editor, reviewer, officer):
    for person in (editor, reviewer):
        client.force_login(person)
        assert client.get("/staff/people/").status_code == 403
        assert client.post("/staff/people/new/", {"username": "x"}).status_code == 403
    client.force_login(officer)
    page = client.get("/staff/people/").content.decode()
    assert "editor" in page and "reviewer" in page and "添加工作人员" in page


def test_the_office_adds_a_station_worker_who_can_log_in_once_told_the_password(client, officer):
    client.force_login(officer)
    response = client.post(
        "/staff/people/new/",
        {
            "username": "wangfang",
            "full_name": "王芳",
            "email": "wf@example.org",
            "roles": [Role.STATION.value],
        },
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("max-age=0")  # never cached: shown once
    password = _shown_password(response)
    user = User.objects.get(username="wangfang")
    assert user.is_staff and user.first_name == "王芳" and role_names(user) == {"服务站"}
    assert _logs_in("wangfang", password)
    entry = AuditEntry.objects.get(action="people.create")
    assert entry.actor == officer and entry.details["roles"] == ["服务站"]
    assert password not in str(entry.details)
    # The same name again is refused beside the field, and the page keeps what was typed.
    again = client.post(
        "/staff/people/new/", {"username": "WangFang", "full_name": "另一个"}
    ).content.decode()
    assert "这个用户名已经有人用了" in again and "另一个" in again


def test_reset_password_roles_unlock_two_factor_and_deactivate(client, officer, editor, settings):
    client.force_login(officer)
    url = f"/staff/people/{editor.pk}/"

    password = _shown_password(client.post(url + "password/"))
    assert _logs_in("editor", password) and not _logs_in("editor", "a-long-test-password-1")

    client.post(url + "roles/", {"roles": [Role.EDITOR.value, Role.REVIEWER.value]})
    editor = User.objects.get(pk=editor.pk)
    assert role_names(editor) == {"编辑", "审核"}
    client.post(url + "roles/", {"roles": [Role.REVIEWER.value]})
    assert role_names(User.objects.get(pk=editor.pk)) == {"审核"}

    AccessAttempt.objects.create(
        username="editor", ip_address="10.0.0.9", failures_since_start=settings.AXES_FAILURE_LIMIT
    )
    assert "已锁定" in client.get(url).content.decode()
    client.post(url + "unlock/")
    assert not AccessAttempt.objects.filter(username="editor").exists()

    TOTPDevice.objects.create(user=editor, name="手机验证器", confirmed=True)
    assert "重置两步验证" in client.get(url).content.decode()
    client.post(url + "two-factor/")
    assert not TOTPDevice.objects.filter(user=editor).exists()

    client.post(url + "active/", {"active": "0"})
    assert not User.objects.get(pk=editor.pk).is_active
    assert not _logs_in("editor", password)
    client.post(url + "active/", {"active": "1"})
    assert User.objects.get(pk=editor.pk).is_active

    actions = set(AuditEntry.objects.filter(actor=officer).values_list("action", flat=True))
    assert {
        "people.reset_password",
        "people.roles",
        "people.unlock",
        "two_factor.reset",
        "people.deactivate",
        "people.activate",
    } <= actions


def test_the_office_cannot_lock_itself_out_or_touch_an_administrator(client, officer):
    client.force_login(officer)
    me = f"/staff/people/{officer.pk}/"
    client.post(me + "roles/", {"roles": [Role.PRIVACY.value]})
    assert "政务公开办" in role_names(User.objects.get(pk=officer.pk))
    client.post(me + "active/", {"active": "0"})
    assert User.objects.get(pk=officer.pk).is_active
    root = User.objects.create_superuser("root", "root@example.org", "a-long-test-password-1")
    client.post(f"/staff/people/{root.pk}/password/")
    assert _logs_in("root", "a-long-test-password-1")


@pytest.mark.parametrize(
    ("fixture", "admin_link"),
    [("editor", False), ("reviewer", False), ("officer", True), ("outsider", False)],
)
def test_navigation_offers_only_what_the_role_can_open(client, request, fixture, admin_link):
    """Every link in the staff navigation opens for that person; the admin only for those it has work for."""
    from lxml import html as lxml_html

    person = request.getfixturevalue(fixture)
    client.force_login(person)
    page = client.get("/staff/account/two-factor/").content.decode()
    nav = lxml_html.fromstring(page).xpath("//nav[@aria-label='工作人员导航']")[0]
    links = [a.get("href") for a in nav.xpath(".//a")]
    assert ("/admin/" in links) is admin_link
    for href in links:
        response = client.get(href)
        assert response.status_code in (200, 302), href
        if response.status_code == 302:
            assert client.get(response["Location"]).status_code == 200, href


def test_the_office_can_do_in_the_admin_what_its_pages_send_it_there_for(client, officer, editor):
    """文书模板有误，请在管理后台修改: the office may change the letter templates; an editor may not."""
    client.force_login(officer)
    assert client.get("/admin/inforequests/documenttemplate/").status_code == 200
    client.force_login(editor)
    assert client.get("/admin/inforequests/documenttemplate/").status_code == 403
    assert client.get("/admin/")["Location"] == "/staff/"


def test_dashboard_sends_the_office_to_the_holiday_page_not_the_admin(
    client, seeded, editor, reviewer, officer
):
    """A deadline reaching 2027 (no schedule loaded) is provisional; the notice links to /staff/workdays/."""
    import datetime

    from django.utils import timezone

    from tests.guides.helpers import publish

    rev = publish(
        seeded.items.get(seq=4), editor, reviewer, formed_on=timezone.localdate() - datetime.timedelta(1)
    )
    type(rev).objects.filter(pk=rev.pk).update(due_provisional=True)  # as when the span reaches 2027
    client.force_login(officer)
    page = client.get("/staff/").content.decode()
    assert "预计，以国务院办公厅公布的" in page
    assert 'href="/staff/workdays/"' in page and "管理后台载入" not in page
    client.force_login(editor)
    page = client.get("/staff/").content.decode()
    assert 'href="/staff/workdays/"' not in page and "请告诉政务公开办" in page


def test_login_without_next_lands_on_the_staff_home(db, editor):
    client = Client()
    response = client.post("/admin/login/", {"username": "editor", "password": "a-long-test-password-1"})
    assert response["Location"] == "/staff/"
