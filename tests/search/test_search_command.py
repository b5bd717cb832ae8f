"""`gongkai search QUERY [--limit N] [--json]`, and --reindex."""

import json

import pytest
from django.core.management import call_command

from gongkai.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_lists_the_best_matches_as_lines(seeded, capsys):
    call_command("search", "新农保", "--limit", "2")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("找到 ")
    assert (
        len(out) == 3
        and "城乡居民养老保险" in out[1]
        and "/bodies/zltq-rsj/catalog/zalaite-social-insurance/" in out[1]
    )


def test_json_has_query_and_results(seeded, capsys):
    call_command("search", "工伤医药费报销", "--json", "--catalog", "zalaite-social-insurance")
    document = json.loads(capsys.readouterr().out)
    assert document["query"] == "工伤医药费报销"
    assert document["results"][0]["seq"] == 48


def test_nothing_found_says_whom_to_call(seeded, capsys):
    call_command("search", "火星")
    assert "12333" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["？！"], ["退休", "--limit", "0"], ["退" * 51]])
def test_bad_input_exits_with_status_2_and_a_reason(seeded, capsys, args):
    with pytest.raises(SystemExit) as exit_info:
        call_command("search", *args)
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.strip()


def test_reindex_rebuilds_every_entry(seeded, capsys):
    SearchEntry.objects.all().delete()
    call_command("search", "--reindex")
    assert "77" in capsys.readouterr().err
    assert SearchEntry.objects.count() == 77
