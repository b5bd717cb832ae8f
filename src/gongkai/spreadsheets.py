"""Cells a spreadsheet would run: text starting with = + - @ (or a tab or carriage return) is taken as a
formula by Excel and LibreOffice ("=cmd|' /C calc'!A0"). Every XLSX and CSV the project writes passes its
text cells through here. Pure Python, so the catalog's file formats can use it too."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value):
    """A value for a one-way export (staff lists, dashboards, reports): such text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def escape_for_round_trip(text: str) -> str:
    """For files that are read back (catalog and bodies CSV): a leading apostrophe is escaped too, so that
    `unescape` gives back exactly what was written."""
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def unescape(text: str) -> str:
    return text[1:] if text.startswith("'") else text
