from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import Catalog, Item


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_init_loads_seed_once():
    first = run("init")
    assert "77" in first
    assert Item.objects.count() == 77
    second = run("init")
    assert "未重复装入" in second
    assert Item.objects.count() == 77
    assert AuditEntry.objects.filter(action="catalog.import").count() == 1


@pytest.mark.django_db
def test_init_empty_loads_nothing():
    run("init", "--empty")
    assert not Catalog.objects.exists()


@pytest.mark.django_db
def test_init_leaves_an_existing_catalog_alone(catalog_of):
    catalog_of(3)
    run("init")
    assert Catalog.objects.count() == 1
    assert not Catalog.objects.filter(slug="zalaite-social-insurance").exists()


def test_console_script_uses_the_data_dir(tmp_path):
    """End to end in a child process: init writes the SQLite file where GONGKAI_DATA_DIR says."""
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GONGKAI_DATA_DIR"] = str(tmp_path / "data")
    cli = [sys.executable, "-m", "gongkai.cli"]
    subprocess.run([*cli, "init"], env=env, check=True, capture_output=True)
    assert (tmp_path / "data" / "gongkai.sqlite3").exists()
    out = subprocess.run([*cli, "catalog", "export"], env=env, check=True, capture_output=True).stdout
    assert len(json.loads(out)["items"]) == 77
