import json
from pathlib import Path

import pytest

from gongkai.catalog.exchange import FORMATS, read_document, validate_document, write_document
from gongkai.catalog.exchange.document import derive_slug

from .builders import table_view

SEED = Path(__file__).parents[2] / "src/gongkai/catalog/seed/zalaite-social-insurance.json"
TABLE_FORMATS = ("csv", "xlsx", "docx")


def expected_from_table(doc: dict) -> dict:
    """Tables carry no slug or source: the slug is derived again, the source is empty."""
    expected = validate_document(doc)
    catalog = expected["catalog"]
    catalog["slug"] = derive_slug(catalog["area"], catalog["publisher"])
    catalog["source"] = ""
    return expected


@pytest.mark.parametrize("fixture", ["doc", "county"])
@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_table_round_trip_is_exact(fmt, fixture, request):
    doc = request.getfixturevalue(fixture)
    assert read_document(write_document(doc, fmt), fmt) == expected_from_table(doc)


@pytest.mark.parametrize("fixture", ["doc", "county"])
def test_json_round_trip_keeps_everything_but_url(fixture, request):
    doc = request.getfixturevalue(fixture)
    back = read_document(write_document(doc, "json"), "json")
    assert back == validate_document(doc)
    assert back["catalog"]["slug"] == doc["catalog"]["slug"]
    assert back["catalog"]["source"] == doc["catalog"]["source"]


def test_json_write_keeps_url_for_exports(doc):
    written = json.loads(write_document(doc, "json"))
    assert written["items"][0]["url"] == "/catalog/zalaite-test/1/"
    assert list(written["items"][0])[-2:] == ["url", "warnings"]


def test_json_is_indented_utf8_with_newline(doc):
    data = write_document(doc, "json")
    assert data.endswith(b"}\n")
    assert "社会保险".encode() in data
    assert data == (json.dumps(json.loads(data), ensure_ascii=False, indent=2) + "\n").encode()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_write_read_write_is_byte_identical(doc, fmt):
    for item in doc["items"]:
        item.pop("url", None)
    first = write_document(doc, fmt)
    assert write_document(read_document(first, fmt), fmt) == first


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_office_formats_read_back_the_same_after_rewriting(doc, fmt):
    once = read_document(write_document(doc, fmt), fmt)
    assert read_document(write_document(once, fmt), fmt) == once


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_table_publisher_is_the_most_common_subject(doc, fmt):
    back = read_document(write_document(doc, fmt), fmt)
    assert back["catalog"]["publisher"] == "扎赉特旗人力资源社会保障局"
    assert back["items"][5]["subject"] == "扎赉特旗社会保险事业管理中心"
    assert table_view(back)["catalog"]["area"] == "社会保险"


@pytest.mark.skipif(not SEED.exists(), reason="seed catalog not written yet")
@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_round_trip(fmt):
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    back = read_document(write_document(seed, fmt), fmt)
    expected = validate_document(seed) if fmt == "json" else expected_from_table(seed)
    assert back == expected
    assert len(back["items"]) == 77
