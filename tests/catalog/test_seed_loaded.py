"""GIVEN a fresh database WHEN the seed catalog is loaded THEN it is the catalog exactly, as structured rows."""

import json

from gongkai.catalog.exchange import validate_document
from gongkai.catalog.models import Catalog, Category, Item, LegalBasis
from gongkai.catalog.services import SEED_PATH, catalog_document

GROUPS = [
    ("社会保险登记", 1, 5),
    ("社会保险参保信息维护", 6, 10),
    ("社会保险缴费申报", 11, 14),
    ("社会保险参保缴费记录查询", 15, 16),
    ("养老保险服务", 17, 32),
    ("工伤保险服务", 33, 56),
    ("失业保险服务", 57, 66),
    ("企业年金方案备案", 67, 69),
    ("社会保障卡服务", 70, 77),
]


def test_seed_has_77_items_in_9_groups(seeded):
    assert seeded.items.count() == 77
    groups = list(Category.objects.filter(catalog=seeded).order_by("position"))
    assert [g.name for g in groups] == [name for name, _, _ in GROUPS]
    for name, first, last in GROUPS:
        seqs = sorted(Item.objects.filter(category__name=name).values_list("seq", flat=True))
        assert seqs == list(range(first, last + 1)), name


def test_legal_bases_are_shared_records(seeded):
    injury = LegalBasis.objects.get(title="《工伤保险条例》")
    assert injury.items.count() == 24
    assert set(injury.items.values_list("seq", flat=True)) == set(range(33, 57))
    assert LegalBasis.objects.get(title="《中华人民共和国政府信息公开条例》").items.count() == 77


def test_time_limit_is_kept_as_text_and_days(seeded):
    item = seeded.items.get(seq=1)
    assert item.time_limit == "公开事项信息形成或变更之日起20个工作日内公开"
    assert item.time_limit_days == 20
    assert item.subject == "扎赉特旗人力资源社会保障局"


def test_source_anomalies_are_kept_and_reported(seeded):
    item10 = seeded.items.get(seq=10)
    assert item10.levels == ["乡、村级"]
    assert any("旗级" in w for w in item10.warnings)
    for seq in (13, 14):
        item = seeded.items.get(seq=seq)
        assert (item.audience, item.method, item.levels) == ([], [], [])
        assert item.warnings
    assert any("分隔符" in w for w in seeded.items.get(seq=30).warnings)


def test_database_round_trips_the_seed_file(seeded):
    seed = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    exported = catalog_document(seeded)
    for item in exported["items"]:
        assert item.pop("url") == f"/bodies/zltq-rsj/catalog/zalaite-social-insurance/{item['seq']}/"
    # The file leaves out group_path (each item sits straight under its 一级事项); the export states it.
    assert exported == validate_document(seed) | {"catalog": seed["catalog"]}
    assert all(item["group_path"] == [item["category"]] for item in exported["items"])


def test_catalog_identity_is_area_and_publisher(seeded):
    catalog = Catalog.objects.get()
    assert (catalog.area, catalog.publisher) == ("社会保险", "扎赉特旗人力资源社会保障局")
    assert catalog.level_options == ["旗级", "乡、村级"]
