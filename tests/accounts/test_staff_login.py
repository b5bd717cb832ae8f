"""Staff pages need a login; repeated wrong passwords lock the account; staff edits are audited."""

import pytest
from django.contrib.auth.models import User

from gongkai.audit.models import AuditEntry


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("editor1", "editor1@example.org", "a-long-secret-1")


def test_admin_needs_login(client, db):
    response = client.get("/admin/catalog/item/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_lockout_after_repeated_failures(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/?next=/admin/", {"username": "editor1", "password": "wrong"})
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "editor1", "password": "a-long-secret-1"}
    )
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()


def test_admin_change_is_audited(client, staff, seeded):
    client.force_login(staff)
    item = seeded.items.get(seq=1)
    page = client.get(f"/admin/catalog/item/{item.pk}/change/")
    assert page.status_code == 200
    AuditEntry.objects.all().delete()
    response = client.post(
        f"/admin/catalog/item/{item.pk}/change/",
        {
            "catalog": seeded.pk,
            "category": item.category_id,
            "seq": 1,
            "name": "机关事业单位社会保险登记",
            "elements": '["事项名称"]',
            "time_limit": item.time_limit,
            "subject": item.subject,
            "audience": '["全社会"]',
            "method": '["主动"]',
            "levels": '["旗级"]',
            "warnings": "[]",
            "basis_links-TOTAL_FORMS": 0,
            "basis_links-INITIAL_FORMS": 0,
            "channel_links-TOTAL_FORMS": 0,
            "channel_links-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin.change")
    assert entry.actor == staff
    assert "机关事业单位社会保险登记" in entry.target


def test_public_pages_send_csp(client, seeded):
    response = client.get("/catalog/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
