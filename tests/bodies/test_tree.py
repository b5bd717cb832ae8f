"""The tree itself: subtree queries, moves in the admin, the demo county. Runs on SQLite and PostgreSQL."""

import json

import pytest
from django.contrib.auth.models import User

from gongkai.audit.models import AuditEntry
from gongkai.bodies.exchange import read
from gongkai.bodies.models import Body
from gongkai.bodies.scope import bodies_within, covering_paths, is_within, within
from gongkai.bodies.services import import_bodies, load_demo_county, move_body
from tests.bodies.helpers import COUNTY


@pytest.fixture
def county(db):
    import_bodies(read(json.dumps(COUNTY).encode(), "json"), actor_label="test")
    return {body.code: body for body in Body.objects.all()}


def codes(queryset):
    return [body.code for body in queryset]


def test_a_grant_covers_the_body_and_everything_below_it(county):
    town = county["zltq-ydez"]
    assert codes(bodies_within([town.path])) == ["zltq-ydez", "zltq-ydez-demo"]
    assert len(codes(bodies_within([county["zltq"].path]))) == 5
    assert codes(bodies_within([])) == []
    assert is_within(county["zltq-ydez-demo"], [town.path])
    assert not is_within(county["zltq-rsj"], [town.path])


def test_nested_grants_collapse_to_the_highest(county):
    paths = [county["zltq-ydez-demo"].path, county["zltq"].path, county["zltq-ydez"].path]
    assert covering_paths(paths) == [county["zltq"].path]


def test_sibling_codes_sharing_a_prefix_do_not_leak(db):
    # Paths are fixed-width steps, so body 0001 never matches 00010 ... a neighbour with a longer code.
    for index in range(40):
        Body.objects.add_root(instance=Body(code=f"b{index}", name=f"单位{index}", kind="其他"))
    first = Body.objects.get(code="b1")
    assert codes(Body.objects.filter(within([first.path], field=""))) == ["b1"]


def test_moving_a_body_moves_its_subtree(county):
    moved = move_body(Body.objects.get(code="zltq-ydez"), Body.objects.get(code="zltq-ybj"))
    assert moved.depth == 3
    assert codes(Body.objects.get(code="zltq-ybj").subtree().order_by("path")) == [
        "zltq-ybj",
        "zltq-ydez",
        "zltq-ydez-demo",
    ]
    assert AuditEntry.objects.filter(action="bodies.move").count() == 1


def test_the_admin_moves_a_subtree_by_dragging_and_logs_it(county, client):
    admin = User.objects.create_superuser("root", "root@example.org", "a-long-test-password-1")
    client.force_login(admin)
    town, dept = Body.objects.get(code="zltq-ydez"), Body.objects.get(code="zltq-rsj")
    response = client.post(
        "/admin/bodies/body/move/", {"node": town.pk, "target": dept.pk, "relation": "child"}
    )
    assert response.status_code == 200
    assert Body.objects.get(code="zltq-ydez-demo").path.startswith(dept.path)
    assert AuditEntry.objects.filter(action="bodies.move", actor=admin).exists()
    page = client.get("/admin/bodies/body/")
    assert page.status_code == 200 and "扎赉特旗人民政府" in page.content.decode()


def test_the_admin_change_form_moves_a_body_under_another(county, client):
    admin = User.objects.create_superuser("root", "root@example.org", "a-long-test-password-1")
    client.force_login(admin)
    village = Body.objects.get(code="zltq-ydez-demo")
    dept = Body.objects.get(code="zltq-ybj")
    form = client.get(f"/admin/bodies/body/{village.pk}/change/")
    assert form.status_code == 200
    data = {
        "code": village.code, "name": village.name, "short_name": "", "kind": village.kind,
        "region_code": "", "credit_code": "", "address": "", "office_hours": "", "phone": "",
        "email": "", "postcode": "", "disclosure_address": "", "disclosure_phone": "", "map_url": "",
        "treebeard_position": "first-child", "treebeard_ref_node": dept.pk,
    }  # fmt: skip
    response = client.post(f"/admin/bodies/body/{village.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Body.objects.get(code="zltq-ydez-demo").path.startswith(dept.path)
    assert AuditEntry.objects.filter(action="admin.change").exists()


def test_the_demo_county_loads_once(db):
    assert load_demo_county().added
    assert not load_demo_county().has_changes
    top = Body.objects.get(code="zltq")
    assert top.region_code == "152223" and top.subtree().count() == 5
