"""先审后发 (issue 13.8): nobody who changed a revision may approve it, whoever started or submitted it."""

import datetime
import importlib

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.accounts.roles import Role
from gongkai.guides import services
from gongkai.guides.models import GuideRevision, RevisionState
from tests.conftest import _person
from tests.guides.helpers import FULL_CONTENT

FORMED = datetime.date(2026, 9, 18)


@pytest.fixture
def item(seeded):
    return seeded.items.get(seq=4)


@pytest.fixture
def both_roles(db):
    """Someone holding 编辑 and 审核, as small offices often arrange it."""
    return _person("both", Role.EDITOR, Role.REVIEWER)


def _save(rev, user, **changes):
    return services.save_draft(
        rev,
        content={**FULL_CONTENT, **changes},
        is_major=True,
        change_note="调整",
        formed_on=FORMED,
        acting_user=user,
    )


def test_editing_a_colleagues_draft_bars_approving_it(item, editor, both_roles, reviewer):
    """GIVEN a draft the editor started, which a colleague with both roles changed, and the editor submitted
    WHEN that colleague approves THEN it is refused and stays submitted; a reviewer who never touched it may."""
    rev = services.start_revision(item, acting_user=editor)
    _save(rev, editor)
    _save(rev, both_roles, hours="工作日 9:00-17:00")
    services.submit_revision(rev, acting_user=editor)
    with pytest.raises(PermissionDenied, match="修改过这个版本"):
        services.approve_revision(rev, acting_user=both_roles)
    rev.refresh_from_db()
    assert rev.state == RevisionState.SUBMITTED
    assert services.approve_revision(rev, acting_user=reviewer).state == RevisionState.PUBLISHED


def test_reviewer_who_edits_after_sending_back_cannot_approve(item, editor, both_roles, reviewer):
    """GIVEN a change sent back by a reviewer who then edits the draft themselves WHEN it comes back
    THEN that reviewer cannot approve it."""
    rev = services.start_revision(item, acting_user=editor)
    _save(rev, editor)
    services.submit_revision(rev, acting_user=editor)
    services.return_revision(rev, comment="电话写错了", acting_user=both_roles)
    _save(rev, both_roles, consult=[{"label": "电话", "value": "0482-2222222"}])
    services.submit_revision(rev, acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.approve_revision(rev, acting_user=both_roles)
    assert set(rev.editors.values_list("username", flat=True)) == {"editor", "both"}


def test_the_page_offers_no_approval_to_someone_who_changed_it(client, item, editor, both_roles):
    rev = services.start_revision(item, acting_user=editor)
    _save(rev, both_roles)
    services.submit_revision(rev, acting_user=editor)
    client.force_login(both_roles)
    page = client.get(f"/staff/guides/rev/{rev.pk}/").content.decode()
    assert "批准发布" not in page and "另一位审核人" in page
    response = client.post(f"/staff/guides/rev/{rev.pk}/approve/", {"publish_at": "", "comment": ""})
    assert response.status_code == 302
    rev.refresh_from_db()
    assert rev.state == RevisionState.SUBMITTED


def test_migration_fills_editors_from_author_submitter_and_the_audit_log(item, editor, both_roles):
    """Revisions saved before the editors were recorded: the audit log's saves count as edits."""
    rev = services.start_revision(item, acting_user=editor)
    _save(rev, both_roles)
    services.submit_revision(rev, acting_user=editor)
    rev.editors.clear()  # as the rows stood before the migration
    migration = importlib.import_module("gongkai.guides.migrations.0002_revision_editors")
    from django.apps import apps

    migration.fill_editors(apps, None)
    rev = GuideRevision.objects.get(pk=rev.pk)
    assert set(rev.editors.values_list("username", flat=True)) == {"editor", "both"}
    with pytest.raises(PermissionDenied):
        services.approve_revision(rev, acting_user=both_roles)
