"""Catalogs with 三级事项: each leaf is an item, its 一级/二级 path kept, exported and shown as breadcrumbs."""

import copy

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.catalog.models import Catalog, Item
from gongkai.catalog.services import catalog_document, import_catalog
from tests.factories import make_document


def three_level_document():
    doc = make_document(4, area="社会救助", publisher="安吉县民政局", groups=2)
    doc["items"][0]["group_path"] = [doc["items"][0]["category"], "办事指南"]
    doc["items"][1]["group_path"] = [doc["items"][1]["category"], "办事指南"]
    return doc


@pytest.mark.django_db
def test_import_keeps_the_path_and_the_export_states_it():
    import_catalog(three_level_document(), actor_label="test")
    catalog = Catalog.objects.get(area="社会救助")
    first, _, third, _ = catalog.items.order_by("seq")
    assert first.group_path == ["第1类事项", "办事指南"] and first.subgroups == ["办事指南"]
    assert third.subgroups == []
    exported = catalog_document(catalog)["items"]
    assert [item["group_path"] for item in exported] == [
        ["第1类事项", "办事指南"],
        ["第1类事项", "办事指南"],
        ["第2类事项"],
        ["第2类事项"],
    ]
    assert list(exported[0])[:4] == ["seq", "category", "group_path", "name"]


@pytest.mark.django_db
def test_moving_an_item_to_another_second_level_group_is_a_change():
    doc = three_level_document()
    import_catalog(doc, actor_label="test")
    moved = copy.deepcopy(doc)
    moved["items"][1]["group_path"] = [moved["items"][1]["category"], "审批结果"]
    plan = import_catalog(moved, actor_label="test")
    assert plan.changed == [2]
    assert Item.objects.get(seq=2, catalog__area="社会救助").subgroups == ["审批结果"]


@pytest.mark.django_db
def test_item_page_shows_the_second_level_group_in_the_breadcrumbs(client):
    import_catalog(three_level_document(), actor_label="test")
    catalog = Catalog.objects.get(area="社会救助")
    page = client.get(catalog.items.get(seq=1).get_absolute_url()).content.decode()
    crumbs = page.split('aria-label="当前位置"')[1].split("</nav>")[0]
    assert crumbs.index("第1类事项") < crumbs.index("<span>办事指南</span>") < crumbs.index("测试事项1")
    assert '<span aria-current="page">测试事项1</span>' in crumbs
    plain = client.get(catalog.items.get(seq=3).get_absolute_url()).content.decode()
    assert "办事指南" not in plain.split('aria-label="当前位置"')[1].split("</nav>")[0]


@pytest.mark.django_db(transaction=True)
def test_migration_gives_existing_items_their_category_as_path():
    executor = MigrationExecutor(connection)
    executor.migrate([("catalog", "0001_initial")])
    old = executor.loader.project_state([("catalog", "0001_initial")]).apps
    catalog = old.get_model("catalog", "Catalog").objects.create(
        slug="old", title="旧目录", area="就业", publisher="某局"
    )
    category = old.get_model("catalog", "Category").objects.create(
        catalog=catalog, name="就业服务", position=0
    )
    old.get_model("catalog", "Item").objects.create(
        catalog=catalog, category=category, seq=1, name="失业登记", time_limit="20个工作日", subject="某局"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Item.objects.get(name="失业登记").group_path == ["就业服务"]
