"""Roles granted on a body cover its subtree; the old group memberships became installation-wide grants."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied

from gongkai.accounts.models import RoleGrant
from gongkai.accounts.roles import Role, grant, has_role, require_role, revoke, scope_paths
from gongkai.bodies.exchange import read
from gongkai.bodies.models import Body
from gongkai.bodies.scope import bodies_within
from gongkai.bodies.services import import_bodies
from tests.bodies.helpers import COUNTY


@pytest.fixture
def county(db):
    import_bodies(read(json.dumps(COUNTY).encode(), "json"), actor_label="test")
    return {body.code: body for body in Body.objects.all()}


def person(name="someone"):
    return User.objects.create_user(name, f"{name}@example.org", "a-long-test-password-1", is_staff=True)


def test_a_township_grant_covers_its_villages_and_nothing_else(county):
    user = person()
    grant(user, Role.STATION, body=county["zltq-ydez"])
    assert has_role(user, Role.STATION)
    assert has_role(user, Role.STATION, county["zltq-ydez-demo"])
    assert not has_role(user, Role.STATION, county["zltq-rsj"])
    assert not has_role(user, Role.STATION, county["zltq"])
    assert not has_role(user, Role.EDITOR, county["zltq-ydez"])
    assert [b.code for b in bodies_within(scope_paths(user))] == ["zltq-ydez", "zltq-ydez-demo"]
    with pytest.raises(PermissionDenied):
        require_role(user, Role.STATION, body=county["zltq-rsj"])


def test_the_county_office_sees_every_body(county):
    user = person()
    grant(user, Role.DISCLOSURE_OFFICE, body=county["zltq"])
    assert all(has_role(user, Role.DISCLOSURE_OFFICE, body) for body in county.values())
    assert len(bodies_within(scope_paths(user, Role.DISCLOSURE_OFFICE))) == 5
    assert scope_paths(user, Role.EDITOR) == []


def test_scope_is_per_role(county):
    user = person()
    grant(user, Role.EDITOR, body=county["zltq-rsj"])
    grant(user, Role.REVIEWER, body=county["zltq-ybj"])
    assert [b.code for b in bodies_within(scope_paths(user, Role.EDITOR))] == ["zltq-rsj"]
    assert [b.code for b in bodies_within(scope_paths(user))] == ["zltq-rsj", "zltq-ybj"]


def test_a_grant_without_a_body_covers_the_installation_and_groups_mirror_grants(county):
    user = person()
    grant(user, Role.EDITOR)
    assert scope_paths(user) == [""]
    assert has_role(user, Role.EDITOR, county["zltq-ydez-demo"])
    assert list(user.groups.values_list("name", flat=True)) == ["编辑"]
    revoke(user, Role.EDITOR)
    assert not has_role(user, Role.EDITOR)
    assert not user.groups.exists()


def test_grants_are_read_once_per_request(county, django_assert_num_queries):
    user = person()
    grant(user, Role.EDITOR, body=county["zltq-rsj"])
    user = User.objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        for body in county.values():
            has_role(user, Role.EDITOR, body)
        scope_paths(user, Role.EDITOR)


def test_nobody_without_a_grant_sees_anything(county):
    user = person()
    assert scope_paths(user) == []
    assert not bodies_within(scope_paths(user)).exists()


def test_migration_turns_group_memberships_into_installation_wide_grants(transactional_db):
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0002_two_factor_device")])
    old = executor.loader.project_state([("accounts", "0002_two_factor_device")]).apps
    OldUser, OldGroup = old.get_model("auth", "User"), old.get_model("auth", "Group")
    someone = OldUser.objects.create(username="old-editor")
    someone.groups.add(
        OldGroup.objects.get_or_create(name="编辑")[0], OldGroup.objects.get_or_create(name="审核")[0]
    )
    OldUser.objects.create(username="no-roles").groups.add(OldGroup.objects.create(name="其他组"))
    call_command("migrate", verbosity=0)
    grants = RoleGrant.objects.order_by("role").values_list("user__username", "role", "body")
    assert list(grants) == [("old-editor", "审核", None), ("old-editor", "编辑", None)]
    assert has_role(User.objects.get(username="old-editor"), Role.REVIEWER)
    assert Group.objects.filter(name="其他组").exists()
