"""Which body a catalog goes to: `--body CODE`, the publisher's own body, or the only body there is."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.bodies.exchange import read
from gongkai.bodies.models import Body
from gongkai.bodies.services import import_bodies, load_demo_county
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import load_seed_if_empty
from tests.bodies.helpers import COUNTY
from tests.factories import make_document


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("catalog", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def write(tmp_path, doc, name="c.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_fresh_install_puts_the_seed_under_the_bureau_it_names(db):
    load_seed_if_empty()
    catalog = Catalog.objects.get()
    assert catalog.body.code == "zltq-rsj" and catalog.body.name == catalog.publisher


def test_the_demo_county_takes_the_seed_into_its_bureau(db):
    load_demo_county()
    load_seed_if_empty()
    catalog = Catalog.objects.get()
    assert catalog.body.code == "zltq-rsj"
    assert catalog.body.path.startswith(Body.objects.get(code="zltq").path)


def test_a_one_body_install_takes_another_area_without_asking(db, tmp_path):
    load_seed_if_empty()
    doc = make_document(3, area="就业", publisher="扎赉特旗人社局")
    code, out = run("import", str(write(tmp_path, doc)))
    assert code == 0, out
    assert set(Catalog.objects.values_list("body__code", flat=True)) == {"zltq-rsj"}


def test_a_guessed_body_never_lets_another_publishers_file_replace_a_catalog(db, tmp_path):
    load_seed_if_empty()
    doc = make_document(3, area="社会保险", publisher="另一县人社局")
    code, out = run("import", str(write(tmp_path, doc)))
    assert code == 2 and "--body zltq-rsj" in out and "未做任何修改" in out
    assert Catalog.objects.get().items.count() == 77
    code, out = run("import", str(write(tmp_path, doc)), "--body", "zltq-rsj")
    assert code == 0 and Catalog.objects.get().items.count() == 3


def test_with_several_bodies_the_file_must_name_one_or_the_person_must(db, tmp_path):
    import_bodies(read(json.dumps(COUNTY).encode(), "json"))
    doc = make_document(3, area="医疗保障", publisher="某医保局")
    code, out = run("import", str(write(tmp_path, doc)))
    assert code == 2 and "--body" in out
    assert not Catalog.objects.exists()
    assert run("import", str(write(tmp_path, doc)), "--body", "zltq-ybj")[0] == 0
    named = make_document(2, area="就业", publisher="扎赉特旗人民政府")
    assert run("import", str(write(tmp_path, named, "n.json")))[0] == 0
    assert dict(Catalog.objects.values_list("area", "body__code")) == {"医疗保障": "zltq-ybj", "就业": "zltq"}


def test_export_by_body_and_unknown_bodies(db, tmp_path, capsysbinary):
    import_bodies(read(json.dumps(COUNTY).encode(), "json"))
    run("import", str(write(tmp_path, make_document(2, area="医疗保障"))), "--body", "zltq-ybj")
    run("import", str(write(tmp_path, make_document(4, area="就业"))), "--body", "zltq-rsj")
    call_command("catalog", "export", "--body", "zltq-rsj")
    assert len(json.loads(capsysbinary.readouterr().out)["items"]) == 4
    with pytest.raises(CommandError, match="找不到公开主体"):
        call_command("catalog", "export", "--body", "nowhere")
    with pytest.raises(CommandError, match="还没有任何目录"):
        call_command("catalog", "export", "--body", "zltq-ydez")
    with pytest.raises(CommandError, match="找不到公开主体"):
        run("import", str(write(tmp_path, make_document(1))), "--body", "nowhere")
