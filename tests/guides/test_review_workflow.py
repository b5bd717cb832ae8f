"""先审后发: an editor's change goes live only after another person with the reviewer role approves it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.guides import services
from gongkai.guides.models import ChannelPosting, RevisionState
from gongkai.outbox.services import send_due
from tests.guides.helpers import FULL_CONTENT, publish

FORMED = datetime.date(2026, 9, 18)


@pytest.fixture
def item(seeded):
    return seeded.items.get(seq=4)


def test_editor_cannot_approve_own_change(item, second_editor):
    """GIVEN a change written and submitted by someone who also holds the reviewer role
    WHEN they try to approve it THEN it is refused and stays submitted."""
    rev = services.start_revision(item, acting_user=second_editor)
    services.save_draft(
        rev,
        content=FULL_CONTENT,
        is_major=True,
        change_note="新增",
        formed_on=FORMED,
        acting_user=second_editor,
    )
    services.submit_revision(rev, acting_user=second_editor)
    with pytest.raises(PermissionDenied):
        services.approve_revision(rev, acting_user=second_editor)
    rev.refresh_from_db()
    assert rev.state == RevisionState.SUBMITTED


def test_approval_needs_the_reviewer_role(item, editor, outsider):
    rev = services.start_revision(item, acting_user=editor)
    services.save_draft(
        rev, content=FULL_CONTENT, is_major=True, change_note="新增", formed_on=FORMED, acting_user=editor
    )
    services.submit_revision(rev, acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.approve_revision(rev, acting_user=outsider)


def test_publish_supersedes_and_records_website_posting(item, editor, reviewer):
    first = publish(item, editor, reviewer, formed_on=FORMED)
    assert first.state == RevisionState.PUBLISHED
    assert first.due_on == datetime.date(2026, 10, 22)  # see test_clock for the count
    posting = ChannelPosting.objects.get(revision=first)
    assert posting.channel.name == "政府网站"
    assert posting.posted_on == timezone.localdate()
    second = publish(item, editor, reviewer, formed_on=datetime.date(2026, 10, 9), note="材料减少一项")
    first.refresh_from_db()
    assert first.state == RevisionState.SUPERSEDED
    assert second.number == 2
    actions = list(AuditEntry.objects.filter(action__startswith="guide.").values_list("action", flat=True))
    assert actions.count("guide.publish") == 2


def test_major_change_needs_a_note_minor_does_not(item, editor):
    rev = services.start_revision(item, acting_user=editor)
    services.save_draft(
        rev, content=FULL_CONTENT, is_major=True, change_note="", formed_on=FORMED, acting_user=editor
    )
    with pytest.raises(ValidationError, match="修改说明"):
        services.submit_revision(rev, acting_user=editor)
    services.save_draft(
        rev, content=FULL_CONTENT, is_major=False, change_note="", formed_on=FORMED, acting_user=editor
    )
    assert services.submit_revision(rev, acting_user=editor).state == RevisionState.SUBMITTED


def test_published_revision_is_never_edited_in_place(item, editor, reviewer):
    rev = publish(item, editor, reviewer, formed_on=FORMED)
    with pytest.raises(ValidationError, match="已发布"):
        services.save_draft(
            rev, content={}, is_major=False, change_note="", formed_on=FORMED, acting_user=editor
        )
    rev.refresh_from_db()
    assert rev.content["summary"] == FULL_CONTENT["summary"]


def test_formed_date_in_the_future_is_refused(item, editor):
    rev = services.start_revision(item, acting_user=editor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.save_draft(
            rev, content=FULL_CONTENT, is_major=True, change_note="x", formed_on=tomorrow, acting_user=editor
        )
    rev.refresh_from_db()
    assert rev.formed_on is None and rev.content["summary"] == ""


def test_bad_content_is_refused_whole(item, editor):
    rev = services.start_revision(item, acting_user=editor)
    bad = {**FULL_CONTENT, "materials": [{"name": "身份证", "form": "原件", "copies": 0}]}
    with pytest.raises(ValidationError, match="份数"):
        services.save_draft(
            rev, content=bad, is_major=True, change_note="x", formed_on=FORMED, acting_user=editor
        )
    rev.refresh_from_db()
    assert rev.content["materials"] == []


def test_only_one_open_revision_per_item(item, editor):
    services.start_revision(item, acting_user=editor)
    with pytest.raises(ValidationError, match="未发布的版本"):
        services.start_revision(item, acting_user=editor)


def test_returned_change_goes_back_to_draft_with_reason(item, editor, reviewer):
    rev = services.start_revision(item, acting_user=editor)
    services.save_draft(
        rev, content=FULL_CONTENT, is_major=True, change_note="x", formed_on=FORMED, acting_user=editor
    )
    services.submit_revision(rev, acting_user=editor)
    with pytest.raises(ValidationError):
        services.return_revision(rev, comment=" ", acting_user=reviewer)
    rev = services.return_revision(rev, comment="材料名称写全称", acting_user=reviewer)
    assert rev.state == RevisionState.DRAFT
    assert rev.review_comment == "材料名称写全称"


def test_scheduled_publication_waits_for_its_time(item, editor, reviewer):
    rev = services.start_revision(item, acting_user=editor)
    services.save_draft(
        rev, content=FULL_CONTENT, is_major=True, change_note="x", formed_on=FORMED, acting_user=editor
    )
    services.submit_revision(rev, acting_user=editor)
    when = timezone.now() + datetime.timedelta(hours=2)
    rev = services.approve_revision(rev, acting_user=reviewer, publish_at=when)
    assert rev.state == RevisionState.SCHEDULED
    assert services.publish_due_revisions() == []
    published = services.publish_due_revisions(now=when + datetime.timedelta(minutes=1))
    assert [r.pk for r in published] == [rev.pk]
    rev.refresh_from_db()
    assert rev.state == RevisionState.PUBLISHED


def test_withdrawn_guide_leaves_the_public_page(client, item, editor, reviewer, officer):
    rev = publish(item, editor, reviewer, formed_on=FORMED)
    assert "要带的材料" in client.get(item.get_absolute_url()).content.decode()
    services.withdraw_revision(rev, reason="事项调整", acting_user=officer)
    assert "正在整理" in client.get(item.get_absolute_url()).content.decode()


def test_station_is_told_to_replace_the_printed_copy(
    item, editor, reviewer, mailoutbox, django_capture_on_commit_callbacks, db
):
    from django.contrib.auth.models import User

    from gongkai.accounts.roles import Role, grant

    station = User.objects.create_user("station", "station@example.org", "a-long-test-password-1")
    grant(station, Role.STATION)
    with django_capture_on_commit_callbacks(execute=True):
        publish(item, editor, reviewer, formed_on=FORMED)
    send_due()
    replace = [m for m in mailoutbox if m.subject.startswith("【请更换】")]
    assert len(replace) == 1
    assert replace[0].to == ["station@example.org"]
    assert "政务服务中心" in replace[0].body
