"""Error pages (issue 13.12): a staff member meeting a 403, 404 or 500 under /staff/ or /admin/ gets a Chinese
page with the staff navigation, and a 403 names the role needed and whom to ask. The public gets the
portal's Chinese pages."""

import pytest
from django.test import Client

ENGLISH = ("Forbidden", "Not Found", "Server Error", "CSRF verification failed")
STAFF_NAV = 'aria-label="工作人员导航"'


def _assert_chinese(page: str) -> None:
    for word in ENGLISH:
        assert word not in page, word


def test_a_missing_role_names_the_role_and_whom_to_ask(client, outsider, officer):
    client.force_login(outsider)
    response = client.get("/staff/guides/")
    page = response.content.decode()
    assert response.status_code == 403
    _assert_chinese(page)
    assert STAFF_NAV in page and "没有权限打开这个页面" in page
    assert "<strong>编辑</strong>" in page and "<strong>服务站</strong>" in page
    assert "还没有任何角色" in page
    assert "请联系政务公开办（officer）" in page


def test_a_reviewer_refused_an_office_page_is_told_its_own_roles(client, reviewer, officer):
    client.force_login(reviewer)
    page = client.get("/staff/reports/").content.decode()
    assert "<strong>政务公开办</strong>" in page and "您现在的角色：审核" in page


def test_admin_pages_without_permission_are_chinese_with_navigation(client, editor):
    client.force_login(editor)
    response = client.get("/admin/reports/annualreport/")
    assert response.status_code == 403
    page = response.content.decode()
    _assert_chinese(page)
    assert STAFF_NAV in page


def test_staff_404_keeps_the_navigation_and_the_public_404_does_not(client, editor):
    anonymous = client.get("/no-such-page/")
    assert anonymous.status_code == 404 and STAFF_NAV not in anonymous.content.decode()
    client.force_login(editor)
    for url in ("/staff/no-such-page/", "/staff/guides/rev/999999/", "/admin/no-such-thing/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404, url
        _assert_chinese(page)
        assert STAFF_NAV in page and "找不到这个页面" in page, url
    # Signed in, but on a public page: the public page, no staff navigation.
    assert STAFF_NAV not in client.get("/no-such-page/").content.decode()


@pytest.mark.urls("tests.accounts.error_urls")
def test_staff_500_keeps_the_navigation(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get("/staff/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    _assert_chinese(page)
    assert STAFF_NAV in page and "系统出了点问题" in page


@pytest.mark.urls("tests.accounts.error_urls")
def test_public_403_is_chinese(db):
    response = Client().get("/public-forbidden/")
    page = response.content.decode()
    assert response.status_code == 403
    _assert_chinese(page)
    assert "没有权限打开这个页面" in page and STAFF_NAV not in page


def test_an_expired_form_is_explained_in_chinese(editor, seeded):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    item = seeded.items.get(seq=4)
    response = client.post(f"/staff/guides/item/{item.pk}/start/")
    page = response.content.decode()
    assert response.status_code == 403
    _assert_chinese(page)
    assert "页面已过期" in page and STAFF_NAV in page
