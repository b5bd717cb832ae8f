"""Reminders go to each body's own staff; the county office gets one summary of everything below it."""

import datetime
import json

import pytest
from django.contrib.auth.models import User

from gongkai.accounts.roles import Role, grant
from gongkai.bodies.exchange import read
from gongkai.bodies.models import Body
from gongkai.bodies.services import import_bodies
from gongkai.catalog.services import import_catalog
from gongkai.compliance.clock import build_dashboard
from gongkai.compliance.reminders import send_deadline_reminders
from gongkai.outbox.services import send_due
from tests.bodies.helpers import COUNTY
from tests.factories import make_document
from tests.guides.helpers import publish

TODAY = datetime.date(2026, 12, 4)


def person(name, body, *roles):
    user = User.objects.create_user(name, f"{name}@example.org", "a-long-test-password-1", is_staff=True)
    grant(user, *roles, body=body)
    return user


@pytest.fixture
def county(db):
    import_bodies(read(json.dumps(COUNTY).encode(), "json"), actor_label="test")
    bodies = {body.code: body for body in Body.objects.all()}
    for code, name in (("zltq-rsj", "人社局的事项"), ("zltq-ybj", "医保局的事项")):
        doc = make_document(1, area=code, publisher=bodies[code].name)
        doc["items"][0]["name"] = name
        doc["items"][0]["channels"] = ["政务服务中心"]
        import_catalog(doc, body=bodies[code], actor_label="test")
        editor = person(f"{code}-editor", bodies[code], Role.EDITOR)
        reviewer = person(f"{code}-reviewer", bodies[code], Role.REVIEWER)
        # Formed in September and never posted at the service centre: overdue by December.
        publish(
            bodies[code].catalogs.get().items.get(), editor, reviewer, formed_on=datetime.date(2026, 9, 1)
        )
    return bodies


def test_each_editor_hears_of_their_own_items_and_the_county_of_all(
    county, mailoutbox, django_capture_on_commit_callbacks
):
    office = person("county-office", county["zltq"], Role.DISCLOSURE_OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminders(build_dashboard(TODAY), TODAY)
    send_due()
    mails = {message.to[0]: message.body for message in mailoutbox if "公开时限" in message.subject}
    assert set(mails) == {"zltq-rsj-editor@example.org", "zltq-ybj-editor@example.org", office.email}
    assert "人社局的事项" in mails["zltq-rsj-editor@example.org"]
    assert "医保局的事项" not in mails["zltq-rsj-editor@example.org"]
    summary = mails[office.email]
    assert " 扎赉特旗人力资源和社会保障局：" in summary and " 扎赉特旗医疗保障局：" in summary
    assert (
        summary.index("人社局的事项") < summary.index(" 扎赉特旗医疗保障局：") < summary.index("医保局的事项")
    )
