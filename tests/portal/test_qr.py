"""QR codes for printed pages: inline SVG that draws exactly the code qrcode computed."""

import re
import xml.etree.ElementTree as ET

import qrcode
import qrcode.constants

from gongkai.printing.qr import _merge_runs, public_url, qr_svg

SVG = "{http://www.w3.org/2000/svg}"
URL = "https://gongkai.example.gov.cn/catalog/zalaite-social-insurance/10/"
RECT = re.compile(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+z")


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def _drawn_modules(svg: str) -> set[tuple[int, int]]:
    """The (row, column) of every module the path paints, one unit per module."""
    path = _parse(svg).find(f"{SVG}path").get("d")
    cells = set()
    for x0, y0, x1, y1 in RECT.findall(path):
        for row in range(int(float(y0)), int(float(y1))):
            cells.update((row, col) for col in range(int(float(x0)), int(float(x1))))
    return cells


def _expected_modules(url: str) -> set[tuple[int, int]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    return {(row, col) for row, line in enumerate(code.get_matrix()) for col, dark in enumerate(line) if dark}


def test_qr_svg_is_an_inline_svg_with_one_path():
    svg = qr_svg(URL)
    assert not svg.startswith("<?xml")
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == root.get("height") == "30mm"
    paths = root.findall(f"{SVG}path")
    assert len(paths) == 1
    assert paths[0].get("d")
    # Several codes can share one page, so the path carries no id.
    assert paths[0].get("id") is None


def test_qr_svg_draws_exactly_the_code():
    assert _drawn_modules(qr_svg(URL)) == _expected_modules(URL)


def test_size_is_configurable():
    assert _parse(qr_svg(URL, size="40mm")).get("width") == "40mm"


def test_merge_runs_joins_a_row_and_leaves_other_paths_alone():
    assert _merge_runs("M4,4H5V5H4zM5,4H6V5H5zM7,4H8V5H7z") == "M4,4H6V5H4zM7,4H8V5H7z"
    assert _merge_runs("M4,4H5V5H4zM4,5H5V6H4z") == "M4,4H5V5H4zM4,5H5V6H4z"
    circle = "M4,4.5A0.5,0.5 0 0 0 5,4.5z"
    assert _merge_runs(circle) == circle


def test_public_url_uses_the_public_base_url(settings):
    settings.PUBLIC_BASE_URL = "https://gongkai.example.gov.cn"
    assert public_url("/catalog/x/1/") == "https://gongkai.example.gov.cn/catalog/x/1/"
