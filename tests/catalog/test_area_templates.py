"""Area templates (issue 15.5): standard skeletons of 就业, 社会救助, 养老服务 and 户籍管理 that a body starts
its catalog from, listed by `gongkai catalog templates` and used by `gongkai catalog import --template`."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.audit.models import AuditEntry
from gongkai.bodies.exchange import read
from gongkai.bodies.services import import_bodies
from gongkai.catalog.area_templates import PLACEHOLDER, document_for_body, find_template, list_templates
from gongkai.catalog.exchange import ExchangeError, read_document, write_document
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import catalog_document
from tests.bodies.helpers import COUNTY
from tests.exchange.test_roundtrip import expected_from_table

TOWN = "zltq-ydez"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("catalog", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


@pytest.fixture
def county(db):
    import_bodies(read(json.dumps(COUNTY).encode(), "json"))


def test_the_four_areas_a_township_carries_are_shipped_and_marked_as_templates():
    templates = list_templates()
    assert {t.area for t in templates} >= {"就业", "社会救助", "养老服务", "户籍管理"}
    for template in templates:
        doc = template.document()  # a valid catalog document
        meta = doc["catalog"]
        assert meta["title"].endswith("（模板）") and meta["source"].startswith("模板：")
        assert template.area in meta["source"] and "标准指引" in meta["source"]
        assert meta["publisher"] == PLACEHOLDER
        assert len(doc["items"]) == template.items >= 10
        for item in doc["items"]:
            assert item["name"] and item["basis"] and all(b.startswith("《") for b in item["basis"])
            assert item["subject"] == PLACEHOLDER
            assert any(w.startswith("模板事项") for w in item["warnings"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "docx"])
def test_templates_round_trip_through_the_table_formats(fmt):
    for template in list_templates():
        doc = template.document()
        assert read_document(write_document(doc, fmt), fmt) == expected_from_table(doc), template.key


def test_a_template_is_found_by_area_or_key_and_an_unknown_one_names_the_others():
    assert find_template("就业").key == "employment"
    assert find_template("household").area == "户籍管理"
    with pytest.raises(ExchangeError) as caught:
        find_template("城乡规划")
    assert "就业（employment）" in str(caught.value)


def test_templates_command_lists_them(db):
    code, out = run("templates")
    assert code == 0
    for area in ("就业", "社会救助", "养老服务", "户籍管理"):
        assert area in out
    assert "gongkai catalog import --template" in out
    code, out = run("templates", "--json")
    rows = json.loads(out)
    assert {row["key"] for row in rows} >= {"employment", "social-assistance", "elderly-care", "household"}
    assert all(row["items"] > 0 for row in rows)


def test_a_body_starts_its_catalog_from_a_template(county, client):
    code, out = run("import", "--template", "就业", "--body", TOWN)
    assert code == 0, out
    assert "已按模板新建" in out and "请核对" in out
    catalog = Catalog.objects.get(body__code=TOWN, area="就业")
    assert catalog.title == "音德尔镇人民政府就业领域基层政务公开标准目录"
    assert catalog.publisher == "音德尔镇人民政府" and catalog.slug == "zltq-ydez-employment"
    assert catalog.source.startswith("模板：")
    doc = catalog_document(catalog)
    assert len(doc["items"]) == find_template("就业").items
    assert {item["subject"] for item in doc["items"]} == {"音德尔镇人民政府"}
    assert AuditEntry.objects.filter(action="catalog.import").count() == 1
    assert client.get(catalog.get_absolute_url()).status_code == 200
    # Another area beside it, for the same body.
    assert run("import", "--template", "household", "--body", TOWN)[0] == 0
    assert set(Catalog.objects.filter(body__code=TOWN).values_list("area", flat=True)) == {"就业", "户籍管理"}


def test_a_template_never_overwrites_a_catalog_the_body_has(county):
    assert run("import", "--template", "社会救助", "--body", TOWN)[0] == 0
    catalog = Catalog.objects.get(body__code=TOWN)
    catalog.items.filter(seq=1).update(name="本镇改过的名称")
    code, out = run("import", "--template", "社会救助", "--body", TOWN)
    assert code == 2 and "已有社会救助领域的目录" in out and "未做任何修改" in out
    assert catalog.items.get(seq=1).name == "本镇改过的名称"


def test_dry_run_writes_nothing(county):
    code, out = run("import", "--template", "养老服务", "--body", TOWN, "--dry-run")
    assert code == 0 and "试导入（未写入）" in out and "新增 11 项" in out
    assert not Catalog.objects.exists()


def test_template_needs_a_body_and_no_file(county, tmp_path):
    with pytest.raises(CommandError, match="--body"):
        call_command("catalog", "import", "--template", "就业")
    with pytest.raises(CommandError, match="只能选一个"):
        call_command("catalog", "import", str(tmp_path / "x.xlsx"), "--template", "就业", "--body", TOWN)
    with pytest.raises(CommandError, match="--template"):
        call_command("catalog", "import")
    code, out = run("import", "--template", "城乡规划", "--body", TOWN)
    assert code == 2 and "没有“城乡规划”的目录模板" in out
    assert not Catalog.objects.exists()


def test_a_taken_slug_falls_back_to_the_derived_one(county):
    from gongkai.bodies.models import Body

    town = Body.objects.get(code=TOWN)
    run("import", "--template", "就业", "--body", TOWN)
    Catalog.objects.filter(body=town).update(area="旧就业")  # the slug stays taken by another catalog
    doc = document_for_body(find_template("就业"), town)
    assert doc["catalog"]["slug"].startswith("c-")
