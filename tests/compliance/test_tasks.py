"""Each person's tasks (issue 13.17): 待我审核, 待我张贴, 待我答复 with counts in the staff navigation, at a
constant number of queries; reviewers are told by mail when something is submitted."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from gongkai.accounts.roles import Role
from gongkai.catalog.models import Channel
from gongkai.guides import services
from gongkai.outbox.services import send_due
from tests.conftest import _person
from tests.guides.helpers import FULL_CONTENT, publish

D = datetime.date


def _submit(item, editor):
    rev = services.start_revision(item, acting_user=editor)
    services.save_draft(
        rev,
        content=FULL_CONTENT,
        is_major=False,
        change_note="",
        formed_on=D(2026, 11, 2),
        acting_user=editor,
    )
    return services.submit_revision(rev, acting_user=editor)


def _nav_counts(client, url="/staff/account/two-factor/") -> dict[str, str]:
    page = client.get(url).content.decode()
    nav = lxml_html.fromstring(page).xpath("//nav[@aria-label='工作人员导航']")[0]
    return {
        a.text.strip(): a.xpath("./span[contains(@class,'count')]")[0].text
        for a in nav.xpath(".//a[@class='task-link']")
    }


def test_reviewer_sees_what_waits_for_them_and_not_what_they_changed(
    client, seeded, editor, reviewer, second_editor
):
    _submit(seeded.items.get(seq=1), editor)
    _submit(seeded.items.get(seq=2), second_editor)  # editor2 holds both roles and wrote this one
    client.force_login(reviewer)
    assert _nav_counts(client) == {"待我审核": "2"}
    client.force_login(second_editor)
    assert _nav_counts(client) == {"待我审核": "1"}
    page = client.get("/staff/tasks/").content.decode()
    assert "待我审核（1）" in page and seeded.items.get(seq=1).name in page
    assert seeded.items.get(seq=2).name not in page


def test_station_and_office_counts(client, seeded, editor, reviewer, officer):
    platform = Channel.objects.get(name="基层公共服务平台")
    person = _person("cunwei", Role.STATION)
    services.save_station(None, name="某村服务站", channel=platform, users=[person], acting_user=officer)
    publish(seeded.items.get(seq=4), editor, reviewer, formed_on=D(2026, 11, 2))
    client.force_login(person)
    assert _nav_counts(client) == {"待我张贴": "1"}
    client.force_login(officer)
    assert _nav_counts(client) == {"待我答复": "0"}
    from tests.inforequests.helpers import received

    app = received(officer, D(2026, 11, 20))
    type(app).objects.filter(pk=app.pk).update(handler=officer)
    assert _nav_counts(client) == {"待我答复": "1"}
    assert app.code in client.get("/staff/tasks/").content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_navigation_counts_cost_the_same_queries_however_much_waits(
    client, seeded, editor, reviewer, officer
):
    """GIVEN someone with every role and one station WHEN more submissions and published guides appear
    THEN a staff page runs the same number of queries."""
    platform = Channel.objects.get(name="基层公共服务平台")
    everyone = _person("everyone", Role.REVIEWER, Role.STATION, Role.DISCLOSURE_OFFICE)
    services.save_station(None, name="某村服务站", channel=platform, users=[everyone], acting_user=officer)
    client.force_login(everyone)
    url = "/staff/account/two-factor/"
    publish(seeded.items.get(seq=4), editor, reviewer, formed_on=D(2026, 11, 2))
    _submit(seeded.items.get(seq=1), editor)
    before = _queries(client, url)
    for seq in (5, 6, 7):
        publish(seeded.items.get(seq=seq), editor, reviewer, formed_on=D(2026, 11, 2))
    for seq in (2, 3, 8, 9):
        _submit(seeded.items.get(seq=seq), editor)
    assert _queries(client, url) == before
    assert _nav_counts(client, url) == {"待我审核": "5", "待我张贴": "4", "待我答复": "0"}


def test_reviewers_are_told_when_something_is_submitted(
    seeded, editor, reviewer, second_editor, mailoutbox, django_capture_on_commit_callbacks
):
    rev = services.start_revision(seeded.items.get(seq=1), acting_user=second_editor)
    services.save_draft(
        rev, content={}, is_major=False, change_note="", formed_on=D(2026, 11, 2), acting_user=second_editor
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_revision(rev, acting_user=second_editor, missing_confirmed=True)
    send_due()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["reviewer@example.org"]  # not editor2, who wrote it and may not approve it
    assert mail.subject.startswith("【待审核】") and f"/staff/guides/rev/{rev.pk}/" in mail.body
    assert "还缺 10 项要素" in mail.body
