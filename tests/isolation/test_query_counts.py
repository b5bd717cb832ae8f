"""Public and staff pages run the same number of SQL queries whether the platform has one body or a thousand.

A league platform holds thousands of bodies; no page may ask about them one by one.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.accounts.roles import Role, grant
from gongkai.bodies.models import Body
from gongkai.catalog.services import seed_body
from gongkai.inforequests import services as cases
from gongkai.inforequests.choices import Channel
from gongkai.reports import services as reports
from tests.factories import many_bodies
from tests.guides.helpers import publish
from tests.inforequests.helpers import FIELDS

PUBLIC = [
    "/",
    "/bodies/zltq-rsj/catalog/zalaite-social-insurance/",
    "/bodies/zltq-rsj/catalog/zalaite-social-insurance/g/0/",
    "/bodies/zltq-rsj/catalog/zalaite-social-insurance/4/",
    "/search/?q=退休",
    "/mn/search/?q=退休",
    "/mn/search/?q=ᠲᠡᠲᠭᠡᠮᠵᠢ",  # Mongolian, found nowhere: the page with suggestions
    "/events/",
    "/gongkai/",
    "/apply/",
    "/apply/form/",
    "/bodies/",
    "/bodies/zltq-rsj/",
    "/bodies/zltq-rsj/gongkai/",
    "/bodies/zltq-rsj/gongkai/guide/",
    "/bodies/zltq-rsj/gongkai/annual-reports/",
    "/api/v1/bodies",
    "/api/v1/catalogs",
    "/api/v1/items?body=zltq-rsj",
    "/api/v1/search?q=退休&body=zltq-rsj",
]
STAFF = [
    "/staff/",
    "/staff/guides/",
    "/staff/requests/?show=all",
    "/staff/requests/?show=all&q=张三&status=open&result=none&channel=in_person&received_from=2026-01-01",
    "/staff/requests.xlsx?show=all&q=张三",
    "/staff/reports/",
    "/staff/tasks/",
    "/staff/people/",
    "/staff/stations/manage/",
]


@pytest.fixture
def platform(seeded, db):
    """The seed catalog under its bureau, a published guide, an application and a report; an office and an
    editor who hold every role on the bureau."""
    bureau = seed_body()
    office = User.objects.create_user("office", "office@example.org", "a-long-test-password-1", is_staff=True)
    grant(office, *Role, body=bureau)
    editor = User.objects.create_user("ed", "ed@example.org", "a-long-test-password-1", is_staff=True)
    grant(editor, Role.EDITOR, body=bureau)
    publish(seeded.items.get(seq=4), editor, office, formed_on=datetime.date(2026, 9, 18))
    cases.submit_application(
        dict(FIELDS),
        channel=Channel.IN_PERSON,
        body=bureau,
        received_on=datetime.date(2026, 9, 1),
        registered_by=office,
    )
    reports.open_report(2025, acting_user=office, body=bureau)
    return bureau, office


def count(client, url) -> int:
    client.get(url)  # the first request of a process fills its caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_public_and_staff_pages_do_not_grow_with_the_number_of_bodies(client, platform):
    bureau, office = platform
    public_small = {url: count(client, url) for url in PUBLIC}
    client.force_login(office)
    staff_small = {url: count(client, url) for url in STAFF}
    client.logout()
    # A thousand more bodies beside the bureau and a thousand below it (its 嘎查 and 社区, say).
    many_bodies(Body.objects.add_root(instance=Body(code="league", name="某盟", kind="人民政府")), 1000)
    many_bodies(Body.objects.get(pk=bureau.pk), 1000, kind="嘎查村·社区")
    assert {url: count(client, url) for url in PUBLIC} == public_small
    client.force_login(office)
    assert {url: count(client, url) for url in STAFF} == staff_small
