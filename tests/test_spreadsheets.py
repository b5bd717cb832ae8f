"""Text a spreadsheet would run as a formula is written as text, in every XLSX and CSV the project writes."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from gongkai.spreadsheets import cell_value, escape_for_round_trip, unescape
from tests.guides.helpers import publish

ATTACK = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("text", [ATTACK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_starts_are_kept_as_text(text):
    assert cell_value(text) == "'" + text
    assert unescape(escape_for_round_trip(text)) == text


def test_plain_text_numbers_and_dates_pass_unchanged():
    assert cell_value("城乡居民养老保险") == "城乡居民养老保险"
    assert cell_value(-3) == -3 and cell_value(None) is None
    assert unescape(escape_for_round_trip("'quoted")) == "'quoted"


def test_the_dashboard_workbook_never_holds_a_live_formula(client, officer, editor, reviewer, seeded):
    item = seeded.items.get(seq=4)
    item.name = ATTACK
    item.save()
    publish(item, editor, reviewer, formed_on=datetime.date(2025, 9, 26))
    client.force_login(officer)
    wb = load_workbook(io.BytesIO(client.get("/staff/dashboard.xlsx").content))
    cells = [cell for ws in wb for row in ws.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'" + ATTACK in {cell.value for cell in cells}
