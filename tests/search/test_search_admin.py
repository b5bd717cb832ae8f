"""Staff keep the words in the admin; queries that found nothing are their to-do list."""

import pytest
from django.contrib.auth.models import User

from gongkai.audit.models import AuditEntry
from gongkai.search.models import MissedQuery, Synonym
from gongkai.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("root", "root@example.org", "a-long-test-password-1")
    client.force_login(user)
    return client


def test_a_term_added_in_the_admin_changes_search_at_once(admin_client, seeded):
    assert search("养老卡", catalog=seeded).total == 0
    response = admin_client.post(
        "/admin/search/synonym/add/",
        {
            "term": "养老卡",
            "kind": "synonym",
            "expansions": "社会保障卡",
            "weight": 1,
            "note": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert search("养老卡", catalog=seeded).hits[0].entry.seq in range(70, 78)
    assert Synonym.objects.get(term="养老卡").weight == 1
    assert AuditEntry.objects.filter(action="admin.add", target__contains="养老卡").exists()


def test_a_synonym_needs_catalog_words(admin_client, db):
    response = admin_client.post(
        "/admin/search/synonym/add/", {"term": "养老卡", "kind": "synonym", "expansions": "", "weight": 1}
    )
    assert response.status_code == 200 and "请至少写一个目录里的说法" in response.content.decode()
    assert not Synonym.objects.filter(term="养老卡").exists()


def test_missed_queries_are_listed_most_frequent_first_with_a_link_to_add_the_term(admin_client, db):
    MissedQuery.objects.create(query="火星", count=1)
    MissedQuery.objects.create(query="养老卡", count=7)
    html = admin_client.get("/admin/search/missedquery/").content.decode()
    assert html.index("养老卡") < html.index("火星")
    assert "/admin/search/synonym/add/?term=%E5%85%BB%E8%80%81%E5%8D%A1" in html
    form = admin_client.get("/admin/search/synonym/add/?term=养老卡").content.decode()
    assert 'value="养老卡"' in form
