"""The optional Mongolian columns (一级事项（蒙古文）, 二级事项（蒙古文）): written when the catalog has any, read back
exactly in every format, recognised by their header anywhere in a county's table, and refused when not in the
traditional script, naming row and column like any other error."""

import copy
import csv
import io

import pytest

from gongkai.catalog.exchange import FORMATS, ExchangeError, read_catalog_file, read_document, write_document

from .test_roundtrip import expected_from_table

# Drafted for the tests (traditional script, with U+202F before a case ending): 社会保险登记, 参保登记.
GROUP_MN = "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠳᠠᠭᠠᠳᠬᠠᠯ ᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"
ITEM_MN = "ᠳᠠᠭᠠᠳᠬᠠᠯ\u202fᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"


@pytest.fixture
def with_mongolian(doc):
    doc = copy.deepcopy(doc)
    first = doc["items"][0]["category"]
    for item in doc["items"]:
        if item["category"] == first:
            item["category_mn"] = GROUP_MN
    doc["items"][0]["name_mn"] = ITEM_MN
    return doc


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_catalog_with_mongolian_names_round_trips(fmt, with_mongolian):
    back = read_document(write_document(with_mongolian, fmt), fmt)
    expected = (
        expected_from_table(with_mongolian)
        if fmt != "json"
        else read_document(write_document(with_mongolian, "json"), "json")
    )
    assert back == expected
    assert back["items"][0]["name_mn"] == ITEM_MN and back["items"][0]["category_mn"] == GROUP_MN
    assert "name_mn" not in back["items"][1]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "docx"])
def test_without_mongolian_the_table_has_no_mongolian_columns(fmt, doc):
    reading = read_catalog_file(write_document(doc, fmt), fmt)
    assert not any("蒙古文" in column.name for column in reading.columns)
    assert all("name_mn" not in item for item in reading.doc["items"])


def _csv(doc) -> list[list[str]]:
    return list(csv.reader(io.StringIO(write_document(doc, "csv").decode("utf-8-sig"))))


def _rewrite(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_the_columns_are_recognised_by_their_header_in_any_place(with_mongolian):
    rows = _csv(with_mongolian)
    # Move 二级事项（蒙古文） to the front and name it as a county might.
    header = rows[1].index("二级事项（蒙古文）")
    moved = [[row[header], *row[:header], *row[header + 1 :]] for row in rows]
    moved[1][0] = "事项名称(蒙古文)"
    back = read_document(_rewrite(moved), "csv")
    assert back["items"][0]["name_mn"] == ITEM_MN


@pytest.mark.parametrize("bad", ["Нийгмийн даатгал", "niyigem-un dagatqal"])
def test_cyrillic_or_latin_is_refused_naming_row_and_column(with_mongolian, bad):
    rows = _csv(with_mongolian)
    column = rows[1].index("二级事项（蒙古文）")
    rows[4][column] = bad
    with pytest.raises(ExchangeError) as caught:
        read_document(_rewrite(rows), "csv")
    message = str(caught.value)
    assert "row 5" in message and "二级事项（蒙古文）" in message and "传统蒙古文" in message


def test_json_refuses_cyrillic_too(with_mongolian):
    with_mongolian["items"][0]["category_mn"] = "Нийгмийн даатгал"
    with pytest.raises(ExchangeError, match="传统蒙古文"):
        read_document(write_document(with_mongolian, "json"), "json")
