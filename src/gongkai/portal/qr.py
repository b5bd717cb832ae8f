"""QR codes that lead a printed page back to its online version.

Printed guides go stale; the code lets someone in front of a notice board check the current version.
SVG keeps the code sharp at any print size and needs no image library.
"""

import xml.etree.ElementTree as ET

import qrcode
import qrcode.constants
from django.conf import settings
from qrcode.image.svg import SvgPathImage


def public_url(path: str) -> str:
    """The address people should type or scan: the public site, never the host that served the request."""
    return settings.PUBLIC_BASE_URL + path


def qr_svg(url: str, *, size: str = "30mm") -> str:
    """An inline <svg> element (no XML declaration) drawing `url` as a QR code `size` wide and high."""
    # Level M survives a fold or a drawing pin through the paper; 4 modules of margin is what scanners need.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    image = code.make_image(image_factory=SvgPathImage)
    svg = image.get_image()
    svg.set("width", size)
    svg.set("height", size)
    # A page may hold several codes (a notice-board pack has one per item): ids must not repeat.
    if image.path is not None:
        image.path.attrib.pop("id", None)
    return ET.tostring(svg, encoding="unicode")
