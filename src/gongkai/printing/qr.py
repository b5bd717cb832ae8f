"""QR codes that lead a printed page back to its online version.

Printed guides go stale; the code lets someone in front of a notice board check the current version.
SVG keeps the code sharp at any print size and needs no image library.
"""

import re
import xml.etree.ElementTree as ET

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathImage

from gongkai.printing.siteurl import absolute

# One dark module as SvgPathImage draws it: a unit square, "M4,4H5V5H4z".
SQUARE = re.compile(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H\1z")


def public_url(path: str, request=None) -> str:
    """The address people should type or scan: GONGKAI_PUBLIC_BASE_URL when set, else the (allowed) address
    the request came in on, so a code printed on the office network leads back to the same server."""
    return absolute(path, request)


def _merge_runs(path: str) -> str:
    """Join neighbouring squares of a row into one rectangle.

    WeasyPrint draws SVG paths in Python, and a 75-item notice-board pack spent most of its time on them;
    half as many subpaths makes that part about three times faster. Anything unexpected is left as is.
    """
    squares = SQUARE.findall(path)
    if "".join(f"M{x0},{y0}H{x1}V{y1}H{x0}z" for x0, y0, x1, y1 in squares) != path:
        return path
    runs: list[list[str]] = []
    for x0, y0, x1, y1 in squares:
        if runs and runs[-1][1] == y0 and runs[-1][2] == x0:
            runs[-1][2] = x1
        else:
            runs.append([x0, y0, x1, y1])
    return "".join(f"M{x0},{y0}H{x1}V{y1}H{x0}z" for x0, y0, x1, y1 in runs)


def qr_svg(url: str, *, size: str = "30mm", label: str = "") -> str:
    """An inline <svg> element (no XML declaration) drawing `url` as a QR code `size` wide and high.

    With `label` the code is an image with that name for screen readers; without, it is decoration (the
    address is printed next to it)."""
    # Level M survives a fold or a drawing pin through the paper; 4 modules of margin is what scanners need.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    image = code.make_image(image_factory=SvgPathImage)
    svg = image.get_image()
    svg.set("width", size)
    svg.set("height", size)
    if label:
        svg.set("role", "img")
        svg.set("aria-label", label)
    else:
        svg.set("aria-hidden", "true")
    if image.path is not None:
        # A page may hold several codes (a notice-board pack has one per item): ids must not repeat.
        image.path.attrib.pop("id", None)
        image.path.set("d", _merge_runs(image.path.get("d", "")))
    return ET.tostring(svg, encoding="unicode")
