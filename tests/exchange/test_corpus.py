"""The corpus: catalog files laid out as counties publish them, each against the catalog it must give.

The files and their expected JSON live in tests/fixtures/catalogs/ and are written by make_corpus.py
there (the script is the source; run it after changing a case). Every file is imported and compared
with its expected document; the notes the importer must give are checked too.
"""

import json
from pathlib import Path

import pytest

from gongkai.catalog.exchange import Hints, format_from_path, read_catalog_file
from tests.fixtures.catalogs import make_corpus

CORPUS = Path(make_corpus.__file__).parent
EXPECTED = sorted((CORPUS / "expected").glob("*.json"))


def read(data: bytes, expected: dict):
    return read_catalog_file(data, format_from_path(expected["file"]), hints=Hints(**expected["hints"]))


def test_the_corpus_covers_the_shapes_counties_publish():
    cases = make_corpus.cases()
    assert len(cases) >= 12
    assert {case.fmt for case in cases} == {"xlsx", "docx"}
    assert {case.name.split("-")[0] for case in cases} == {"zj", "nm", "yn", "gd", "sc"}
    areas = {case.catalog["area"] for case in cases}
    assert {"就业", "社会救助", "养老服务", "户籍管理", "涉农补贴", "社会保险"} <= areas
    assert [p.stem for p in EXPECTED] == sorted(case.name for case in cases)


@pytest.mark.parametrize("path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_corpus_file_imports_to_its_expected_json(path):
    expected = json.loads(path.read_text(encoding="utf-8"))
    reading = read((CORPUS / "files" / expected["file"]).read_bytes(), expected)
    assert reading.doc == expected["document"]
    messages = [str(note) for note in reading.notes]
    for part in expected["notes_include"]:
        assert any(part in message for message in messages), (part, messages)
    # Every item can be found again in the file, for the preview's notes beside their cells.
    assert sorted(reading.item_rows) == [item["seq"] for item in reading.doc["items"]]


def test_the_script_still_writes_what_is_committed(tmp_path):
    """The committed files are what the script writes: regenerated, each reads to the same catalog,
    and the expected JSON is byte for byte the committed one."""
    make_corpus.write(tmp_path)
    for path in EXPECTED:
        written = (tmp_path / "expected" / path.name).read_text(encoding="utf-8")
        assert written == path.read_text(encoding="utf-8"), path.name
        expected = json.loads(written)
        assert (
            read((tmp_path / "files" / expected["file"]).read_bytes(), expected).doc == expected["document"]
        )
